"""The report pages' forms; they validate input only, reports.summary does the work."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.accounts import scope
from thidua.lib.validators import MAX_YEAR
from thidua.org.forms import UnitChoiceField

FIRST_YEAR = 1945


def _year(label: str, initial) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, min_value=FIRST_YEAR, max_value=MAX_YEAR, initial=initial
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

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scope.visible_units(user).order_by("path")

    def clean(self) -> dict:
        data = super().clean()
        first, last = data.get("year_from"), data.get("year_to")
        if first and last and first > last:
            self.add_error("year_to", _("Năm cuối phải không trước năm đầu."))
        return data
