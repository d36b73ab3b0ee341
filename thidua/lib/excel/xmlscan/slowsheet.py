"""Worksheets, second pass: a part the first pass found irregular (a cell without r, or with
r not first), measured with calamine's row and column counters."""

from __future__ import annotations

import re
from collections import Counter

from thidua.lib.excel.extent import Extent, Malformed
from thidua.lib.excel.xmlscan import sheet, syntax
from thidua.lib.excel.xmlscan.chunked import Chunked
from thidua.lib.excel.xmlscan.refs import cell_position
from thidua.lib.excel.xmlscan.syntax import (
    is_plain,
    local_name,
    raw_attr,
    raw_attrs,
    split_tag,
)

__all__ = ["SlowSheetScan"]

# Patterns bound here by assignment, not by import: CPython 3.11 compiles a method call on a
# name an import bound without LOAD_METHOD, building a bound method on every call (2% of
# the token-by-token pass).
_TAG = syntax.TAG
_BARE_CELL = sheet.BARE_CELL
_SHARED_REF = sheet.SHARED_REF

# Worksheets without r: cells of a plain shape (no prefix, attributes without < or >, only
# <v>, <f> and a one-run <is> inside, all text), so that no row or cell hides inside a value.
_PLAIN = rb"(?:[ \t\r\n][^<>]*)?"
_SIMPLE_CELL = re.compile(
    rb"<c"
    + _PLAIN
    + rb"(?:/>|>(?:<v>[^<]*</v>|<f"
    + _PLAIN
    + rb"(?:/>|>[^<]*</f>)|<is><t"
    + _PLAIN
    + rb">[^<]*</t></is>)*</c>)"
)
_BARE_ROW = re.compile(rb"<row[\s/>]")
_PLAIN_ROW = re.compile(rb"<row" + _PLAIN + rb"/?>")
_ROW_TOKEN = re.compile(rb"<row(" + _PLAIN + rb"/?)>|</row[ \t\r\n]*>")
_SHEET_DATA = re.compile(rb"<sheetData(" + _PLAIN + rb"/?)>")
_ANY_R = re.compile(rb"r\s*=")


def _cell_attrs(raw: bytes) -> tuple[bytes | None, bytes | None]:
    """(r, t) as calamine's get_attrs!(r, s, t) leaves them: a repeated key overwrites, the
    scan stops once three keys were seen."""
    r = t = None
    found = 0
    for key, value in raw_attrs(raw):
        if key == b"r":
            r = value
        elif key == b"t":
            t = value
        elif key != b"s":
            continue
        found += 1
        if found == 3:
            break
    return r, t


