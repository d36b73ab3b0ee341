"""Forms of the eligibility pages; they validate input only, services do the work."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.accounts import scope
from thidua.awards.models import AwardType
from thidua.org.forms import UnitChoiceField
from thidua.rules.engine import default_rulebook

MIN_YEAR = 2000


def last_year() -> int:
    return dt.date.today().year - 1


def _year_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Năm xét"),
        min_value=MIN_YEAR,
        max_value=dt.date.today().year + 1,
        initial=last_year,
    )


class ProposalForm(forms.Form):
    year = _year_field()
    unit = UnitChoiceField(
        label=_("Đơn vị (kể cả trực thuộc)"),
        required=False,
        queryset=None,
        to_field_name="code",
        empty_label=_("Toàn bộ phạm vi được xem"),
    )
    award = forms.ModelChoiceField(
        label=_("Loại khen thưởng"),
        required=False,
        queryset=AwardType.objects.filter(active=True),
        to_field_name="code",
        empty_label=_("Tất cả"),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scope.visible_units(user)
        # Only the types some rule pack judges (a year's own pack is checked by the service).
        judged = {code for pack in default_rulebook().packs.values() for code in pack.awards}
        self.fields["award"].queryset = AwardType.objects.filter(active=True, code__in=judged)


class YearForm(forms.Form):
    year = _year_field()


class CheckForm(forms.Form):
    year = _year_field()
    file = forms.FileField(label=_("Tệp danh sách đề nghị (.xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith((".xlsx", ".xlsm", ".xls", ".ods")):
            raise forms.ValidationError(_("Chỉ nhận tệp Excel (.xlsx, .xls, .ods)."))
        return upload
