"""org.services: the only write path for units, people and assignments."""

from __future__ import annotations

import datetime as dt

from thidua.org.models import Assignment, Unit
from thidua.org.services import (
    assignment_delete,
    assignment_save,
    person_move,
    person_save,
    unit_save,
)


def test_moving_a_unit_rewrites_the_paths_of_its_whole_subtree(units):
    units.cah_a.parent = units.pv01
    unit_save(unit=units.cah_a)

    commune = Unit.objects.get(code="CAX-A1")
    assert commune.path == "/CAT/PV01/CAH-A/CAX-A1/"
    assert commune.depth == 3
    assert Unit.objects.get(code="CAH-A").depth == 2


def test_renaming_a_unit_code_rewrites_descendant_paths(units):
    units.cah_b.code = "CAH-BS"
    unit_save(unit=units.cah_b)

    assert Unit.objects.get(code="CAX-B1").path == "/CAT/CAH-BS/CAX-B1/"


def test_person_save_creates_the_first_assignment(people, units):
    an = people.an
    assignment = Assignment.objects.get(person=an)
    assert (assignment.unit, assignment.start, assignment.end) == (
        units.cax_a1,
        dt.date(2016, 1, 1),
        None,
    )
    assert an.unit == units.cax_a1


def test_person_save_without_start_dates_the_first_assignment_from_service_start(units):
    from thidua.org.models import Person

    person = person_save(
        person=Person(
            code="X1", full_name="Hà Văn Hải", gender="M", service_start=dt.date(2012, 3, 1)
        ),
        unit=units.cah_b,
    )
    assert person.assignments.get().start == dt.date(2012, 3, 1)


def test_person_move_closes_the_old_assignment_the_day_before(people, units):
    new = person_move(person=people.an, unit=units.cah_b, start=dt.date(2020, 6, 1))

    old = Assignment.objects.get(person=people.an, unit=units.cax_a1)
    assert old.end == dt.date(2020, 5, 31)
    assert (new.unit, new.start, new.end) == (units.cah_b, dt.date(2020, 6, 1), None)
    people.an.refresh_from_db()
    assert people.an.unit == units.cah_b


def test_person_move_to_the_same_unit_changes_nothing(people, units):
    person_move(person=people.an, unit=units.cax_a1, start=dt.date(2020, 6, 1))
    assert people.an.assignments.count() == 1


def test_person_save_with_another_unit_moves_the_person(people, units):
    person_save(person=people.binh, unit=units.cax_a1, start=dt.date(2021, 1, 1))

    assert [a.unit.code for a in people.binh.assignments.order_by("start")] == ["CAH-A", "CAX-A1"]
    assert people.binh.unit == units.cax_a1


def test_assignment_delete_resyncs_the_current_unit(people, units):
    new = person_move(person=people.an, unit=units.cah_b, start=dt.date(2020, 6, 1))
    old = Assignment.objects.get(person=people.an, unit=units.cax_a1)
    old.end = None
    assignment_save(assignment=old)
    assignment_delete(assignment=new)

    people.an.refresh_from_db()
    assert people.an.unit == units.cax_a1


def test_ending_the_open_assignment_leaves_the_person_without_a_unit(people):
    current = people.dung.assignments.get()
    current.end = dt.date(2024, 12, 31)
    assignment_save(assignment=current)

    people.dung.refresh_from_db()
    assert people.dung.unit is None
