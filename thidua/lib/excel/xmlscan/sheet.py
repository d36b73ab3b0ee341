"""Worksheets, first pass: C-level bytes.count and re.findall per chunk.

This pass holds when every cell tag starts with its reference (`<c r="B7"`, the shape every
known writer produces): calamine places such a cell at its r attribute, so the column letters
and the smallest and largest row numbers of all r attributes bound the range. Any other cell
(no r, r not first) makes the part "irregular"; SlowSheetScan (slowsheet.py) then measures it
again.
"""

from __future__ import annotations

import re
from collections import Counter
from operator import itemgetter

from thidua.lib.excel.extent import Extent, Malformed
from thidua.lib.excel.xmlscan.chunked import Chunked
from thidua.lib.excel.xmlscan.refs import HUGE, column_index, dimension_box
from thidua.lib.excel.xmlscan.syntax import ATTRS, CONTENT, PREFIX, raw_attr

__all__ = ["BARE_CELL", "SHARED_REF", "SheetScan"]

# BARE_CELL and SHARED_REF are read by the second pass too (slowsheet.py).
BARE_CELL = re.compile(rb"<c[\s/>]")
_PREFIXED_CELL = re.compile(rb"<(?![/!?])[^\s>:<]*:c[\s/>]")
_PREFIXED_CELL_R = re.compile(rb"<(?![/!?])[^\s>:<]*:c r=")
# Every r attribute holding a cell reference, whatever its spacing and quotes: calamine takes
# a cell's position from its r attribute (the last one when it is repeated), so all of them.
_REF = re.compile(rb"r\s*=\s*[\"']([A-Za-z]+)([0-9]+)[\"']")
# The same, except in a tag closed by />: calamine drops a cell without a value, such as the
# styled empty cells some writers put out to XFD1048576. A third slower (the rest of each tag
# is read), so only used to measure again a sheet the first pass would refuse.
_VALUE_REF = re.compile(_REF.pattern + rb"(?=" + CONTENT + rb"(?<!/)>)")
SHARED_REF = re.compile(
    rb"t=\"s\"><" + PREFIX + rb"v>([0-9]+)</" + PREFIX + rb"v></" + PREFIX + rb"c>"
)
_DIMENSION = re.compile(rb"<(?![/!?])" + PREFIX + rb"dimension[\s/>]" + ATTRS + rb">")
# A cell's formula, <f>…</f> or <f t="shared" si="0"/>, looked for in <sheetData> only (after
# it, <extLst> holds <xm:f> of data validations: not cells).
_FORMULA = re.compile(rb"<" + PREFIX + rb"f[\s/>]")
_FORMULA_MARKS = tuple(
    p + b"f" + e for p in (b"<", b":") for e in (b">", b"/", b" ", b"\t", b"\n", b"\r")
)
_DATA_OPEN = re.compile(rb"<" + PREFIX + rb"sheetData[\s/>]")
_DATA_CLOSE = re.compile(rb"</" + PREFIX + rb"sheetData\s*>")
_CELL_OPEN = re.compile(rb"<" + PREFIX + rb"c\s")


def _cut(data: bytes) -> int:
    """Split after the last complete cell (t="s"><v>…</v></c> stays whole), else before an
    unfinished tag."""
    end = max(data.rfind(b"</c>"), data.rfind(b":c>"))
    if end >= 0:
        return data.index(b">", end) + 1
    lt = data.rfind(b"<")
    if lt >= 0 and data.find(b">", lt) < 0:
        return lt
    return len(data)


def _tag(pattern: re.Pattern, data: bytes, start: int, end: int) -> re.Match | None:
    """The first <sheetData> (or </sheetData>) tag of data[start:end]: a literal search for
    the name, then the pattern matched at the '<' before it (a regex search would try every
    '<' of the sheet)."""
    pos = data.find(b"sheetData", start, end)
    while pos >= 0:
        lt = data.rfind(b"<", start, pos)
        found = pattern.match(data, lt, end) if lt >= 0 else None
        if found is not None:
            return found
        pos = data.find(b"sheetData", pos + 1, end)
    return None


def _first_formula(data: bytes, start: int, stop: int) -> int:
    """Where the first formula element of data[start:stop] begins, or -1. Each f is found by
    memchr and its tag confirmed (<f, or a prefixed <x:f); a slice of text with many f falls
    back on two literal searches, for <f and :f (each slower: '<' is everywhere)."""
    pos, tries = data.find(b"f", start, stop), 0
    while pos >= 0 and tries < 256:
        if data[pos - 1] in b"<:" and (at := _formula_tag(data, start, pos - 1)) >= 0:
            return at
        pos, tries = data.find(b"f", pos + 1, stop), tries + 1
    if pos < 0:
        return -1
    best = -1
    for mark in (b"<f", b":f"):
        pos = data.find(mark, start, stop)
        while pos >= 0 and (best < 0 or pos < best):
            at = _formula_tag(data, start, pos)
            if at >= 0:
                best = at
                break
            pos = data.find(mark, pos + 1, stop)
    return best


