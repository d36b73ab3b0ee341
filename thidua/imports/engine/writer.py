"""Writing sheets with XlsxWriter: bold frozen header, sensible widths, real date cells."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import IO

import xlsxwriter

from thidua.imports.engine.spec import SheetSpec
from thidua.lib.excel.rows import DATE, INTEGER

DATE_FORMAT = "dd/mm/yyyy"


def write_sheet(
    target: str | IO[bytes],
    spec: SheetSpec,
    rows: Iterable[Sequence[object]],
    *,
    guide: bool = False,
) -> int:
    """Write the header and rows of `spec`; with guide=True add the "Hướng dẫn" sheet.
    Returns the number of data rows written. constant_memory keeps a 100k-row export flat."""
    workbook = xlsxwriter.Workbook(
        target,
        {
            "constant_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    try:
        count = _write_data(workbook, spec, rows)
        if guide:
            _write_guide(workbook, spec)
    finally:
        workbook.close()
    return count


def _write_data(workbook, spec: SheetSpec, rows: Iterable[Sequence[object]]) -> int:
    sheet = workbook.add_worksheet(spec.title[:31])
    bold = workbook.add_format(
        {"bold": True, "bg_color": "#EEF1F5", "border": 1, "text_wrap": True, "valign": "top"}
    )
    date_format = workbook.add_format({"num_format": DATE_FORMAT})
    for col, column in enumerate(spec.columns):
        sheet.set_column(col, col, column.width)
    sheet.freeze_panes(1, 0)
    for col, column in enumerate(spec.columns):
        sheet.write_string(0, col, column.header, bold)
    kinds = [c.kind for c in spec.columns]
    count = 0
    for count, values in enumerate(rows, start=1):
        for col, (kind, value) in enumerate(zip(kinds, values)):
            _write_cell(sheet, count, col, kind, value, date_format)
    return count


def _write_cell(sheet, row: int, col: int, kind: str, value: object, date_format) -> None:
    if value is None or value == "":
        return
    if kind == DATE and isinstance(value, dt.date):
        sheet.write_datetime(row, col, value, date_format)
    elif kind == INTEGER and isinstance(value, int):
        sheet.write_number(row, col, value)
    else:
        # Codes stay text: "0012" must not become the number 12.
        sheet.write_string(row, col, str(value))


def _write_guide(workbook, spec: SheetSpec) -> None:
    sheet = workbook.add_worksheet("Hướng dẫn")
    bold = workbook.add_format({"bold": True, "bg_color": "#EEF1F5", "border": 1})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    for col, width in enumerate((26, 12, 80)):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 0)
    for col, header in enumerate(("Cột", "Bắt buộc", "Hướng dẫn")):
        sheet.write_string(0, col, header, bold)
    for row, column in enumerate(spec.columns, start=1):
        sheet.write_string(row, 0, column.header, wrap)
        sheet.write_string(row, 1, "Có" if column.required else "Không", wrap)
        sheet.write_string(row, 2, column.help, wrap)
    notes = [
        "Dòng tiêu đề phải có đủ các cột bắt buộc; thứ tự cột tuỳ ý, cột thừa được bỏ qua.",
        "Có thể để dòng tiêu đề của văn bản (kể cả ô gộp) và dòng trống phía trên dòng tiêu đề.",
        "Ngày ghi dạng dd/mm/yyyy hoặc ô kiểu ngày của Excel.",
        "Nhập lại cùng một tệp không thay đổi gì; tệp có lỗi thì không ghi dòng nào.",
    ]
    start = len(spec.columns) + 2
    for offset, note in enumerate(notes):
        sheet.write_string(start + offset, 0, note)
