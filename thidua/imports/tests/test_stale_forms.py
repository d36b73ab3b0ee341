"""An import raises the version of what it changes: an edit page opened before the import
is refused instead of silently putting the old values back (lib.versioning)."""

from __future__ import annotations

from conftest import version_of
from thidua.accounts.scope import SYSTEM
from thidua.imports.engine import run_import
from thidua.imports.tests.conftest import PEOPLE_HEADERS
from thidua.lib.versioning import STALE_MESSAGE
from thidua.org.models import Person
from thidua.org.tests.test_stale_edits import _edit


def test_an_import_between_opening_and_saving_a_form_makes_the_form_stale(
    client_for, users, people, xlsx
):
    seen = version_of(people.an)
    row = [
        "CA0001",
        "Nguyễn Văn An",
        "Nam",
        "12/04/1988",
        "01/09/2010",
        "Thiếu tá",
        "Cán bộ",
        "CAX-A1",
    ]
    assert run_import("people", xlsx([PEOPLE_HEADERS, row]), user=SYSTEM).applied
    r = _edit(client_for(users.officer), people.an, seen, position="Đội phó")
    assert str(STALE_MESSAGE) in r.content.decode()
    person = Person.objects.get(pk=people.an.pk)
    assert (person.rank, person.position) == ("Thiếu tá", "Cán bộ")
