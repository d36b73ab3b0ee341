"""Size limits of the spreadsheets users send, checked before python-calamine reads them.

calamine builds a sheet as a dense range, rows × columns of ~32-byte cells, from the first to
the last cell it finds: a 5 KB .xlsx with one cell at A1 and one at XFD1048576 asks for
550 GB and the process dies (a Rust abort, not a Python exception: the whole web server goes
with it). Other files cost memory out of proportion to their size: a 13.7 MB .xlsx that
unpacks to 1.6 GB, a shared string of 1 MB named by 20,000 cells (20 GB), an .ods row
repeated a million times, an .xls whose sector chain loops. check_file() reads what calamine
will read (the zip directory, then the sheets' XML streamed in 1 MB chunks, or the .xls
records) and refuses, with a Vietnamese message naming the limit, any file past one of
(each a Django setting, THIDUA_IMPORT_<NAME> without MAX_, with the default below:
docs/operations.md):

- MAX_FILE_BYTES: the file itself (the upload form's limit too).
- MAX_UNPACKED_BYTES: sum of the uncompressed sizes of a zip's parts (.xlsx, .xlsm, .ods):
  refused from the zip directory before anything is decompressed; since a declared size can
  lie, the bytes actually decompressed are counted too.
- MAX_ROWS, MAX_COLUMNS: the span of a sheet's used range, from its first to its last cell
  (what calamine allocates), and of a <dimension> an .xlsx sheet declares.
- MAX_CELLS: rows × columns of that range (~32 bytes each, twice while calamine converts it),
  and the number of cells (or shared strings) calamine collects before building it.
- MAX_TEXT_BYTES: text calamine copies into cells beyond the file's own bytes: shared strings
  (.xlsx, .xls) copied into every cell naming them, repeated cells of an .ods.

The values let the project's real workloads through with margin: the import benchmark's file
(100,000 awards × 10 columns, 5 MB, 55 MB unpacked) is at half the rows, a third of the
cells and a fifth of the unpacked size allowed. calamine's extra memory at MAX_CELLS (200,000
rows × 15 columns): about 210 MB. The check costs about 0.6 of calamine reading the same file
(python -m thidua.lib.excel.bench_limits, figures in docs/benchmarks.md).

Before any limit, the file must be what a spreadsheet is, whatever its name says (a renamed
.xls, a Word file, a zip of something else, a text or web page saved as .xls are refused),
and its content must match its extension (calamine chooses its reader by the extension).
inspect_file() also returns the first formula cell of each sheet: formulas are never
evaluated, and the reader refuses a sheet that holds one (reader.py).
"""

from __future__ import annotations

import struct
import zlib
from array import array
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from zipfile import BadZipFile, ZipFile, ZipInfo

from django.conf import settings

from thidua.lib.excel import biffscan, xmlscan
from thidua.lib.excel.extent import Extent, Malformed, cell_name


def _setting(name: str, default: int) -> int:
    """settings.THIDUA_IMPORT_<name>, read once at import (tests patch the module's names)."""
    if not settings.configured:
        return default
    return int(getattr(settings, f"THIDUA_IMPORT_{name}", default))


MAX_FILE_BYTES = _setting("FILE_BYTES", 50 * 1024 * 1024)
MAX_UNPACKED_BYTES = _setting("UNPACKED_BYTES", 250_000_000)
MAX_ROWS = _setting("ROWS", 200_000)
MAX_COLUMNS = _setting("COLUMNS", 500)
MAX_CELLS = _setting("CELLS", 3_000_000)
MAX_TEXT_BYTES = _setting("TEXT_BYTES", 250_000_000)
MAX_ZIP_ENTRIES = 10_000  # parts of a zip (a real workbook has tens)
MAX_TAG_BYTES = 4_000_000  # longest XML tag carried from one chunk to the next
CHUNK_BYTES = 1 << 20

