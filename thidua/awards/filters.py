"""The decision list's FilterSet: the page's search form, and the API's filters when the
decisions get an endpoint. Recipient filters look only at awards the user may see
(selectors.decision_search), so a search cannot reveal who else a decision names."""

from __future__ import annotations

import django_filters as df
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from thidua.awards import selectors
from thidua.awards.models import AwardType, Decision
from thidua.lib.filters import StrictFilterSet
from thidua.org.filters import UnitCodeFilter
from thidua.org.forms import DATE_ERROR, DATE_INPUT_FORMATS, DateInput


def _date_filter(label: str) -> df.DateFilter:
    return df.DateFilter(
        label=label,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        error_messages={"invalid": DATE_ERROR},
    )


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
    award_type = df.ModelChoiceFilter(
        label=_("Hình thức khen thưởng"),
        queryset=AwardType.objects.all(),
        to_field_name="code",
        empty_label=_("Tất cả"),
    )
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
