"""The loader turns database rows into the engine's facts with a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from thidua.awards.models import Award
from thidua.awards.services import (
    Recipient,
    award_revoke,
    decision_create,
    discipline_create,
    initiative_create,
    yearly_result_save,
)
from thidua.eligibility.loader import load_history, lookback, unit_by_year
from thidua.org.models import Person
from thidua.org.services import person_move, person_save
from thidua.rules.facts import INDIVIDUAL, YearSets

from .conftest import YEAR


def _reads(queries: list[dict]) -> list[dict]:
    """The queries that read data (the load runs in a transaction: a savepoint in tests)."""
    return [q for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]


def _person(loaded, code):
    return loaded.history.person_by_code[code]


def test_awards_exclude_revoked_decisions_and_revoked_awards(record, types):
    bk = decision_create(
        number="77/QĐ-BCA",
        date=dt.date(2024, 3, 1),
        award_type=types.bang_khen_bo_truong,
        recipients=[Recipient(person=record.binh, year_from=2023)],
    )
    award_revoke(award=Award.objects.get(decision=bk), reason="Sai năm thành tích")
    loaded = load_history(YEAR)
    an, binh = _person(loaded, "CA0001"), _person(loaded, "CA0002")
    assert [(a.award_code, a.year_to, a.decision_number) for a in an.awards] == [
        ("cstd_co_so", 2022, "15/QĐ-CAT"),
        ("cstd_co_so", 2023, "9/QĐ-CAT"),
    ]
    assert an.awards[0].decision_date == dt.date(2023, 1, 10)
    # The 2023 CSTĐCS decision of Bình was revoked, and so was her Bằng khen.
    assert [(a.award_code, a.year_to) for a in binh.awards] == [("cstd_co_so", 2022)]


@pytest.mark.parametrize("scope", ["everything", "subtree", "person"])
def test_the_year_sets_read_from_grouped_rows_match_the_facts(record, types, units, scope):
    yearly_result_save(
        year=2023, person=record.binh, appraisal="tot", title=types.chien_si_tien_tien
    )
    kwargs = {
        "everything": {},
        "subtree": {"within": units.cah_a.path},
        "person": {"person": record.an},
    }[scope]
    history = load_history(YEAR, years_back=15, **kwargs).history
    built = YearSets.of(history.persons)
    assert built.held and built.grades  # the fixture has titles, awards and appraisals
    assert history.year_sets(INDIVIDUAL) == built


def test_yearly_results_become_appraisals_and_titles(record, types):
    yearly_result_save(
        year=2023, person=record.binh, appraisal="tot", title=types.chien_si_tien_tien
    )
    loaded = load_history(YEAR)
    an, binh = _person(loaded, "CA0001"), _person(loaded, "CA0002")
    assert an.appraisals == {2022: "xuat_sac", 2023: "xuat_sac", 2024: "xuat_sac"}
    assert binh.titles == {2023: "chien_si_tien_tien"}
    assert loaded.history.unit_by_code["CAH-A"].appraisals == {2024: "tot"}


def test_an_initiative_counts_for_each_of_its_authors(record):
    loaded = load_history(YEAR)
    for code in ("CA0001", "CA0002"):
        (initiative,) = _person(loaded, code).initiatives
        assert (initiative.year, initiative.scope, initiative.decision_number) == (
            2023,
            "bo_tinh",
            "SK-12/QĐ-BCA",
        )
    assert _person(loaded, "CA0003").initiatives == ()


def test_disciplines_keep_form_dates_and_duration(record):
    (measure,) = _person(load_history(YEAR), "CA0003").disciplines
    assert (
        measure.form,
        measure.decision_number,
        measure.date,
        measure.months,
        measure.end_date,
    ) == ("khien_trach", "KL-3/QĐ-CAH-B", dt.date(2024, 5, 2), 12, dt.date(2025, 5, 2))


def test_unit_by_year_follows_the_assignments(record):
    em = _person(load_history(YEAR, years_back=15), "CA0005")
    assert em.unit_code == "CAX-A1"
    # In CAX-B1 until 31/03/2022; from 2022 on the current unit (not stored).
    assert em.unit_by_year == dict.fromkeys(range(2015, 2022), "CAX-B1")


def test_the_window_is_what_the_pack_needs(record):
    # cand_2024 looks back 6 years at most (initiative at national scope in 6 years).
    assert lookback(YEAR) == 6
    em = _person(load_history(YEAR), "CA0005")
    assert em.unit_by_year == dict.fromkeys(range(2019, 2022), "CAX-B1")


@pytest.mark.parametrize(
    "stints,expected",
    [
        # (unit, start, end) — the unit held on 31/12 wins.
        (
            [(1, dt.date(2020, 1, 1), dt.date(2023, 11, 30)), (2, dt.date(2023, 12, 1), None)],
            {2020: 1, 2021: 1, 2022: 1},
        ),
        # Nobody holds 31/12: the unit with most days of that year.
        (
            [
                (1, dt.date(2020, 1, 1), dt.date(2023, 8, 31)),
                (3, dt.date(2023, 9, 1), dt.date(2023, 10, 31)),
            ],
            {2020: 1, 2021: 1, 2022: 1, 2023: 1},
        ),
        ([(2, dt.date(2015, 1, 1), None)], {}),
        # A stint ending on 31/12 holds that year; a gap year falls back to most days.
        (
            [(1, dt.date(2019, 5, 1), dt.date(2021, 12, 31)), (2, dt.date(2022, 3, 1), None)],
            {2020: 1, 2021: 1},
        ),
        (
            [
                (1, dt.date(2018, 1, 1), dt.date(2020, 12, 31)),
                (3, dt.date(2021, 2, 1), dt.date(2021, 6, 30)),
                (2, dt.date(2022, 1, 1), None),
            ],
            {2020: 1, 2021: 3},
        ),
    ],
)
def test_unit_by_year_rule(stints, expected):
    assert unit_by_year(stints, 2, 2020, 2024) == expected


def test_titles_are_windowed_but_forms_count_for_the_whole_career(record, types):
    decision_create(
        number="1/QĐ-CAT",
        date=dt.date(2001, 1, 10),
        award_type=types.cstd_co_so,
        recipients=[Recipient(person=record.an, year_from=2000)],
    )
    decision_create(
        number="2/QĐ-BCA",
        date=dt.date(2001, 2, 10),
        award_type=types.hccsvv_3,
        recipients=[Recipient(person=record.an, year_from=2000)],
    )
    decision_create(
        number="3/QĐ-CAT",
        date=dt.date(2025, 1, 10),
        award_type=types.cstd_co_so,
        recipients=[Recipient(person=record.an, year_from=2025)],
    )
    codes = {(a.award_code, a.year_to) for a in _person(load_history(YEAR), "CA0001").awards}
    assert ("hccsvv_3", 2000) in codes
    assert ("cstd_co_so", 2000) not in codes  # 24 years before: outside the window
    assert ("cstd_co_so", 2025) not in codes  # after the judged year


def test_a_subtree_load_shows_only_its_people_and_units(record, units):
    loaded = load_history(YEAR, within=units.cah_a.path)
    assert loaded.shown_persons == {"CA0001", "CA0002", "CA0005"}
    assert loaded.shown_units == {"CAH-A", "CAX-A1"}
    assert "CA0003" not in loaded.history.person_by_code
    assert loaded.history.unit_by_code["CAT"].awards == ()  # paths only, outside the subtree


def test_someone_who_left_the_subtree_this_year_counts_for_it_but_is_not_shown(record, units):
    person_move(person=record.binh, unit=units.cah_b, start=dt.date(2024, 10, 1))
    loaded = load_history(YEAR, within=units.cah_a.path)
    assert "CA0002" in loaded.history.person_by_code
    assert "CA0002" not in loaded.shown_persons


def _crowd(units, types, start: int, count: int) -> None:
    decision = decision_create(
        number=f"{start}/QĐ-CROWD", date=dt.date(2024, 1, 5), award_type=types.giay_khen_giam_doc
    )
    for i in range(start, start + count):
        person = person_save(
            person=Person(
                code=f"X{i:04d}",
                full_name=f"Người Số {i}",
                gender="M",
                service_start=dt.date(2012, 1, 1),
            ),
            unit=units.cax_b1,
            start=dt.date(2012, 1, 1),
        )
        yearly_result_save(year=2023, person=person, appraisal="tot")
        Award.objects.create(
            decision=decision,
            award_type=types.giay_khen_giam_doc,
            person=person,
            year_from=2023,
            year_to=2023,
        )
        initiative_create(title=f"Sáng kiến {i}", year=2023, scope="co_so", authors=[person])
        discipline_create(
            person=person,
            form="canh_cao",
            decision_number=f"KL-{i}",
            decision_date=dt.date(2023, 2, 1),
        )


@pytest.mark.parametrize("scope", ["everything", "subtree", "unit"])
def test_the_number_of_queries_does_not_grow_with_the_people(record, units, types, scope):
    def queries() -> int:
        kwargs = {
            "everything": {},
            "subtree": {"within": units.cat.path},
            "unit": {"unit": units.cah_b},
        }[scope]
        with CaptureQueriesContext(connection) as ctx:
            load_history(YEAR, **kwargs)
        return len(_reads(ctx.captured_queries))

    _crowd(units, types, 1, 3)
    few = queries()
    _crowd(units, types, 100, 40)
    # two per big table (persons grouped, collectives as rows), one for service interruptions
    assert queries() == few <= 11


def test_a_single_person_loads_with_the_same_fixed_queries(record, django_assert_max_num_queries):
    with django_assert_max_num_queries(13):  # 11 reads, and the load's savepoint and release
        loaded = load_history(YEAR, person=record.an)
    assert list(loaded.history.person_by_code) == ["CA0001"]
