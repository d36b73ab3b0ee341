"""A small record on the shared cast (conftest.py at the root), judged for 2024.

- An (CAX-A1): CSTĐCS 2022 and 2023 by decision, "hoàn thành xuất sắc" 2022–2024 and an
  initiative at ministry scope in 2023 (with Bình): proposed for CSTĐ CAND in 2024.
- Bình (CAH-A): CSTĐCS 2022; her 2023 CSTĐCS decision was revoked; "hoàn thành tốt".
- Cường (CAH-B): "hoàn thành tốt" 2024 but reprimanded in 2024.
- Em (CAX-A1 since 04/2022, CAX-B1 before): for unit_by_year.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from thidua.awards.services import (
    Recipient,
    decision_create,
    decision_revoke,
    discipline_create,
    initiative_create,
    yearly_result_save,
)
from thidua.org.models import Assignment, Person
from thidua.org.services import assignment_save, person_save

YEAR = 2024


@pytest.fixture
def record(types, units, people):
    an, binh, cuong = people.an, people.binh, people.cuong
    decision_create(
        number="15/QĐ-CAT",
        date=dt.date(2023, 1, 10),
        award_type=types.cstd_co_so,
        recipients=[Recipient(person=an, year_from=2022), Recipient(person=binh, year_from=2022)],
    )
    decision_create(
        number="9/QĐ-CAT",
        date=dt.date(2024, 1, 15),
        award_type=types.cstd_co_so,
        recipients=[Recipient(person=an, year_from=2023)],
    )
    wrong = decision_create(
        number="10/QĐ-CAT",
        date=dt.date(2024, 1, 16),
        award_type=types.cstd_co_so,
        recipients=[Recipient(person=binh, year_from=2023)],
    )
    decision_revoke(decision=wrong, reason="Nhầm đối tượng")
    for year in (2022, 2023, 2024):
        yearly_result_save(year=year, person=an, appraisal="xuat_sac")
        yearly_result_save(year=year, person=binh, appraisal="tot")
    yearly_result_save(year=2024, person=cuong, appraisal="tot")
    yearly_result_save(year=2024, unit=units.cah_a, appraisal="tot")
    initiative_create(
        title="Phần mềm quản lý hồ sơ thi đua",
        year=2023,
        scope="bo_tinh",
        authors=[an, binh],
        decision_number="SK-12/QĐ-BCA",
    )
    discipline_create(
        person=cuong,
        form="khien_trach",
        decision_number="KL-3/QĐ-CAH-B",
        decision_date=dt.date(2024, 5, 2),
        duration_months=12,
    )
    em = person_save(
        person=Person(
            code="CA0005", full_name="Hoàng Văn Em", gender="M", service_start=dt.date(2015, 1, 1)
        ),
        unit=units.cax_b1,
        start=dt.date(2015, 1, 1),
    )
    first = Assignment.objects.get(person=em)
    first.end = dt.date(2022, 3, 31)
    assignment_save(assignment=first)
    assignment_save(assignment=Assignment(person=em, unit=units.cax_a1, start=dt.date(2022, 4, 1)))
    em.refresh_from_db()
    return SimpleNamespace(an=an, binh=binh, cuong=cuong, em=em, wrong=wrong)
