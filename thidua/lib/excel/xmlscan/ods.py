"""OpenDocument spreadsheets: content.xml, as calamine's ods reader reads it (ods.rs)."""

from __future__ import annotations

import re
from html import unescape

from thidua.lib.excel.extent import Extent, Malformed
from thidua.lib.excel.xmlscan.chunked import Chunked
from thidua.lib.excel.xmlscan.refs import parse_number
from thidua.lib.excel.xmlscan.syntax import CONTENT, raw_attr, raw_attrs

__all__ = ["OdsScan"]

# OpenDocument content.xml: the elements calamine's ods reader acts on, by their full names.
_ODS_NAMES = (
    rb"table:table-row|table:table-cell|table:covered-table-cell|table:table|"
    rb"office:annotation|text:s"
)
# Everything else: text, comments, CDATA, processing instructions, other tags. Possessive, so
# that a failed match never backtracks (an ordinary * here is exponential on long text).
_ODS_SKIP = (
    rb"(?:[^<]++|<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<(?![!?]|/?(?:"
    + _ODS_NAMES
    + rb")[ \t\r\n/>])"
    + CONTENT
    + rb">)*+"
)
_ODS_SKIP_RE = re.compile(_ODS_SKIP, re.S)
_ODS_TOKEN = re.compile(
    _ODS_SKIP
    + rb"<(?P<end>/?)(?P<name>"
    + _ODS_NAMES
    + rb")(?=[ \t\r\n/>])(?P<attrs>"
    + CONTENT
    + rb")>",
    re.S,
)
_ODS_COUNT = re.compile(rb"\+?[0-9]+")  # what Rust's usize::from_str accepts
_CELL_TAGS = (b"table:table-cell", b"table:covered-table-cell")
_VALUE_KEYS = (
    b"office:value",
    b"office:string-value",
    b"office:date-value",
    b"office:time-value",
    b"office:boolean-value",
)
_ODS_MAX_ROWS = 1_048_576  # calamine caps the rows of an .ods sheet here
_ODS_MAX_COLUMNS = 16_384  # and the cells of a row here