class SlowSheetScan(Chunked):
    """Second pass over an irregular worksheet, as calamine's XlsxCellReader reads it: nothing
    before <sheetData> or after </sheetData>; a cell without r takes the row and column
    counters; the end of a row adds one to the row counter; what is inside a cell (<v>, <f>,
    <is> and their content) is neither a row nor a cell. calamine stops with an error on XML
    that is not well nested, and so does this pass.

    A chunk of plain rows (no comment or processing instruction, unprefixed names, every cell
    of a simple shape) is measured a row at a time with C-level counts; any other chunk token
    by token (about 20 times slower)."""

    def __init__(self, part: str, sheet: str, max_tag: int, shared: bool) -> None:
        super().__init__(part, max_tag)
        self.extent = Extent(sheet)
        self.shared_refs: Counter[bytes] | None = Counter() if shared else None
        self.irregular = False
        self._started = self._done = False
        self._row = self._col = 0
        self._cell: bytes | None = None  # name of the open cell
        self._inside: list[bytes] = []  # elements open inside it
        self._shared = False  # the open cell is t="s"
        self._at: tuple[int, int] | None = None  # its position, until it shows a value
        self._value: bytearray | None = None  # text of its <v>, while reading it

    def _consume(self, data: bytes, final: bool) -> int:
        if self._done:
            return len(data)
        cut = len(data) if final else data.rfind(b"</row>")
        if cut > 0 and not final:
            cut += len(b"</row>")
        if cut > 0 and self._cell is None and self._plain_rows(data, cut):
            self._rows(data, cut)
            return cut
        return self._tokens(data, final)

    def _plain_rows(self, data: bytes, end: int) -> bool:
        body = data[:end]
        if not is_plain(body, self._base == 0) or b":c" in body or b":row" in body:
            return False
        if not self._started and b"sheetData" in body and not _SHEET_DATA.search(body):
            return False
        cells = _BARE_CELL.findall(body)
        if len(_SIMPLE_CELL.findall(body)) != len(cells):
            return False
        if len(_PLAIN_ROW.findall(body)) != len(_BARE_ROW.findall(body)):
            return False
        if self.shared_refs is not None:
            found = _SHARED_REF.findall(body)
            if body.count(b'"s"') + body.count(b"'s'") != len(found):
                return False
            self.shared_refs.update(found)
        return True

    def _rows(self, data: bytes, end: int) -> None:
        pos = 0
        if not self._started:
            start = _SHEET_DATA.search(data, 0, end)
            if start is None:
                return
            self._started, pos = True, start.end()
            if start[1].endswith(b"/"):
                self._done = True
                return
        close = data.find(b"</sheetData>", pos, end)
        stop = end if close < 0 else close
        for match in _ROW_TOKEN.finditer(data, pos, stop):
            self._cells(data, pos, match.start())
            pos = match.end()
            if match[0].startswith(b"</"):
                self._row, self._col = self._row + 1, 0
                continue
            attrs = match[1]
            self._open_row(attrs.rstrip(b"/"))
            if attrs.endswith(b"/"):
                self._row, self._col = self._row + 1, 0
            if self._done:
                return
        self._cells(data, pos, stop)
        self._done = self._done or close >= 0

    def _cells(self, data: bytes, start: int, end: int) -> None:
        """The cells between two row tags (all of the simple shape)."""
        count = data.count(b"<c", start, end)
        if not count:
            return
        if _ANY_R.search(data, start, end):
            self._cells_one_by_one(data, start, end)
            return
        first_end, last_end = data.find(b"</c>", start, end), data.rfind(b"</c>", start, end)
        if first_end >= 0:  # cells with a value (calamine drops the empty ones)
            first = data.count(b"<c", start, data.rfind(b"<c", start, first_end))
            last = data.count(b"<c", start, data.rfind(b"<c", start, last_end))
            self.extent.add_box(self._row, self._row, self._col + first, self._col + last)
            self.extent.cells += data.count(b"</c>", start, end)
        self._col += count

    def _cells_one_by_one(self, data: bytes, start: int, end: int) -> None:
        for match in _SIMPLE_CELL.finditer(data, start, end):
            tag = match[0][: match[0].index(b">") + 1]
            self._open_cell(b"c", tag[2:-1].rstrip(b"/"))
            if self._done:
                return
            if not tag.endswith(b"/>"):
                self._child(b"v")
            self._cell, self._value = None, None
            self._col += 1

    def _tokens(self, data: bytes, final: bool) -> int:
        pos = 0
        while not self._done:
            lt = data.find(b"<", pos)
            if lt < 0:
                self._text(data[pos:])
                return len(data)
            self._text(data[pos:lt])
            end = self._token(data, lt) if data.find(b">", lt) >= 0 else -1
            if end < 0:
                if final:
                    self._done = True  # calamine fails on a truncated part
                return lt
            pos = end
        return len(data)

    def _token(self, data: bytes, lt: int) -> int:
        """Handle the token at lt; its end, or -1 when it is not complete in data."""
        for opener, closer in ((b"<!--", b"-->"), (b"<![CDATA[", b"]]>"), (b"<?", b"?>")):
            if data.startswith(opener, lt):
                self._end_value()
                end = data.find(closer, lt + len(opener))
                return -1 if end < 0 else end + len(closer)
        if data.startswith(b"<!", lt):
            raise Malformed("có khai báo DOCTYPE")
        match = _TAG.match(data, lt)
        if match is None:
            return -1
        self._end_value()
        is_end, empty, name, attrs = split_tag(match[1])
        if is_end:
            self._close(name)
        else:
            self._open(name, attrs)
            if empty:
                self._close(name)
        return match.end()

    def _text(self, text: bytes) -> None:
        if self._value is not None and len(self._value) < 32:
            self._value += text

    def _end_value(self) -> None:
        """calamine reads a shared-string index from the first event after <v>: its text."""
        if self._value is not None:
            digits = bytes(self._value).split(b"&", 1)[0]
            if digits.isdigit():
                self.shared_refs[digits] += 1
            self._value = None

    def _open(self, name: bytes, attrs: bytes) -> None:
        if self._cell is not None:
            self._inside.append(name)
            if len(self._inside) == 1:
                self._child(name)
            return
        local = local_name(name)
        if not self._started:
            self._started = local == b"sheetData"
        elif local == b"row":
            self._open_row(attrs)
        elif local == b"c":
            self._open_cell(name, attrs)

    def _child(self, name: bytes) -> None:
        if self._at is not None:
            self.extent.add(*self._at)
            self.extent.cells += 1
            self._at = None
        if self._shared and local_name(name) == b"v":
            self._value = bytearray()

    def _open_row(self, attrs: bytes) -> None:
        try:
            r = raw_attr(attrs, b"r")
        except Malformed:
            self._done = True  # calamine stops with an error on this row
            return
        if r is not None:
            position = cell_position(r, need_column=False)
            if position is None:
                self._done = True
                return
            self._row = position[0]

    def _open_cell(self, name: bytes, attrs: bytes) -> None:
        try:
            r, t = _cell_attrs(attrs)
        except Malformed:
            self._done = True
            return
        if r is None:
            row, col = self._row, self._col
        else:
            position = cell_position(r)
            if position is None:
                self._done = True
                return
            row, col = position
            self._col = col
        self._at = (row, col)  # counted once a value shows up: calamine drops empty cells
        self._cell, self._inside = name, []
        self._shared = t == b"s" and self.shared_refs is not None

    def _close(self, name: bytes) -> None:
        if self._cell is not None:
            if self._inside:
                if self._inside.pop() != name:
                    self._done = True  # not well nested: calamine reports an error
                return
            if name != self._cell:
                self._done = True
                return
            self._cell = None
            self._col += 1
            return
        if not self._started:
            return
        local = local_name(name)
        if local == b"row":
            self._row += 1
            self._col = 0
        elif local == b"sheetData":
            self._done = True
