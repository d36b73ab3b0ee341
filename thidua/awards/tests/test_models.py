"""Database rules of the record: one recipient per row, no duplicate award, dates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from thidua.awards.models import Award, Discipline, YearlyResult


def test_award_without_recipient_is_refused_by_the_database(decisions, types):
    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.create(
            decision=decisions.bk,
            award_type=types.bang_khen_bo_truong,
            year_from=2021,
            year_to=2021,
        )


def test_award_with_both_person_and_unit_is_refused_by_the_database(
    decisions, types, people, units
):
    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.create(
            decision=decisions.bk,
            award_type=types.bang_khen_bo_truong,
            person=people.an,
            unit=units.cah_a,
            year_from=2021,
            year_to=2021,
        )


def test_same_award_twice_is_refused_by_the_database_even_in_bulk(decisions, types, people):
    duplicate = Award(
        decision=decisions.bk,
        award_type=types.bang_khen_bo_truong,
        person=people.cuong,
        year_from=2020,
        year_to=2021,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.bulk_create([duplicate])


def test_same_collective_award_twice_is_refused(decisions, types, units):
    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.create(
            decision=decisions.mixed,
            award_type=types.giay_khen_giam_doc,
            unit=units.cah_a,
            year_from=2022,
            year_to=2022,
        )


def test_same_recipient_for_another_period_is_allowed(decisions, types, people):
    Award.objects.create(
        decision=decisions.bk,
        award_type=types.bang_khen_bo_truong,
        person=people.cuong,
        year_from=2019,
        year_to=2021,
    )
    assert people.cuong.awards.count() == 3


def test_period_must_not_run_backwards(decisions, types, people):
    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.create(
            decision=decisions.bk,
            award_type=types.bang_khen_bo_truong,
            person=people.an,
            year_from=2021,
            year_to=2019,
        )


def test_one_yearly_result_per_person_and_year(people, types):
    YearlyResult.objects.create(person=people.an, year=2021, appraisal="xuat_sac")
    with pytest.raises(IntegrityError), transaction.atomic():
        YearlyResult.objects.create(person=people.an, year=2021, appraisal="tot")


def test_yearly_result_constraint_message_is_vietnamese(people):
    YearlyResult.objects.create(person=people.an, year=2021, appraisal="xuat_sac")
    with pytest.raises(ValidationError, match="đã có kết quả xếp loại"):
        YearlyResult(person=people.an, year=2021, appraisal="tot").full_clean()


def test_discipline_end_date_is_stored_from_the_duration(people):
    discipline = Discipline.objects.create(
        person=people.an,
        form="khien_trach",
        decision_number="5/QĐ",
        decision_date=dt.date(2023, 8, 31),
        duration_months=6,
    )
    assert discipline.end_date == dt.date(2024, 2, 29)
    assert Discipline.objects.filter(end_date__gt=dt.date(2024, 1, 1)).count() == 1
    assert discipline.is_in_force_on(dt.date(2024, 2, 28))
    assert not discipline.is_in_force_on(dt.date(2024, 2, 29))


def test_discipline_without_duration_has_no_end(people):
    discipline = Discipline.objects.create(
        person=people.an,
        form="cach_chuc",
        decision_number="6/QĐ",
        decision_date=dt.date(2023, 1, 1),
    )
    assert discipline.end_date is None and discipline.computed_end_date is None
