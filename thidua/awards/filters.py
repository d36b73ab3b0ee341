"""The decision list's FilterSet: the page's search form, and the API's filters when the
decisions get an endpoint. Recipient filters look only at awards the user may see
(selectors.decision_search), so a search cannot reveal who else a decision names."""

from __future__ import annotations

import django_filters as df
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from thidua.awards import selectors
from thidua.awards.choices import Appraisal, AwardStatus, DisciplineForm, InitiativeScope
from thidua.awards.models import Award, AwardType, Decision, Discipline, Initiative, YearlyResult
from thidua.lib.filters import IntegerFilter, StrictFilterSet
from thidua.org.filters import UnitCodeFilter
from thidua.org.forms import DATE_ERROR, DATE_INPUT_FORMATS, DateInput


def _date_filter(label: str) -> df.DateFilter:
    return df.DateFilter(
        label=label,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        error_messages={"invalid": DATE_ERROR},
    )


@extend_schema_field({"type": "string", "pattern": r"^[a-z0-9_\-]+$", "maxLength": 64})
class AwardTypeCodeFilter(df.ModelChoiceFilter):
    """An award type by its catalogue code."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("label", _("Hình thức khen thưởng"))
        kwargs.setdefault("queryset", AwardType.objects.all())
        kwargs.setdefault("to_field_name", "code")
        super().__init__(*args, **kwargs)


class _DecisionFilterForm(forms.Form):
    def clean(self) -> dict:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data


class DecisionFilter(StrictFilterSet):
    number = df.CharFilter(label=_("Số quyết định"))
    date_from = _date_filter(_("Từ ngày"))
    date_to = _date_filter(_("Đến ngày"))
    award_type = AwardTypeCodeFilter(empty_label=_("Tất cả"))
    unit = UnitCodeFilter(label=_("Đơn vị (kể cả trực thuộc)"))
    name = df.CharFilter(label=_("Tên người, tập thể được khen"))

    class Meta:
        model = Decision
        form = _DecisionFilterForm
        fields = ["number", "date_from", "date_to", "award_type", "unit", "name"]

    def filter_queryset(self, queryset: QuerySet[Decision]) -> QuerySet[Decision]:
        if not self.form.is_valid():
            return super().filter_queryset(queryset)  # nothing, as for every list
        data = {k: v for k, v in self.form.cleaned_data.items() if v not in (None, "")}
        return selectors.decision_search(self.request.user, queryset, **data)


_YEAR_MESSAGES = {
    "invalid": _("Phải là một số nguyên."),
    "min_value": _("Năm không được nhỏ hơn %(limit_value)s."),
    "max_value": _("Năm không được lớn hơn %(limit_value)s."),
}


@extend_schema_field({"type": "integer", "minimum": 1900, "maximum": 2100})
class YearFilter(IntegerFilter):
    """A year of the register's era, 1900–2100 (lib.validators)."""


def _year_filter(label: str, **kwargs) -> YearFilter:
    return YearFilter(
        label=label, min_value=1900, max_value=2100, error_messages=_YEAR_MESSAGES, **kwargs
    )


def _person_code_filter() -> df.CharFilter:
    return df.CharFilter(
        label=_("Số hiệu cán bộ"),
        field_name="person__code",
        max_length=32,
        help_text=_("Số hiệu cán bộ."),
    )


def _subtree(queryset: QuerySet, field: str, unit) -> QuerySet:
    """Rows whose person's unit, or whose unit, lies in the unit's subtree."""
    return queryset.filter(
        Q(**{f"{field}person__unit__path__startswith": unit.path})
        | Q(**{f"{field}unit__path__startswith": unit.path})
    )


class AwardFilter(StrictFilterSet):
    """The awards list of the API: by recipient, unit subtree, award type, year, decision."""

    person = _person_code_filter()
    unit = UnitCodeFilter(
        label=_("Đơn vị (kể cả trực thuộc)"),
        method="in_unit",
        help_text=_("Mã đơn vị: khen thưởng của đơn vị và cá nhân thuộc đơn vị, kể cả trực thuộc."),
    )
    award_type = AwardTypeCodeFilter(
        error_messages={"invalid_choice": _("Không có hình thức khen thưởng mã «%(value)s».")},
        help_text=_("Mã hình thức khen thưởng (danh mục: /api/award-types/)."),
    )
    year = _year_filter(
        _("Năm"), method="in_year", help_text=_("Năm khen thưởng (trong khoảng từ năm – đến năm).")
    )
    decision = IntegerFilter(
        label=_("Quyết định"),
        field_name="decision_id",
        help_text=_("Mã số (id) của quyết định."),
    )
    status = df.ChoiceFilter(
        label=_("Trạng thái"),
        choices=AwardStatus.choices,
        help_text=_("active: còn hiệu lực; revoked: đã hủy bỏ."),
    )

    class Meta:
        model = Award
        fields = ["person", "unit", "award_type", "year", "decision", "status"]

    def in_unit(self, queryset: QuerySet[Award], name: str, unit) -> QuerySet[Award]:
        return _subtree(queryset, "", unit)

    def in_year(self, queryset: QuerySet[Award], name: str, year: int) -> QuerySet[Award]:
        return queryset.filter(year_from__lte=year, year_to__gte=year)


class YearlyResultFilter(StrictFilterSet):
    person = _person_code_filter()
    unit = UnitCodeFilter(
        label=_("Đơn vị (kể cả trực thuộc)"),
        method="in_unit",
        help_text=_("Mã đơn vị: kết quả của đơn vị và cá nhân thuộc đơn vị, kể cả trực thuộc."),
    )
    year = _year_filter(_("Năm"), help_text=_("Năm xếp loại."))
    appraisal = df.ChoiceFilter(
        label=_("Xếp loại"), choices=Appraisal.choices, help_text=_("Mức xếp loại.")
    )

    class Meta:
        model = YearlyResult
        fields = ["person", "unit", "year", "appraisal"]

    def in_unit(self, queryset, name, unit):
        return _subtree(queryset, "", unit)


class InitiativeFilter(StrictFilterSet):
    person = df.CharFilter(
        label=_("Số hiệu tác giả"),
        field_name="authorships__person__code",
        max_length=32,
        help_text=_("Số hiệu cán bộ là một trong các tác giả."),
    )
    year = _year_filter(_("Năm công nhận"), help_text=_("Năm công nhận."))
    scope = df.ChoiceFilter(
        label=_("Phạm vi"), choices=InitiativeScope.choices, help_text=_("Phạm vi ảnh hưởng.")
    )

    class Meta:
        model = Initiative
        fields = ["person", "year", "scope"]


class DisciplineFilter(StrictFilterSet):
    person = _person_code_filter()
    unit = UnitCodeFilter(
        label=_("Đơn vị (kể cả trực thuộc)"),
        field_name="person__unit",
        method="in_unit",
        help_text=_("Mã đơn vị của người bị kỷ luật, kể cả trực thuộc."),
    )
    year = _year_filter(
        _("Năm quyết định"),
        field_name="decision_date__year",
        help_text=_("Năm của quyết định kỷ luật."),
    )
    form = df.ChoiceFilter(
        label=_("Hình thức"), choices=DisciplineForm.choices, help_text=_("Hình thức kỷ luật.")
    )

    class Meta:
        model = Discipline
        fields = ["person", "unit", "year", "form"]

    def in_unit(self, queryset, name, unit):
        return queryset.filter(person__unit__path__startswith=unit.path)