class OdsScan(Chunked):
    """content.xml of an .ods, read as calamine's ods reader reads it: tables, rows with their
    number-rows-repeated (capped at 1,048,576 rows), cells with their number-columns-repeated
    (capped at 16,384 per row); a cell holds something when it has a value, a formula or
    office:value-type="string" (a text, possibly empty). LibreOffice ends every sheet with
    huge repeats of empty rows and cells: calamine keeps none of them, neither does the measure.

    Each table gives an Extent: rows from the first to the last row holding something (repeats
    expanded), columns from A to the last one holding something; `cells` counts the cells
    calamine collects before building the range, `text_bytes` the values it holds once per
    repeat (a text repeated over 1,000 columns is held 1,000 times)."""

    def __init__(self, part: str, max_tag: int) -> None:
        super().__init__(part, max_tag)
        self.tables: list[Extent] = []
        self._mode = "outside"  # outside, table, row, text (string cell), skip (other cell)
        self._table = Extent("")
        self._rows = 0  # rows of the table so far, repeats expanded
        self._token_at = self._token_end = 0

    def _consume(self, data: bytes, final: bool) -> int:
        pos = 0
        while True:
            match = _ODS_TOKEN.match(data, pos)
            if match is None:
                return self._rest(data, pos, final)
            self._token_at = self._base + match.start("end") - 1
            self._token_end = self._base + match.end()
            name, attrs, closing = match["name"], match["attrs"], match["end"] == b"/"
            empty = attrs.endswith(b"/")
            if not closing:
                self._start(name, attrs[:-1] if empty else attrs)
            if closing or empty:
                self._end(name)
            pos = match.end()

    def _rest(self, data: bytes, pos: int, final: bool) -> int:
        stop = _ODS_SKIP_RE.match(data, pos).end()
        bang = data[stop : stop + 9]  # not a comment or CDATA, even unfinished: a DOCTYPE
        opens = b"<!--".startswith(bang[:4]) or b"<![CDATA[".startswith(bang)
        if bang.startswith(b"<!") and not opens:
            raise Malformed("có khai báo DOCTYPE")
        return len(data) if final else stop  # calamine fails on a truncated end

    def _start(self, name: bytes, attrs: bytes) -> None:
        mode = self._mode
        if mode == "outside" and name == b"table:table":
            self._open_table(attrs)
        elif mode == "table" and name == b"table:table-row":
            self._open_row(attrs)
        elif mode == "row" and name in _CELL_TAGS:
            self._open_cell(name, attrs)
        elif mode == "skip" and name == self._cell_name:
            self._depth += 1
        elif mode == "text" and name == b"office:annotation":
            self._annotation = True
        elif mode == "text" and name == b"text:s" and not self._annotation:
            self._value_bytes += _count(attrs, b"text:c")

    def _end(self, name: bytes) -> None:
        mode = self._mode
        if mode == "table" and name == b"table:table":
            self.tables.append(self._table)
            self._mode = "outside"
        elif mode == "row" and name == b"table:table-row":
            self._close_row()
        elif mode == "skip" and name == self._cell_name:
            if self._depth:
                self._depth -= 1
            else:
                self._close_cell()
        elif mode == "text" and self._annotation:
            self._annotation = name != b"office:annotation"
        elif mode == "text" and name in _CELL_TAGS:
            self._value_bytes += max(0, self._token_at - self._text_from)
            self._close_cell()

    def _open_table(self, attrs: bytes) -> None:
        name = raw_attr(attrs, b"table:name")
        if name is not None:
            self._table = Extent(unescape(name.decode("utf-8", "replace")))
            self._rows = 0
            self._mode = "table"

    def _open_row(self, attrs: bytes) -> None:
        repeats = _count(attrs, b"table:number-rows-repeated")
        self._repeats = max(1, min(repeats, _ODS_MAX_ROWS - self._rows))
        self._row_start = self._rows
        self._rows += self._repeats
        self._width = self._pending = 0  # cells pushed so far; empty cells not pushed yet
        self._last = 0  # cells up to the last one holding something
        self._row_text = 0
        self._mode = "row"

    def _close_row(self) -> None:
        table = self._table
        table.cells += self._width  # a row is collected once, repeated in the range
        if self._last:
            last_row = self._row_start + self._repeats - 1
            table.add_box(self._row_start, last_row, 0, self._last - 1)
            table.text_bytes += self._repeats * self._row_text
        self._mode = "table"

    def _open_cell(self, name: bytes, attrs: bytes) -> None:
        self._cell_name = name
        self._cell_repeats = _count(attrs, b"table:number-columns-repeated")
        self._value_bytes = 0
        holds, is_text = self._cell_value(attrs)
        self._holds = holds or is_text
        if self._formula and self._table.formula is None:
            self._table.formula = (self._row_start, self._width + self._pending)
        if is_text:
            self._mode, self._annotation = "text", False
            self._text_from = self._token_end
        else:
            self._mode, self._depth = "skip", 0

    def _cell_value(self, attrs: bytes) -> tuple[bool, bool]:
        """(holds a value or a formula, has a text to read) as calamine's get_datatype."""
        value_set = is_string = False
        formula = b""
        for key, value in raw_attrs(attrs):
            if key in _VALUE_KEYS and not value_set:
                value_set = True
                self._value_bytes += len(value)
            elif key == b"office:value-type" and not value_set:
                is_string = value == b"string"
            elif key == b"table:formula":
                formula = value
        self._value_bytes += len(formula)
        self._formula = bool(formula)
        return value_set or bool(formula), is_string and not value_set

    def _close_cell(self) -> None:
        self._width += min(self._pending, _ODS_MAX_COLUMNS - self._width)
        self._pending = 0
        repeats = min(self._cell_repeats, _ODS_MAX_COLUMNS - self._width)
        if self._holds:
            self._width += repeats
            self._last = self._width
            self._row_text += repeats * self._value_bytes
        else:
            self._pending = repeats
        self._mode = "row"


def _count(attrs: bytes, name: bytes) -> int:
    """A repeat count or a number of spaces; calamine fails on one it cannot parse."""
    value = raw_attr(attrs, name)
    if value is None:
        return 1
    if not _ODS_COUNT.fullmatch(value):
        raise Malformed(f"giá trị {name.decode()} không phải số")
    return parse_number(value.lstrip(b"+"))