# Parts never read as XML unless the workbook names them as a sheet: their bytes may hold no
# '<' for megabytes, which the scanner would take for an unfinished tag.
_BINARY = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf", ".wdp")
_BINARY += (".bin", ".odttf", ".jfif", ".svgz", ".ttf", ".otf")
_ZIP_METHODS = (0, 8)  # stored and deflated: all calamine's zip reader decompresses
_LOCAL_HEADER = struct.Struct("<4s22xHH")
_EOCD = b"PK\x05\x06"
_TOO_BIG = "Tệp quá lớn để nhập: "
_SPLIT = "Hãy chia tệp thành nhiều tệp nhỏ hơn."


ZIP_SUFFIXES = (".xlsx", ".xlsm", ".ods")
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_RESAVE = "Hãy mở tệp bằng Excel hoặc LibreOffice, lưu lại dưới dạng .xlsx rồi thử lại."
NOT_A_SPREADSHEET = (
    "Tệp không phải bảng tính Excel hay LibreOffice (có thể là tệp văn bản, CSV, trang web "
    "hoặc tệp khác được đổi đuôi). " + _RESAVE
)


class FileProblem(Exception):
    """The file as a whole cannot be imported (unreadable, too large, no header row, a
    formula: then `row` and `column` name the cell, as the user sees them in Excel)."""

    def __init__(self, message: str, row: int | None = None, column: str = "") -> None:
        super().__init__(message)
        self.row, self.column = row, column


@dataclass
class FileFacts:
    """What the check learnt of an acceptable file."""

    formulas: dict[str, tuple[int, int]] = field(default_factory=dict)  # sheet → first
    # formula cell (0-based row, column; (-1, -1) when not placed)


def check_file(path: str | Path) -> None:
    """Raise FileProblem when the file is not a spreadsheet of the kind its extension names,
    or is past a limit."""
    inspect_file(path)


