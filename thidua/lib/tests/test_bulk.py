"""The fast bulk writes keep the same audit trail simple_history's own bulk path writes."""

from __future__ import annotations

import datetime as dt
from collections import namedtuple

import pytest
from django.forms.models import model_to_dict
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from thidua.awards.models import Decision
from thidua.lib import bulk
from thidua.lib.bulk import insert_history, insert_with_history, update_with_history
from thidua.org.models import Assignment, Person

pytestmark = pytest.mark.django_db

_SKIP = {"history_id", "history_date", "id", "code"}


def _person(code: str, unit, **values) -> Person:
    person = Person(
        **{
            "code": code,
            "full_name": "Đinh Thị Lan",
            "gender": "F",
            "birth_date": dt.date(1991, 6, 1),
            "rank": "Trung úy",
            "unit": unit,
            "citizen_id": None,
            **values,
        }
    )
    person.compute_derived()
    return person


def _history_values(code: str) -> list[dict]:
    rows = Person.history.filter(code=code).order_by("history_id").values()
    return [{k: v for k, v in row.items() if k not in _SKIP} for row in rows]


def _row(record) -> dict:
    data = model_to_dict(record)
    for volatile in ("history_id", "history_date"):
        data.pop(volatile)
    return data


def test_insert_and_update_write_the_same_history_as_simple_history(units, users):
    ours, theirs = _person("CA0500", units.cah_a), _person("CA0501", units.cah_a)
    insert_with_history(Person, [ours], user=users.officer, reason="Nhập từ Excel")
    bulk_create_with_history(
        [theirs], Person, default_user=users.officer, default_change_reason="Nhập từ Excel"
    )
    assert ours.pk and Person.objects.get(pk=ours.pk).full_name == "Đinh Thị Lan"
    for person in (ours, theirs):
        person.rank = "Thượng úy"
    update_with_history(Person, [ours], ["rank"], user=users.officer, reason="Nhập từ Excel")
    bulk_update_with_history(
        [theirs],
        Person,
        ["rank"],
        default_user=users.officer,
        default_change_reason="Nhập từ Excel",
    )
    assert Person.objects.get(pk=ours.pk).rank == "Thượng úy"
    assert _history_values("CA0500") == _history_values("CA0501")
    records = Person.history.filter(code="CA0500").order_by("history_id")
    assert [h.history_type for h in records] == ["+", "~"]


def test_values_the_driver_cannot_take_as_they_are_are_stored_as_django_stores_them(units):
    # A number for a text column, a datetime for a date column, a 0/1 for a boolean.
    odd = {"birth_date": dt.datetime(1991, 6, 1, 8, 30), "rank": 7, "unverified": 1}
    ours, theirs = _person("CA0510", units.cah_a, **odd), _person("CA0511", units.cah_a, **odd)
    insert_with_history(Person, [ours])
    bulk_create_with_history([theirs], Person)
    stored = Person.objects.get(pk=ours.pk)
    assert (stored.birth_date, stored.rank, stored.unverified) == (dt.date(1991, 6, 1), "7", True)
    assert _history_values("CA0510") == _history_values("CA0511")


def test_history_rows_match_simple_history_at_a_fixed_date(units):
    stamp = timezone.now()
    person = Person(
        code="X-1",
        full_name="Nguyễn  Văn An",
        gender="M",
        rank="Đại úy",
        birth_date=dt.date(1990, 1, 2),
        citizen_id="035090000001",
        unit=units.cah_a,
    )
    person.compute_derived()
    [ours] = insert_with_history(Person, [person], date=stamp, reason="lý do")
    # The reference: the same object through simple_history's own bulk_history_create.
    Person.history.bulk_history_create([ours], default_date=stamp, default_change_reason="lý do")
    records = list(Person.history.filter(id=ours.pk).order_by("history_id"))
    assert len(records) == 2
    assert _row(records[0]) == _row(records[1])
    assert records[0].history_date == stamp and records[0].history_type == "+"
    assert records[0].history_user is None


def test_history_of_plain_rows_matches_simple_history(units, people):
    """The demo writes its big tables as named tuples of attnames, not model instances."""
    stamp = timezone.now()
    [saved] = insert_with_history(
        Assignment,
        [
            Assignment(
                person=people.an, unit=units.cah_b, start=dt.date(2021, 1, 1), position="Cán bộ"
            )
        ],
        history=False,
    )
    Row = namedtuple("Row", "id person_id unit_id start end position")
    insert_history(
        Assignment,
        [Row(saved.pk, people.an.pk, units.cah_b.pk, dt.date(2021, 1, 1), None, "Cán bộ")],
        date=stamp,
        reason="r",
    )
    Assignment.history.bulk_history_create([saved], default_date=stamp, default_change_reason="r")
    records = list(Assignment.history.filter(id=saved.pk).order_by("history_id"))
    assert len(records) == 2 and _row(records[0]) == _row(records[1])


