"""Writing workbooks whose text cells are never formulas (every Excel export of the project).

A name such as "=1+1", "-Nguyễn" or "@SUM(A1)" typed into a register must reach the sheet as
the text it is: never a formula when the file is opened, nor when a user later edits the cell
(F2, Enter) or saves the sheet as CSV and opens that (OWASP, "CSV injection"). So:

- every workbook is opened with XlsxWriter's conversions off (`workbook()`): a string is
  never turned into a formula, a number or a link;
- a text cell that begins with one of FORMULA_PREFIXES (= + - @, tab, carriage return) is
  written as a string cell with Excel's "quote prefix" style (the leading apostrophe Excel
  itself adds when a user types '=1+1): Excel and LibreOffice show and keep it as text. The
  value is unchanged, so the file read back by the imports gives the same text;
- numbers are written as numbers: a negative number is a number, not text.

`TextCells` is the one way the writers put text into a sheet; its formats are created through
it so that each has a quote-prefixed twin.
"""

from __future__ import annotations

from typing import IO, Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

__all__ = ["FORMULA_PREFIXES", "TextCells", "looks_like_formula", "workbook"]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_SAFE_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet program would take this text, typed or pasted, for a formula."""
    return text.startswith(FORMULA_PREFIXES)


def workbook(target: str | IO[bytes], **options: Any) -> xlsxwriter.Workbook:
    """An XlsxWriter workbook that never converts strings (options such as constant_memory
    or in_memory are passed on; the conversions cannot be turned back on)."""
    return xlsxwriter.Workbook(target, {**options, **_SAFE_OPTIONS})


class TextCells:
    """Formats and text cells of one workbook."""

    def __init__(self, book: xlsxwriter.Workbook) -> None:
        self.book = book
        self._props: dict[int, dict] = {}
        self._quoted: dict[int | None, Format] = {}

    def format(self, props: dict | None = None) -> Format:
        """book.add_format, remembering the properties for the quote-prefixed twin."""
        fmt = self.book.add_format(dict(props or {}))
        self._props[id(fmt)] = dict(props or {})
        return fmt

    def quoted(self, fmt: Format | None) -> Format:
        """The format with Excel's quote prefix (made once per format)."""
        key = None if fmt is None else id(fmt)
        found = self._quoted.get(key)
        if found is None:
            if key is not None and key not in self._props:
                raise ValueError("format not created with TextCells.format()")
            props = {} if key is None else self._props[key]
            found = self._quoted[key] = self.book.add_format({**props, "quote_prefix": True})
        return found

    def text(
        self, sheet: Worksheet, row: int, col: int, value: object, fmt: Format | None = None
    ) -> None:
        """A string cell holding str(value), quote-prefixed when it could be read as a formula."""
        text = str(value)
        if looks_like_formula(text):
            fmt = self.quoted(fmt)
        sheet.write_string(row, col, text, fmt)
