"""The loader turns database rows into the engine's facts with a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from thidua.accounts.scope import SYSTEM
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
from thidua.eligibility.services import eligibility_report
from thidua.org.models import Person
from thidua.org.services import person_move, person_save
from thidua.rules.engine import Rulebook, evaluate
from thidua.rules.facts import INDIVIDUAL, YearSets
from thidua.rules.tests.builders import TEST_PACKS

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
    # two per big table (persons grouped, collectives as rows), one for service
    # interruptions, two for registrations (entries grouped, the registrations), one for the
    # reorganisations' edges (collectives read through lineage)
    assert queries() == few <= 14


def test_a_single_person_loads_with_the_same_fixed_queries(record, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):  # 13 reads, and the load's savepoint and release
        loaded = load_history(YEAR, person=record.an)
    assert list(loaded.history.person_by_code) == ["CA0001"]


# ── The window follows the pack ───────────────────────────────────────────────────────
# The engine's test pack (thidua/rules/tests/packs/test_pack.yaml, family "test"): its
# cstd_toan_quoc counts CSTĐ CAND in 20 years (Điều 11), its hc_bao_ve_to_quoc_3 asks for
# a CSTĐ toàn quốc ever received (Điều 12, no time limit), its bang_khen_ubnd_tinh the
# years since the last Bằng khen, a form (Điều 7).
TEST_BOOK = Rulebook.load(TEST_PACKS)


def _award(types, person, code: str, year: int, number: str) -> None:
    decision_create(
        number=number,
        date=dt.date(year + 1, 1, 10),
        award_type=getattr(types, code),
        recipients=[Recipient(person=person, year_from=year)],
    )


def _judge(loaded, code: str, person_code: str) -> bool:
    [verdict] = evaluate(
        loaded.history,
        YEAR,
        award_codes=[code],
        recipients=[(INDIVIDUAL, person_code)],
        family="test",
        rulebook=TEST_BOOK,
    )
    return verdict.eligible


@pytest.mark.parametrize(
    "codes,years",
    [
        (None, 6),  # cand_2024: national initiative within 6 years
        (["chien_si_tien_tien"], 1),
        (["bang_khen_bo_truong"], 2),
        (["cstd_cand"], 3),
        (["bang_khen_thu_tuong"], 5),
        (["hccsvv_3"], 1),  # "not already held" over forms, read whole anyway
    ],
)
def test_the_window_is_what_the_award_types_judged_read(record, codes, years):
    assert lookback(YEAR, codes) == years
    loaded = load_history(YEAR, award_codes=codes)
    assert loaded.first_year == YEAR - years + 1
    an = _person(loaded, "CA0001")
    assert an.appraisals == {y: "xuat_sac" for y in (2022, 2023, 2024) if y > YEAR - years}


def test_a_pack_reading_20_years_sees_a_title_of_18_years_ago(record, types):
    _award(types, record.an, "cstd_cand", 2006, "1/QĐ-BCA")
    assert lookback(YEAR, ["cstd_toan_quoc"], family="test", rulebook=TEST_BOOK) == 20
    loaded = load_history(YEAR, award_codes=["cstd_toan_quoc"], family="test", rulebook=TEST_BOOK)
    assert loaded.first_year == 2005
    assert ("cstd_cand", 2006) in {
        (a.award_code, a.year_to) for a in _person(loaded, "CA0001").awards
    }
    assert _judge(loaded, "cstd_toan_quoc", "CA0001")
    # A 15-year window (the former cut) misses it, and so does cand_2024's 6 years.
    for cut in (load_history(YEAR, years_back=15), load_history(YEAR)):
        assert "cstd_cand" not in {a.award_code for a in _person(cut, "CA0001").awards}


def test_a_condition_with_no_time_limit_on_titles_reads_the_whole_record(record, types):
    _award(types, record.an, "cstd_toan_quoc", 2000, "2/QĐ-TTg")  # 24 years before
    assert lookback(YEAR, ["hc_bao_ve_to_quoc_3"], family="test", rulebook=TEST_BOOK) is None
    loaded = load_history(
        YEAR, award_codes=["hc_bao_ve_to_quoc_3"], family="test", rulebook=TEST_BOOK
    )
    assert loaded.first_year is None
    assert _judge(loaded, "hc_bao_ve_to_quoc_3", "CA0001")
    assert not _judge(load_history(YEAR, years_back=15), "hc_bao_ve_to_quoc_3", "CA0001")
    # Every year of the record: results, and the units of every stint.
    assert _person(loaded, "CA0001").appraisals == dict.fromkeys((2022, 2023, 2024), "xuat_sac")
    assert _person(loaded, "CA0005").unit_by_year == dict.fromkeys(range(2015, 2022), "CAX-B1")
    assert _person(load_history(YEAR, years_back=None), "CA0005").unit_by_year == (
        _person(loaded, "CA0005").unit_by_year
    )


def test_a_condition_with_no_time_limit_on_forms_does_not_widen_the_window(record, types):
    _award(types, record.an, "bang_khen_bo_truong", 2000, "3/QĐ-BCA")
    assert lookback(YEAR, ["bang_khen_ubnd_tinh"], family="test", rulebook=TEST_BOOK) == 1
    loaded = load_history(
        YEAR, award_codes=["bang_khen_ubnd_tinh"], family="test", rulebook=TEST_BOOK
    )
    assert loaded.first_year == YEAR
    an = _person(loaded, "CA0001")
    assert ("bang_khen_bo_truong", 2000) in {(a.award_code, a.year_to) for a in an.awards}
    assert an.appraisals == {2024: "xuat_sac"}
    assert _judge(loaded, "bang_khen_ubnd_tinh", "CA0001")  # 24 years since: more than 3


def test_the_services_load_what_the_award_types_asked_for_read(record):
    asked = eligibility_report(user=SYSTEM, year=YEAR, award="chien_si_tien_tien")
    assert asked.loaded.first_year == YEAR
    person = eligibility_report(user=SYSTEM, year=YEAR, person_code="CA0001")
    assert person.loaded.first_year == YEAR - 5  # the individual award types: 6 years
    assert eligibility_report(user=SYSTEM, year=YEAR).loaded.first_year == YEAR - 5
