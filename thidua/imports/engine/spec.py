"""What a sheet spec declares, and the plain data an import produces (issues, changes, plan).

A spec (one per kind of sheet: units, people, awards, …) says which columns the sheet has,
how one row becomes a typed record (`parse_row`), how the records compare with the database
(`plan`, set-based) and how the plan is written (`apply`, bulk writes with history). The
engine (reader, runner, writer) is the same for every spec.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.utils.translation import gettext as _

from thidua.accounts import scope
from thidua.lib.excel.rows import Column, Issue, Row, issue_order


@dataclass(frozen=True)
class Option:
    """An extra command-line option of one kind of sheet (e.g. --create-missing)."""

    flags: tuple[str, ...]
    kwargs: dict[str, Any]
    for_export: bool = False


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
    stale: bool = False  # not applied: planned again, it differs from the plan confirmed
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

    def fingerprint(self) -> str:
        """A digest of what the plan would do and say: every create and update (row, code,
        before → after), the unchanged count and every issue. Planned again later, the same
        file against the same data gives the same fingerprint; a change in the data that
        alters what would be written, or what the user was warned of, gives another."""
        digest = hashlib.sha256()
        for tag, changes in (("+", self.creates), ("~", self.updates)):
            for change in changes:
                digest.update(f"{tag}{change.row}\x1f{change.code}\x1f{change.label}".encode())
                for diff in change.diffs:
                    digest.update(f"\x1e{diff.column}\x1f{diff.before}\x1f{diff.after}".encode())
                digest.update(b"\n")
        digest.update(f"={self.rows}/{self.unchanged}\n".encode())
        for tag, issues in (("!", self.errors), ("?", self.warnings)):
            for issue in issues:
                digest.update(f"{tag}{issue.row}\x1f{issue.column}\x1f{issue.message}\n".encode())
        return digest.hexdigest()

    def sort_issues(self) -> None:
        self.errors.sort(key=issue_order)
        self.warnings.sort(key=issue_order)

    def summary(self) -> str:
        return summary_text(self.rows, len(self.creates), len(self.updates), self.unchanged)


def summary_text(rows: int, created: int, updated: int, unchanged: int) -> str:
    return _(
        "Số dòng: %(rows)s — thêm mới: %(created)s, cập nhật: %(updated)s, "
        "không đổi: %(unchanged)s."
    ) % {"rows": rows, "created": created, "updated": updated, "unchanged": unchanged}


@dataclass
class ImportContext:
    """Who runs the import or export (an account or accounts.scope.SYSTEM), with what options."""

    user: Any
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
        return scope.history_author(self.user)

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
