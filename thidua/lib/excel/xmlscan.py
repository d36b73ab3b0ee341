"""Measuring the XML parts of .xlsx/.xlsm and .ods files the way python-calamine reads them.

Each scanner is fed a part's bytes in chunks as they are decompressed (a part is never held
whole) and fills an Extent. The measure must never be smaller than what calamine allocates,
so every rule below follows calamine's own reading (calamine 0.36: xlsx/cells_reader.rs,
xlsx/mod.rs, ods.rs, attrs.rs) and, where that cannot be followed cheaply, counts more.

Worksheets (SheetScan) are measured with C-level bytes.count and re.findall per chunk when
every cell tag starts with its reference (`<c r="B7"`, the shape every known writer
produces): calamine places such a cell at its r attribute, so the column letters and the
smallest and largest row numbers of all r attributes bound the range. Any other cell (no r,
r not first) makes the part "irregular"; SlowSheetScan then measures it again token by token,
with calamine's row and column counters.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Iterator
from html import unescape
from operator import itemgetter

from thidua.lib.excel.extent import Extent, Malformed

_WS = b" \t\n\r\x0c"  # Rust's is_ascii_whitespace: what calamine's attribute reader skips
_NAME_END = re.compile(rb"[ \t\r\n]")  # quick-xml ends an element name at these
_HUGE = 1 << 40  # a row or column number too long to be anything but refused
# A tag's content: quick-xml looks for the closing > outside quotes. Possessive (Python 3.11)
# so that an unfinished tag fails in linear time.
_CONTENT = rb"(?:[^>\"']|\"[^\"]*\"|'[^']*')*+"
_ATTRS = rb"(" + _CONTENT + rb")"
_TAG = re.compile(rb"<" + _ATTRS + rb">")
_PREFIX = rb"(?:[^\s>:<]*:)?"  # quick-xml's local name follows the first colon

# Worksheets, fast pass.
_BARE_CELL = re.compile(rb"<c[\s/>]")
_PREFIXED_CELL = re.compile(rb"<(?![/!?])[^\s>:<]*:c[\s/>]")
_PREFIXED_CELL_R = re.compile(rb"<(?![/!?])[^\s>:<]*:c r=")
# Every r attribute holding a cell reference, whatever its spacing and quotes: calamine takes
# a cell's position from its r attribute (the last one when it is repeated), so all of them.
_REF = re.compile(rb"r\s*=\s*[\"']([A-Za-z]+)([0-9]+)[\"']")
# The same, except in a tag closed by />: calamine drops a cell without a value, such as the
# styled empty cells some writers put out to XFD1048576. A third slower (the rest of each tag
# is read), so only used to measure again a sheet the first pass would refuse.
_VALUE_REF = re.compile(_REF.pattern + rb"(?=" + _CONTENT + rb"(?<!/)>)")
_SHARED_REF = re.compile(
    rb"t=\"s\"><" + _PREFIX + rb"v>([0-9]+)</" + _PREFIX + rb"v></" + _PREFIX + rb"c>"
)
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
_DIMENSION = re.compile(rb"<(?![/!?])" + _PREFIX + rb"dimension[\s/>]" + _ATTRS + rb">")

# Shared strings.
_SST = re.compile(rb"<(?![/!?])" + _PREFIX + rb"sst[\s/>]")
_SST_END = re.compile(rb"</" + _PREFIX + rb"sst[\s>]")
_SI = re.compile(rb"<(/?)" + _PREFIX + rb"si([\s/>])")
_SI_OPEN = re.compile(rb"<" + _PREFIX + rb"si[\s/>]")
_UNIQUE_COUNT = re.compile(rb"uniqueCount\s*=\s*[\"']([0-9]+)")
_DECLARATION = re.compile(rb"(?:\xef\xbb\xbf)?\s*<\?xml[^>]*\?>")

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
    + _CONTENT
    + rb">)*+"
)
_ODS_SKIP_RE = re.compile(_ODS_SKIP, re.S)
_ODS_TOKEN = re.compile(
    _ODS_SKIP
    + rb"<(?P<end>/?)(?P<name>"
    + _ODS_NAMES
    + rb")(?=[ \t\r\n/>])(?P<attrs>"
    + _CONTENT
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


# Attributes, as calamine reads them (attrs.rs).


def raw_attrs(raw: bytes) -> Iterator[tuple[bytes, bytes]]:
    """calamine's RawAttrIter: key up to '=' (trailing spaces trimmed), quoted value.
    Raises Malformed where calamine reports an AttrError."""
    pos, end = 0, len(raw)
    while True:
        while pos < end and raw[pos] in _WS:
            pos += 1
        if pos >= end:
            return
        eq = raw.find(b"=", pos)
        if eq < 0:
            raise Malformed("thuộc tính XML thiếu dấu '='")
        key = raw[pos:eq].rstrip(_WS)
        pos = eq + 1
        while pos < end and raw[pos] in _WS:
            pos += 1
        if pos >= end or raw[pos] not in b"\"'":
            raise Malformed("giá trị thuộc tính XML không có dấu nháy")
        close = raw.find(raw[pos : pos + 1], pos + 1)
        close = end if close < 0 else close
        yield key, raw[pos + 1 : close]
        pos = close + 1


def raw_attr(raw: bytes, name: bytes) -> bytes | None:
    for key, value in raw_attrs(raw):
        if key == name:
            return value
    return None


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


# Cell references, as calamine parses them (xlsx/mod.rs get_row_and_optional_column).


def _number(digits: bytes) -> int:
    return int(digits) if len(digits) <= 12 else _HUGE


def _column(letters: bytes) -> int:
    if len(letters) > 8:
        return _HUGE
    index = 0
    for byte in letters.upper():
        index = index * 26 + byte - 64
    return index - 1


_REF_VALUE = re.compile(rb"([A-Za-z]*)([0-9]+)")


def _position(value: bytes, *, need_column: bool = True) -> tuple[int, int] | None:
    """(row, column), 0-based, or None where calamine rejects the reference."""
    match = _REF_VALUE.fullmatch(value)
    if match is None or (need_column and not match[1]):
        return None
    row = _number(match[2]) - 1
    if row < 0:
        return None
    return row, _column(match[1]) if match[1] else 0


def _dimension(value: bytes) -> tuple[int, int, int, int] | None:
    parts = [_position(part) for part in value.split(b":")]
    if len(parts) > 2 or None in parts:
        return None
    rows = [p[0] for p in parts]
    cols = [p[1] for p in parts]
    return min(rows), max(rows), min(cols), max(cols)


def _local(name: bytes) -> bytes:
    colon = name.find(b":")
    return name if colon < 0 else name[colon + 1 :]


def _split_tag(content: bytes) -> tuple[bool, bool, bytes, bytes]:
    """(is_end, is_empty, name, attributes) of a tag's content between < and >."""
    if content[:1] == b"/":
        return True, False, content[1:].rstrip(_WS), b""
    empty = content.endswith(b"/")
    if empty:
        content = content[:-1]
    space = _NAME_END.search(content)
    if space is None:
        return False, empty, content, b""
    return False, empty, content[: space.start()], content[space.start() :]


