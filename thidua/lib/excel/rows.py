"""The rows of a sheet as the user sees them: columns with their Vietnamese headers, one
data row with typed accessors, and the issues (row, column, reason) found in it.

Shared by the imports (thidua.imports) and every other reader of a user's sheet (the
candidate lists of thidua.eligibility).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Protocol, TypeVar

from thidua.lib.excel import cells

T = TypeVar("T")

DATE = "date"
TEXT = "text"
INTEGER = "integer"


@dataclass(frozen=True)
class Column:
    """One column of a sheet: `header` is the exact Vietnamese header of the contract."""

    key: str
    header: str
    required: bool = True  # the header must be present (a value may still be optional)
    kind: str = TEXT  # how exports write it: TEXT, DATE or INTEGER
    width: int = 18
    help: str = ""  # shown on the template's "Hướng dẫn" sheet
    example: object = ""


@dataclass(frozen=True)
class Issue:
    """An error or warning about one cell (row and column as the user sees them in Excel)."""

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return f"Cột '{self.column}': {self.message}" if self.column else self.message
        if not self.column:
            return f"Dòng {self.row}: {self.message}"
        return f"Dòng {self.row}, cột '{self.column}': {self.message}"


class SheetLayout(Protocol):
    """What a reader needs to know of a sheet: its title (for messages) and its columns."""

    title: ClassVar[str]
    columns: ClassVar[tuple[Column, ...]]


def issue_order(issue: Issue) -> tuple[int, str]:
    return (issue.row or 0, issue.column)


class Row:
    """One data row with typed accessors; a bad cell records an error and returns None/""."""

    __slots__ = ("_headers", "_issues", "failed_keys", "number", "values")

    def __init__(
        self, number: int, values: dict[str, object], issues: list[Issue], headers: dict[str, str]
    ):
        self.number = number
        self.values = values
        self.failed_keys: set[str] = set()  # the columns with an error
        self._issues = issues
        self._headers = headers

    @property
    def failed(self) -> bool:
        return bool(self.failed_keys)

    def has(self, key: str) -> bool:
        """Whether the file has this (optional) column at all."""
        return key in self.values

    def error(self, key: str, message: str) -> None:
        self._issues.append(Issue(self.number, self._headers.get(key, key), message))
        self.failed_keys.add(key)

    def _missing(self, key: str, required: bool) -> None:
        if required:
            self.error(key, "Không được để trống.")

    def text(self, key: str, *, required: bool = False, max_length: int | None = None) -> str:
        value = cells.text(self.values.get(key))
        if not value:
            self._missing(key, required)
        elif max_length and len(value) > max_length:
            self.error(key, f"Dài quá {max_length} ký tự.")
            return ""
        return value

    def code(self, key: str, *, required: bool = False, max_length: int = 32) -> str:
        value = cells.code(self.values.get(key))
        if not value:
            self._missing(key, required)
        elif not cells.is_valid_code(value, max_length):
            self.error(key, cells.invalid_code_message(value, max_length))
            return ""
        return value

    def date(self, key: str, *, required: bool = False) -> dt.date | None:
        try:
            value = cells.date(self.values.get(key))
        except ValueError as exc:
            self.error(key, str(exc))
            return None
        if value is None:
            self._missing(key, required)
        return value

    def integer(self, key: str, *, required: bool = False) -> int | None:
        try:
            value = cells.integer(self.values.get(key))
        except ValueError as exc:
            self.error(key, str(exc))
            return None
        if value is None:
            self._missing(key, required)
        return value

    def choice(
        self, key: str, options: dict[str, T], labels: Sequence[str], *, required: bool = False
    ) -> T | None:
        """A value looked up by its accent- and case-insensitive label (see cells.choice_key)."""
        raw = self.values.get(key)
        found = options.get(cells.choice_key(raw))
        if found is None:
            if cells.text(raw):
                self.error(
                    key,
                    f"Giá trị '{cells.text(raw)}' không hợp lệ; chấp nhận: {', '.join(labels)}.",
                )
            else:
                self._missing(key, required)
        return found
