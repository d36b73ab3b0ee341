"""The report pages' forms; they validate input only, reports.summary does the work."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.accounts import scope
from thidua.awards.choices import Level
from thidua.lib.validators import MAX_YEAR
from thidua.lib.versioning import VersionedFormMixin
from thidua.org.forms import UnitChoiceField, VnDatesMixin
from thidua.reports.exemplars import COLLECTIVE, PERSON
from thidua.reports.models import Conference, Exemplar

FIRST_YEAR = 1945


# Django's own Vietnamese for these reads badly ("Nhập một số tổng thể.").
YEAR_ERRORS = {
    "invalid": _("Nhập năm bằng chữ số, ví dụ 2025."),
    "min_value": _("Năm phải từ %(limit_value)s trở đi."),
    "max_value": _("Năm phải không sau %(limit_value)s."),
}


def _year(label: str, initial) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=FIRST_YEAR,
        max_value=MAX_YEAR,
        initial=initial,
        error_messages=YEAR_ERRORS,
    )


class SummaryForm(forms.Form):
    year_from = _year(_("Từ năm"), lambda: dt.date.today().year - 5)
    year_to = _year(_("Đến năm"), lambda: dt.date.today().year - 1)
    unit = UnitChoiceField(
        label=_("Đơn vị (kể cả trực thuộc)"),
        required=False,
        queryset=None,
        to_field_name="code",
        empty_label=_("Toàn bộ phạm vi được xem"),
    )
    own_only = forms.BooleanField(
        label=_("Không tính đơn vị tiền thân (đã sáp nhập, hợp nhất, chia tách vào)"),
        required=False,
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scope.visible_units(user).order_by("path")

    def clean(self) -> dict:
        data = super().clean()
        first, last = data.get("year_from"), data.get("year_to")
        if first and last and first > last:
            self.add_error("year_to", _("Năm cuối phải không trước năm đầu."))
        return data


class DashboardForm(SummaryForm):
    """The home page's period: the summary's fields (a link carries them over to the summary
    page), by default the last complete year, whose decisions are signed by now."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["own_only"]  # the dashboard counts each unit's own subtree
        last = dt.date.today().year - 1
        self.fields["year_from"].initial = last
        self.fields["year_to"].initial = last

    def period(self) -> dict | None:
        """{year_from, year_to, unit} of valid input, or of the defaults when unbound;
        None when the input is invalid (the errors show on the form)."""
        if not self.is_bound:
            return {name: self.fields[name].initial for name in ("year_from", "year_to")} | {
                "unit": None
            }
        return self.cleaned_data if self.is_valid() else None


class ConferenceForm(VnDatesMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Conference
        fields = ["title", "unit", "year_from", "year_to", "held_on", "place", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._localise_dates()
        self.add_version_field(self.instance)
        self.fields["unit"] = UnitChoiceField(
            label=_("Đơn vị tổ chức"),
            queryset=scope.editable_units(user).order_by("path"),
            empty_label=_("— chọn đơn vị —"),
        )

    def clean(self) -> dict:
        data = super().clean()
        first, last = data.get("year_from"), data.get("year_to")
        if first and last and first > last:
            self.add_error("year_to", _("Năm cuối phải không trước năm đầu."))
        return data


class ExemplarForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Exemplar
        fields = ["story", "position"]
        widgets = {"story": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.add_version_field(self.instance)


class CandidateFilterForm(forms.Form):
    KINDS = [("", _("Cá nhân và tập thể")), (PERSON, _("Cá nhân")), (COLLECTIVE, _("Tập thể"))]

    kind = forms.ChoiceField(label=_("Đối tượng"), choices=KINDS, required=False)
    min_level = forms.ChoiceField(
        label=_("Chỉ tính khen thưởng từ cấp"),
        choices=[("", _("Mọi cấp"))] + Level.choices,
        required=False,
    )
    within = UnitChoiceField(
        label=_("Thuộc đơn vị"),
        queryset=None,
        required=False,
        to_field_name="code",
        empty_label=_("Cả đơn vị tổ chức"),
    )

    def __init__(self, *args, conference: Conference, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["within"].queryset = conference.unit.subtree().order_by("path")
