"""Workbook builders for the import tests: files shaped like the ones offices really send."""

from __future__ import annotations

import datetime as dt
import itertools
import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

UNIT_HEADERS = [
    "Mã đơn vị",
    "Tên đơn vị",
    "Loại",
    "Mã đơn vị cấp trên",
    "Hiệu lực từ",
    "Hiệu lực đến",
]
PEOPLE_HEADERS = [
    "Mã",
    "Họ và tên",
    "Giới tính",
    "Ngày sinh",
    "Ngày vào ngành",
    "Cấp bậc",
    "Chức vụ",
    "Mã đơn vị",
]
SPACER = None  # a row of this value in `rows` is written as a blank spacer row


def write_xlsx(
    path: Path,
    rows: Sequence[Sequence[object] | None],
    *,
    title: str | None = None,
    blank_above: int = 0,
    writer: str = "xlsxwriter",
) -> Path:
    """Write rows (header first) to path. `title` adds a merged title row above the header,
    `blank_above` empty rows above it; dates are written as real date cells."""
    width = max(len(r) for r in rows if r)
    top = []
    if title:
        top.append([title])
    top.extend([[]] * blank_above)
    all_rows = [*top, *[r or [] for r in rows]]
    if writer == "openpyxl":
        _write_openpyxl(path, all_rows, width, bool(title))
    else:
        _write_xlsxwriter(path, all_rows, width, bool(title))
    return path


def _write_xlsxwriter(path: Path, rows: list, width: int, merged: bool) -> None:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Danh sách")
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    for r, row in enumerate(rows):
        if merged and r == 0:
            sheet.merge_range(0, 0, 0, width - 1, row[0])
            continue
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, value, dates)
            elif value is not None:
                sheet.write(r, c, value)
    book.close()


def _write_openpyxl(path: Path, rows: list, width: int, merged: bool) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                cell = sheet.cell(row=r, column=c, value=value)
                if isinstance(value, dt.date):
                    cell.number_format = "DD/MM/YYYY"
    if merged:
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    book.save(path)


_ODS = "application/vnd.oasis.opendocument.spreadsheet"
_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def write_ods(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    """A minimal OpenDocument spreadsheet, the format LibreOffice saves by default."""

    def cell(value: object) -> str:
        if value is None or value == "":
            return "<table:table-cell/>"
        if isinstance(value, dt.date):
            return (
                f'<table:table-cell office:value-type="date" office:date-value="{value:%Y-%m-%d}">'
                f"<text:p>{value:%d/%m/%Y}</text:p></table:table-cell>"
            )
        return (
            f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}'
            "</text:p></table:table-cell>"
        )

    body = "".join(
        "<table:table-row>" + "".join(cell(v) for v in row or []) + "</table:table-row>"
        for row in rows
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_NS} '
        'office:version="1.2"><office:body><office:spreadsheet>'
        f'<table:table table:name="Danh sách">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
        '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{_ODS}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" '
        'manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", _ODS)  # first and uncompressed, as the format requires
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
    return path


def read_back(path: Path, sheet: int = 0) -> list[list]:
    """All cells of a written workbook, through the same reader the import uses."""
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(sheet).to_python()


@pytest.fixture
def xlsx(tmp_path):
    """xlsx(rows, **options) → the path of a new workbook in tmp_path."""
    counter = itertools.count(1)

    def make(rows, **options) -> Path:
        return write_xlsx(tmp_path / f"tep-{next(counter)}.xlsx", rows, **options)

    return make


@pytest.fixture
def decision_12(people):
    """12/QĐ-CAT of 20/12/2021 (CSTĐCS), already naming Trần Thị Bình of CAH-A: a decision
    clerk_a can open and add people of its scope to; clerk_b cannot see it."""
    from thidua.awards.models import AwardType
    from thidua.awards.services import Recipient, decision_create

    return decision_create(
        number="12/QĐ-CAT",
        date=dt.date(2021, 12, 20),
        award_type=AwardType.objects.get(code="cstd_co_so"),
        recipients=[Recipient(person=people.binh, year_from=2021)],
    )
