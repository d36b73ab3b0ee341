"""The hand-entry forms of a person's initiatives (sáng kiến) and discipline (kỷ luật) on
their record page.

They read what was typed and resolve co-authors' codes in the user's scope; the record's
rules (plausible year or date, one initiative per name and year, one measure per decision
and form, a plausible duration) are awards.checks', applied by the services for the page
and by the imports alike, and come back on these forms' fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.accounts import scope
from thidua.awards.checks import author_codes, person_code_problem
from thidua.awards.choices import DisciplineForm, InitiativeScope
from thidua.lib.validators import text_validators
from thidua.org.forms import vn_date_field
from thidua.org.models import Person

_NOTE = {"widget": forms.Textarea(attrs={"rows": 2}), "validators": text_validators()}


class InitiativeEntryForm(forms.Form):
    """An initiative of `person`, with co-authors by code (each in the user's scope)."""

    title = forms.CharField(label=_("Tên sáng kiến"), max_length=500)
    year = forms.IntegerField(label=_("Năm công nhận"))
    scope = forms.ChoiceField(label=_("Phạm vi"), choices=InitiativeScope.choices)
    decision_number = forms.CharField(
        label=_("Số quyết định công nhận"), max_length=64, required=False
    )
    co_authors = forms.CharField(
        label=_("Mã đồng tác giả"),
        required=False,
        help_text=_(
            "Mã cán bộ của các đồng tác giả, cách nhau bằng dấu ; (để trống nếu không có)."
        ),
    )

    def __init__(self, *args, person: Person, user: Any, **kwargs) -> None:
        # Own element ids: the record page holds several entry forms with like-named fields.
        kwargs.setdefault("auto_id", "initiative_%s")
        super().__init__(*args, **kwargs)
        self.person, self.user = person, user

    def clean_co_authors(self) -> list[Person]:
        codes, malformed = author_codes(self.cleaned_data["co_authors"])
        if malformed:
            raise forms.ValidationError(malformed)
        found = {p.code: p for p in Person.objects.filter(code__in=codes).select_related("unit")}
        problems = [
            person_code_problem(
                code,
                found=code in found,
                in_scope=code in found and scope.can_edit_unit(self.user, found[code].unit),
            )
            for code in codes
        ]
        if any(problems):
            raise forms.ValidationError([p for p in problems if p])
        return [found[c] for c in codes if found[c] != self.person]

    def service_fields(self) -> dict:
        """The keyword arguments of awards.services.initiative_create."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "year": data["year"],
            "scope": data["scope"],
            "decision_number": data["decision_number"],
            "authors": [self.person, *data["co_authors"]],
        }


class DisciplineEntryForm(forms.Form):
    """A disciplinary measure of the page's person."""

    form = forms.ChoiceField(label=_("Hình thức kỷ luật"), choices=DisciplineForm.choices)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=64)
    decision_date = vn_date_field(_("Ngày quyết định"), required=True)
    duration_months = forms.IntegerField(
        label=_("Thời hạn (tháng)"),
        required=False,
        help_text=_("Để trống nếu không có thời hạn."),
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, **_NOTE)

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", "discipline_%s")
        super().__init__(*args, **kwargs)

    def service_fields(self) -> dict:
        """The keyword arguments of awards.services.discipline_create (without the person)."""
        data = self.cleaned_data
        return {
            "form": data["form"],
            "decision_number": data["decision_number"],
            "decision_date": data["decision_date"],
            "duration_months": data["duration_months"],
            "note": data["note"],
        }