class _Chunked:
    """Feeds the scanner chunk by chunk, carrying an unfinished end over to the next chunk
    (at most max_tag bytes: a longer tag is refused rather than accumulated)."""

    def __init__(self, part: str, max_tag: int) -> None:
        self.part = part
        self._max_tag = max_tag
        self._carry = b""
        self._base = 0  # position in the part of the data being consumed

    def feed(self, chunk: bytes) -> None:
        data = self._carry + chunk if self._carry else chunk
        cut = self._consume(data, final=False)
        self._base += cut
        self._carry = data[cut:]
        if len(self._carry) > self._max_tag:
            raise Malformed(f"một thẻ XML dài quá {self._max_tag // 1_000_000} MB")

    def close(self) -> None:
        if self._carry:
            self._consume(self._carry, final=True)
            self._carry = b""

    def _consume(self, data: bytes, final: bool) -> int:
        """Measure what can be measured of data; return where the carried-over rest starts."""
        raise NotImplementedError


# Worksheets.


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
        box = _dimension(value) if value else None
        if box is not None:
            extent.declared.append(box)


class SheetScan(_Chunked):
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

    def _consume(self, data: bytes, final: bool) -> int:
        cut = len(data) if final else _cut(data)
        if not self.irregular and cut:
            self._measure(data, cut)
        return cut

    def _measure(self, data: bytes, end: int) -> None:
        """Measure data[:end] (bounds rather than a slice: no copy of the chunk)."""
        cells = data.count(b"<c r=", 0, end)
        if data.count(b"<c", 0, end) != cells and len(_BARE_CELL.findall(data, 0, end)) != cells:
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
        rows = [_HUGE] if max(map(len, digits)) > 12 else list(map(int, digits))
        self.extent.add_box(max(min(rows), 1) - 1, max(rows) - 1, min(columns), max(columns))

    def _column(self, letters: bytes) -> int:
        index = self._columns.get(letters)
        if index is None:
            index = self._columns[letters] = _column(letters)
        return index

    def _count_shared(self, data: bytes, end: int) -> None:
        """Shared-string cells by index: calamine copies the string into each of them."""
        found = _SHARED_REF.findall(data, 0, end)
        if data.count(b'"s"', 0, end) + data.count(b"'s'", 0, end) != len(found):
            self.irregular = True  # a t="s" cell of another shape
            return
        self.shared_refs.update(found)


