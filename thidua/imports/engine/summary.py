"""What the preview page shows of a plan, kept on disk between the background job that
planned it and every later view of the page (thidua/imports/jobs.py): the counts, the first
rows of each table, the issues, and the plan's fingerprint for the apply to compare against.

Small on purpose: a 100,000-row plan keeps its counts and its first PREVIEW_LIMIT rows, not
100,000 model instances, so each preview reads a few kilobytes."""

from __future__ import annotations

from dataclasses import dataclass, field

from thidua.imports.engine.spec import FieldDiff, Plan, SheetSpec, summary_text
from thidua.lib.excel.rows import Issue

PREVIEW_LIMIT = 200  # rows of each table shown; the counts are always complete
ISSUE_LIMIT = PREVIEW_LIMIT * 5


@dataclass(frozen=True)
class UpdatedRow:
    row: int
    code: str
    label: str
    diffs: list[FieldDiff]


@dataclass
class PlanSummary:
    kind: str
    title: str
    rows: int
    created: int
    updated: int
    unchanged: int
    error_count: int
    warning_count: int
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    create_headers: list[str] = field(default_factory=list)
    creates: list[tuple[int, list[tuple[str, str]]]] = field(default_factory=list)
    updates: list[UpdatedRow] = field(default_factory=list)
    fingerprint: str = ""
    stale: bool = False  # planned again at confirmation, it differed from what was shown

    @property
    def ok(self) -> bool:
        return not self.error_count

    @property
    def has_changes(self) -> bool:
        return bool(self.created or self.updated)

    def summary(self) -> str:
        return summary_text(self.rows, self.created, self.updated, self.unchanged)


def summarise(spec: SheetSpec, plan: Plan) -> PlanSummary:
    creates = [(c.row, spec.display_values(c.record)) for c in plan.creates[:PREVIEW_LIMIT]]
    return PlanSummary(
        kind=plan.kind,
        title=plan.title,
        rows=plan.rows,
        created=len(plan.creates),
        updated=len(plan.updates),
        unchanged=plan.unchanged,
        error_count=len(plan.errors),
        warning_count=len(plan.warnings),
        errors=plan.errors[:ISSUE_LIMIT],
        warnings=plan.warnings[:ISSUE_LIMIT],
        create_headers=[header for header, _value in creates[0][1]] if creates else [],
        creates=creates,
        updates=[
            UpdatedRow(c.row, c.code, c.label, list(c.diffs)) for c in plan.updates[:PREVIEW_LIMIT]
        ],
        fingerprint=plan.fingerprint(),
        stale=plan.stale,
    )
