"""Values of spreadsheet cells and form fields, the way Vietnamese offices write them: text
to clean, integers with a thousands dot ("1.027"), a year or a period of years ("2015-2020").

Shared by the Excel imports (thidua.imports.engine.cells builds on these) and the web forms
that take the same values, so both read "2016-2020" alike.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache

from thidua.lib.vntext import clean_text

# The earliest year a commendation on record can be for (the state's first awards, 1945).
MIN_YEAR = 1945
# "1.027" or "1 027" as Vietnamese offices write thousands; never a decimal point here.
_GROUPED_INT = re.compile(r"^[+-]?\d{1,3}(?:[. \u00a0]\d{3})+$")
_PLAIN_INT = re.compile(r"^[+-]?\d+$")
# "2015-2020", "2015 - 2020", "2015–2020", "2015—2020", "2015/2020" ("2.015" is not a period)
_PERIOD = re.compile(r"^(\d{4})\s*[-–—/]\s*(\d{4})$")


def text(value: object) -> str:
    """Cleaned text; a whole float (Excel's 1001.0) is written without its ".0"."""
    if type(value) is str:
        # Most cells are already clean; checking is cheaper than cleaning (hot path). Every
        # character clean_text would change (whitespace other than the plain space, nbsp,
        # zero-width space, control characters) is not printable, so a printable string
        # without edge or double spaces, in NFC, is clean.
        if not value or (
            value.isprintable()
            and value[0] != " "
            and value[-1] != " "
            and "  " not in value
            and (value.isascii() or unicodedata.is_normalized("NFC", value))
        ):
            return value
        return clean_text(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "1" if value else "0"
    return clean_text(value)


def integer(value: object) -> int | None:
    """An integer from a number cell or text such as "1.027" (a thousands dot) or "2019"."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"Không phải số nguyên: '{text(value)}'.")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValueError(f"Không phải số nguyên: '{text(value)}'.")
    raw = clean_text(value)
    if not raw:
        return None
    if _PLAIN_INT.match(raw):
        return int(raw)
    if _GROUPED_INT.match(raw):
        return int(re.sub(r"[. \u00a0]", "", raw))
    raise ValueError(f"Không phải số nguyên: '{raw}'.")


@lru_cache(maxsize=4096)
def parse_period(raw: object) -> tuple[int, int] | str:
    """(first year, last year) of "2019", 2019.0, "2.019" or "2015-2020"; a Vietnamese
    reason (str) when the cell is not a year. Cached: a file repeats a handful of years."""
    written = text(raw)
    match = _PERIOD.match(written)
    if match:
        first, last = int(match[1]), int(match[2])
        if first > last:
            return f"Giai đoạn '{written}' không hợp lệ: năm đầu phải trước năm cuối."
    else:
        try:
            first = last = integer(raw)
        except ValueError:
            return (
                f"Năm '{written}' không hợp lệ: ghi một năm (2019) hoặc một giai đoạn (2015-2020)."
            )
    if not MIN_YEAR <= first <= last <= 9999:
        return f"Năm '{written}' không hợp lệ: phải từ {MIN_YEAR} trở đi."
    return first, last
