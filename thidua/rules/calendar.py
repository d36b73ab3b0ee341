"""Calendar-month arithmetic, the one implementation for the whole project.

Plain Python (the engine's bottom layer, no Django): the rule packs count service and the
duration of disciplines in calendar months, the register stores a discipline's end date, the
person page shows how long an interruption lasted, all with these three functions.
"""

from __future__ import annotations

from datetime import date, timedelta


def add_months(day: date, months: int) -> date:
    """The same day `months` later (earlier when negative), clamped to the month's end:
    31/01 + 1 month = 28/02 (29/02 in a leap year), 31/03 − 1 month = 28/02."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, _days_in_month(year, month)))


def month_diff(start: date, end: date) -> int:
    """Whole calendar months from start up to end (end exclusive); negative when end comes
    first. 01/03 → 01/04 is one month, 01/03 → 31/03 none."""
    return (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)


def months_and_days(first: date, last: date) -> tuple[int, int]:
    """Whole calendar months, then the days left, from `first` to `last`, both days counted:
    01/03/2017–30/04/2018 is (14, 0), 31/01–02/03/2017 is (1, 3)."""
    after = last + timedelta(days=1)
    months = month_diff(first, after)
    return months, (after - add_months(first, months)).days


def _days_in_month(year: int, month: int) -> int:
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - timedelta(days=1)).day
