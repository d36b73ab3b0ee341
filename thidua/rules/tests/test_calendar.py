"""Calendar-month arithmetic (thidua.rules.calendar): the engine's service and discipline
counts, the register's discipline end dates and the person page's durations use it."""

from __future__ import annotations

from datetime import date as D

import pytest

from thidua.rules.calendar import add_months, month_diff, months_and_days

ADD_MONTHS = [
    ("31/01 + 1 tháng: cuối tháng 2", D(2023, 1, 31), 1, D(2023, 2, 28)),
    ("31/01 + 1 tháng năm nhuận: 29/02", D(2024, 1, 31), 1, D(2024, 2, 29)),
    ("sang năm sau", D(2023, 11, 15), 2, D(2024, 1, 15)),
    ("12 tháng", D(2023, 5, 1), 12, D(2024, 5, 1)),
    ("31/08 + 6 tháng: 29/02 năm nhuận", D(2023, 8, 31), 6, D(2024, 2, 29)),
    ("trừ tháng: 31/03 − 1 tháng", D(2023, 3, 31), -1, D(2023, 2, 28)),
    ("trừ sang năm trước", D(2024, 1, 1), -12, D(2023, 1, 1)),
    ("31/12 − 6 tháng: 30/06", D(2024, 12, 31), -6, D(2024, 6, 30)),
    ("0 tháng", D(2020, 2, 29), 0, D(2020, 2, 29)),
]


@pytest.mark.parametrize(
    "day,months,expected", [r[1:] for r in ADD_MONTHS], ids=[r[0] for r in ADD_MONTHS]
)
def test_add_months_clamps_to_the_month_end(day, months, expected):
    assert add_months(day, months) == expected


MONTH_DIFF = [
    ("cùng ngày tháng sau: 1 tháng", D(2020, 3, 1), D(2020, 4, 1), 1),
    ("chưa tròn tháng", D(2020, 3, 1), D(2020, 3, 31), 0),
    ("ngày cuối nhỏ hơn ngày đầu", D(2020, 1, 31), D(2020, 2, 29), 0),
    ("qua nhiều năm", D(2010, 9, 1), D(2024, 1, 1), 160),
    ("ngày cuối trước ngày đầu: âm", D(2020, 5, 1), D(2020, 3, 1), -2),
]


@pytest.mark.parametrize(
    "start,end,expected", [r[1:] for r in MONTH_DIFF], ids=[r[0] for r in MONTH_DIFF]
)
def test_month_diff_counts_whole_calendar_months(start, end, expected):
    assert month_diff(start, end) == expected


MONTHS_AND_DAYS = [
    ("01/03/2017–30/04/2018: 14 tháng, qua 29/02", D(2017, 3, 1), D(2018, 4, 30), (14, 0)),
    ("một ngày", D(2017, 3, 1), D(2017, 3, 1), (0, 1)),
    (
        "31/01–02/03: 31/01 → 28/02 là một tháng, rồi 01–02/03",
        D(2017, 1, 31),
        D(2017, 3, 2),
        (1, 3),
    ),
    ("01/03/2015–30/04/2016: 14 tháng dù có 29/02", D(2015, 3, 1), D(2016, 4, 30), (14, 0)),
]


@pytest.mark.parametrize(
    "first,last,expected", [r[1:] for r in MONTHS_AND_DAYS], ids=[r[0] for r in MONTHS_AND_DAYS]
)
def test_months_and_days_counts_both_ends(first, last, expected):
    assert months_and_days(first, last) == expected


def test_whole_months_then_days_add_back_to_the_day_after():
    for first in (D(2016, 1, 31), D(2016, 2, 29), D(2017, 8, 15)):
        for length in range(0, 800, 7):
            last = D.fromordinal(first.toordinal() + length)
            months, days = months_and_days(first, last)
            assert 0 <= days < 31
            assert D.fromordinal(add_months(first, months).toordinal() + days) == D.fromordinal(
                last.toordinal() + 1
            )
