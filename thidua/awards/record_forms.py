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
from thidua.lib.versioning import Versioned, VersionedFormMixin
from thidua.org.forms import vn_date_field
from thidua.org.models import Person

_NOTE = {"widget": forms.Textarea(attrs={"rows": 2}), "validators": text_validators()}


class _EntryForm(VersionedFormMixin, forms.Form):
    """Adds a row, or (with `instance`, a stored row of the page) corrects it: the form then
    starts from its values and carries its id (`editing`) and the version it was shown."""

    editing = forms.IntegerField(required=False, widget=forms.HiddenInput)
    prefix_id = ""
    initial_fields: tuple[str, ...] = ()

    def __init__(self, *args, instance: Versioned | None = None, **kwargs) -> None:
        kwargs.setdefault("auto_id", f"{self.prefix_id}_%s")  # several entry forms on a page
        if instance is not None:
            initial = {name: getattr(instance, name) for name in self.initial_fields}
            kwargs["initial"] = {**initial, "editing": instance.pk, **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.instance = instance
        if instance is not None:
            self.add_version_field(instance)


class InitiativeEntryForm(_EntryForm):
    """An initiative of `person`, with co-authors by code (each in the user's scope); a
    correction changes the initiative's own fields, not its authors."""

    prefix_id = "initiative"
    initial_fields = ("title", "year", "scope", "decision_number")

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
        super().__init__(*args, **kwargs)
        self.person, self.user = person, user
        if self.instance is not None:
            del self.fields["co_authors"]

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
            **({} if self.instance else {"authors": [self.person, *data["co_authors"]]}),
        }


class DisciplineEntryForm(_EntryForm):
    """A disciplinary measure of the page's person."""

    prefix_id = "discipline"
    initial_fields = ("form", "decision_number", "decision_date", "duration_months", "note")

    form = forms.ChoiceField(label=_("Hình thức kỷ luật"), choices=DisciplineForm.choices)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=64)
    decision_date = vn_date_field(_("Ngày quyết định"), required=True)
    duration_months = forms.IntegerField(
        label=_("Thời hạn (tháng)"),
        required=False,
        help_text=_("Để trống nếu không có thời hạn."),
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, **_NOTE)

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
