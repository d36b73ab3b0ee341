"""The discipline sheet: Mã | Hình thức kỷ luật | Số quyết định | Ngày quyết định |
Thời hạn (tháng).

A measure is identified by (person, decision number, form): a row for one already recorded
updates its date and duration (the end date follows, as Discipline.save computes it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from thidua.awards.checks import (
    MAX_DISCIPLINE_MONTHS,
    discipline_clash_problem,
    discipline_date_problem,
    discipline_key,
    discipline_months_problem,
)
from thidua.awards.choices import DisciplineForm
from thidua.awards.models import Discipline
from thidua.imports.engine import Change, FieldDiff, ImportContext, Plan, SheetSpec, register
from thidua.imports.engine.prefix import CODE_PREFIX, apply_prefix
from thidua.imports.sheets.record_common import (
    EXPORT_OPTIONS,
    ExportFilter,
    Recipients,
    by_person,
    visible_people_ids,
)
from thidua.lib.bulk import insert_with_history, update_with_history
from thidua.lib.dates import format_date
from thidua.lib.excel.cells import choice_key, vietnamese_labels
from thidua.lib.excel.rows import DATE, INTEGER, Column, Row

FORM_LABEL = vietnamese_labels(DisciplineForm.choices)
FORM_LABELS = list(FORM_LABEL.values())
FORM_BY_KEY = {choice_key(label): value for value, label in FORM_LABEL.items()}
FORM_BY_KEY.update({value: value for value in DisciplineForm.values})
FORM_BY_KEY["tuoc danh hieu cand"] = DisciplineForm.TUOC_DANH_HIEU_CAND
MAX_MONTHS = MAX_DISCIPLINE_MONTHS


@dataclass(slots=True, eq=False)
class DisciplineRecord:
    row: int
    code: str
    form: str
    number: str
    date: dt.date | None
    months: int | None
    bad: bool = False
    person_id: int | None = None
    name: str = ""


@register
class DisciplineSheet(SheetSpec):
    kind = "discipline"
    title = "Kỷ luật"
    description = "Hình thức kỷ luật cán bộ, quyết định và thời hạn."
    columns = (
        Column("code", "Mã", width=12, example="CA0001", help="Mã cán bộ bị kỷ luật."),
        Column(
            "form",
            "Hình thức kỷ luật",
            width=26,
            example="Khiển trách",
            help="Một trong: " + ", ".join(FORM_LABELS) + " (có dấu hay không dấu đều được).",
        ),
        Column(
            "number",
            "Số quyết định",
            width=20,
            example="15/QĐ-CAT",
            help="Số quyết định kỷ luật. Cùng cán bộ, số quyết định và hình thức là một "
            "kỷ luật: dòng đó cập nhật kỷ luật đã có.",
        ),
        Column(
            "date",
            "Ngày quyết định",
            kind=DATE,
            width=14,
            example=dt.date(2023, 6, 1),
            help="Dạng dd/mm/yyyy hoặc ô kiểu ngày của Excel.",
        ),
        Column(
            "months",
            "Thời hạn (tháng)",
            kind=INTEGER,
            width=10,
            example=12,
            help=f"Không bắt buộc: số tháng (1–{MAX_MONTHS}); để trống nếu không có thời hạn.",
        ),
    )
    options = (CODE_PREFIX, *EXPORT_OPTIONS)

    def parse_row(self, row: Row) -> DisciplineRecord | None:
        record = DisciplineRecord(
            row=row.number,
            code=row.code("code", required=True),
            form=row.choice("form", FORM_BY_KEY, FORM_LABELS, required=True) or "",
            number=row.text("number", required=True, max_length=64),
            date=row.date("date", required=True),
            months=row.integer("months"),
        )
        if problem := discipline_months_problem(record.months):
            row.error("months", problem)
        record.bad = row.failed
        return record

    def plan(self, records: list[DisciplineRecord], ctx: ImportContext, plan: Plan) -> None:
        h = self.headers()
        apply_prefix(records, {"code": h["code"]}, ctx, plan)
        recipients = Recipients(r.code for r in records if r.code)
        seen: dict[tuple, int] = {}
        for record in records:
            if problem := discipline_date_problem(record.date, ctx.today):
                plan.error(record.row, h["date"], problem)
                record.bad = True
            if not record.code:
                continue
            found = recipients.resolve(record.code, False, ctx, plan, record.row, h["code"])
            if found is None:
                record.bad = True
                continue
            record.person_id, record.name = found.person_id, found.name
            if record.bad:
                continue
            for key, what in (
                (discipline_key(record.person_id, record.number, record.form), "hình thức"),
                ((record.person_id, record.number, record.date), "ngày"),
            ):
                first = seen.setdefault(key, record.row)
                if first != record.row:
                    plan.error(
                        record.row,
                        "",
                        f"Trùng với dòng {first} (cùng cán bộ, số quyết định và {what}).",
                    )
                    record.bad = True
                    break
        good = [r for r in records if not r.bad]
        stored = by_person(Discipline.objects.order_by("id"), (r.person_id for r in good))
        for record in good:
            self._plan_row(record, stored.get(record.person_id, []), plan)

    def _plan_row(self, record: DisciplineRecord, stored: list[Discipline], plan: Plan) -> None:
        h = self.headers()
        key = discipline_key(record.person_id, record.number, record.form)
        old = next(
            (d for d in stored if discipline_key(d.person_id, d.decision_number, d.form) == key),
            None,
        )
        clash = next(
            (
                d
                for d in stored
                if d is not old
                and d.decision_number == record.number
                and d.decision_date == record.date
            ),
            None,
        )
        if clash is not None:
            plan.error(record.row, h["form"], discipline_clash_problem(clash))
            return
        if old is None:
            plan.creates.append(Change(record.row, record.code, record.name, record))
            return
        diffs = [
            FieldDiff(h[k], show(before) if before else "", show(after) if after else "")
            for k, before, after, show in (
                ("number", old.decision_number, record.number, str),
                ("date", old.decision_date, record.date, format_date),
                ("months", old.duration_months, record.months, str),
            )
            if before != after
        ]
        if diffs:
            plan.updates.append(Change(record.row, record.code, record.name, record, diffs, old))
        else:
            plan.unchanged += 1

    def apply(self, plan: Plan, ctx: ImportContext) -> None:
        who = {"user": ctx.history_user, "reason": ctx.history_reason}
        created = [
            _fill(Discipline(person_id=c.record.person_id, form=c.record.form), c.record)
            for c in plan.creates
        ]
        insert_with_history(Discipline, created, **who)
        updated = [_fill(c.target, c.record) for c in plan.updates]
        fields = ["decision_number", "decision_date", "duration_months", "end_date"]
        update_with_history(Discipline, updated, fields, **who)

    def export_rows(self, ctx: ImportContext) -> Iterable[Sequence[object]]:
        flt = ExportFilter.from_context(ctx)
        return _export(ctx, flt)

    def display_values(self, record: DisciplineRecord) -> list[tuple[str, str]]:
        h = self.headers()
        return [
            (h["code"], record.code),
            (h["form"], FORM_LABEL.get(record.form, "")),
            (h["number"], record.number),
            (h["date"], format_date(record.date)),
            (h["months"], "" if record.months is None else str(record.months)),
        ]


def _fill(discipline: Discipline, record: DisciplineRecord) -> Discipline:
    discipline.decision_number, discipline.decision_date = record.number, record.date
    discipline.duration_months = record.months
    discipline.end_date = discipline.computed_end_date  # as Discipline.save() does
    return discipline


def _export(ctx: ImportContext, flt: ExportFilter) -> Iterable[Sequence[object]]:
    disciplines = Discipline.objects.all()
    people = visible_people_ids(ctx, flt)
    if people is not None:
        disciplines = disciplines.filter(person__in=people)
    if flt.year_from is not None:
        disciplines = disciplines.filter(decision_date__gte=dt.date(flt.year_from, 1, 1))
    if flt.year_to is not None:
        disciplines = disciplines.filter(decision_date__lte=dt.date(flt.year_to, 12, 31))
    rows = disciplines.order_by("decision_date", "person__code", "id").values_list(
        "person__code", "form", "decision_number", "decision_date", "duration_months"
    )
    for code, form, number, date, months in rows.iterator(chunk_size=5000):
        yield code, FORM_LABEL.get(form, form), number, date, months
