"""The registered-vs-achieved comparison as an Excel workbook (XlsxWriter, written the way
the project's other workbooks are: text as text, never as a formula, counts as numbers):
a sheet of counts, then one sheet per list."""

from __future__ import annotations

from typing import IO

import xlsxwriter
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.movements.registration_selectors import Comparison, Line, Side

LIST_TITLES = {
    "met": gettext_lazy("Đăng ký và đạt"),
    "missed": gettext_lazy("Đăng ký nhưng không đạt"),
    "unregistered": gettext_lazy("Đạt nhưng không đăng ký"),
}
SIDES = (("people", gettext_lazy("Cá nhân")), ("collectives", gettext_lazy("Tập thể")))
HEADERS = (
    gettext_lazy("STT"),
    gettext_lazy("Mã"),
    gettext_lazy("Họ tên / Đơn vị"),
    gettext_lazy("Đơn vị"),
    gettext_lazy("Danh hiệu đăng ký"),
    gettext_lazy("Danh hiệu đạt được"),
)


def write_comparison_xlsx(result: Comparison, target: str | IO[bytes]) -> None:
    book = xlsxwriter.Workbook(
        target,
        {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    try:
        styles = {
            "title": book.add_format({"bold": True, "font_size": 13}),
            "head": book.add_format(
                {"bold": True, "bg_color": "#EEF1F5", "border": 1, "text_wrap": True}
            ),
            "cell": book.add_format({"border": 1, "text_wrap": True, "valign": "top"}),
            "number": book.add_format({"num_format": "#,##0", "border": 1}),
        }
        title = _("Đối chiếu đăng ký và kết quả thi đua năm %(year)s — %(unit)s") % {
            "year": result.year,
            "unit": result.unit.name,
        }
        if result.subtree:
            title += " " + _("(kể cả đơn vị trực thuộc)")
        _counts(book, styles, title, result)
        for attr, label in SIDES:
            side: Side = getattr(result, attr)
            for key, lines in side.lists():
                _list(book, styles, f"{label} - {LIST_TITLES[key]}"[:31], lines)
    finally:
        book.close()


def _counts(book, styles, title: str, result: Comparison) -> None:
    sheet = book.add_worksheet(_("Tổng hợp"))
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, 4, 22)
    sheet.write_string(0, 0, title, styles["title"])
    heads = ("", _("Số đăng ký"), *LIST_TITLES.values())
    for col, text in enumerate(heads):
        sheet.write_string(2, col, str(text), styles["head"])
    for row, (attr, label) in enumerate(SIDES, start=3):
        side: Side = getattr(result, attr)
        sheet.write_string(row, 0, str(label), styles["cell"])
        values = (side.registered, len(side.met), len(side.missed), len(side.unregistered))
        for col, value in enumerate(values, start=1):
            sheet.write_number(row, col, value, styles["number"])


def _list(book, styles, name: str, lines: list[Line]) -> None:
    sheet = book.add_worksheet(name)
    for col, width in enumerate((6, 12, 32, 32, 28, 28)):
        sheet.set_column(col, col, width)
    for col, text in enumerate(HEADERS):
        sheet.write_string(0, col, str(text), styles["head"])
    for row, line in enumerate(lines, start=1):
        sheet.write_number(row, 0, row, styles["number"])
        values = (
            line.code,
            line.name,
            line.unit,
            line.registered.name if line.registered else "",
            line.achieved.name if line.achieved else "",
        )
        for col, value in enumerate(values, start=1):
            sheet.write_string(row, col, value, styles["cell"])
    sheet.freeze_panes(1, 0)