class SlowSheetScan(_Chunked):
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
        if not _plain(body, self._base == 0) or b":c" in body or b":row" in body:
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
        is_end, empty, name, attrs = _split_tag(match[1])
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
        local = _local(name)
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
        if self._shared and _local(name) == b"v":
            self._value = bytearray()

    def _open_row(self, attrs: bytes) -> None:
        try:
            r = raw_attr(attrs, b"r")
        except Malformed:
            self._done = True  # calamine stops with an error on this row
            return
        if r is not None:
            position = _position(r, need_column=False)
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
            position = _position(r)
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
        local = _local(name)
        if local == b"row":
            self._row += 1
            self._col = 0
        elif local == b"sheetData":
            self._done = True


def _plain(body: bytes, first: bool) -> bool:
    """No comment, CDATA, DOCTYPE or processing instruction (but the XML declaration)."""
    if first:
        declaration = _DECLARATION.match(body)
        if declaration:
            body = body[declaration.end() :]
    return b"<!" not in body and b"<?" not in body


class StringsScan(_Chunked):
    """sharedStrings.xml: an upper bound of each string's size by index (the bytes from its
    <si> to the next one), since calamine copies a shared string into every cell naming it.
    The index of a string is its rank among the <si> calamine reads, so the sizes are only
    trusted when the part is plain: no comment, CDATA or processing instruction, no <si>
    before <sst>, every <si> bare (no prefix, attribute or />) and closed before the next one.
    Otherwise every string counts as long as the whole part. The part is split on b"<si>"
    in C: no Python work per string."""

    def __init__(self, part: str, max_tag: int, max_strings: int) -> None:
        super().__init__(part, max_tag)
        self.lengths: array | None = array("q")
        self.count = 0  # <si> read
        self.declared_count = 0  # the largest uniqueCount: calamine reserves that many
        self.size = 0
        self._max_strings = max_strings
        self._started = self._ended = False

    @property
    def longest(self) -> int:
        if self.lengths is None:
            return self.size
        return max(self.lengths, default=0)

    def feed(self, chunk: bytes) -> None:
        self.size += len(chunk)
        super().feed(chunk)

    def _consume(self, data: bytes, final: bool) -> int:
        cut = len(data)
        lt = data.rfind(b"<")
        if not final and lt >= 0 and data.find(b">", lt) < 0:
            cut = lt
        for count in _UNIQUE_COUNT.findall(data, 0, cut):
            self.declared_count = max(self.declared_count, _number(count))
        if self.lengths is not None and not _plain(data[:cut], self._base == 0):
            self.lengths = None
        if self._ended:
            return cut
        start = self._start(data, cut)
        if start is None:
            return cut
        end = _SST_END.search(data, start, cut)
        stop = end.start() if end else cut
        self._ended = end is not None
        if self.lengths is None:
            self.count += len(_SI_OPEN.findall(data, start, stop))
            return cut
        if not final and not self._ended:  # keep the last string whole for the next chunk
            last = data.rfind(b"<si>", start, stop)
            if last > start:
                stop = cut = last
        self._split(data[start:stop])
        return cut

    def _start(self, data: bytes, cut: int) -> int | None:
        """Where the strings calamine reads begin in data (after <sst …>), None before."""
        if self._started:
            return 0
        sst = _SST.search(data, 0, cut)
        if _SI.search(data, 0, sst.start() if sst else cut):
            self.lengths = None  # <si> before <sst>: calamine skips them
        if sst is None:
            return None
        self._started = True
        return sst.end()

    def _split(self, region: bytes) -> None:
        opens = region.count(b"<si")
        pieces = region.split(b"<si>")
        if (
            opens != len(pieces) - 1
            or pieces[0].count(b"</si")
            or any(piece.count(b"</si") != 1 for piece in pieces[1:])
        ):
            self.lengths = None  # a prefixed, attributed, empty or nested <si>
            self.count += opens
            return
        self.count += opens
        room = self._max_strings - len(self.lengths)
        if room > 0:
            self.lengths.extend(len(piece) + 4 for piece in pieces[1 : room + 1])


