"""Dates as Vietnamese offices write them: dd/mm/yyyy (a moment: dd/mm/yyyy hh:mm, local
time), or Excel date cells."""

from __future__ import annotations

import datetime as dt
import re

_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def parse_date(value: object) -> dt.date | None:
    """A date from an Excel cell or text; None for an empty cell; ValueError if unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # An Excel serial number in a cell not formatted as a date.
        if 1 <= value < 2958466:
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise ValueError(value)
    text = str(value).replace("\u00a0", " ").strip()
    if not text:
        return None
    for pattern, order in ((_DMY, (3, 2, 1)), (_YMD, (1, 2, 3))):
        m = pattern.match(text)
        if m:
            y, mo, d = (int(m.group(i)) for i in order)
            return dt.date(y, mo, d)  # raises ValueError for 31/02/2020
    raise ValueError(value)


def format_date(value: dt.date | None) -> str:
    # Not strftime: it writes the year 0001 as "1" on glibc.
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}" if value else ""


def format_moment(value: dt.datetime | None) -> str:
    """A moment as every page and message writes it, in local time: 05/03/2025 14:30."""
    if value is None:
        return ""
    # Imported here: the rule engine reads this module and must not load Django.
    from django.utils import timezone

    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{format_date(local.date())} {local.hour:02d}:{local.minute:02d}"
