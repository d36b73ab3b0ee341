"""Size limits checked before python-calamine reads a file (thidua.lib.excel.limits).

Files that would kill the process if the check regressed (calamine aborts on a failed
allocation, which no `except` catches) are read in a child process with its address space
capped, so a regression fails the test instead of killing pytest.
"""

from __future__ import annotations

import datetime as dt
import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from thidua.lib.excel import limits
from thidua.lib.excel.limits import FileProblem, check_file
from thidua.lib.excel.reader import data_rows, read_sheet
from thidua.lib.excel.rows import Column

ROOT = Path(__file__).resolve().parents[3]
TOO_BIG = "Tệp quá lớn để nhập"


class Units:
    """A one-column layout: the files below have Mã in A1."""

    title = "Đơn vị"
    columns = (Column("code", "Mã"), Column("name", "Tên", required=False))


# Reading in a child process.

_CHILD = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))  # an abort, not a machine in swap
from thidua.lib.excel.reader import FileProblem, read_sheet
from thidua.lib.tests.test_excel_limits import Units
try:
    sheet = read_sheet(sys.argv[1], Units)
    print("READ", sheet.sheet_name)
except FileProblem as exc:
    print("REFUSED", exc)
"""


def read_in_child(path: Path, timeout: float = 60) -> str:
    """read_sheet(path) in a child process: its output, after checking it did not die."""
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, f"exit {done.returncode}: {done.stderr[-2000:]}"
    return done.stdout


def refused_in_child(path: Path) -> str:
    out = read_in_child(path)
    assert out.startswith("REFUSED "), out
    return out.removeprefix("REFUSED ").strip()


def refused(path: Path) -> str:
    with pytest.raises(FileProblem) as caught:
        check_file(path)
    return str(caught.value)


# Files.


def far_cell_xlsx(path: Path) -> Path:
    """One cell at A1, one at XFD1048576: 5 KB that calamine spans with a 550 GB range."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Sheet1")
    sheet.write(0, 0, "Mã")
    sheet.write(1_048_575, 16_383, "x")
    book.close()
    return path


def rows_xlsx(path: Path, rows: int, columns: int = 2) -> Path:
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Danh sách")
    sheet.write_row(0, 0, ["Mã", "Tên", *[f"Cột {i}" for i in range(2, columns)]])
    for row in range(1, rows + 1):
        sheet.write_row(row, 0, [f"CA{row:05d}", f"Đơn vị {row}", *range(2, columns)])
    book.close()
    return path


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


