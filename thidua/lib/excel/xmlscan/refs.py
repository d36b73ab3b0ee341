"""Cell references and the numbers in them, as calamine parses them (xlsx/mod.rs
get_row_and_optional_column)."""

from __future__ import annotations

import re

__all__ = ["HUGE", "cell_position", "column_index", "dimension_box", "parse_number"]

HUGE = 1 << 40  # a row or column number too long to be anything but refused


def parse_number(digits: bytes) -> int:
    """The number digits spell; HUGE past 12 digits (refused by any limit)."""
    return int(digits) if len(digits) <= 12 else HUGE


def column_index(letters: bytes) -> int:
    if len(letters) > 8:
        return HUGE
    index = 0
    for byte in letters.upper():
        index = index * 26 + byte - 64
    return index - 1


_REF_VALUE = re.compile(rb"([A-Za-z]*)([0-9]+)")


def cell_position(value: bytes, *, need_column: bool = True) -> tuple[int, int] | None:
    """(row, column), 0-based, or None where calamine rejects the reference."""
    match = _REF_VALUE.fullmatch(value)
    if match is None or (need_column and not match[1]):
        return None
    row = parse_number(match[2]) - 1
    if row < 0:
        return None
    return row, column_index(match[1]) if match[1] else 0


def dimension_box(value: bytes) -> tuple[int, int, int, int] | None:
    parts = [cell_position(part) for part in value.split(b":")]
    if len(parts) > 2 or None in parts:
        return None
    rows = [p[0] for p in parts]
    cols = [p[1] for p in parts]
    return min(rows), max(rows), min(cols), max(cols)
