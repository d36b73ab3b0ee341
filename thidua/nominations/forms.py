"""Forms of the dossier pages; they validate input only, services do the work."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.accounts import scope
from thidua.accounts.models import User
from thidua.awards.forms import AwardAddForm
from thidua.awards.models import AwardType
from thidua.eligibility.forms import ProposalForm, last_year
from thidua.lib.validators import text_validators
from thidua.lib.versioning import VersionedFormMixin
from thidua.nominations.models import (
    AWAITING_REVIEW,
    STATUS_GROUPS,
    AttachmentKind,
    DossierItem,
    DossierStatus,
)
from thidua.org.forms import UnitChoiceField
from thidua.org.models import Unit


def _years() -> list[tuple[int, int]]:
    this = dt.date.today().year
    return [(y, y) for y in range(this, this - 11, -1)]


class DossierFilterForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("Năm thành tích"), required=False, coerce=int, empty_value=None
    )
    status = forms.ChoiceField(label=_("Trạng thái"), required=False)
    unit = UnitChoiceField(
        label=_("Đơn vị (kể cả trực thuộc)"),
        required=False,
        queryset=Unit.objects.none(),
        to_field_name="code",
        empty_label=_("Tất cả"),
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Tất cả")), *_years()]
        self.fields["status"].choices = [
            ("", _("Tất cả")),
            (AWAITING_REVIEW, _("Chờ thẩm định (đã gửi, đã gửi lại)")),
            *DossierStatus.choices,
        ]
        self.fields["unit"].queryset = scope.visible_units(user).order_by("path")

    def filter(self, dossiers):
        if not self.is_valid():
            return dossiers
        data = self.cleaned_data
        if data.get("year"):
            dossiers = dossiers.filter(year=data["year"])
        if data.get("status"):
            wanted = STATUS_GROUPS.get(data["status"], (data["status"],))
            dossiers = dossiers.filter(status__in=wanted)
        if data.get("unit"):
            dossiers = dossiers.filter(unit__path__startswith=data["unit"].path)
        return dossiers


class DossierCreateForm(forms.Form):
    unit = UnitChoiceField(
        label=_("Đơn vị đề nghị"), queryset=Unit.objects.none(), empty_label=_("— chọn đơn vị —")
    )
    year = forms.IntegerField(label=_("Năm thành tích"), min_value=1945)
    title = forms.CharField(
        label=_("Tên hồ sơ"),
        required=False,
        max_length=255,
        help_text=_("Để trống: “Hồ sơ đề nghị khen thưởng năm … — tên đơn vị”."),
    )
    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=text_validators(),
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scope.editable_units(user).order_by("path")
        self.fields["year"].initial = last_year()
        self.fields["year"].max_value = dt.date.today().year
        if user.unit_id and not self.is_bound:
            self.fields["unit"].initial = user.unit_id


class ItemAddForm(AwardAddForm):
    """One nominee by hand: the decision page's recipient lookup (number or name, a unit
    code from the list), within the user's scope; the award type is required here."""

    award_type = forms.ModelChoiceField(
        label=_("Hình thức khen thưởng"),
        queryset=AwardType.objects.none(),
        to_field_name="code",
        empty_label=_("— chọn hình thức —"),
    )
    year = forms.CharField(
        label=_("Năm thành tích"),
        max_length=32,
        required=False,
        help_text=_("Một năm (2024) hoặc một giai đoạn (2020-2024); để trống: năm của hồ sơ."),
    )

    field_order = ["kind", "person", "unit", "award_type", "year", "achievement"]

    def __init__(self, *args, dossier, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.dossier = dossier
        self.order_fields(self.field_order)

    def unit_choices(self):
        units = scope.visible_units(self.user).filter(path__startswith=self.dossier.unit.path)
        return units.order_by("path").values_list("code", "name")

    def clean_year(self) -> tuple[int, int]:
        if not (self.cleaned_data.get("year") or "").strip():
            return (self.dossier.year, self.dossier.year)
        return super().clean_year()


class ItemEditForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = DossierItem
        fields = ["award_type", "year_from", "year_to", "achievement"]
        widgets = {"achievement": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.add_version_field(self.instance)
        collective = self.instance.unit_id is not None
        accepted = [
            t.pk for t in AwardType.objects.filter(active=True) if t.accepts(collective=collective)
        ]
        self.fields["award_type"].queryset = AwardType.objects.filter(
            pk__in=[*accepted, self.instance.award_type_id]
        )

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class AnswerForm(VersionedFormMixin, forms.Form):
    answer = forms.CharField(
        label=_("Giải trình của đơn vị"),
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=text_validators(),
    )

    def __init__(self, *args, item: DossierItem, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.add_version_field(item)


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại tài liệu"), choices=AttachmentKind.choices)
    file = forms.FileField(label=_("Tệp (PDF, DOCX, JPEG, PNG)"))


class SuggestionFilterForm(ProposalForm):
    """The award type to look for; the year and the unit are the dossier's."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["year"], self.fields["unit"]