def package(path: Path, sheet: str, shared: str | None = None) -> Path:
    """A minimal .xlsx around a worksheet's XML, written by hand: the shapes no library writes
    (cells without r, prefixed names, single quotes, lying declarations)."""
    rels = [f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>']
    if shared is not None:
        rels.append(
            f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
        )
    parts = {
        "_rels/.rels": f'<Relationships xmlns="{_PACKAGE_REL}"><Relationship Id="rId1" '
        f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets><sheet '
        'name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{_PACKAGE_REL}">'
        + "".join(rels)
        + "</Relationships>",
        "xl/worksheets/sheet1.xml": sheet,
    }
    if shared is not None:
        parts["xl/sharedStrings.xml"] = shared
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8"?>' + text)
    return path


def worksheet(rows: str, *, head: str = "", prefix: str = "") -> str:
    p = f"{prefix}:" if prefix else ""
    xmlns = f"xmlns:{prefix}" if prefix else "xmlns"
    return (
        f'<{p}worksheet {xmlns}="{_MAIN}">{head}<{p}sheetData>{rows}</{p}sheetData></{p}worksheet>'
    )


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'


def shared_strings(*texts: str) -> str:
    items = "".join(f"<si><t>{escape(t)}</t></si>" for t in texts)
    return f'<sst xmlns="{_MAIN}" count="{len(texts)}" uniqueCount="{len(texts)}">{items}</sst>'


_ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def ods(path: Path, rows: str) -> Path:
    """An .ods around the rows of one table (the way conftest.write_ods builds them)."""
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NS} '
        'office:version="1.2"><office:body><office:spreadsheet>'
        f'<table:table table:name="Danh sách">{rows}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    kind = "application/vnd.oasis.opendocument.spreadsheet"
    manifest = (
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{kind}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", kind)
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
    return path


def ods_text(text: str, repeat: int = 1) -> str:
    repeated = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return (
        f'<table:table-cell office:value-type="string"{repeated}><text:p>{escape(text)}'
        "</text:p></table:table-cell>"
    )


def libreoffice_rows(rows: list[list[str]]) -> str:
    """Rows as LibreOffice saves them: each row padded with a repeated empty cell out to
    column AMJ, then one row of empty cells repeated to the last row of the sheet."""
    body = "".join(
        '<table:table-row table:style-name="ro1">'
        + "".join(ods_text(v) for v in row)
        + f'<table:table-cell table:number-columns-repeated="{1024 - len(row)}"/>'
        "</table:table-row>"
        for row in rows
    )
    return (
        body + '<table:table-row table:style-name="ro1" table:number-rows-repeated='
        f'"{1_048_576 - len(rows)}"><table:table-cell table:number-columns-repeated="1024"/>'
        "</table:table-row>"
    )


# .xls files (BIFF8 in a Compound File), built by hand: nothing in the project writes them.

_FREE, _END, _FAT = 0xFFFF_FFFF, 0xFFFF_FFFE, 0xFFFF_FFFD


def _record(typ: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", typ, len(data)) + data


def xls_label(row: int, col: int, index: int) -> bytes:
    return _record(0x00FD, struct.pack("<HHHI", row, col, 0, index))


def xls_number(row: int, col: int, value: float) -> bytes:
    return _record(0x0203, struct.pack("<HHHd", row, col, 0, value))


def xls_dimensions(first_row: int, last_row: int, first_col: int, last_col: int) -> bytes:
    return _record(0x0200, struct.pack("<IIHHH", first_row, last_row, first_col, last_col, 0))


def xls(path: Path, records: list[bytes], strings: list[str], *, loop: bool = False) -> Path:
    """One sheet "Danh sách" holding `records`, shared strings `strings` (Latin-1);
    `loop` makes the directory's sector chain point back to itself."""

    def bof(kind: int) -> bytes:
        return _record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0, 0, 0, 0))

    name = "Danh sách".encode("latin-1")
    texts = b"".join(struct.pack("<HB", len(s), 0) + s.encode("latin-1") for s in strings)
    sst = _record(0x00FC, struct.pack("<II", len(strings), len(strings)) + texts)
    eof = _record(0x000A)
    head = len(bof(5)) + 12 + len(name) + len(sst) + len(eof)
    bound = _record(0x0085, struct.pack("<IBBBB", head, 0, 0, len(name), 0) + name)
    stream = bof(5) + bound + sst + eof + bof(0x10) + b"".join(records) + eof
    stream = stream.ljust(max(4096, len(stream)), b"\0")
    sectors = -(-len(stream) // 512)
    assert sectors + 2 <= 128, "one FAT sector is enough for these tests"
    fat = [_FAT, 1 if loop else _END, *range(3, sectors + 2), _END]
    fat += [_FREE] * (128 - len(fat))
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<9I", header, 40, 0, 1, 1, 0, 4096, _END, 0, _END, 0)
    struct.pack_into("<109I", header, 76, 0, *[_FREE] * 108)

    def entry(title: str, kind: int, child: int, start: int, size: int) -> bytes:
        raw = bytearray(128)
        encoded = title.encode("utf-16-le") + b"\0\0" if title else b""
        raw[: len(encoded)] = encoded
        struct.pack_into("<HBB3I", raw, 64, len(encoded), kind, 1, _FREE, _FREE, child)
        struct.pack_into("<II", raw, 116, start, size)
        return bytes(raw)

    directory = entry("Root Entry", 5, 1, _END, 0) + entry("Workbook", 2, _FREE, 2, len(stream))
    directory += entry("", 0, _FREE, _FREE, 0) * 2
    body = struct.pack("<128I", *fat) + directory + stream.ljust(sectors * 512, b"\0")
    path.write_bytes(bytes(header) + body)
    return path


# The crash: a cell at XFD1048576.


def test_a_cell_at_xfd1048576_is_refused_before_calamine_builds_the_range(tmp_path):
    message = refused_in_child(far_cell_xlsx(tmp_path / "bom.xlsx"))
    assert message == (
        "Tệp quá lớn để nhập: trang 'Sheet1' trải tới 1.048.576 dòng × 16.384 cột, từ ô A1 "
        "đến ô XFD1048576 (giới hạn 200.000 dòng, 500 cột, 3.000.000 ô mỗi trang). Hãy xoá "
        "các ô thừa ở cuối trang hoặc chia tệp."
    )


def test_a_file_within_the_limits_is_read_in_the_child_too(tmp_path):
    assert read_in_child(rows_xlsx(tmp_path / "ok.xlsx", 10)).startswith("READ Danh sách")


def test_a_huge_shared_string_count_is_refused_before_calamine_reserves_it(tmp_path):
    """<sst uniqueCount="100000000000">: calamine reserves 2.4 TB when it opens the file."""
    sheet = worksheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')
    shared = shared_strings("Mã").replace('uniqueCount="1"', 'uniqueCount="100000000000"')
    message = refused_in_child(package(tmp_path / "sst.xlsx", sheet, shared))
    assert "tệp khai báo 100.000.000.000 chuỗi chữ khác nhau (giới hạn 3.000.000)" in message


def test_a_long_shared_string_named_by_many_cells_is_refused(tmp_path):
    """calamine copies a shared string into every cell naming it: 1 MB × 300 cells."""
    cells = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>1</v></c></row>' for r in range(2, 302))
    sheet = worksheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>' + cells)
    path = package(tmp_path / "chuoi.xlsx", sheet, shared_strings("Mã", "x" * 1_000_000))
    message = refused_in_child(path)
    assert "các ô của trang 'Danh sách' chứa khoảng 300 MB chữ (giới hạn 250 MB)" in message


def test_an_xls_cell_in_column_65536_is_refused(tmp_path):
    """BIFF8 cell records carry a 16-bit column: 65,536 × 65,536 cells, 137 GB."""
    path = xls(tmp_path / "cot.xls", [xls_label(0, 0, 0), xls_number(65_535, 65_535, 1)], ["Ma"])
    message = refused_in_child(path)
    assert "trang 'Danh sách' trải tới 65.536 dòng × 65.536 cột, từ ô A1 đến ô CRXP65536" in (
        message
    )


def test_an_xls_dimensions_record_past_the_limits_is_refused(tmp_path):
    """A first row after the last one: calamine's u32 arithmetic wraps, it reserves 34 TB."""
    path = xls(tmp_path / "dim.xls", [xls_dimensions(5, 1, 0, 200), xls_label(0, 0, 0)], ["Ma"])
    message = refused_in_child(path)
    assert "khai báo vùng dữ liệu A6:GR4294967297, tức 4.294.967.292 dòng × 200 cột" in message


def test_an_xls_whose_sector_chain_loops_is_refused_as_damaged(tmp_path):
    """calamine follows the chain until memory runs out."""
    path = xls(tmp_path / "vong.xls", [xls_label(0, 0, 0)], ["Ma"], loop=True)
    assert "Tệp bị hỏng hoặc không đúng định dạng Excel (chuỗi sector lặp vòng)" in (
        refused_in_child(path)
    )


def test_ods_rows_of_content_repeated_a_billion_times_are_refused(tmp_path):
    row = (
        '<table:table-row table:number-rows-repeated="999999999">'
        + ods_text("Mã", repeat=999_999_999)
        + "</table:table-row>"
    )
    message = refused_in_child(ods(tmp_path / "lap.ods", row))
    assert "trang 'Danh sách' trải tới 1.048.576 dòng × 16.384 cột" in message


# Unpacked size.


def test_a_zip_whose_parts_unpack_past_the_limit_is_refused_from_its_directory(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(limits, "MAX_UNPACKED_BYTES", 100_000)
    path = rows_xlsx(tmp_path / "lon.xlsx", 2_000)
    assert refused(path) == (
        "Tệp quá lớn để nhập: nội dung giải nén ra 280 KB (giới hạn 100 KB). Hãy chia tệp "
        "thành nhiều tệp nhỏ hơn."
    )
    monkeypatch.setattr(limits, "_Package", None)  # refused before any part is decompressed
    assert refused(path).startswith("Tệp quá lớn để nhập: nội dung giải nén ra 280 KB")


def _lie_about_size(path: Path, part: str, declared: int) -> None:
    """Rewrite the part's uncompressed size in the zip's directory and local header."""
    data = bytearray(path.read_bytes())
    name = part.encode()
    for signature, size_at in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        at = data.find(signature + b"")
        while at >= 0:
            name_at = at + (46 if signature == b"PK\x01\x02" else 30)
            if data[name_at : name_at + len(name)] == name:
                struct.pack_into("<I", data, at + size_at, declared)
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))


