"""What python-calamine will hold in memory for one sheet, measured before it reads the sheet.

The scanners (xmlscan for .xlsx/.xlsm/.ods, biffscan for .xls) fill one Extent per sheet;
limits.py compares them with the limits. Every measure is an upper bound of what calamine
allocates: a scanner may count a cell calamine drops, never the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass, field

_NONE = -1


class Malformed(Exception):
    """The file is not what its format says, in a way that matters to the measure (a scanner
    cannot bound what calamine would do with it). The message is a short Vietnamese reason."""


@dataclass
class Extent:
    sheet: str
    first_row: int = _NONE  # 0-based, inclusive; _NONE while the sheet has no cell
    last_row: int = _NONE
    first_col: int = _NONE
    last_col: int = _NONE
    cells: int = 0  # cells collected before the dense range is built (each costs ~40 bytes)
    text_bytes: int = 0  # text copied into cells beyond the file's own bytes (shared strings,
    # repeated cells of .ods)
    declared: list[tuple[int, int, int, int]] = field(default_factory=list)  # <dimension>
    formula: tuple[int, int] | None = None  # the first cell holding a formula (0-based row,
    # column; (-1, -1) when the scanner could not place it)

    @property
    def empty(self) -> bool:
        return self.last_row == _NONE

    @property
    def rows(self) -> int:
        return 0 if self.empty else self.last_row - self.first_row + 1

    @property
    def columns(self) -> int:
        return 0 if self.empty else self.last_col - self.first_col + 1

    def add(self, row: int, col: int) -> None:
        self.add_box(row, row, col, col)

    def add_box(self, first_row: int, last_row: int, first_col: int, last_col: int) -> None:
        if self.empty:
            self.first_row, self.last_row = first_row, last_row
            self.first_col, self.last_col = first_col, last_col
            return
        self.first_row = min(self.first_row, first_row)
        self.last_row = max(self.last_row, last_row)
        self.first_col = min(self.first_col, first_col)
        self.last_col = max(self.last_col, last_col)


def column_letters(index: int) -> str:
    """0 → A, 16383 → XFD."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_name(row: int, col: int) -> str:
    return f"{column_letters(col)}{row + 1}"