def _formula_tag(data: bytes, start: int, pos: int) -> int:
    """The start of the formula tag whose '<' or ':' is at pos, or -1 (text may hold ':f>')."""
    lt = pos if data[pos] == 60 else data.rfind(b"<", start, pos)  # 60: '<'
    tag = _FORMULA.match(data, lt) if lt >= 0 else None
    return lt if tag is not None and tag.end() == pos + 3 else -1


def _declared(body: bytes, extent: Extent) -> None:
    """<dimension ref="A1:J100">: calamine only uses it to reserve memory below 100,000 cells,
    but a declaration past the limits is a sheet that should not be imported as it is."""
    if b"dimension" not in body:
        return
    for match in _DIMENSION.finditer(body):
        try:
            value = raw_attr(match[1].rstrip(b"/"), b"ref")
        except Malformed:
            continue
        box = dimension_box(value) if value else None
        if box is not None:
            extent.declared.append(box)


class SheetScan(Chunked):
    """First pass over a worksheet part (or any part that might be read as one)."""

    def __init__(
        self, part: str, sheet: str, max_tag: int, shared: bool, values_only: bool = False
    ) -> None:
        super().__init__(part, max_tag)
        self.extent = Extent(sheet)
        self.shared_refs: Counter[bytes] | None = Counter() if shared else None
        self.irregular = False  # a cell this pass cannot place: SlowSheetScan measures it
        self.values_only = values_only  # leave out empty cells <c r="…"/>
        self._ref = _VALUE_REF if values_only else _REF
        self._columns: dict[bytes, int] = {}
        self._in_data = False  # <sheetData> seen
        self._formula_zone = 0  # 0 before <sheetData>, 1 in it, 2 after it (or one found)

    def _consume(self, data: bytes, final: bool) -> int:
        cut = len(data) if final else _cut(data)
        if self._formula_zone < 2 and cut:
            self._find_formula(data, cut)
        if not self.irregular and cut:
            self._measure(data, cut)
        return cut

    def _find_formula(self, data: bytes, end: int) -> None:
        """The first formula of the sheet's cells, and the cell holding it: data is cut after
        a whole cell, so the cell's start tag is in the same slice as its formula."""
        start = 0
        if self._formula_zone == 0:
            opened = _tag(_DATA_OPEN, data, 0, end)
            if opened is None:
                return
            self._formula_zone, start = 1, opened.end()
        closed = _tag(_DATA_CLOSE, data, start, end)
        stop = end if closed is None else closed.start()
        if closed is not None:
            self._formula_zone = 2
        at = _first_formula(data, start, stop)
        if at < 0:
            return
        self._formula_zone = 2
        cells = list(_CELL_OPEN.finditer(data, max(start, at - 4096), at))
        ref = None
        if cells:
            tag_end = data.find(b">", cells[-1].start(), at)
            ref = _REF.search(data, cells[-1].start(), tag_end if tag_end >= 0 else at)
        if ref is None:
            self.extent.formula = (-1, -1)
        else:
            self.extent.formula = (int(ref[2]) - 1, self._column(ref[1]))

    def _measure(self, data: bytes, end: int) -> None:
        """Measure data[:end] (bounds rather than a slice: no copy of the chunk)."""
        cells = data.count(b"<c r=", 0, end)
        if data.count(b"<c", 0, end) != cells and len(BARE_CELL.findall(data, 0, end)) != cells:
            self.irregular = True  # a cell without r, or with r not first
            return
        if data.find(b":c", 0, end) >= 0:  # <x:c r="A1">, as .NET libraries write
            with_r = len(_PREFIXED_CELL_R.findall(data, 0, end))
            if len(_PREFIXED_CELL.findall(data, 0, end)) != with_r:
                self.irregular = True
                return
            cells += with_r
        self.extent.cells += cells
        refs = self._ref.findall(data, 0, end)
        if refs:
            self._place(refs)
        if self.shared_refs is not None:
            self._count_shared(data, end)
        if not self._in_data:  # calamine reads <dimension> only before <sheetData>
            data_at = data.find(b"sheetData", 0, end)
            self._in_data = data_at >= 0
            _declared(data[: data_at if self._in_data else end], self.extent)

    def _place(self, refs: list[tuple[bytes, bytes]]) -> None:
        columns = [self._column(c) for c in set(map(itemgetter(0), refs))]
        digits = set(map(itemgetter(1), refs))
        rows = [HUGE] if max(map(len, digits)) > 12 else list(map(int, digits))
        self.extent.add_box(max(min(rows), 1) - 1, max(rows) - 1, min(columns), max(columns))

    def _column(self, letters: bytes) -> int:
        index = self._columns.get(letters)
        if index is None:
            index = self._columns[letters] = column_index(letters)
        return index

    def _count_shared(self, data: bytes, end: int) -> None:
        """Shared-string cells by index: calamine copies the string into each of them."""
        found = SHARED_REF.findall(data, 0, end)
        if data.count(b'"s"', 0, end) + data.count(b"'s'", 0, end) != len(found):
            self.irregular = True  # a t="s" cell of another shape
            return
        self.shared_refs.update(found)