def inspect_file(path: str | Path) -> FileFacts:
    """check_file, returning what the reader needs to know (formula cells)."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        with path.open("rb") as file:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                limit = size_text(MAX_FILE_BYTES)
                raise FileProblem(f"{_TOO_BIG}{size_text(size)} (giới hạn {limit}). {_SPLIT}")
            head = file.read(8)
            if head == biffscan.CFB_SIGNATURE:
                extents = _check_xls(head + file.read(), suffix)
            elif head.startswith(b"PK"):
                extents = _check_zip(file, size, head, suffix)
            else:
                raise FileProblem(NOT_A_SPREADSHEET)
    except Malformed as exc:
        raise FileProblem(_damaged(str(exc))) from exc
    except OSError as exc:
        raise FileProblem(f"Không đọc được tệp ({type(exc).__name__}).") from exc
    return FileFacts({e.sheet: e.formula for e in extents if e.formula is not None})


def _wrong_suffix(suffix: str, content: str) -> FileProblem:
    return FileProblem(
        f"Tệp có đuôi {suffix} nhưng nội dung là {content}: tên tệp đã bị đổi đuôi. " + _RESAVE
    )


def _damaged(reason: str) -> str:
    return (
        f"Tệp bị hỏng hoặc không đúng định dạng Excel ({reason}). Hãy mở tệp bằng Excel hoặc "
        "LibreOffice, lưu lại dưới dạng .xlsx rồi thử lại."
    )


# .xls


def _check_xls(data: bytes, suffix: str) -> list[Extent]:
    book = biffscan.measure(data, MAX_CELLS)
    if not book.spreadsheet:
        raise FileProblem(
            "Tệp là một tài liệu Office kiểu cũ nhưng không phải bảng tính Excel (có thể là "
            "tệp Word .doc, hoặc tệp Excel được đặt mật khẩu: hãy bỏ mật khẩu). " + _RESAVE
        )
    if suffix in ZIP_SUFFIXES:
        raise _wrong_suffix(suffix, "bảng tính Excel 97–2003 (.xls)")
    if book.strings > MAX_CELLS:
        raise FileProblem(_too_many_strings(book.strings))
    _check_sheets(book.sheets, together=True)
    return book.sheets


# Zip: .xlsx, .xlsm, .ods (and .xlsb, refused).


def _check_zip(file: BinaryIO, size: int, head: bytes, suffix: str) -> list[Extent]:
    entries = _declared_entries(file, size)
    if entries > MAX_ZIP_ENTRIES:
        raise FileProblem(_too_many_parts(entries))
    try:
        archive = ZipFile(file)
    except (BadZipFile, ValueError, OSError) as exc:
        raise Malformed("tệp nén zip không đọc được") from exc
    with archive:
        infos = archive.infolist()
    if len(infos) > MAX_ZIP_ENTRIES:
        raise FileProblem(_too_many_parts(len(infos)))
    if any(_normal(i.filename) == "xl/workbook.bin" for i in infos):
        raise FileProblem(
            "Không nhận tệp Excel nhị phân (.xlsb). Hãy lưu lại dưới dạng .xlsx rồi thử lại."
        )
    readable = [i for i in infos if i.compress_type in _ZIP_METHODS and not i.flag_bits & 1]
    declared = _declared_total(readable)
    if declared > MAX_UNPACKED_BYTES:
        raise FileProblem(_unpacked(size_text(declared)))
    package = _Package(file, readable)
    _check_zip_kind(package, suffix)
    return package.check()


def _check_zip_kind(package: _Package, suffix: str) -> None:
    """An .xlsx/.xlsm holds an Office Open XML workbook, an .ods an OpenDocument spreadsheet:
    a zip of anything else (a .docx, an archive) is refused before its parts are read."""
    names = package.by_name
    ods = _ODS_MIMETYPE in package.small("mimetype") and "content.xml" in names
    ooxml = any(n.endswith("workbook.xml") for n in names)  # where calamine looks for one
    if not (ods or ooxml):
        raise FileProblem(
            "Tệp là một tệp nén nhưng không phải bảng tính Excel hay LibreOffice (có thể là "
            "tệp Word .docx hoặc tệp nén khác được đổi đuôi). " + _RESAVE
        )
    if ods and suffix in (".xlsx", ".xlsm", ".xls"):
        raise _wrong_suffix(suffix, "bảng tính LibreOffice (.ods)")
    if ooxml and not ods and suffix in (".ods", ".xls"):
        raise _wrong_suffix(suffix, "bảng tính Excel (.xlsx)")


def _declared_total(infos: list[ZipInfo]) -> int:
    """Uncompressed size of the parts, as the zip's directory declares it (cheap, and a lie
    is caught while decompressing)."""
    return sum(info.file_size for info in infos)


def _declared_entries(file: BinaryIO, size: int) -> int:
    """Number of parts the zip's end record declares (-1 without one), read before Python's
    zipfile builds an object for each of them."""
    file.seek(max(0, size - 65_557))
    tail = file.read()
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < 22:
        return -1
    count = struct.unpack_from("<H", tail, at + 10)[0]
    if count == 0xFFFF and at >= 20 and tail[at - 20 : at - 16] == b"PK\x06\x07":
        count = _zip64_entries(file, struct.unpack_from("<Q", tail, at - 12)[0])
    return count


def _zip64_entries(file: BinaryIO, offset: int) -> int:
    file.seek(offset)
    record = file.read(56)
    if len(record) < 56 or record[:4] != b"PK\x06\x06":
        return 0xFFFF
    return struct.unpack_from("<Q", record, 32)[0]


def _normal(name: str) -> str:
    """How calamine's xlsx reader looks a part up: case-insensitive, / for \\."""
    return name.replace("\\", "/").lower()