def test_a_part_larger_than_its_declared_size_is_refused_while_streaming(tmp_path):
    """The ratio trick: a directory declaring 1 KB for a part of 3.9 MB."""
    path = rows_xlsx(tmp_path / "doi.xlsx", 60_000)
    _lie_about_size(path, "xl/worksheets/sheet1.xml", 1_000)
    with zipfile.ZipFile(path) as archive:
        assert sum(i.file_size for i in archive.infolist()) < 20_000
    assert refused(path) == (
        "Tệp bị hỏng hoặc không đúng định dạng Excel (phần 'xl/worksheets/sheet1.xml' dài "
        "hơn kích thước khai báo). Hãy mở tệp bằng Excel hoặc LibreOffice, lưu lại dưới dạng "
        ".xlsx rồi thử lại."
    )


def test_the_bytes_actually_unpacked_are_counted_against_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_UNPACKED_BYTES", 500_000)
    path = rows_xlsx(tmp_path / "dem.xlsx", 10_000)
    monkeypatch.setattr(limits, "_declared_total", lambda infos: 0)  # the directory trusted
    assert "nội dung giải nén ra hơn 500 KB (giới hạn 500 KB)" in refused(path)


# The shapes of worksheet XML calamine accepts.


def test_cells_without_r_take_calamines_row_and_column_counters(tmp_path):
    """No r: a cell follows the previous one in its row, a row the previous row."""
    far = worksheet(
        '<row><c t="inlineStr"><is><t>Mã</t></is></c></row><row r="1048576"><c><v>1</v></c></row>'
    )
    message = refused(package(tmp_path / "hang.xlsx", far))
    assert "trải tới 1.048.576 dòng × 1 cột, từ ô A1 đến ô A1048576" in message
    wide = worksheet('<row r="1">' + inline("A1", "Mã") + "<c><v>1</v></c>" * 600 + "</row>")
    assert "trải tới 1 dòng × 601 cột, từ ô A1 đến ô WC1" in refused(
        package(tmp_path / "c.xlsx", wide)
    )


