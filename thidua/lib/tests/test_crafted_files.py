"""Crafted uploads: files that are not what their name says, and formula cells, refused with a
clear Vietnamese message before anything is read or written (lib.excel.limits, reader)."""

from __future__ import annotations

import shutil
import struct
import zipfile

import pytest
import xlsxwriter
from django.test import override_settings
from python_calamine import CalamineWorkbook

from thidua.lib.excel import limits
from thidua.lib.excel.limits import FileProblem, check_file
from thidua.lib.excel.reader import data_rows, read_sheet
from thidua.lib.tests.test_excel_limits import (
    Units,
    _record,
    inline,
    ods,
    ods_text,
    package,
    worksheet,
    xls,
    xls_label,
)

RENAMED = "tên tệp đã bị đổi đuôi"


def refused(path) -> str:
    with pytest.raises(FileProblem) as caught:
        read_sheet(path, Units)
    return str(caught.value)


def good_xlsx(path):
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("Danh sách").write_column(0, 0, ["Mã", "CA01"])
    book.close()
    return path


def good_xls(path):
    return xls(path, [xls_label(0, 0, 0), xls_label(1, 0, 1)], ["Mã", "CA01"])


def good_ods(path):
    row = "<table:table-row>{}</table:table-row>"
    return ods(path, row.format(ods_text("Mã")) + row.format(ods_text("CA01")))


# What the file is, whatever its name says.


@pytest.mark.parametrize(
    ("make", "name", "content"),
    [
        (good_xls, "cu.xlsx", "bảng tính Excel 97–2003 (.xls)"),
        (good_xls, "cu.ods", "bảng tính Excel 97–2003 (.xls)"),
        (good_xlsx, "moi.xls", "bảng tính Excel (.xlsx)"),
        (good_xlsx, "moi.ods", "bảng tính Excel (.xlsx)"),
        (good_ods, "lo.xlsx", "bảng tính LibreOffice (.ods)"),
        (good_ods, "lo.xls", "bảng tính LibreOffice (.ods)"),
    ],
)
def test_a_spreadsheet_renamed_to_another_extension_is_refused(tmp_path, make, name, content):
    original = make(tmp_path / "goc")
    renamed = tmp_path / name
    shutil.copy(original, renamed)
    message = refused(renamed)
    assert f"Tệp có đuôi {renamed.suffix} nhưng nội dung là {content}" in message
    assert RENAMED in message


@pytest.mark.parametrize("make", [good_xlsx, good_xls, good_ods])
def test_each_format_under_its_own_extension_still_reads(tmp_path, make):
    suffix = {good_xlsx: ".xlsx", good_xls: ".xls", good_ods: ".ods"}[make]
    path = make(tmp_path / f"dung{suffix}")
    assert [v for _, v in data_rows(read_sheet(path, Units))] == [{"code": "CA01"}]


def test_an_xlsm_is_read_as_the_xlsx_it_is(tmp_path):
    path = good_xlsx(tmp_path / "macro.xlsm")
    assert [v for _, v in data_rows(read_sheet(path, Units))] == [{"code": "CA01"}]


def test_a_word_document_or_another_zip_named_xlsx_is_refused_before_its_parts_are_read(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(CalamineWorkbook, "from_path", None)  # never reached
    docx = tmp_path / "cong-van.xlsx"
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    archive_zip = tmp_path / "nen.xlsx"
    with zipfile.ZipFile(archive_zip, "w") as archive:
        archive.writestr("danh-sach.csv", "Mã\nCA01\n")
    for path in (docx, archive_zip):
        assert "Tệp là một tệp nén nhưng không phải bảng tính Excel" in refused(path)


def test_a_compound_file_without_a_workbook_is_refused(tmp_path):
    data = good_xls(tmp_path / "cu.xls").read_bytes()
    doc = tmp_path / "van-ban.xls"
    doc.write_bytes(data.replace("Workbook".encode("utf-16-le"), "Document".encode("utf-16-le")))
    assert "không phải bảng tính Excel (có thể là tệp Word .doc" in refused(doc)


@pytest.mark.parametrize("head", [b"Ma,Ten\r\nCA01,An\r\n", b"<html><table><tr><td>Ma"])
def test_text_or_a_web_page_saved_as_xls_is_refused(tmp_path, head):
    path = tmp_path / "xuat-tu-phan-mem-cu.xls"
    path.write_bytes(head)
    assert refused(path).startswith("Tệp không phải bảng tính Excel hay LibreOffice")


def test_a_zip_bomb_is_refused_from_the_sizes_its_directory_declares(tmp_path, monkeypatch):
    path = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 3_000_000)  # 3 MB → 3 KB
    assert path.stat().st_size < 20_000
    monkeypatch.setattr(limits, "MAX_UNPACKED_BYTES", 1_000_000)
    monkeypatch.setattr(limits._Package, "check", None)  # refused before any part is inflated
    assert "nội dung giải nén ra 3,0 MB (giới hạn 1 MB)" in refused(path)


