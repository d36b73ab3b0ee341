"""Service interruptions recorded in the register reach the engine and shorten the service the
seniority medals (Huy chương Chiến sĩ vẻ vang) count."""

from __future__ import annotations

import datetime as dt

import pytest

from thidua.accounts.scope import SYSTEM
from thidua.awards.services import yearly_result_save
from thidua.eligibility.loader import _Window, history_queries, load_history
from thidua.eligibility.services import eligibility_report
from thidua.org.models import Person, ServiceInterruption
from thidua.org.services import interruption_add, person_save

from .conftest import YEAR

D = dt.date


def add(person, start, end, reason="Nghỉ không lương") -> ServiceInterruption:
    return interruption_add(
        interruption=ServiceInterruption(person=person, start=start, end=end, reason=reason)
    )


@pytest.fixture
def giang(units):
    """Joined on 01/07/2014: 10 years 6 months by 31/12/2024, "hoàn thành tốt" in 2024 — the
    threshold of the Huy chương Chiến sĩ vẻ vang hạng Ba (10 to under 15 years, cand_2024)."""
    person = person_save(
        person=Person(
            code="CA0007", full_name="Đỗ Văn Giang", gender="M", service_start=D(2014, 7, 1)
        ),
        unit=units.cax_a1,
        start=D(2014, 7, 1),
    )
    yearly_result_save(year=YEAR, person=person, appraisal="tot")
    return person


@pytest.mark.parametrize("scope", ["everything", "subtree", "person"])
def test_the_loader_passes_each_persons_interruptions_sorted(record, units, scope):
    add(record.an, D(2020, 1, 1), D(2020, 3, 31), reason="Đi học")
    add(record.an, D(2012, 5, 1), D(2012, 5, 31))
    add(record.an, D(2025, 2, 1), D(2025, 2, 28))  # after the judged year: not read
    add(record.binh, D(2018, 6, 1), D(2018, 6, 30))
    kwargs = {
        "everything": {},
        "subtree": {"within": units.cah_a.path},
        "person": {"person": record.an},
    }[scope]
    persons = load_history(YEAR, **kwargs).history.person_by_code

    assert persons["CA0001"].service_interruptions == (
        (D(2012, 5, 1), D(2012, 5, 31)),
        (D(2020, 1, 1), D(2020, 3, 31)),
    )
    if scope != "person":
        assert persons["CA0002"].service_interruptions == ((D(2018, 6, 1), D(2018, 6, 30)),)
        assert persons["CA0005"].service_interruptions == ()


def test_the_benchmark_floor_reads_the_interruptions_too(record):
    add(record.an, D(2012, 5, 1), D(2012, 5, 31))
    rows = list(history_queries(_Window(YEAR, YEAR - 5), [])["interruptions"])
    assert rows == [(record.an.pk, D(2012, 5, 1), D(2012, 5, 31))]


def _hccsvv_3(**kwargs) -> list:
    run = eligibility_report(user=SYSTEM, year=YEAR, award="hccsvv_3", **kwargs)
    return [v for v in run.verdicts if v.recipient_code == "CA0007"]


@pytest.mark.parametrize(
    "how", [{"within": "CAH-A"}, {"person_code": "CA0007"}], ids=["sweep", "single person"]
)
def test_a_14_month_interruption_keeps_someone_below_the_medal_threshold(giang, how):
    (before,) = _hccsvv_3(**how)
    assert before.eligible

    add(giang, D(2016, 3, 1), D(2017, 4, 30))  # 14 months: 9 years 4 months remain

    after = _hccsvv_3(**how)
    assert not any(v.eligible for v in after)
    if "person_code" in how:  # a person's own report says what is missing
        (verdict,) = after
        assert "còn thiếu 8 tháng công tác" in verdict.missing()
