"""insert_history writes the rows simple_history's own bulk path would write."""
from __future__ import annotations

import datetime as dt

import pytest
from django.forms.models import model_to_dict
from django.utils import timezone

from thidua.demo.bulk import bulk_insert
from thidua.org.models import Assignment, Person


def _row(record) -> dict:
    data = model_to_dict(record)
    for volatile in ("history_id", "history_date"):
        data.pop(volatile)
    return data


@pytest.mark.django_db
def test_history_rows_match_simple_history(units):
    stamp = timezone.now()
    person = Person(code="X-1", full_name="Nguyễn  Văn An", gender="M", rank="Đại úy",
                    birth_date=dt.date(1990, 1, 2), citizen_id="035090000001", unit=units.cah_a)
    person.compute_derived()
    [ours] = bulk_insert([person], Person, history=True, stamp=stamp, reason="lý do")
    # The reference: the same object through simple_history's own bulk_history_create.
    Person.history.bulk_history_create([ours], default_date=stamp, default_change_reason="lý do")
    records = list(Person.history.filter(id=ours.pk).order_by("history_id"))
    assert len(records) == 2
    assert _row(records[0]) == _row(records[1])
    assert records[0].history_date == stamp and records[0].history_type == "+"
    assert records[0].history_user is None


@pytest.mark.django_db
def test_bulk_insert_returns_primary_keys_for_the_assignments(units, people):
    stamp = timezone.now()
    objs = [Assignment(person=people.an, unit=units.cah_b, start=dt.date(2020, 1, 1),
                       end=dt.date(2020, 12, 31), position="Cán bộ")]
    [created] = bulk_insert(objs, Assignment, history=True, stamp=stamp, reason="r")
    assert created.pk is not None
    record = Assignment.history.get(id=created.pk)
    assert (record.person_id, record.unit_id, record.end) == (people.an.pk, units.cah_b.pk,
                                                              dt.date(2020, 12, 31))
