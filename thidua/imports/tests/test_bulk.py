"""The fast bulk writes keep the same audit trail simple_history would write."""
from __future__ import annotations

import datetime as dt

from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from thidua.imports.engine.bulk import insert_with_history, update_with_history
from thidua.org.models import Assignment, Person

_SKIP = {"history_id", "history_date", "id", "code"}


def _person(code: str, unit) -> Person:
    person = Person(code=code, full_name="Đinh Thị Lan", gender="F",
                    birth_date=dt.date(1991, 6, 1), rank="Trung úy", unit=unit,
                    citizen_id=None)
    person.compute_derived()
    return person


def _history_values(code: str) -> list[dict]:
    rows = Person.history.filter(code=code).order_by("history_id").values()
    return [{k: v for k, v in row.items() if k not in _SKIP} for row in rows]


def test_insert_and_update_write_the_same_history_as_simple_history(units, users):
    ours, theirs = _person("CA0500", units.cah_a), _person("CA0501", units.cah_a)
    insert_with_history(Person, [ours], user=users.officer, reason="Nhập từ Excel")
    bulk_create_with_history([theirs], Person, default_user=users.officer,
                             default_change_reason="Nhập từ Excel")
    assert ours.pk and Person.objects.get(pk=ours.pk).full_name == "Đinh Thị Lan"
    for person in (ours, theirs):
        person.rank = "Thượng úy"
    update_with_history(Person, [ours], ["rank"], user=users.officer, reason="Nhập từ Excel")
    bulk_update_with_history([theirs], Person, ["rank"], default_user=users.officer,
                             default_change_reason="Nhập từ Excel")
    assert Person.objects.get(pk=ours.pk).rank == "Thượng úy"
    assert _history_values("CA0500") == _history_values("CA0501")
    assert [h.history_type for h in Person.history.filter(code="CA0500").order_by("history_id")] == ["+", "~"]


def test_new_ids_never_reuse_the_id_of_a_deleted_row(people):
    last = Assignment.objects.order_by("-pk").first()
    last_pk = last.pk
    last.delete()
    new = Assignment(person=people.an, unit=people.an.unit, start=dt.date(2020, 1, 1))
    insert_with_history(Assignment, [new])
    assert new.pk > last_pk
    assert Assignment.history.filter(id=new.pk).count() == 1
