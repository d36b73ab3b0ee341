"""Turning raw spreadsheet cells into typed values, the way real offices fill them in.

Every function takes what python-calamine returns (str, float, int, bool, date, datetime
or "") and raises ValueError with a Vietnamese reason when the cell cannot be read.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from django.utils import translation

from thidua.lib.cellvalues import integer, text  # noqa: F401 (the sheets read cells.integer)
from thidua.lib.dates import parse_date
from thidua.lib.validators import date_out_of_range
from thidua.lib.vntext import clean_text, fold

CODE_RE = re.compile(r"^[A-Za-z0-9_.\-]+$")


def code(value: object) -> str:
    """A code (mã): 1001.0 read by Excel as a number becomes "1001". Spaces inside are
    kept so that is_valid_code rejects them: they are a typing error the user should see."""
    return text(value)


def is_valid_code(value: str, max_length: int = 32) -> bool:
    return bool(value) and len(value) <= max_length and CODE_RE.match(value) is not None


def invalid_code_message(value: str, max_length: int = 32) -> str:
    """The one wording of a bad code, shared by Row.code and the cached award parsers."""
    return (
        f"Mã '{value}' không hợp lệ: chỉ gồm chữ không dấu, chữ số và các ký tự "
        f". _ - (tối đa {max_length} ký tự)."
    )


def date(value: object) -> dt.date | None:
    """A date from an Excel date cell, an Excel serial number, or text dd/mm/yyyy."""
    if type(value) is dt.date:
        return value
    if isinstance(value, str):
        value = clean_text(value)
    try:
        day = parse_date(value)
    except (ValueError, OverflowError, TypeError):
        raise ValueError(f"Ngày không hợp lệ: '{text(value)}' (cần dạng dd/mm/yyyy).") from None
    if day is not None and (reason := date_out_of_range(day)):
        raise ValueError(reason)
    return day


def vietnamese_labels(choices: list[tuple[str, object]]) -> dict[str, str]:
    """{value: label} of model choices in Vietnamese: the file format does not change with
    the language the pages are shown in (choice labels are translatable)."""
    with translation.override("vi"):
        return {value: str(label) for value, label in choices}


def choice_key(value: object) -> str:
    """The key a Vietnamese label is looked up by: no accents, no case, single spaces."""
    try:
        return _cached_choice_key(value)
    except TypeError:  # an unhashable cell value, which calamine never returns
        return fold(text(value))


@lru_cache(maxsize=8192)
def _cached_choice_key(value: object) -> str:
    # Choice columns (gender, kind, rank, appraisal…) repeat a handful of values 100k times.
    return fold(text(value))


def header_key(value: object) -> str:
    """How a header cell is matched: accent-, case- and space-insensitive, a trailing
    ':' or '*' (a common "required" mark) ignored."""
    return fold(text(value)).rstrip(":* ").strip()