class OdsScan(_Chunked):
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
    return _number(value.lstrip(b"+"))


# Package parts: which parts are worksheets, and their names (xlsx/mod.rs).


def start_tags(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    """(local name, attributes) of every start tag of a small part, outside comments."""
    pos = 0
    while True:
        lt = data.find(b"<", pos)
        if lt < 0:
            return
        for opener, closer in ((b"<!--", b"-->"), (b"<![CDATA[", b"]]>"), (b"<?", b"?>")):
            if data.startswith(opener, lt):
                end = data.find(closer, lt)
                if end < 0:
                    return
                pos = end + len(closer)
                break
        else:
            match = _TAG.match(data, lt)
            if match is None:
                return
            is_end, _, name, attrs = _split_tag(match[1])
            if not is_end:
                yield _local(name), attrs
            pos = match.end()


def office_document(rels: bytes) -> str | None:
    """The folder of workbook.xml, from _rels/.rels (calamine's xl_path)."""
    target = None
    for name, attrs in start_tags(rels):
        if name != b"Relationship":
            continue
        kind, where = _get(attrs, (b"Type", b"Target"))
        if kind and kind.endswith(b"/relationships/officeDocument") and where is not None:
            target = unescape(where.decode("utf-8", "replace"))
    if target is None:
        return None
    slash = target.rfind("/")
    folder = target[: slash + 1] if slash >= 0 else ""
    return folder.removeprefix("/")


def workbook_sheets(workbook: bytes, rels: bytes, folder: str) -> list[tuple[str, str]]:
    """(sheet name, part path) of every sheet of workbook.xml, in order."""
    targets: dict[bytes, str] = {}
    for name, attrs in start_tags(rels):
        if name == b"Relationship":
            rid, _, target = _get(attrs, (b"Id", b"Type", b"Target"))
            if rid is not None:
                targets[rid] = (target or b"").decode("utf-8", "replace")
    sheets = []
    for name, attrs in start_tags(workbook):
        if name != b"sheet":
            continue
        title, rid = "", b""
        for key, value in raw_attrs(attrs):
            if key == b"name":
                title = unescape(value.decode("utf-8", "replace"))
            elif key == b"id" or key.endswith(b":id"):
                rid = value
        target = targets.get(rid)
        if target is not None:
            path = target[1:] if target.startswith("/") else folder + target
            sheets.append((title, path))
    return sheets


def _get(attrs: bytes, keys: tuple[bytes, ...]) -> list[bytes | None]:
    """calamine's get_attrs!: a repeated key overwrites, the scan stops once all were seen."""
    values: list[bytes | None] = [None] * len(keys)
    found = 0
    for key, value in raw_attrs(attrs):
        if key in keys:
            values[keys.index(key)] = value
            found += 1
            if found == len(keys):
                break
    return values
