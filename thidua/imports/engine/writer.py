"""Writing sheets with XlsxWriter: bold frozen header, sensible widths, real date cells; text
is never a formula (lib.excel.writing)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import IO

from thidua.imports.engine.spec import SheetSpec
from thidua.lib.excel.rows import DATE, INTEGER
from thidua.lib.excel.writing import TextCells, workbook

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
    book = workbook(target, constant_memory=True)
    cells = TextCells(book)
    try:
        count = _write_data(cells, spec, rows)
        if guide:
            _write_guide(cells, spec)
    finally:
        book.close()
    return count


def _write_data(cells: TextCells, spec: SheetSpec, rows: Iterable[Sequence[object]]) -> int:
    sheet = cells.book.add_worksheet(spec.title[:31])
    bold = cells.format(
        {"bold": True, "bg_color": "#EEF1F5", "border": 1, "text_wrap": True, "valign": "top"}
    )
    date_format = cells.format({"num_format": DATE_FORMAT})
    for col, column in enumerate(spec.columns):
        sheet.set_column(col, col, column.width)
    sheet.freeze_panes(1, 0)
    for col, column in enumerate(spec.columns):
        cells.text(sheet, 0, col, column.header, bold)
    kinds = [c.kind for c in spec.columns]
    count = 0
    for count, values in enumerate(rows, start=1):
        for col, (kind, value) in enumerate(zip(kinds, values)):
            _write_cell(cells, sheet, count, col, kind, value, date_format)
    return count


def _write_cell(
    cells: TextCells, sheet, row: int, col: int, kind: str, value: object, date_format
) -> None:
    if value is None or value == "":
        return
    if kind == DATE and isinstance(value, dt.date):
        sheet.write_datetime(row, col, value, date_format)
    elif kind == INTEGER and isinstance(value, int):
        sheet.write_number(row, col, value)
    else:
        # Codes stay text: "0012" must not become the number 12, nor "-Nguyễn" a formula.
        cells.text(sheet, row, col, value)


def _write_guide(cells: TextCells, spec: SheetSpec) -> None:
    sheet = cells.book.add_worksheet("Hướng dẫn")
    bold = cells.format({"bold": True, "bg_color": "#EEF1F5", "border": 1})
    wrap = cells.format({"text_wrap": True, "valign": "top"})
    for col, width in enumerate((26, 12, 80)):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 0)
    for col, header in enumerate(("Cột", "Bắt buộc", "Hướng dẫn")):
        cells.text(sheet, 0, col, header, bold)
    for row, column in enumerate(spec.columns, start=1):
        cells.text(sheet, row, 0, column.header, wrap)
        cells.text(sheet, row, 1, "Có" if column.required else "Không", wrap)
        cells.text(sheet, row, 2, column.help, wrap)
    notes = [
        "Dòng tiêu đề phải có đủ các cột bắt buộc; thứ tự cột tuỳ ý, cột thừa được bỏ qua.",
        "Có thể để dòng tiêu đề của văn bản (kể cả ô gộp) và dòng trống phía trên dòng tiêu đề.",
        "Ngày ghi dạng dd/mm/yyyy hoặc ô kiểu ngày của Excel.",
        "Nhập lại cùng một tệp không thay đổi gì; tệp có lỗi thì không ghi dòng nào.",
    ]
    start = len(spec.columns) + 2
    for offset, note in enumerate(notes):
        cells.text(sheet, start + offset, 0, note)