class _Package:
    """The parts of a zip, decompressed one by one (each once, plus a second pass over an
    irregular worksheet), with the bytes actually produced counted against the limit."""

    def __init__(self, file: BinaryIO, infos: list[ZipInfo]) -> None:
        self.file, self.infos = file, infos
        self.unpacked = 0
        self.by_name = {_normal(i.filename): i for i in infos}

    def check(self) -> list[Extent]:
        """The measures of the sheets calamine will read (worksheets the workbook names, or
        the tables of an .ods), after refusing any past a limit."""
        folder, sheets = self._workbook()
        titles = {_normal(path): title for title, path in sheets}
        strings = self._strings(folder)
        shared = strings is not None and strings.longest > MAX_TEXT_BYTES // MAX_CELLS
        measured: list[tuple[Extent, Counter | None]] = []
        tables: list[Extent] = []
        for info in self.infos:
            counted = strings is None or info not in strings.parts
            sheet, ods = self._part(info, titles, shared, counted)
            if sheet is not None:
                measured.append(sheet)
            tables.extend(ods)
        for extent, refs in measured:
            extent.text_bytes += _shared_bytes(refs, strings)
        _check_sheets([extent for extent, _ in measured], together=False)
        _check_sheets(tables, together=True)
        named = set(titles.values())
        return [extent for extent, _ in measured if extent.sheet in named] + tables

    # Which parts are sheets: calamine's own path resolution, best effort; every other part
    # that may be XML is measured too, under its path.

    def _workbook(self) -> tuple[str | None, list[tuple[str, str]]]:
        try:
            folder = xmlscan.office_document(self.small("_rels/.rels"))
            if folder is None:
                return None, []
            workbook = self.small(f"{folder}workbook.xml")
            rels = self.small(f"{folder}_rels/workbook.xml.rels")
            return folder, xmlscan.workbook_sheets(workbook, rels, folder)
        except (Malformed, UnicodeError):
            return None, []

    def small(self, name: str) -> bytes:
        info = self.by_name.get(_normal(name))
        if info is None or info.file_size > MAX_TAG_BYTES:
            return b""
        return b"".join(self._chunks(info, count=False))

    def _strings(self, folder: str | None) -> _Strings | None:
        """calamine reads {folder}sharedStrings.xml; with more than one candidate, or none
        where calamine looks, every string counts as long as the largest part."""
        parts = [i for n, i in self.by_name.items() if n.endswith("sharedstrings.xml")]
        if not parts:
            return None
        scans = []
        for info in parts:
            scan = xmlscan.StringsScan(info.filename, MAX_TAG_BYTES, MAX_CELLS)
            self._feed(info, [scan], count=True, strict=True)
            count = max(scan.count, scan.declared_count)
            if count > MAX_CELLS:
                raise FileProblem(_too_many_strings(count))
            scans.append(scan)
        expected = None if folder is None else _normal(f"{folder}sharedStrings.xml")
        if len(scans) == 1 and _normal(parts[0].filename) == expected:
            return _Strings(parts, scans[0].lengths, scans[0].longest)
        return _Strings(parts, None, max(scan.size for scan in scans))

    def _part(
        self, info: ZipInfo, titles: dict[str, str], shared: bool, counted: bool
    ) -> tuple[tuple[Extent, Counter | None] | None, list[Extent]]:
        """(worksheet measure, .ods tables) of one part."""
        name = _normal(info.filename)
        strict = name in titles  # a sheet calamine will read: unreadable XML is refused
        title = titles.get(name) or info.filename
        scans: list = []
        if strict or not name.endswith(_BINARY):
            scans.append(xmlscan.SheetScan(info.filename, title, MAX_TAG_BYTES, shared))
        if info.filename == "content.xml":  # calamine's ods reader reads this exact name
            scans.append(xmlscan.OdsScan(info.filename, MAX_TAG_BYTES))
        kept = self._feed(info, scans, count=counted, strict=strict)
        tables = [t for s in kept if isinstance(s, xmlscan.OdsScan) for t in s.tables]
        sheet = next((s for s in kept if isinstance(s, xmlscan.SheetScan)), None)
        formula = None if sheet is None else sheet.extent.formula  # found by the first pass
        if sheet is not None and not sheet.irregular and _past_range(sheet.extent):
            again = xmlscan.SheetScan(info.filename, title, MAX_TAG_BYTES, shared, True)
            sheet = again if self._feed(info, [again], count=False, strict=strict) else None
        if sheet is not None and sheet.irregular:
            slow = xmlscan.SlowSheetScan(info.filename, title, MAX_TAG_BYTES, shared)
            sheet = slow if self._feed(info, [slow], count=False, strict=strict) else None
        if sheet is None:
            return None, tables
        sheet.extent.formula = formula
        return (sheet.extent, sheet.shared_refs), tables

    def _feed(self, info: ZipInfo, scans: list, count: bool, strict: bool) -> list:
        """Decompress the part into the scanners; return those that read it to the end. The
        worksheet scanner of a part that is not a named sheet is dropped, not refused, when
        the part is not XML it can read (a binary part the workbook never reads as a sheet)."""
        live = list(scans)
        for chunk in self._chunks(info, count=count):
            for scan in list(live):
                if not self._step(scan, scan.feed, chunk, strict):
                    live.remove(scan)
        return [scan for scan in live if self._step(scan, scan.close, None, strict)]

    @staticmethod
    def _step(scan, action, chunk: bytes | None, strict: bool) -> bool:
        try:
            action() if chunk is None else action(chunk)
        except Malformed:
            if strict or not isinstance(scan, xmlscan.SheetScan | xmlscan.SlowSheetScan):
                raise
            return False
        return True

    def _chunks(self, info: ZipInfo, count: bool) -> Iterator[bytes]:
        """The part's bytes as calamine's zip reader produces them: all the compressed data
        through the inflater, whatever size the directory declares."""
        self.file.seek(info.header_offset)
        header = self.file.read(30)
        if len(header) < 30 or header[:4] != b"PK\x03\x04":
            raise Malformed(f"phần '{info.filename}' của tệp nén không đọc được")
        name_length, extra_length = _LOCAL_HEADER.unpack(header)[1:]
        self.file.seek(info.header_offset + 30 + name_length + extra_length)
        produced = 0
        for chunk in self._inflate(info):
            produced += len(chunk)
            if produced > info.file_size:
                raise Malformed(f"phần '{info.filename}' dài hơn kích thước khai báo")
            if count:
                self.unpacked += len(chunk)
                if self.unpacked > MAX_UNPACKED_BYTES:
                    raise FileProblem(_unpacked(f"hơn {size_text(MAX_UNPACKED_BYTES)}"))
            yield chunk

    def _inflate(self, info: ZipInfo) -> Iterator[bytes]:
        left = info.compress_size
        inflater = zlib.decompressobj(-15) if info.compress_type == 8 else None
        while left > 0:
            raw = self.file.read(min(CHUNK_BYTES, left))
            if not raw:
                return
            left -= len(raw)
            if inflater is None:
                yield raw
                continue
            try:
                while raw and not inflater.eof:
                    out = inflater.decompress(raw, CHUNK_BYTES)
                    raw = inflater.unconsumed_tail
                    if out:
                        yield out
            except zlib.error as exc:
                raise Malformed(f"dữ liệu nén của phần '{info.filename}' bị hỏng") from exc
            if inflater.eof:
                return


