"""What a sheet spec declares, and the plain data an import produces (issues, changes, plan).

A spec (one per kind of sheet: units, people, awards, …) says which columns the sheet has,
how one row becomes a typed record (`parse_row`), how the records compare with the database
(`plan`, set-based) and how the plan is written (`apply`, bulk writes with history). The
engine (reader, runner, writer) is the same for every spec.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

from django.utils.translation import gettext as _

from thidua.imports.engine import cells

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
class Option:
    """An extra command-line option of one kind of sheet (e.g. --create-missing)."""

    flags: tuple[str, ...]
    kwargs: dict[str, Any]
    for_export: bool = False


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


@dataclass(frozen=True)
class FieldDiff:
    column: str
    before: str
    after: str


@dataclass
class Change:
    """One row that creates or updates a record; `record` is the spec's typed row."""

    row: int
    code: str
    label: str
    record: Any = None
    diffs: list[FieldDiff] = field(default_factory=list)
    target: Any = None  # the model instance the apply step writes


@dataclass
class Plan:
    """What an import would do. Built without writing; applied only when it has no errors."""

    kind: str
    title: str
    rows: int = 0
    creates: list[Change] = field(default_factory=list)
    updates: list[Change] = field(default_factory=list)
    unchanged: int = 0
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    applied: bool = False
    data: dict[str, Any] = field(default_factory=dict)  # spec-private state from plan to apply

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def has_changes(self) -> bool:
        return bool(self.creates or self.updates)

    def error(self, row: int | None, column: str, message: str) -> None:
        self.errors.append(Issue(row, column, message))

    def warn(self, row: int | None, column: str, message: str) -> None:
        self.warnings.append(Issue(row, column, message))

    def sort_issues(self) -> None:
        self.errors.sort(key=_issue_order)
        self.warnings.sort(key=_issue_order)

    def summary(self) -> str:
        return _(
            "Số dòng: %(rows)s — thêm mới: %(created)s, cập nhật: %(updated)s, "
            "không đổi: %(unchanged)s."
        ) % {
            "rows": self.rows,
            "created": len(self.creates),
            "updated": len(self.updates),
            "unchanged": self.unchanged,
        }


def _issue_order(issue: Issue) -> tuple[int, str]:
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


@dataclass
class ImportContext:
    """Who runs the import or export, with what options. `user` None = full rights (CLI)."""

    user: Any = None
    dry_run: bool = False
    options: dict[str, Any] = field(default_factory=dict)
    today: dt.date = field(default_factory=dt.date.today)
    scope_path: str | None = None  # the subtree the user may touch; None = everything
    scope_code: str | None = None
    source: str = ""  # the file's name, kept as the reason of every history row

    def in_scope(self, path: str | None) -> bool:
        if self.scope_path is None:
            return True
        return bool(path) and path.startswith(self.scope_path)

    @property
    def history_user(self) -> Any:
        return self.user

    @property
    def history_reason(self) -> str:
        return f"Nhập từ Excel: {self.source}"[:250] if self.source else "Nhập từ Excel"


class SheetSpec:
    """Base class of every kind of sheet. Subclasses set the class attributes and
    override parse_row, plan, apply and export_rows; register them with
    thidua.imports.engine.registry.register."""

    kind: ClassVar[str]
    title: ClassVar[str]  # "Đơn vị", "Cán bộ, chiến sĩ"
    description: ClassVar[str] = ""
    columns: ClassVar[tuple[Column, ...]]
    options: ClassVar[tuple[Option, ...]] = ()

    def headers(self) -> dict[str, str]:
        """{column key: header}; built once per spec (it is asked for on hot paths)."""
        try:
            return self._headers
        except AttributeError:
            self._headers: dict[str, str] = {c.key: c.header for c in self.columns}
            return self._headers

    def parse_row(self, row: Row) -> Any | None:
        """The typed record of one row, or None when the row has errors."""
        raise NotImplementedError

    def plan(self, records: list[Any], ctx: ImportContext, plan: Plan) -> None:
        """Fill plan.creates / updates / unchanged / errors / warnings, reading set-wise."""
        raise NotImplementedError

    def apply(self, plan: Plan, ctx: ImportContext) -> None:
        """Write an error-free plan with bulk writes (history included)."""
        raise NotImplementedError

    def export_rows(self, ctx: ImportContext) -> Iterable[Sequence[object]]:
        """Rows in column order of everything the user may see."""
        raise NotImplementedError

    def display_values(self, record: Any) -> list[tuple[str, str]]:
        """(header, text) pairs of a new record, for the preview."""
        return []

    def example_row(self) -> list[object]:
        return [c.example for c in self.columns]
