"""Measuring an .xls (BIFF records in a Compound File) the way python-calamine reads it.

calamine (cfb.rs, xls.rs) reads the whole workbook stream and builds every sheet when the
file is opened. The format does not cap a sheet at 65,536 × 256 for calamine: a cell record
carries a 16-bit column (65,536 columns, 4.3 billion cells at 32 bytes each), the BIFF8
DIMENSIONS record a 32-bit row count that calamine reserves memory for, a shared string is
copied into every cell that names it, and the container's sector chains may loop (calamine
follows them until memory runs out). So the file is read here first, as calamine reads it:
the chains (refused when they loop or leave the file), the workbook stream, the sheets'
records. The cost is one pass of Python over the records: for the largest sheet the format
holds (65,536 rows × 256 columns of numbers, ~230 MB, past MAX_FILE_BYTES anyway) a few
seconds; for a 65,536-row file with 10 columns, well under a second.
"""

from __future__ import annotations

import struct
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field

from thidua.lib.excel.extent import Extent, Malformed

CFB_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_CHAIN = 0xFFFF_FFFE
_RESERVED = 0xFFFF_FFFA
_DIFAT_SECTOR = 0xFFFF_FFFC
_STREAMS = ("Workbook", "Book", "WORKBOOK", "BOOK")  # calamine tries these, in this order
_UTF8_PER_CHAR = 6  # a BIFF character decoded by calamine takes at most this many bytes
_EOF, _BOF, _CONTINUE = 0x000A, 0x0809, 0x003C
_U16 = struct.Struct("<H")
_U32 = struct.Struct("<I")


class _Fails(Exception):
    """calamine returns an error here: the workbook does not open, nothing more is built."""


@dataclass
class Workbook:
    sheets: list[Extent] = field(default_factory=list)  # in order; fewer if calamine fails
    strings: int = 0  # shared strings (calamine holds a String for each)
    spreadsheet: bool = True  # False: a compound file without a workbook stream (a .doc, an
    # encrypted .xlsx), which is no .xls at all


def measure(data: bytes, max_strings: int) -> Workbook:
    """What calamine builds from this .xls when it opens it."""
    try:
        stream = _workbook_stream(memoryview(data))
    except _Fails:
        return Workbook()
    return _workbook(stream, max_strings) if stream is not None else Workbook(spreadsheet=False)


# The compound file (cfb.rs).


class _Sectors:
    def __init__(self, data: memoryview, size: int) -> None:
        self.data, self.size = data, size
        self.last = len(data) // size  # calamine's maxid

    def get(self, sid: int) -> bytes:
        start = (sid + 1) * self.size  # sector 0 follows the header
        if sid > self.last or start >= len(self.data):
            raise Malformed("sector nằm ngoài tệp")
        return bytes(self.data[start : start + self.size]).ljust(self.size, b"\0")

    def chain(self, sid: int, fats: list[int], length: int) -> bytes:
        """A stream's sectors. calamine follows a looping chain until memory runs out."""
        out = bytearray()
        seen: set[int] = set()
        while sid != _END_OF_CHAIN:
            if sid in seen:
                raise Malformed("chuỗi sector lặp vòng")
            seen.add(sid)
            out += self.get(sid)[: length - len(out)]
            if len(out) >= length:
                break
            if sid >= len(fats):
                raise Malformed("bảng FAT thiếu")
            sid = fats[sid]
        return bytes(out)