def test_a_small_sheet_without_r_passes_and_reads_as_calamine_places_it(tmp_path):
    sheet = worksheet(
        '<row><c t="inlineStr"><is><t>Mã</t></is></c></row>'
        '<row><c t="inlineStr"><is><t>CA01</t></is></c></row>'
        '<row r="5"><c t="inlineStr"><is><t>CA05</t></is></c></row>'
    )
    data = read_sheet(package(tmp_path / "khong-r.xlsx", sheet), Units)
    assert [(n, v["code"]) for n, v in data_rows(data)] == [(2, "CA01"), (5, "CA05")]


@pytest.mark.parametrize(
    "rows",
    [
        '<row><c t="inlineStr"><is><t>Mã</t></is></c><c/><c s="1"/></row><row/><row r="7">'
        '<c><v>1</v></c><c s="2"/><c><f>A1</f><v>2</v></c></row><c><v>3</v></c>',
        '<row r="3"><c r="D3"><v>1</v></c><c><v>2</v></c></row><row><c s="1"/><c><v>3</v></c>'
        '</row><row r="2" spans="1:2"><c t="n" r="B2"><v>4</v></c></row>',
        '<row r="1"><c r="XFD1"><v>1</v></c></row><row><c><v>2</v></c></row>',
    ],
)
def test_rows_counted_in_c_place_cells_as_the_token_pass_does(rows, monkeypatch):
    """The row-level measure of plain rows and the token-by-token one agree."""
    from thidua.lib.excel import xmlscan

    def measure(row_level: bool):
        scan = xmlscan.SlowSheetScan("p", "s", 1_000_000, shared=False)
        if not row_level:
            monkeypatch.setattr(scan, "_plain_rows", lambda data, end: False)
        xml = worksheet(rows).encode()
        for at in range(0, len(xml), 37):  # chunk boundaries everywhere
            scan.feed(xml[at : at + 37])
        scan.close()
        e = scan.extent
        return e.first_row, e.last_row, e.first_col, e.last_col, e.cells

    assert measure(True) == measure(False)


def test_a_worksheet_with_a_comment_is_measured_token_by_token(tmp_path):
    sheet = worksheet(
        '<!-- <row r="1048576"><c r="XFD1048576"><v>1</v></c></row> -->'
        '<row><c t="inlineStr"><is><t>Mã</t></is></c></row><row r="300000"><c><v>1</v></c></row>'
    )
    message = refused(package(tmp_path / "chu-thich.xlsx", sheet))
    assert "trải tới 300.000 dòng × 1 cột, từ ô A1 đến ô A300000" in message


