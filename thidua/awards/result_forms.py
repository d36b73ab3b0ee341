"""The hand-entry form of a yearly result (xếp loại) on a person's or unit's record page.

It only reads what was typed: the rules of a result (plausible year, something recorded, a
yearly title of the right kind) are awards.checks', applied by the service for the page
and by the results import alike, and come back on this form's fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from thidua.awards.choices import Appraisal, AwardKind, Frequency
from thidua.awards.models import AwardType, YearlyResult
from thidua.lib.validators import text_validators
from thidua.lib.versioning import VersionedFormMixin


class YearlyResultForm(VersionedFormMixin, forms.Form):
    """Adds a year's result, or (with `editing`, the year being corrected) changes one; a
    correction carries the version it was shown, so a stale one is refused."""

    year = forms.IntegerField(label=_("Năm"))
    appraisal = forms.ChoiceField(
        label=_("Xếp loại"), required=False, choices=[("", "—"), *Appraisal.choices]
    )
    title = forms.ModelChoiceField(
        label=_("Danh hiệu"),
        required=False,
        queryset=AwardType.objects.none(),
        to_field_name="code",
        empty_label=_("Không có danh hiệu"),
    )
    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=text_validators(),
    )
    editing = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, collective: bool, results: list[YearlyResult], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.results = {r.year: r for r in results}
        # Any catalogue entry is accepted by the field, so a title that does not fit reaches
        # the service and gets its reason; the list offers only the ones that fit.
        self.fields["title"].queryset = AwardType.objects.all()
        offered = AwardType.objects.filter(
            active=True, kind=AwardKind.TITLE, frequency=Frequency.ANNUAL
        ).order_by("position", "code")
        self.fields["title"].choices = [("", self.fields["title"].empty_label)] + [
            (t.code, t.name) for t in offered if t.accepts(collective=collective)
        ]
        if self.editing_year is not None:
            self.fields["year"].widget.attrs["readonly"] = True  # a correction keeps its year
            if self.editing_year in self.results:
                self.add_version_field(self.results[self.editing_year])

    @classmethod
    def for_year(cls, result: YearlyResult, **kwargs) -> YearlyResultForm:
        """The form filled with a stored year's result, to correct it."""
        initial = {
            "year": result.year,
            "appraisal": result.appraisal,
            "title": result.title.code if result.title else "",
            "note": result.note,
            "editing": result.year,
        }
        return cls(initial=initial, **kwargs)

    @property
    def editing_year(self) -> int | None:
        value = self["editing"].value()
        return int(value) if str(value or "").isdigit() else None

    def clean(self) -> dict:
        data = super().clean()
        year, editing = data.get("year"), data.get("editing")
        if year is None:
            return data
        if editing is not None and year != editing:
            self.add_error("year", gettext("Không đổi được năm khi sửa; hãy thêm năm mới."))
        elif editing is None and year in self.results:
            # Adding must never silently replace what is recorded: correcting is explicit.
            self.add_error(
                "year",
                gettext("Năm %(year)s đã có kết quả xếp loại; bấm “Sửa” ở năm đó để sửa.")
                % {"year": year},
            )
        return data

    def service_fields(self) -> dict:
        """The keyword arguments of awards.services.yearly_result_save (without the recipient)."""
        data = self.cleaned_data
        return {
            "year": data["year"],
            "appraisal": data["appraisal"],
            "title": data["title"],
            "note": data["note"],
            "version": data.get("version") if data["editing"] is not None else None,
        }
