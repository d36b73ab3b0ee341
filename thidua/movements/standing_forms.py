"""Forms of the standing pages; they validate input only, standing_services does the work."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.awards.models import AwardType
from thidua.lib.validators import text_validators
from thidua.lib.versioning import VersionedFormMixin
from thidua.movements.models import ScoringTable, Standing
from thidua.nominations.models import Dossier


class UnlockForm(VersionedFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Lý do mở khóa"),
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=text_validators(),
        help_text=_("Các xếp hạng và suy tôn của cụm năm này sẽ bị xóa; khóa lại để xếp hạng mới."),
    )

    def __init__(self, *args, table: ScoringTable, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.add_version_field(table)


class ProposeForm(VersionedFormMixin, forms.Form):
    """The flag a unit is proposed for (or none). `flags`: the flags' award types, read once
    for every row of the page (standing_selectors.flag_types)."""

    award_type = forms.ChoiceField(label=_("Suy tôn đề nghị"), required=False)
    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=text_validators(),
    )

    def __init__(self, *args, standing: Standing, flags: list[AwardType], **kwargs) -> None:
        kwargs.setdefault(
            "initial", {"award_type": standing.proposed_award_id or "", "note": standing.note}
        )
        kwargs.setdefault("prefix", f"s{standing.pk}")
        super().__init__(*args, **kwargs)
        self._flags = {str(t.pk): t for t in flags}
        self.fields["award_type"].choices = [
            ("", _("— Không đề nghị —")),
            *((str(t.pk), t.name) for t in flags),
        ]
        self.add_version_field(standing)

    def clean_award_type(self) -> AwardType | None:
        return self._flags.get(self.cleaned_data["award_type"])


class DossierChoiceForm(forms.Form):
    dossier = forms.ModelChoiceField(
        label=_("Hồ sơ đề nghị"), queryset=Dossier.objects.none(), empty_label=None
    )

    def __init__(self, *args, dossiers: list[Dossier], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["dossier"].queryset = Dossier.objects.filter(
            pk__in=[d.pk for d in dossiers]
        ).select_related("unit")
        self.fields["dossier"].label_from_instance = lambda d: f"{d.title} ({d.unit.name})"


def _this_year() -> int:
    return dt.date.today().year


class StreakFilterForm(forms.Form):
    """The span and the run length of the list of units first in their cluster."""

    year_from = forms.IntegerField(
        label=_("Từ năm"), min_value=1990, max_value=2100, required=False
    )
    year_to = forms.IntegerField(label=_("Đến năm"), min_value=1990, max_value=2100, required=False)
    n = forms.IntegerField(
        label=_("Số năm liền dẫn đầu (ít nhất)"), min_value=1, max_value=30, required=False
    )

    def span(self) -> tuple[int, int, int]:
        """(from, to, n): the last five years and three years running unless asked."""
        data = self.cleaned_data if self.is_valid() else {}
        year_to = data.get("year_to") or _this_year()
        year_from = data.get("year_from") or year_to - 4
        year_from, year_to = min(year_from, year_to), max(year_from, year_to)
        return year_from, year_to, data.get("n") or 3
