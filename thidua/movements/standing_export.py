"""A cluster year's scoring table and ranking as an Excel workbook (XlsxWriter, as the
project's other exports): the table's lines down and the members across with the points
that count, the ranking with its tie-breaks, and every score row (self, cross, final, the
evidence). Names, codes and notes are text cells through lib.excel.writing (never a formula:
"=1+1" typed in a note stays those characters, quote-prefixed); points as numbers."""

from __future__ import annotations

from decimal import Decimal
from typing import IO

from django.utils.translation import gettext as _

from thidua.lib.excel.writing import TextCells, workbook
from thidua.movements.choices import CriterionKind
from thidua.movements.standing_selectors import ScoreSheet


def write_standing_xlsx(sheet_data: ScoreSheet, target: str | IO[bytes], title: str) -> None:
    book = workbook(target)
    try:
        cells = TextCells(book)
        styles = _styles(cells)
        _table(book, cells, styles, sheet_data, title)
        _ranking(book, cells, styles, sheet_data, title)
        _details(book, cells, styles, sheet_data)
    finally:
        book.close()


def _styles(cells: TextCells) -> dict:
    return {
        "title": cells.format({"bold": True, "font_size": 13}),
        "head": cells.format(
            {"bold": True, "bg_color": "#EEF1F5", "border": 1, "text_wrap": True, "valign": "top"}
        ),
        "cell": cells.format({"border": 1, "text_wrap": True, "valign": "top"}),
        "group": cells.format({"border": 1, "bold": True, "text_wrap": True, "valign": "top"}),
        "points": cells.format({"border": 1, "num_format": "0.##", "valign": "top"}),
        "total": cells.format({"border": 1, "bold": True, "num_format": "0.##"}),
    }


def _number(sheet, row: int, col: int, value: Decimal | None, style) -> None:
    if value is None:
        sheet.write_blank(row, col, None, style)
    else:
        sheet.write_number(row, col, float(value), style)


# The "Loại" column names the lines outside the criteria tree; groups and criteria stay blank.
KINDS_SHOWN = frozenset({CriterionKind.BONUS, CriterionKind.PENALTY})


def _kind_label(kind: str) -> str:
    return str(CriterionKind(kind).label) if kind in KINDS_SHOWN else ""


def _table(book, cells: TextCells, styles, data: ScoreSheet, title: str) -> None:
    sheet = book.add_worksheet(_("Bảng điểm"))
    sheet.set_column(0, 0, 8)
    sheet.set_column(1, 1, 52)
    sheet.set_column(2, 3, 11)
    sheet.set_column(4, 4 + len(data.units), 14)
    cells.text(sheet, 0, 0, title, styles["title"])
    heads = [
        _("STT"),
        _("Nội dung tiêu chí"),
        _("Loại"),
        _("Điểm tối đa"),
        *[u.name for u in data.units],
    ]
    for col, text in enumerate(heads):
        cells.text(sheet, 2, col, text, styles["head"])
    row = 3
    for line in data.lines:
        c = line.criterion
        group = c.kind == CriterionKind.GROUP
        style = styles["group"] if group else styles["cell"]
        cells.text(sheet, row, 0, c.code, style)
        cells.text(sheet, row, 1, "    " * line.depth + c.name, style)
        cells.text(sheet, row, 2, _kind_label(c.kind), style)
        _number(sheet, row, 3, c.max_points, styles["points"])
        for col, value in enumerate(line.points, start=4):
            _number(sheet, row, col, value, styles["points"])
        row += 1
    by_unit = {r.unit.pk: r for r in data.ranking}
    for label, attribute in (
        (_("Điểm các tiêu chí"), "base"),
        (CriterionKind.BONUS.label, "bonus"),
        (CriterionKind.PENALTY.label, "penalty"),
        (_("Tổng điểm"), "total"),
        (_("Xếp hạng"), "rank"),
    ):
        cells.text(sheet, row, 1, label, styles["head"])
        for col, unit in enumerate(data.units, start=4):
            value = getattr(by_unit[unit.pk], attribute)
            _number(sheet, row, col, Decimal(value), styles["total"])
        row += 1
    sheet.freeze_panes(3, 2)


def _ranking(book, cells: TextCells, styles, data: ScoreSheet, title: str) -> None:
    sheet = book.add_worksheet(_("Xếp hạng"))
    widths = (10, 44, 14, 12, 12, 12, 12, 40, 32)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    cells.text(sheet, 0, 0, title, styles["title"])
    heads = (
        _("Thứ hạng"),
        _("Đơn vị"),
        _("Vai trò"),
        _("Điểm các tiêu chí"),
        CriterionKind.BONUS.label,
        CriterionKind.PENALTY.label,
        _("Tổng điểm"),
        _("Tách bằng điểm theo"),
        _("Suy tôn đề nghị"),
    )
    for col, text in enumerate(heads):
        cells.text(sheet, 2, col, text, styles["head"])
    for row, r in enumerate(data.ranking, start=3):
        sheet.write_number(row, 0, r.rank, styles["cell"])
        cells.text(sheet, row, 1, r.unit.name, styles["cell"])
        cells.text(sheet, row, 2, r.role_label, styles["cell"])
        for col, value in enumerate((r.base, r.bonus, r.penalty, r.total), start=3):
            _number(sheet, row, col, value, styles["points"])
        parted = r.parted_by_label or (_("Bằng điểm, đồng hạng") if r.tied else "")
        cells.text(sheet, row, 7, parted, styles["cell"])
        award = r.standing.proposed_award if r.standing and r.standing.proposed_award else None
        cells.text(sheet, row, 8, award.name if award else "", styles["cell"])
    sheet.freeze_panes(3, 0)


def _details(book, cells: TextCells, styles, data: ScoreSheet) -> None:
    sheet = book.add_worksheet(_("Chi tiết điểm"))
    widths = (36, 8, 48, 12, 12, 12, 12, 44)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    heads = (
        _("Đơn vị"),
        _("STT"),
        _("Tiêu chí"),
        _("Điểm tối đa"),
        _("Tự chấm"),
        _("Chấm chéo"),
        _("Thống nhất"),
        _("Minh chứng"),
    )
    for col, text in enumerate(heads):
        cells.text(sheet, 0, col, text, styles["head"])
    for row, score in enumerate(data.details, start=1):
        c = score.criterion
        cells.text(sheet, row, 0, score.unit.name, styles["cell"])
        cells.text(sheet, row, 1, c.code, styles["cell"])
        cells.text(sheet, row, 2, c.name, styles["cell"])
        _number(sheet, row, 3, c.max_points, styles["points"])
        _number(sheet, row, 4, score.self_score, styles["points"])
        _number(sheet, row, 5, score.cross_score, styles["points"])
        _number(sheet, row, 6, score.final_score, styles["points"])
        cells.text(sheet, row, 7, score.evidence, styles["cell"])
    sheet.freeze_panes(1, 0)