@dataclass
class _Strings:
    parts: list[ZipInfo]  # every part that may be the shared strings, already decompressed
    lengths: array | None  # size bound of each string by index; None when not trusted
    longest: int


def _shared_bytes(refs: Counter | None, strings: _Strings | None) -> int:
    """Text calamine copies into the cells naming shared strings."""
    if not refs or strings is None:
        return 0
    lengths = strings.lengths
    if lengths is None:
        return sum(refs.values()) * strings.longest
    return sum(count * lengths[int(i)] for i, count in refs.items() if int(i) < len(lengths))


# The limits, and what the user reads.


def _check_sheets(extents: list[Extent], together: bool) -> None:
    for extent in extents:
        _check_range(extent)
        for box in extent.declared:
            _check_declared(extent.sheet, box)
        if extent.cells > MAX_CELLS:
            raise FileProblem(
                f"{_TOO_BIG}trang '{extent.sheet}' có {_count(extent.cells)} ô "
                f"(giới hạn {_count(MAX_CELLS)} ô). {_SPLIT}"
            )
        if extent.text_bytes > MAX_TEXT_BYTES:
            raise FileProblem(
                f"{_TOO_BIG}các ô của trang '{extent.sheet}' chứa khoảng "
                f"{size_text(extent.text_bytes)} chữ (giới hạn {size_text(MAX_TEXT_BYTES)}). Hãy rút "
                "ngắn các ô có nội dung rất dài hoặc chia tệp."
            )
    if together:  # .ods and .xls: calamine builds every sheet when it opens the file
        cells = sum(e.rows * e.columns for e in extents)
        if cells > MAX_CELLS:
            raise FileProblem(
                f"{_TOO_BIG}các trang của tệp có tổng cộng {_count(cells)} ô (giới hạn "
                f"{_count(MAX_CELLS)} ô). {_SPLIT}"
            )


