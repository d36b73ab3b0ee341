"""postings_on: where each person served on a day, for any number of people in one query."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from thidua.org.models import Assignment, Person
from thidua.org.selectors import postings_on
from thidua.org.services import person_move


def test_a_person_is_placed_in_the_unit_of_the_assignment_covering_the_day(people, units):
    person_move(person=people.an, unit=units.cah_b, start=dt.date(2021, 7, 1), position="Phó Đội")
    before, on_move, after = (
        postings_on(day, [people.an])[people.an.pk]
        for day in (dt.date(2021, 6, 30), dt.date(2021, 7, 1), dt.date(2024, 1, 1))
    )
    assert (before.unit, before.position, before.dated) == (units.cax_a1, "Cán bộ", True)
    assert (on_move.unit, on_move.position) == (units.cah_b, "Phó Đội")
    assert after.unit == units.cah_b


def test_without_an_assignment_on_the_day_the_current_unit_stands_in(people, units):
    # The shared cast's assignments start on 01/01/2016.
    posting = postings_on(dt.date(2015, 6, 1), [people.binh])[people.binh.pk]
    assert (posting.unit, posting.position, posting.dated) == (units.cah_a, "Cán bộ", False)


def test_a_closed_assignment_without_a_position_takes_none_from_today(people, units):
    Assignment.objects.filter(person=people.cuong).update(position="")
    person_move(person=people.cuong, unit=units.cax_b1, start=dt.date(2020, 1, 1))
    Person.objects.filter(pk=people.cuong.pk).update(position="Trưởng Công an xã")
    people.cuong.refresh_from_db()
    posting = postings_on(dt.date(2018, 1, 1), [people.cuong])[people.cuong.pk]
    assert (posting.unit, posting.position) == (units.cah_b, "")


def test_of_two_overlapping_assignments_the_one_begun_last_counts(people, units):
    Assignment.objects.create(person=people.dung, unit=units.pv01, start=dt.date(2019, 1, 1))
    posting = postings_on(dt.date(2020, 1, 1), [people.dung])[people.dung.pk]
    assert posting.unit == units.pv01


def test_seven_hundred_people_cost_one_query(units):
    made = []
    for i in range(700):
        person = Person(code=f"NB{i:04d}", full_name=f"Người Số {i}", gender="M", unit=units.cah_a)
        person.compute_derived()
        made.append(person)
    made = Person.objects.bulk_create(made)
    Assignment.objects.bulk_create(
        Assignment(
            person=p, unit=units.cax_a1, start=dt.date(2010, 1, 1), end=dt.date(2019, 12, 31)
        )
        for p in made
    )
    with CaptureQueriesContext(connection) as ctx:
        postings = postings_on(dt.date(2015, 1, 1), made)
    assert len(ctx.captured_queries) == 1
    assert {p.unit for p in postings.values()} == {units.cax_a1}
