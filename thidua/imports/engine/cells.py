"""Turning raw spreadsheet cells into typed values, the way real offices fill them in.

Every function takes what python-calamine returns (str, float, int, bool, date, datetime
or "") and raises ValueError with a Vietnamese reason when the cell cannot be read.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache

from django.utils import translation

from thidua.lib.dates import parse_date
from thidua.lib.vntext import clean_text, fold

CODE_RE = re.compile(r"^[A-Za-z0-9_.\-]+$")
# "1.027" or "1 027" as Vietnamese offices write thousands; never a decimal point here.
_GROUPED_INT = re.compile(r"^[+-]?\d{1,3}(?:[. \u00a0]\d{3})+$")
_PLAIN_INT = re.compile(r"^[+-]?\d+$")


def text(value: object) -> str:
    """Cleaned text; a whole float (Excel's 1001.0) is written without its ".0"."""
    if type(value) is str:
        # Most cells are already clean; checking is cheaper than cleaning (hot path). Every
        # character clean_text would change (whitespace other than the plain space, nbsp,
        # zero-width space, control characters) is not printable, so a printable string
        # without edge or double spaces, in NFC, is clean.
        if not value or (value.isprintable() and value[0] != " " and value[-1] != " "
                         and "  " not in value
                         and (value.isascii() or unicodedata.is_normalized("NFC", value))):
            return value
        return clean_text(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "1" if value else "0"
    return clean_text(value)


def code(value: object) -> str:
    """A code (mã): 1001.0 read by Excel as a number becomes "1001". Spaces inside are
    kept so that is_valid_code rejects them: they are a typing error the user should see."""
    return text(value)


def is_valid_code(value: str, max_length: int = 32) -> bool:
    return bool(value) and len(value) <= max_length and CODE_RE.match(value) is not None


def invalid_code_message(value: str, max_length: int = 32) -> str:
    """The one wording of a bad code, shared by Row.code and the cached award parsers."""
    return (f"Mã '{value}' không hợp lệ: chỉ gồm chữ không dấu, chữ số và các ký tự "
            f". _ - (tối đa {max_length} ký tự).")


def date(value: object) -> dt.date | None:
    """A date from an Excel date cell, an Excel serial number, or text dd/mm/yyyy."""
    if type(value) is dt.date:
        return value
    if isinstance(value, str):
        value = clean_text(value)
    try:
        return parse_date(value)
    except (ValueError, OverflowError, TypeError):
        raise ValueError(f"Ngày không hợp lệ: '{text(value)}' (cần dạng dd/mm/yyyy).") from None


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