def _past_range(extent: Extent) -> bool:
    rows, columns = extent.rows, extent.columns
    return rows > MAX_ROWS or columns > MAX_COLUMNS or rows * columns > MAX_CELLS


def _check_range(extent: Extent) -> None:
    if not _past_range(extent):
        return
    rows, columns = extent.rows, extent.columns
    first = cell_name(extent.first_row, extent.first_col)
    last = cell_name(extent.last_row, extent.last_col)
    raise FileProblem(
        f"{_TOO_BIG}trang '{extent.sheet}' trải tới {_count(rows)} dòng × {_count(columns)} cột"
        f", từ ô {first} đến ô {last} ({_limits()}). Hãy xoá các ô thừa ở cuối trang hoặc "
        "chia tệp."
    )


def _check_declared(sheet: str, box: tuple[int, int, int, int]) -> None:
    first_row, last_row, first_col, last_col = box
    rows, columns = last_row - first_row + 1, last_col - first_col + 1
    if rows <= MAX_ROWS and columns <= MAX_COLUMNS and rows * columns <= MAX_CELLS:
        return
    area = f"{cell_name(first_row, first_col)}:{cell_name(last_row, last_col)}"
    raise FileProblem(
        f"{_TOO_BIG}trang '{sheet}' khai báo vùng dữ liệu {area}, tức {_count(rows)} dòng × "
        f"{_count(columns)} cột ({_limits()}). Hãy xoá các dòng, cột thừa ở cuối trang (hoặc "
        "chép phần dữ liệu sang một trang mới) rồi lưu lại."
    )


def _limits() -> str:
    return (
        f"giới hạn {_count(MAX_ROWS)} dòng, {_count(MAX_COLUMNS)} cột, "
        f"{_count(MAX_CELLS)} ô mỗi trang"
    )


def _unpacked(amount: str) -> str:
    return f"{_TOO_BIG}nội dung giải nén ra {amount} (giới hạn {size_text(MAX_UNPACKED_BYTES)}). {_SPLIT}"


def _too_many_parts(count: int) -> str:
    return f"{_TOO_BIG}tệp nén gồm {_count(count)} phần (giới hạn {_count(MAX_ZIP_ENTRIES)})."


def _too_many_strings(count: int) -> str:
    return (
        f"{_TOO_BIG}tệp khai báo {_count(count)} chuỗi chữ khác nhau (giới hạn "
        f"{_count(MAX_CELLS)}). {_SPLIT}"
    )


def _count(number: int) -> str:
    """1048576 → 1.048.576 (Vietnamese thousands separator)."""
    return f"{number:,}".replace(",", ".")


def size_text(size: int) -> str:
    """Bytes as Vietnamese text: 1,6 GB, 250 MB, 5,2 MB, 12 KB."""
    for unit, scale in (("GB", 1_000_000_000), ("MB", 1_000_000), ("KB", 1_000)):
        if size >= scale:
            value = size / scale
            text = f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"
            return f"{text.replace('.', ',')} {unit}"
    return f"{size} byte"
