"""Forms of the record pages; they validate input only, services do the work."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from thidua.accounts import scope
from thidua.accounts.models import User
from thidua.awards.models import AwardType, Decision
from thidua.lib.cellvalues import parse_period  # read as the awards import reads `Năm`
from thidua.lib.versioning import VersionedFormMixin
from thidua.lib.views import add_service_error
from thidua.lib.vntext import clean_text
from thidua.movements.models import Movement
from thidua.org.forms import VnDatesMixin
from thidua.org.models import Person, Unit
from thidua.org.selectors import search_people


class ReasonForm(VersionedFormMixin, forms.Form):
    """The reason of a revocation; with `versioned`, also the version of the row it changes."""

    reason = forms.CharField(
        label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args, versioned: Decision | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if versioned is not None:
            self.add_version_field(versioned)


class _DecisionFieldsForm(VnDatesMixin, VersionedFormMixin, forms.ModelForm):
    """The decision's own fields, as entered on the create and correction pages."""

    class Meta:
        model = Decision
        fields = ["number", "date", "authority", "signer", "award_type", "movement", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._localise_dates()  # dd/mm/yyyy, as on every other form
        self.add_version_field(self.instance)
        self.fields["award_type"].queryset = AwardType.objects.filter(active=True)
        movement = self.fields["movement"]
        movement.queryset = _movements_covering_first(user, self.instance.date)
        movement.empty_label = _("Không (khen thưởng ngoài phong trào)")
        movement.help_text = _(
            "Quyết định khen thưởng khi sơ kết, tổng kết một phong trào thi đua (khen thưởng "
            "phong trào thi đua, Điều 8 Luật Thi đua, khen thưởng 2022); các phong trào đang "
            "diễn ra vào ngày quyết định được xếp trước."
        )

    def validate_unique(self) -> None:
        # The service validates the whole decision in one place.
        pass


def _movements_covering_first(user: User, on: dt.date | None) -> QuerySet[Movement]:
    """The movements the user sees, those whose period covers `on` (default: today) first,
    then the newest."""
    on = on or dt.date.today()
    covers = Q(start_date__lte=on) & (Q(end_date__isnull=True) | Q(end_date__gte=on))
    order = Case(When(covers, then=Value(0)), default=Value(1), output_field=IntegerField())
    return scope.visible_movements(user).order_by(order, "-start_date", "name")


class DecisionCreateForm(_DecisionFieldsForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["authority"].help_text = _(
            "Để trống thì lấy thẩm quyền của hình thức khen thưởng."
        )


class DecisionCorrectForm(_DecisionFieldsForm):
    reason = forms.CharField(
        label=_("Lý do đính chính"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def changes(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in self.changed_data
            if name not in ("reason", "version")
        }


class AwardAddForm(forms.Form):
    """One recipient added to a decision by hand. The person or unit must be one the user may
    edit; the award's rules (type for the recipient kind, years, duplicates) are the
    service's and come back through add_service_error."""

    PERSON, UNIT = "person", "unit"
    _SUGGESTIONS = 5

    kind = forms.ChoiceField(
        label=_("Đối tượng"),
        initial=PERSON,
        widget=forms.RadioSelect(attrs={"style": "width:auto;margin:0"}),
        choices=[(PERSON, _("Cá nhân")), (UNIT, _("Tập thể"))],
    )
    person = forms.CharField(
        label=_("Cán bộ (số hiệu hoặc họ tên)"), required=False, max_length=255
    )
    unit = forms.CharField(
        label=_("Tập thể (mã đơn vị)"),
        required=False,
        max_length=32,
        widget=forms.TextInput(attrs={"list": "award-add-units"}),
    )
    year = forms.CharField(
        label=_("Năm"), max_length=32, help_text=_("Một năm (2019) hoặc một giai đoạn (2015-2020).")
    )
    achievement = forms.CharField(
        label=_("Thành tích"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    award_type = forms.ModelChoiceField(
        label=_("Hình thức khen thưởng, nếu khác của quyết định"),
        required=False,
        queryset=AwardType.objects.none(),
        to_field_name="code",
        empty_label=_("Như quyết định"),
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["award_type"].queryset = AwardType.objects.filter(active=True)
        self.fields["person"].widget.attrs["placeholder"] = gettext(
            "Ví dụ: CA0001 hoặc nguyen van an"
        )

    def unit_choices(self):
        """Codes and names of the units in the user's scope, offered as the unit field's list."""
        return scope.visible_units(self.user).order_by("path").values_list("code", "name")

    def clean_year(self) -> tuple[int, int]:
        period = parse_period(self.cleaned_data["year"])
        if isinstance(period, str):
            raise forms.ValidationError(period)
        return period

    def clean_person(self) -> Person | None:
        if self.cleaned_data.get("kind") != self.PERSON:
            return None
        query = clean_text(self.cleaned_data["person"])
        if not query:
            raise forms.ValidationError(gettext("Nhập số hiệu hoặc họ tên cán bộ."))
        people = scope.visible_people(self.user).select_related("unit")
        person = people.filter(code__iexact=query).first()
        if person is None:
            matches = search_people(people, query).order_by("sort_key", "code")
            found = list(matches[: self._SUGGESTIONS + 1])
            if not found:
                # Unknown and out-of-scope people get the same answer, as pages give 404.
                raise forms.ValidationError(
                    gettext("Không có cán bộ '%(query)s' trong phạm vi được phân quyền.")
                    % {"query": query}
                )
            if len(found) > 1:
                names = "; ".join(
                    f"{p.code} {p.full_name} ({p.unit.name if p.unit else '—'})"
                    for p in found[: self._SUGGESTIONS]
                )
                more = "; …" if len(found) > self._SUGGESTIONS else ""
                raise forms.ValidationError(
                    gettext(
                        "Có nhiều cán bộ khớp '%(query)s': %(names)s. Ghi số hiệu của người "
                        "được khen."
                    )
                    % {"query": query, "names": names + more}
                )
            person = found[0]
        if not scope.can_edit_unit(self.user, person.unit):
            raise forms.ValidationError(
                gettext("Cán bộ %(code)s thuộc đơn vị nằm ngoài phạm vi được phân quyền.")
                % {"code": person.code}
            )
        return person

    def clean_unit(self) -> Unit | None:
        if self.cleaned_data.get("kind") != self.UNIT:
            return None
        code = clean_text(self.cleaned_data["unit"])
        if not code:
            raise forms.ValidationError(gettext("Nhập mã đơn vị được khen."))
        units = scope.visible_units(self.user)
        unit = units.filter(code=code).first() or units.filter(code__iexact=code).first()
        if unit is None:  # the same answer for unknown and out-of-scope units
            raise forms.ValidationError(
                gettext("Không có đơn vị mã '%(code)s' trong phạm vi được phân quyền.")
                % {"code": code}
            )
        if not scope.can_edit_unit(self.user, unit):
            raise forms.ValidationError(
                gettext("Đơn vị %(code)s nằm ngoài phạm vi được phân quyền.") % {"code": unit.code}
            )
        return unit

    def award_fields(self) -> dict:
        """The keyword arguments of awards.services.award_add."""
        data = self.cleaned_data
        year_from, year_to = data["year"]
        return {
            "person": data["person"],
            "unit": data["unit"],
            "award_type": data["award_type"],
            "year_from": year_from,
            "year_to": year_to,
            "achievement": data["achievement"],
        }

    def add_service_error(self, exc: ValidationError) -> None:
        """The service's error on this form's field: its year_from / year_to are `year`."""
        if hasattr(exc, "error_dict"):
            renamed: dict[str, list] = {}
            for name, errors in exc.error_dict.items():
                field = "year" if name in ("year_from", "year_to") else name
                renamed.setdefault(field, []).extend(errors)
            exc = ValidationError(renamed)
        add_service_error(self, exc)
