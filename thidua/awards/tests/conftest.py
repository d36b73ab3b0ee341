"""Fixtures of the record: a small history on the shared cast of units and people."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from thidua.awards.services import Recipient, decision_create


@pytest.fixture
def decisions(types, units, people):
    """Three decisions: one only for CAH-A people, one only for CAH-B, one mixed with a
    collective recipient."""
    cstdcs = decision_create(
        number="12/QĐ-CAT-PX01",
        date=dt.date(2021, 12, 20),
        award_type=types.cstd_co_so,
        signer="Đại tá Nguyễn Văn Tỉnh",
        recipients=[
            Recipient(
                person=people.an,
                year_from=2021,
                achievement="Hoàn thành xuất sắc nhiệm vụ năm 2021",
            ),
            Recipient(person=people.binh, year_from=2021),
        ],
    )
    bk = decision_create(
        number="345/QĐ-BCA",
        date=dt.date(2022, 3, 15),
        award_type=types.bang_khen_bo_truong,
        recipients=[
            Recipient(
                person=people.cuong,
                year_from=2020,
                year_to=2021,
                achievement="Thành tích 2 năm liên tục CSTĐCS",
            )
        ],
    )
    mixed = decision_create(
        number="78/QĐ-CAT",
        date=dt.date(2023, 1, 10),
        award_type=types.giay_khen_giam_doc,
        recipients=[
            Recipient(person=people.an, year_from=2022, achievement="Phá án ma túy"),
            Recipient(person=people.cuong, year_from=2022, achievement="Phá án trộm cắp"),
            Recipient(unit=units.cah_a, year_from=2022, achievement="Tập thể xuất sắc"),
        ],
    )
    return SimpleNamespace(cstdcs=cstdcs, bk=bk, mixed=mixed)