def test_insert_returns_primary_keys_for_the_assignments(units, people):
    stamp = timezone.now()
    objs = [
        Assignment(
            person=people.an,
            unit=units.cah_b,
            start=dt.date(2020, 1, 1),
            end=dt.date(2020, 12, 31),
            position="Cán bộ",
        )
    ]
    [created] = insert_with_history(Assignment, objs, date=stamp, reason="r")
    assert created.pk is not None
    record = Assignment.history.get(id=created.pk)
    assert (record.person_id, record.unit_id, record.end) == (
        people.an.pk,
        units.cah_b.pk,
        dt.date(2020, 12, 31),
    )


def test_without_history_only_the_rows_are_written(units, people):
    new = Assignment(person=people.an, unit=units.cah_b, start=dt.date(2020, 1, 1))
    insert_with_history(Assignment, [new], history=False)
    assert Assignment.objects.filter(pk=new.pk).exists()
    assert not Assignment.history.filter(id=new.pk).exists()


def test_new_ids_never_reuse_the_id_of_a_deleted_row(people):
    last = Assignment.objects.order_by("-pk").first()
    last_pk = last.pk
    last.delete()
    new = Assignment(person=people.an, unit=people.an.unit, start=dt.date(2020, 1, 1))
    insert_with_history(Assignment, [new])
    assert new.pk > last_pk
    assert Assignment.history.filter(id=new.pk).count() == 1


def test_other_backends_fall_back_to_simple_history(units, users, monkeypatch):
    fast = _person("CA0520", units.cah_a)
    insert_with_history(Person, [fast], user=users.officer, reason="r")
    monkeypatch.setattr(bulk, "_FAST_VENDORS", set())
    slow = _person("CA0521", units.cah_a)
    insert_with_history(Person, [slow], user=users.officer, reason="r")
    assert slow.pk
    for person in (fast, slow):
        person.position = "Đội trưởng"
    update_with_history(Person, [slow], ["position"], user=users.officer, reason="r")
    monkeypatch.setattr(bulk, "_FAST_VENDORS", {"sqlite", "postgresql"})
    update_with_history(Person, [fast], ["position"], user=users.officer, reason="r")
    assert Person.objects.get(pk=slow.pk).position == "Đội trưởng"
    assert _history_values("CA0520") == _history_values("CA0521")


def test_rows_given_as_tuples_get_the_same_rows_and_history_as_simple_history(units, people, users):
    stamp = timezone.now()
    values = (1, people.an.pk, units.cah_b.pk, dt.date(2019, 3, 1), None, "Đội phó")  # version 1
    ids = bulk.insert_rows(
        Assignment,
        [values, values[:5] + ("Đội trưởng",)],
        user=users.officer,
        reason="Nhập từ Excel",
        date=stamp,
    )
    first, second = Assignment.objects.filter(pk__in=ids).order_by("pk")
    assert [first.pk, second.pk] == ids and (first.start, second.position) == (
        dt.date(2019, 3, 1),
        "Đội trưởng",
    )
    Assignment.history.bulk_history_create(
        [first, second],
        default_date=stamp,
        default_user=users.officer,
        default_change_reason="Nhập từ Excel",
    )
    for pk in ids:
        ours, theirs = Assignment.history.filter(id=pk).order_by("history_id")
        assert _row(ours) == _row(theirs) and ours.history_date == stamp
        assert ours.history_type == "+" and ours.history_user == users.officer


def test_history_skips_the_fields_the_model_leaves_out_of_it(users):
    stamp = timezone.now()
    decision = Decision(number="12/QĐ-CAT", date=dt.date(2024, 12, 20), authority="Giám đốc")
    decision.compute_derived()
    insert_with_history(Decision, [decision], user=users.officer, reason="r", date=stamp)
    Decision.history.bulk_history_create(
        [decision], default_date=stamp, default_user=users.officer, default_change_reason="r"
    )
    ours, theirs = Decision.history.filter(id=decision.pk).order_by("history_id")
    assert _row(ours) == _row(theirs) and ours.number == "12/QĐ-CAT"


def test_history_is_written_row_by_row_when_the_new_ids_are_not_one_range(
    units, people, monkeypatch
):
    # PostgreSQL: another session may take ids from the sequence between ours.
    reserve = bulk._reserve_ids

    def with_a_gap(connection, model, count):
        ids = reserve(connection, model, count + 1)
        return [ids[0], *ids[2:]]

    monkeypatch.setattr(bulk, "_reserve_ids", with_a_gap)
    rows = [(1, people.an.pk, units.cah_b.pk, dt.date(2018 + i, 1, 1), None, "") for i in range(3)]
    ids = bulk.insert_rows(Assignment, rows, reason="r")
    assert ids[1] - ids[0] == 2
    assert sorted(Assignment.history.filter(id__in=ids).values_list("id", flat=True)) == ids
    assert not Assignment.history.filter(id=ids[0] + 1).exists()
