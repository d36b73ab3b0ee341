"""The period summary as an Excel workbook (XlsxWriter): the table by award type with its
totals, the counts by year, the collective titles, and the sentences. Text is written as
text (never as a formula: lib.excel.writing), counts as numbers."""

from __future__ import annotations

from typing import IO

from thidua.lib.excel.writing import TextCells, workbook
from thidua.reports import wording
from thidua.reports.dashboard import Chart, Dashboard
from thidua.reports.summary import COUNTS, Summary

COUNT_HEADERS = ("Số tập thể", "Số cá nhân", "Lượt tập thể", "Lượt cá nhân")


def write_summary_xlsx(summary: Summary, target: str | IO[bytes]) -> None:
    data = summary.as_json()
    cells = _workbook(target)
    book = cells.book
    try:
        styles = _styles(cells)
        title = "Tổng kết khen thưởng " + wording.span(summary.year_from, summary.year_to)
        if summary.unit:
            title += f" — {summary.unit.name}"
        _by_award(book, styles, title, data)
        _by_year(book, styles, data)
        _titles(book, styles, data)
        _text(book, styles, data)
    finally:
        book.close()


def write_dashboard_xlsx(board: Dashboard, slugs: list[str], target: str | IO[bytes]) -> None:
    """The tables of the dashboard's charts named by `slugs`, one sheet each, in Vietnamese
    (the caller builds `board` with Vietnamese active)."""
    cells = _workbook(target)
    book = cells.book
    try:
        styles = _styles(cells)
        title = "Khen thưởng " + wording.span(board.year_from, board.year_to)
        if board.root:
            title += f" — {board.root.name}"
        for slug in slugs:
            _chart(book, styles, title, board.chart(slug))
    finally:
        book.close()


def _workbook(target: str | IO[bytes]) -> TextCells:
    # Names of units and awards are text, whatever they start with.
    return TextCells(workbook(target))


def _chart(book, styles, title: str, chart: Chart) -> None:
    sheet = book.add_worksheet(chart.title)
    sheet.set_column(0, 0, 44)
    sheet.set_column(1, 4, 13)
    _put(styles, sheet, 0, 0, f"{title}: {chart.title.lower()}", styles["title"])
    _header(sheet, styles, 2, (chart.column, *COUNT_HEADERS))
    row = 3
    for line in chart.rows:
        _put(styles, sheet, row, 0, line.label, styles["cell"])
        _counts(sheet, styles, row, 1, line.counts.as_json())
        row += 1
    _put(styles, sheet, row, 0, "Tổng cộng (người, tập thể khác nhau)", styles["head"])
    _counts(sheet, styles, row, 1, chart.totals.as_json(), "total")
    sheet.freeze_panes(3, 0)


def _styles(cells: TextCells) -> dict:
    # Every format through TextCells.format: each has its quote-prefixed twin.
    book = cells
    styles = {
        "title": book.format({"bold": True, "font_size": 13}),
        "head": book.format(
            {"bold": True, "bg_color": "#EEF1F5", "border": 1, "text_wrap": True, "valign": "top"}
        ),
        "number": book.format({"num_format": "#,##0", "border": 1}),
        "cell": book.format({"border": 1, "text_wrap": True, "valign": "top"}),
        "total": book.format({"bold": True, "num_format": "#,##0", "border": 1}),
        "wrap": book.format({"text_wrap": True, "valign": "top"}),
    }
    styles["cells"] = cells
    return styles


def _put(styles, sheet, row: int, col: int, value: object, fmt) -> None:
    styles["cells"].text(sheet, row, col, value, fmt)


def _header(sheet, styles, row: int, headers) -> None:
    for col, text in enumerate(headers):
        _put(styles, sheet, row, col, text, styles["head"])


def _counts(sheet, styles, row: int, col: int, values: dict, style: str = "number") -> None:
    for offset, name in enumerate(COUNTS):
        sheet.write_number(row, col + offset, values[name], styles[style])


def _by_award(book, styles, title: str, data: dict) -> None:
    sheet = book.add_worksheet("Theo hình thức")
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, 1, 48)
    sheet.set_column(2, 5, 13)
    _put(styles, sheet, 0, 0, title, styles["title"])
    _header(sheet, styles, 2, ("STT", "Hình thức khen thưởng, danh hiệu", *COUNT_HEADERS))
    row = 3
    for number, line in enumerate(data["by_award"], start=1):
        sheet.write_number(row, 0, number, styles["cell"])
        _put(styles, sheet, row, 1, line["award"]["name"], styles["cell"])
        _counts(sheet, styles, row, 2, line)
        row += 1
    _put(styles, sheet, row, 1, "Tổng cộng (người, tập thể khác nhau)", styles["head"])
    _counts(sheet, styles, row, 2, data["totals"], "total")
    sheet.freeze_panes(3, 0)


def _by_year(book, styles, data: dict) -> None:
    sheet = book.add_worksheet("Theo năm")
    sheet.set_column(0, 4, 14)
    _header(sheet, styles, 0, ("Năm", *COUNT_HEADERS))
    for row, year in enumerate(data["by_year"], start=1):
        sheet.write_number(row, 0, year["year"], styles["cell"])
        _counts(sheet, styles, row, 1, year)
    sheet.freeze_panes(1, 0)


def _titles(book, styles, data: dict) -> None:
    sheet = book.add_worksheet("Danh hiệu tập thể")
    sheet.set_column(0, 0, 12)
    sheet.set_column(1, 2, 40)
    sheet.set_column(3, 4, 16)
    _header(sheet, styles, 0, ("Mã đơn vị", "Đơn vị", "Danh hiệu", "Các năm", "Số năm liền"))
    for row, run in enumerate(data["collective_titles"], start=1):
        _put(styles, sheet, row, 0, run["unit"]["code"], styles["cell"])
        _put(styles, sheet, row, 1, run["unit"]["name"], styles["cell"])
        _put(styles, sheet, row, 2, run["award"]["name"], styles["cell"])
        _put(styles, sheet, row, 3, ", ".join(map(str, run["years"])), styles["cell"])
        sheet.write_number(row, 4, run["longest_run"], styles["number"])
    sheet.freeze_panes(1, 0)


def _text(book, styles, data: dict) -> None:
    sheet = book.add_worksheet("Nội dung báo cáo")
    sheet.set_column(0, 0, 120)
    for row, sentence in enumerate(data["text"]):
        _put(styles, sheet, row, 0, sentence, styles["wrap"])
