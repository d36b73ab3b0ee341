"""The hand-entry form of an initiative (sáng kiến) on an author's record page.

The page's person is the first author; co-authors are typed as codes, each one a person the
user may change (as in the initiatives import). The rest of the rules (plausible year, one
initiative per name and year) are the service's, shared with the import."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from thidua.accounts import scope
from thidua.accounts.models import User
from thidua.awards.choices import InitiativeScope
from thidua.org.models import Person

_SEPARATORS = re.compile(r"[;,\s]+")


class InitiativeForm(forms.Form):
    title = forms.CharField(label=_("Tên sáng kiến"), max_length=500)
    year = forms.IntegerField(label=_("Năm công nhận"))
    scope = forms.ChoiceField(label=_("Cấp công nhận"), choices=InitiativeScope.choices)
    decision_number = forms.CharField(
        label=_("Số quyết định công nhận"), required=False, max_length=64
    )
    co_authors = forms.CharField(
        label=_("Mã các đồng tác giả"),
        required=False,
        max_length=2000,
        help_text=_("Không bắt buộc. Mã cán bộ, cách nhau bằng dấu ; (ví dụ CA0002; CA0003)."),
    )

    def __init__(self, *args, user: User, author: Person, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user, self.author = user, author

    def clean_co_authors(self) -> list[Person]:
        codes = [c for c in _SEPARATORS.split(self.cleaned_data["co_authors"]) if c]
        people = scope.visible_people(self.user).select_related("unit")
        found = []
        for code in dict.fromkeys(codes):
            person = people.filter(code__iexact=code).first()
            if person is None or not scope.can_edit_unit(self.user, person.unit):
                # Unknown and out-of-scope people get the same answer, as pages give 404.
                raise forms.ValidationError(
                    gettext("Không có cán bộ '%(query)s' trong phạm vi được phân quyền.")
                    % {"query": code}
                )
            found.append(person)
        return found

    def service_fields(self) -> dict:
        """The keyword arguments of awards.services.initiative_create."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "year": data["year"],
            "scope": data["scope"],
            "decision_number": data["decision_number"],
            "authors": [self.author, *data["co_authors"]],
        }
