"""Reading a sheet with python-calamine: find the header row, then yield the data rows.

Tolerates what real files carry: title rows (merged or not) and blank rows above the
header, blank spacer rows, extra columns, columns in any order, headers with odd spaces,
case or Unicode form. xlsx, xlsm, xls and ods files written by Excel or LibreOffice.

Formulas are never evaluated, nor read as the value the program that saved the file cached
for them (a crafted file can cache anything): a sheet whose cells hold a formula is refused,
naming the first such cell, and the user pastes the values instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

from python_calamine import CalamineWorkbook

from thidua.lib.excel.cells import header_key
from thidua.lib.excel.extent import cell_name, column_letters
from thidua.lib.excel.limits import SPREADSHEET_SUFFIXES, FileProblem, inspect_file
from thidua.lib.excel.rows import SheetLayout

__all__ = ["SUFFIXES", "FileProblem", "SheetData", "data_rows", "read_sheet"]

HEADER_SEARCH_ROWS = 20
SUFFIXES = SPREADSHEET_SUFFIXES
UNREADABLE = "Không đọc được tệp Excel ({}). Hãy lưu lại dưới dạng .xlsx rồi thử lại."


@dataclass
class SheetData:
    sheet_name: str
    header_row: int  # 1-based, as Excel numbers rows
    positions: dict[str, int]  # column key → index in a row list
    rows: Iterator[tuple[int, list]]  # (Excel row number, cells), header excluded
    last_row: int = 0  # the sheet's last row number, for a progress bar (blank rows included)


def read_sheet(path: str | Path, spec: SheetLayout) -> SheetData:
    """The first sheet of the workbook that has the spec's header row. The file is checked
    against the size limits (limits.py) before calamine reads anything of it."""
    facts = inspect_file(path)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except BaseException as exc:  # calamine raises its own errors for every broken format
        _reraise_unless_calamine(exc)
        raise FileProblem(UNREADABLE.format(type(exc).__name__)) from exc
    wanted = {header_key(c.header): c.key for c in spec.columns}
    required = {c.key for c in spec.columns if c.required}
    best: set[str] = set()
    for name in workbook.sheet_names:
        rows = sheet = None  # let the previous sheet's range go before calamine builds the next
        try:
            sheet = workbook.get_sheet_by_name(name)
            rows = enumerate(sheet.iter_rows(), start=1)
        except BaseException as exc:  # a chart sheet or another sheet without cells
            _reraise_unless_calamine(exc)
            continue
        for number, cells in rows:
            if number > HEADER_SEARCH_ROWS:
                break
            positions = _match_header(cells, wanted)
            if required <= positions.keys():
                if name in facts.formulas:
                    raise _formula_problem(spec, name, facts.formulas[name], positions)
                return SheetData(name, number, positions, rows, _last_row(sheet))
            if len(positions.keys() & required) > len(best & required):
                best = set(positions)
    missing = [c.header for c in spec.columns if c.required and c.key not in best]
    raise FileProblem(
        f"Không tìm thấy dòng tiêu đề của bảng “{spec.title}” trong {HEADER_SEARCH_ROWS} dòng "
        f"đầu. Thiếu cột: {', '.join(repr(h) for h in missing)}."
    )


def _last_row(sheet) -> int:
    end = sheet.end  # (row, column) of the last cell, 0-based; None for an empty sheet
    return end[0] + 1 if end else 0


def _formula_problem(
    spec: SheetLayout, sheet: str, at: tuple[int, int], positions: dict[str, int]
) -> FileProblem:
    """The first formula cell of the sheet to import, named by its row and its column's
    header (or letter, outside the known columns)."""
    row, col = at
    if row < 0:
        where, number, column = "có ô", None, ""
    else:
        letters = column_letters(col)
        where = f"ô {cell_name(row, col)} (dòng {row + 1}, cột {letters})"
        headers = {positions[c.key]: c.header for c in spec.columns if c.key in positions}
        number, column = row + 1, headers.get(col, letters)
    return FileProblem(
        f"Trang '{sheet}' {where} chứa công thức. Hệ thống không tính công thức khi nhập và "
        "không nhận giá trị tính sẵn của chúng: hãy chọn cả trang, Sao chép rồi Dán đặc biệt → "
        "Chỉ giá trị (Paste Special → Values), lưu lại rồi nhập lại.",
        number,
        column,
    )


def _reraise_unless_calamine(exc: BaseException) -> None:
    """calamine's errors include Rust panics, whose pyo3 PanicException derives from
    BaseException (`except Exception` lets them through); re-raise anything else."""
    if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
        raise exc


def _match_header(cells: list, wanted: dict[str, str]) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, cell in enumerate(cells):
        if cell == "":
            continue
        key = wanted.get(header_key(cell))
        if key is not None and key not in positions:  # the first of duplicate columns wins
            positions[key] = index
    return positions


def data_rows(sheet: SheetData) -> Iterator[tuple[int, dict[str, object]]]:
    """(row number, {column key: raw cell}) for every row with something in a known column."""
    keys, indexes = list(sheet.positions), list(sheet.positions.values())
    pick = itemgetter(*indexes) if len(indexes) > 1 else (lambda cells: (cells[indexes[0]],))
    needed = max(indexes) + 1
    for number, cells in sheet.rows:
        if len(cells) >= needed:  # calamine gives every row the sheet's width: one C call
            values = pick(cells)
        else:
            values = tuple(cells[i] if i < len(cells) else "" for i in indexes)
        if _has_content(values):
            yield number, dict(zip(keys, values))


def _has_content(values: tuple) -> bool:
    """Whether a cell holds something other than "" or spaces (usually the first one)."""
    for value in values:  # noqa: SIM110 (a plain loop: any() over a generator is slower here)
        if value != "" and (not isinstance(value, str) or value.strip()):
            return True
    return False