def test_a_cell_nested_in_a_value_is_not_a_cell(tmp_path):
    """calamine reads a <v> to its end: a <row> or <c> inside it is not one."""
    sheet = worksheet(
        '<row r="1"><c r="A1" t="str"><v>Mã</v></c></row>'
        '<row r="2"><c t="str"><f>1</f><v>CA02</v></c></row>'
    )
    assert check_file(package(tmp_path / "long.xlsx", sheet)) is None


def test_prefixed_element_names_are_cells_too(tmp_path):
    """.NET libraries write <x:row>, <x:c>: calamine matches local names."""
    sheet = worksheet(
        '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Mã</x:t></x:is></x:c></x:row>'
        '<x:row r="1048576"><x:c r="XFD1048576"><x:v>1</x:v></x:c></x:row>',
        prefix="x",
    )
    assert "trải tới 1.048.576 dòng × 16.384 cột" in refused(package(tmp_path / "x.xlsx", sheet))


def test_single_quoted_attributes_are_read(tmp_path):
    sheet = worksheet(
        "<row r='1'><c r='A1' t='inlineStr'><is><t>Mã</t></is></c></row>"
        "<row r='900000'><c r='B900000'><v>1</v></c></row>"
    )
    message = refused(package(tmp_path / "nhay.xlsx", sheet))
    assert "trải tới 900.000 dòng × 2 cột, từ ô A1 đến ô B900000" in message


def test_a_repeated_r_attribute_is_read_as_calamine_reads_it(tmp_path):
    """calamine keeps the last r of a cell: both count."""
    sheet = worksheet('<row r="1">' + inline("A1", "Mã") + '<c r="B1" r="XFD1"><v>1</v></c></row>')
    assert "trải tới 1 dòng × 16.384 cột" in refused(package(tmp_path / "r.xlsx", sheet))


def test_a_cell_whose_r_is_not_first_is_measured_by_the_slow_pass(tmp_path):
    sheet = worksheet('<row r="1">' + inline("A1", "Mã") + '<c t="n" r="ZZ1"><v>1</v></c></row>')
    assert "trải tới 1 dòng × 702 cột" in refused(package(tmp_path / "sau.xlsx", sheet))


def test_styled_empty_cells_out_to_the_last_column_do_not_count(tmp_path):
    """Some writers style empty cells to XFD1048576; calamine drops cells without a value."""
    sheet = worksheet(
        '<row r="1">' + inline("A1", "Mã") + '<c r="XFD1" s="1"/></row>'
        '<row r="1048576"><c r="A1048576" s="1"/></row>'
    )
    assert check_file(package(tmp_path / "trong.xlsx", sheet)) is None


def test_a_dimension_declared_past_the_limits_is_refused(tmp_path):
    sheet = worksheet(
        '<row r="1">' + inline("A1", "Mã") + "</row>", head='<dimension ref="A1:XFD1048576"/>'
    )
    assert refused(package(tmp_path / "khai-bao.xlsx", sheet)) == (
        "Tệp quá lớn để nhập: trang 'Danh sách' khai báo vùng dữ liệu A1:XFD1048576, tức "
        "1.048.576 dòng × 16.384 cột (giới hạn 200.000 dòng, 500 cột, 3.000.000 ô mỗi "
        "trang). Hãy xoá các dòng, cột thừa ở cuối trang (hoặc chép phần dữ liệu sang một "
        "trang mới) rồi lưu lại."
    )
    small = worksheet(
        '<row r="1">' + inline("A1", "Mã") + "</row>", head="<dimension ref='A1:J100'/>"
    )
    assert check_file(package(tmp_path / "vua.xlsx", small)) is None


def test_col_elements_are_not_cells(tmp_path):
    sheet = worksheet(
        '<row r="1">' + inline("A1", "Mã") + "</row>",
        head='<cols><col min="1" max="16384" width="9"/></cols>',
    )
    assert check_file(package(tmp_path / "cot.xlsx", sheet)) is None


def test_an_xlsb_is_refused(tmp_path):
    path = tmp_path / "nhi-phan.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.bin", b"\0" * 16)
    assert refused(path) == (
        "Không nhận tệp Excel nhị phân (.xlsb). Hãy lưu lại dưới dạng .xlsx rồi thử lại."
    )