def test_the_limits_are_settings_with_their_defaults():
    assert limits._setting("ROWS", 200_000) == 200_000
    with override_settings(THIDUA_IMPORT_ROWS=1_000):
        assert limits._setting("ROWS", 200_000) == 1_000


# Formula cells: never evaluated, never read as their cached value.


FORMULA = "ô C4 (dòng 4, cột C) chứa công thức"


def test_a_formula_cell_is_refused_with_its_cell(tmp_path):
    path = tmp_path / "cong-thuc.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Danh sách")
    sheet.write_row(0, 0, ["Mã", "Tên"])
    sheet.write_row(1, 0, ["CA01", "An"])
    sheet.write_row(2, 0, ["CA02", "Bình"])
    sheet.write_formula(3, 2, '=HYPERLINK("http://x","bấm")', None, "bấm")
    sheet.write_formula(5, 0, "=1+1", None, 2)
    book.close()
    message = refused(path)
    assert message.startswith(f"Trang 'Danh sách' {FORMULA}")
    assert "Dán đặc biệt → Chỉ giá trị" in message


def test_a_shared_or_prefixed_formula_is_found_too(tmp_path):
    shared = worksheet(
        inline("A1", "Mã") + '<row r="4"><c r="C4"><f t="shared" si="0"/><v>1</v></c></row>'
    )
    prefixed = worksheet(
        f'<x:row r="1">{inline("A1", "Mã")}</x:row><x:row r="4"><x:c r="C4"><x:f>1+1</x:f>'
        "<x:v>2</x:v></x:c></x:row>",
        prefix="x",
    )
    assert FORMULA in refused(package(tmp_path / "a.xlsx", shared))
    assert "chứa công thức" in refused(package(tmp_path / "b.xlsx", prefixed))


def test_formulas_outside_the_cells_and_on_other_sheets_do_not_count(tmp_path):
    # A drop-down list's source (<xm:f> in extLst, after sheetData) is no cell.
    sheet = worksheet(inline("A1", "Mã") + inline("A2", "CA01")).replace(
        "</worksheet>",
        '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}"><x14:dataValidations '
        'xmlns:x14="x" xmlns:xm="m"><x14:dataValidation><x14:formula1><xm:f>Sheet2!$A$1:$A$3'
        "</xm:f></x14:formula1></x14:dataValidation></x14:dataValidations></ext></extLst>"
        "</worksheet>",
    )
    assert [v for _, v in data_rows(read_sheet(package(tmp_path / "dv.xlsx", sheet), Units))] == [
        {"code": "CA01"}
    ]
    path = tmp_path / "hai-trang.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("Tổng hợp").write_formula(0, 0, "=COUNTA('Danh sách'!A:A)", None, 2)
    book.add_worksheet("Danh sách").write_column(0, 0, ["Mã", "CA01"])
    book.close()
    assert [v for _, v in data_rows(read_sheet(path, Units))] == [{"code": "CA01"}]


def test_a_formula_in_an_xls_or_an_ods_is_refused(tmp_path):
    result = struct.pack("<d", 2.0)
    formula = _record(
        0x0006, struct.pack("<HHH", 3, 2, 0) + result + b"\0" * 6 + b"\x03\0\x1e\x02\0"
    )
    old = xls(tmp_path / "cu.xls", [xls_label(0, 0, 0), formula], ["Mã"])
    assert FORMULA in refused(old)
    row = "<table:table-row>{}</table:table-row>"
    cells = (
        '<table:table-cell/><table:table-cell table:number-columns-repeated="1"/>'
        '<table:table-cell table:formula="of:=1+1" office:value-type="float" office:value="2">'
        "<text:p>2</text:p></table:table-cell>"
    )
    lo = ods(
        tmp_path / "lo.ods", row.format(ods_text("Mã")) + row.format("") * 2 + row.format(cells)
    )
    assert FORMULA in refused(lo)


def test_check_file_alone_passes_a_formula_the_reader_refuses(tmp_path):
    """The size check passes it (formulas are the reader's question: which sheet is read)."""
    path = tmp_path / "f.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("Danh sách").write_formula(0, 0, "=1+1", None, 2)
    book.close()
    assert check_file(path) is None