def _u32s(raw: bytes) -> list[int]:
    return list(struct.unpack(f"<{len(raw) // 4}I", raw[: len(raw) // 4 * 4]))


def _workbook_stream(data: memoryview) -> memoryview | None:
    if len(data) < 512:
        raise _Fails
    version, shift, mini_shift = struct.unpack_from("<H2xHH", data, 26)
    if shift not in (9, 12) or mini_shift != 6 or (shift == 12 and len(data) < 4096):
        raise _Fails
    sectors = _Sectors(data, 1 << shift)
    dir_start, mini_start, mini_len, difat_start = struct.unpack_from("<I8xIII", data, 48)
    fats = _fats(sectors, _u32s(bytes(data[76:512])), difat_start)
    dirs = _directories(sectors.chain(dir_start, fats, 1 << 62), shift)
    if not dirs or (version != 3 and dirs[0][1] == _END_OF_CHAIN):
        raise _Fails
    mini_stream, mini_fats = b"", []
    if mini_len > 0:
        mini_stream = sectors.chain(dirs[0][1], fats, dirs[0][2])
        mini_fats = _u32s(sectors.chain(mini_start, fats, mini_len * sectors.size))
    for name in _STREAMS:
        entry = next((d for d in dirs if d[0] == name), None)
        if entry is None:
            continue
        _, start, length = entry
        if length < 4096:
            return memoryview(_mini_chain(mini_stream, mini_fats, start, length, sectors.last))
        return memoryview(sectors.chain(start, fats, length))
    return None


def _fats(sectors: _Sectors, difat: list[int], sid: int) -> list[int]:
    seen: set[int] = set()
    while sid < _RESERVED:
        if sid in seen:
            raise Malformed("bảng DIFAT lặp vòng")
        seen.add(sid)
        difat.extend(_u32s(sectors.get(sid)))
        sid = difat.pop()
    fats: list[int] = []
    for sid in difat:
        if sid < _DIFAT_SECTOR:
            fats.extend(_u32s(sectors.get(sid)))
    return fats


def _directories(raw: bytes, shift: int) -> list[tuple[str, int, int]]:
    dirs = []
    for at in range(0, len(raw) - 127, 128):
        name = raw[at : at + 64].decode("utf-16-le", "replace").split("\0", 1)[0]
        start = _U32.unpack_from(raw, at + 116)[0]
        fmt = "<I" if shift == 9 else "<Q"
        dirs.append((name, start, struct.unpack_from(fmt, raw, at + 120)[0]))
    return dirs


def _mini_chain(stream: bytes, fats: list[int], sid: int, length: int, last: int) -> bytes:
    """A small stream, in 64-byte sectors of the mini stream (bounded by its length)."""
    out = bytearray()
    while sid != _END_OF_CHAIN:
        if sid > last * 8 or (sid + 1) * 64 > len(stream):
            raise Malformed("sector nhỏ nằm ngoài tệp")
        out += stream[sid * 64 : (sid + 1) * 64][: length - len(out)]
        if len(out) >= length:
            break
        if sid >= len(fats):
            raise Malformed("bảng FAT nhỏ thiếu")
        sid = fats[sid]
    return bytes(out)


# BIFF records (xls.rs).


def _records(stream: memoryview, pos: int) -> Iterator[tuple[int, int, int, list]]:
    """(type, data start, data end, continuations) as calamine's RecordIter yields them."""
    end = len(stream)
    while pos < end:
        if end - pos < 4:
            raise _Fails
        typ, length = struct.unpack_from("<HH", stream, pos)
        if end - pos < length + 4:
            raise _Fails
        start, pos = pos + 4, pos + 4 + length
        continuations = []
        while end - pos > 4 and _U16.unpack_from(stream, pos)[0] == _CONTINUE:
            size = _U16.unpack_from(stream, pos + 2)[0]
            if end - pos < size + 4:
                raise _Fails
            continuations.append(stream[pos + 4 : pos + 4 + size])
            pos += 4 + size
        yield typ, start, start + length, continuations


def _workbook(stream: memoryview, max_strings: int) -> Workbook:
    book = Workbook()
    sheets: list[tuple[int, str]] = []
    strings = array("q")
    try:
        for typ, start, end, more in _records(stream, 0):
            data = stream[start:end]
            if typ == 0x002F and len(data) >= 2 and _U16.unpack_from(data)[0] != 0:
                return book  # encrypted: calamine refuses it
            if typ == 0x0085:
                sheets.append(_bound_sheet(data))
            elif typ == 0x00FC:
                strings, book.strings = _string_sizes(data, list(more), max_strings)
            elif typ == _EOF:
                break
    except _Fails:
        return book
    for pos, name in sheets:
        if pos > len(stream):
            raise Malformed("vị trí trang nằm ngoài luồng dữ liệu")
        extent = Extent(name)
        book.sheets.append(extent)
        try:
            _measure_sheet(stream, pos, strings, extent)
        except _Fails:
            break  # calamine stops here, with what it built so far
    return book


def _bound_sheet(data: memoryview) -> tuple[int, str]:
    """BoundSheet8: where the sheet's records start, and its name."""
    if len(data) < 6:
        raise Malformed("bản ghi BoundSheet quá ngắn")  # calamine panics on it
    if data[4] & 0x3F > 2 or data[5] not in (0, 1, 2, 6):
        raise _Fails
    length, wide = data[6], data[7] & 1
    raw = bytes(data[8 : 8 + length * (2 if wide else 1)])
    name = raw.decode("utf-16-le" if wide else "latin-1", "replace")
    return _U32.unpack_from(data)[0], name


class _Record:
    """A record's data followed by its CONTINUE records, consumed as calamine's Record."""

    def __init__(self, data: memoryview, more: list) -> None:
        self.data, self.more = data, more

    def next(self) -> bool:
        if not self.more:
            return False
        self.data = self.more.pop(0)
        return True

    def take(self, size: int) -> memoryview:
        if len(self.data) < size:
            raise Malformed("bản ghi BIFF quá ngắn")  # calamine panics on these
        head, self.data = self.data[:size], self.data[size:]
        return head

    def skip(self, size: int) -> None:
        while size > 0:
            if not self.data and not self.next():
                raise _Fails
            step = min(size, len(self.data))
            self.data, size = self.data[step:], size - step


def _string_sizes(data: memoryview, more: list, max_strings: int) -> tuple[array, int]:
    """Upper bound of each SST string's size once calamine decodes it, by index (the first
    max_strings of them), and how many there are."""
    if len(data) < 8:
        raise _Fails
    record = _Record(data[8:], more)
    sizes, count = array("q"), 0
    while record.data or record.next():
        size = _UTF8_PER_CHAR * _rich_string(record)
        count += 1
        if count <= max_strings:
            sizes.append(size)
    return sizes, count


def _rich_string(record: _Record) -> int:
    """XLUnicodeRichExtendedString, skipped as calamine reads it; its length in characters."""
    if not record.data:
        return 0
    if len(record.data) < 3:
        raise _Fails
    head = record.take(3)
    chars, flags = _U16.unpack_from(head)[0], head[2]
    runs = _U16.unpack_from(record.take(2))[0] if flags & 0x8 else 0
    extra = struct.unpack("<i", record.take(4))[0] if flags & 0x4 else 0
    wide, left = flags & 1, chars
    while left > 0:
        step = min(len(record.data) // 2 if wide else len(record.data), left)
        record.data = record.data[step * (2 if wide else 1) :]
        left -= step
        if left > 0:
            if not record.next():
                raise _Fails
            wide = record.take(1)[0] & 1
    record.skip(runs * 4)
    record.skip(extra if extra >= 0 else 1 << 62)
    return chars


# A sheet's records: the cells calamine collects, their positions, the memory it reserves.

_MIN_LENGTH = {0x0203: 14, 0x0204: 6, 0x00D6: 6, 0x0205: 8, 0x027E: 10, 0x00FD: 10, 0x0006: 20}


def _measure_sheet(stream: memoryview, pos: int, strings: array, extent: Extent) -> None:
    seen_bof, depth, formula_at = False, 0, (0, 0)
    for typ, start, end, _ in _records(stream, pos):
        if depth:  # an embedded chart: calamine skips its records
            depth += {_BOF: 1, _EOF: -1}.get(typ, 0)
            continue
        if typ == _BOF:
            depth, seen_bof = (1 if seen_bof else 0), True
        elif typ == _EOF:
            return
        elif typ == 0x0200:
            _dimensions(stream[start:end], extent)
        elif typ in _MIN_LENGTH:
            if end - start < _MIN_LENGTH[typ]:
                raise _Fails
            row, col = struct.unpack_from("<HH", stream, start)
            _cell(extent, row, col)
            if typ == 0x0006:
                formula_at = (row, col)
                if extent.formula is None:
                    extent.formula = formula_at
            elif typ == 0x00FD:
                index = _U32.unpack_from(stream, start + 6)[0]
                extent.text_bytes += strings[index] if index < len(strings) else 0
        elif typ == 0x0207:  # the text result of the formula just before
            _cell(extent, *formula_at)
        elif typ == 0x00BD:
            _mul_rk(stream[start:end], extent)


def _cell(extent: Extent, row: int, col: int) -> None:
    extent.add(row, col)
    extent.cells += 1


def _mul_rk(data: memoryview, extent: Extent) -> None:
    if len(data) < 6:
        raise _Fails
    row, first = struct.unpack_from("<HH", data)
    last = _U16.unpack_from(data, len(data) - 2)[0]
    if len(data) != 6 + 6 * ((last - first + 1) & 0xFFFF):
        raise _Fails
    count = (len(data) - 6) // 6
    if count:
        extent.add_box(row, row, first, first + count - 1)
        extent.cells += count


def _dimensions(data: memoryview, extent: Extent) -> None:
    """calamine reserves rows × columns cells (~40 bytes each) from this record, with u32
    arithmetic: a first row past the last one wraps to four billion rows."""
    if len(data) == 10:
        first_row, last_row, first_col, last_col = struct.unpack_from("<4H", data)
    elif len(data) == 14:
        first_row, last_row, first_col, last_col = struct.unpack_from("<IIHH", data)
    else:
        raise _Fails
    if first_col > 0xFF or last_col < first_col:
        first_col = 0
    if last_row >= 1 and last_col >= 1:
        rows = (last_row - 1 - first_row + 1) & 0xFFFF_FFFF
        cols = (last_col - 1 - first_col + 1) & 0xFFFF_FFFF
    else:
        rows = cols = 1
    if rows and cols:
        extent.declared.append((first_row, first_row + rows - 1, first_col, first_col + cols - 1))