# .ods


def test_libreoffice_trailing_repeats_of_empty_rows_and_cells_pass(tmp_path):
    path = ods(tmp_path / "lo.ods", libreoffice_rows([["Mã", "Tên"], ["CA01", "Xã A"]]))
    check_file(path)
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    assert (sheet.height, sheet.width) == (2, 2)  # calamine keeps none of the empty repeats
    data = read_sheet(path, Units)
    assert [v for _, v in data_rows(data)] == [{"code": "CA01", "name": "Xã A"}]


def test_ods_text_repeated_over_many_cells_counts_each_copy(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_TEXT_BYTES", 1_000_000)
    row = "<table:table-row>" + ods_text("x" * 1_000, repeat=400) + "</table:table-row>"
    path = ods(
        tmp_path / "chu.ods", "<table:table-row>" + ods_text("Mã") + "</table:table-row>" + row * 3
    )
    assert "chứa khoảng 1,2 MB chữ (giới hạn 1 MB)" in refused(path)


def test_ods_spaces_repeated_by_text_s_count_as_text(tmp_path):
    """<text:s text:c="300000000"/> is 300 MB of spaces in calamine's string."""
    cell = (
        '<table:table-cell office:value-type="string"><text:p>a<text:s text:c="300000000"/>'
        "</text:p></table:table-cell>"
    )
    path = ods(tmp_path / "cach.ods", f"<table:table-row>{ods_text('Mã')}{cell}</table:table-row>")
    assert "chứa khoảng 300 MB chữ (giới hạn 250 MB)" in refused(path)


def test_ods_empty_cells_calamine_collects_are_counted(tmp_path):
    """Two repeated empty cells in a row: calamine stores the first one's 16,000 cells."""
    row = (
        "<table:table-row>"
        + ods_text("Mã")
        + '<table:table-cell table:number-columns-repeated="16000"/><table:table-cell/>'
        "</table:table-row>"
    )
    assert "có 3.200.200 ô (giới hạn 3.000.000 ô)" in refused(
        ods(tmp_path / "trong.ods", row * 200)
    )


# Files just under the limits pass; one more row, column, cell or byte is refused.


@pytest.mark.parametrize(
    ("limit", "value", "rows", "columns", "message"),
    [
        ("MAX_ROWS", 51, 50, 2, "trải tới 52 dòng × 2 cột"),
        ("MAX_COLUMNS", 6, 3, 6, "trải tới 4 dòng × 7 cột"),
        ("MAX_CELLS", 60, 19, 3, "trải tới 21 dòng × 3 cột"),
    ],
)
def test_a_file_at_a_limit_passes_and_one_past_it_is_refused(
    tmp_path, monkeypatch, limit, value, rows, columns, message
):
    monkeypatch.setattr(limits, limit, value)
    # rows + 1 rows with the header: at the limit; one more data row (or column) is past it
    at = rows_xlsx(tmp_path / "vua.xlsx", rows, columns)
    assert check_file(at) is None
    past_rows, past_columns = (rows + 1, columns) if limit != "MAX_COLUMNS" else (rows, columns + 1)
    assert message in refused(rows_xlsx(tmp_path / "qua.xlsx", past_rows, past_columns))


def test_a_file_at_the_unpacked_limit_passes(tmp_path, monkeypatch):
    path = rows_xlsx(tmp_path / "vua.xlsx", 2_000)
    with zipfile.ZipFile(path) as archive:
        total = sum(i.file_size for i in archive.infolist())
    monkeypatch.setattr(limits, "MAX_UNPACKED_BYTES", total)
    assert check_file(path) is None
    monkeypatch.setattr(limits, "MAX_UNPACKED_BYTES", total - 1)
    assert "nội dung giải nén ra" in refused(path)


def test_shared_strings_at_the_text_limit_pass(tmp_path, monkeypatch):
    cells = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>1</v></c></row>' for r in range(2, 102))
    sheet = worksheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>' + cells)
    path = package(tmp_path / "vua.xlsx", sheet, shared_strings("Mã", "x" * 10_000))
    monkeypatch.setattr(limits, "MAX_TEXT_BYTES", 1_100_000)  # 100 × (10,000 + <si><t>…)
    assert check_file(path) is None
    monkeypatch.setattr(limits, "MAX_TEXT_BYTES", 1_000_000)
    assert "chứa khoảng 1,0 MB chữ (giới hạn 1 MB)" in refused(path)


def test_a_normal_1000_row_file_passes_and_reads_every_row(tmp_path):
    path = rows_xlsx(tmp_path / "nghin.xlsx", 1_000)
    check_file(path)
    assert sum(1 for _ in data_rows(read_sheet(path, Units))) == 1_000


def test_a_normal_xls_passes_and_reads(tmp_path):
    records = [
        xls_dimensions(0, 3, 0, 2),
        xls_label(0, 0, 0),
        xls_label(0, 1, 1),
        xls_label(1, 0, 2),
        xls_number(1, 1, 7),
    ]
    path = xls(tmp_path / "cu.xls", records, ["Mã", "Tên", "CA01"])
    check_file(path)
    assert [v for _, v in data_rows(read_sheet(path, Units))] == [{"code": "CA01", "name": 7.0}]


def test_a_file_too_large_to_upload_is_refused_on_the_command_line_too(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1_000)
    path = rows_xlsx(tmp_path / "to.xlsx", 100)
    assert refused(path) == (
        "Tệp quá lớn để nhập: 6,4 KB (giới hạn 1 KB). Hãy chia tệp thành nhiều tệp nhỏ hơn."
    )


def test_files_that_are_not_spreadsheets_are_refused_before_calamine(tmp_path, monkeypatch):
    monkeypatch.setattr(CalamineWorkbook, "from_path", None)  # never reached
    text = tmp_path / "khong-phai.xlsx"
    text.write_text("đây không phải tệp Excel")
    with pytest.raises(FileProblem, match="Tệp không phải bảng tính Excel hay LibreOffice"):
        read_sheet(text, Units)


def test_a_rust_panic_in_calamine_is_a_file_problem(tmp_path, monkeypatch):
    class PanicException(BaseException):  # pyo3's, which `except Exception` lets through
        pass

    def panic(path):
        raise PanicException("index out of bounds")

    monkeypatch.setattr(CalamineWorkbook, "from_path", panic)
    with pytest.raises(FileProblem, match=r"Không đọc được tệp Excel \(PanicException\)"):
        read_sheet(rows_xlsx(tmp_path / "ok.xlsx", 1), Units)


def test_a_date_cell_file_from_the_import_tests_still_passes(tmp_path):
    from thidua.imports.tests.conftest import write_ods, write_xlsx

    rows = [["Mã", "Tên"], ["CA01", dt.date(2020, 1, 2)]]
    assert check_file(write_xlsx(tmp_path / "a.xlsx", rows, title="TIÊU ĐỀ")) is None
    assert check_file(write_xlsx(tmp_path / "b.xlsx", rows, writer="openpyxl")) is None
    assert check_file(write_ods(tmp_path / "c.ods", rows)) is None


# The doors users see: the web upload preview and `thidua import`.


def test_the_bomb_uploaded_on_the_import_page_is_refused_and_the_server_lives_on(
    client_for, users, settings, tmp_path
):
    from django.urls import reverse

    settings.UPLOAD_DIR = tmp_path / "uploads"
    path = far_cell_xlsx(tmp_path / "bom.xlsx")
    refused_in_child(path)  # a regressed guard fails here, before this process reads the file
    client = client_for(users.clerk_a)
    with path.open("rb") as upload:
        response = client.post(reverse("imports:upload", args=["units"]), {"file": upload})
    page = response.content.decode()
    assert response.status_code == 400  # refused at upload: the file is not kept
    assert "Tệp quá lớn để nhập: trang &#x27;Sheet1&#x27; trải tới 1.048.576 dòng × 16.384 cột" in (
        page
    )
    assert not [p for p in settings.UPLOAD_DIR.rglob("*") if p.is_file()]
    assert client.get(reverse("imports:index")).status_code == 200  # still serving


def test_the_bomb_given_to_thidua_import_is_an_error_not_a_crash(units, tmp_path):
    import io

    from django.core.management import call_command
    from django.core.management.base import CommandError

    path = far_cell_xlsx(tmp_path / "bom.xlsx")
    refused_in_child(path)
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nhập không thành công: 1 lỗi"):
        call_command("import", "units", str(path), stdout=io.StringIO(), stderr=err)
    assert "Tệp quá lớn để nhập: trang 'Sheet1' trải tới 1.048.576 dòng × 16.384 cột" in (
        err.getvalue()
    )
