"""Working days (ngày làm việc): Monday to Friday, less Vietnam's public holidays and Tết as
the `holidays` package knows them (with the days off it substitutes), less the days an office
adds (a day off the province grants). Pure: the caller passes the added days.

The one rule of a disclosure period, "at least N working days before the council meeting":
the list is published on `start`; the period ends on the N-th working day counted from
`start` (itself included when it is a working day); the meeting may be held from the next day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from functools import lru_cache

import holidays

ONE_DAY = dt.timedelta(days=1)


@lru_cache(maxsize=64)
def public_holidays(year: int) -> dict[dt.date, str]:
    """Vietnam's public holidays of a year, with their Vietnamese names."""
    return dict(holidays.country_holidays("VN", years=[year], language="vi"))


def day_off_name(day: dt.date, added: Collection[dt.date] = ()) -> str:
    """Why `day` is not a working day ("" when it is one)."""
    if day in added:
        return "Ngày nghỉ do cơ quan bổ sung"
    if name := public_holidays(day.year).get(day):
        return name
    if day.weekday() >= 5:
        return "Thứ Bảy" if day.weekday() == 5 else "Chủ nhật"
    return ""


def is_working_day(day: dt.date, added: Collection[dt.date] = ()) -> bool:
    return not day_off_name(day, added)


def nth_working_day(start: dt.date, n: int, added: Collection[dt.date] = ()) -> dt.date:
    """The n-th working day counted from `start` (start itself is the first when it is one)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    day, seen = start, 0
    while True:
        if is_working_day(day, added):
            seen += 1
            if seen == n:
                return day
        day += ONE_DAY


def working_days_between(first: dt.date, last: dt.date, added: Collection[dt.date] = ()) -> int:
    """How many working days lie in [first, last], both included."""
    count, day = 0, first
    while day <= last:
        count += is_working_day(day, added)
        day += ONE_DAY
    return count
