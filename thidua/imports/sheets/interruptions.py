"""The service interruptions sheet (thời gian gián đoạn công tác): Mã | Từ ngày | Đến ngày |
Lý do | Ghi chú.

An interruption is identified by (person, start, end): a row for one already recorded is
unchanged, or updates its reason and note. Any other row is a new interruption, under the
rules of org.services.interruption_add (end ≥ start, inside the person's service, no overlap
with another interruption of theirs), checked by the same function, interruption_problem.
The import never deletes nor moves a recorded interruption: that is done on the person's page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from thidua.imports.engine import Change, FieldDiff, ImportContext, Plan, SheetSpec, register
from thidua.imports.engine.lookups import chunked
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
from thidua.lib.excel.rows import DATE, Column, Row
from thidua.lib.validators import TEXT_MAX_LENGTH
from thidua.org.models import Person, ServiceInterruption
from thidua.org.services import interruption_problem

REASON_MAX = ServiceInterruption._meta.get_field("reason").max_length


@dataclass(slots=True, eq=False)
class InterruptionRecord:
    row: int
    code: str
    start: dt.date | None
    end: dt.date | None
    reason: str
    note: str | None  # None: the file has no "Ghi chú" column (the stored note is kept)
    bad: bool = False
    person_id: int | None = None
    name: str = ""


@register
class InterruptionSheet(SheetSpec):
    kind = "interruptions"
    title = "Thời gian gián đoạn công tác"
    description = (
        "Thời gian không tính là thời gian công tác: nghỉ không lương, thôi việc rồi "
        "tuyển dụng lại, đi học không tính thâm niên…"
    )
    columns = (
        Column("code", "Mã", width=12, example="CA0001", help="Mã cán bộ."),
        Column(
            "start",
            "Từ ngày",
            kind=DATE,
            width=14,
            example=dt.date(2017, 3, 1),
            help="Ngày bắt đầu gián đoạn, dạng dd/mm/yyyy hoặc ô kiểu ngày của Excel; không "
            "trước ngày vào ngành của cán bộ.",
        ),
        Column(
            "end",
            "Đến ngày",
            kind=DATE,
            width=14,
            example=dt.date(2018, 4, 30),
            help="Ngày kết thúc (tính cả ngày này); không trước 'Từ ngày', không sau ngày thôi "
            "phục vụ. Hai thời gian gián đoạn của một người không được chồng lên nhau.",
        ),
        Column(
            "reason",
            "Lý do",
            width=30,
            example="Nghỉ không lương",
            help=f"Bắt buộc, tối đa {REASON_MAX} ký tự. Cùng cán bộ, từ ngày và đến ngày với "
            "thời gian đã ghi thì dòng đó cập nhật lý do, ghi chú.",
        ),
        Column(
            "note",
            "Ghi chú",
            required=False,
            width=30,
            example="",
            help="Không bắt buộc. Không có cột này thì ghi chú đã lưu được giữ nguyên.",
        ),
    )
    options = (CODE_PREFIX, EXPORT_OPTIONS[0])  # --unit

    def parse_row(self, row: Row) -> InterruptionRecord | None:
        record = InterruptionRecord(
            row=row.number,
            code=row.code("code", required=True),
            start=row.date("start", required=True),
            end=row.date("end", required=True),
            reason=row.text("reason", required=True, max_length=REASON_MAX),
            note=row.text("note", max_length=TEXT_MAX_LENGTH) if row.has("note") else None,
        )
        record.bad = row.failed
        return record

    def plan(self, records: list[InterruptionRecord], ctx: ImportContext, plan: Plan) -> None:
        h = self.headers()
        apply_prefix(records, {"code": h["code"]}, ctx, plan)
        recipients = Recipients(r.code for r in records if r.code)
        for record in records:
            if not record.code:
                continue
            found = recipients.resolve(record.code, False, ctx, plan, record.row, h["code"])
            if found is None:
                record.bad = True
                continue
            record.person_id, record.name = found.person_id, found.name
        dated = [r for r in records if r.person_id and r.start and r.end]
        person_ids = {r.person_id for r in dated}
        services = _services(person_ids, lock=not ctx.dry_run)
        stored = by_person(ServiceInterruption.objects.order_by("start", "id"), person_ids)
        in_file: dict[int, list[InterruptionRecord]] = {}
        for record in dated:
            earlier = in_file.setdefault(record.person_id, [])
            clash = next(
                (r for r in earlier if r.start <= record.end and r.end >= record.start), None
            )
            earlier.append(record)
            if clash is not None:
                plan.error(
                    record.row,
                    h["start"],
                    (
                        f"Chồng lên thời gian gián đoạn ở dòng {clash.row} "
                        f"({format_date(clash.start)} – {format_date(clash.end)}) của cùng cán bộ."
                    ),
                )
                record.bad = True
            if not record.bad:
                self._plan_row(
                    record, services[record.person_id], stored.get(record.person_id, []), plan
                )

    def _plan_row(
        self,
        record: InterruptionRecord,
        service: tuple[dt.date | None, dt.date | None],
        stored: list[ServiceInterruption],
        plan: Plan,
    ) -> None:
        h = self.headers()
        old = next((s for s in stored if s.start == record.start and s.end == record.end), None)
        if old is None:
            problem = interruption_problem(record.start, record.end, *service, stored)
            if problem is not None:
                field, message = problem
                plan.error(record.row, h[field or "start"], message)
                return
            plan.creates.append(Change(record.row, record.code, record.name, record))
            return
        note = old.note if record.note is None else record.note
        diffs = [
            FieldDiff(h[key], before, after)
            for key, before, after in (
                ("reason", old.reason, record.reason),
                ("note", old.note, note),
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
            ServiceInterruption(
                person_id=c.record.person_id,
                start=c.record.start,
                end=c.record.end,
                reason=c.record.reason,
                note=c.record.note or "",
            )
            for c in plan.creates
        ]
        insert_with_history(ServiceInterruption, created, **who)
        updated = []
        for change in plan.updates:
            interruption = change.target
            interruption.reason = change.record.reason
            if change.record.note is not None:
                interruption.note = change.record.note
            updated.append(interruption)
        update_with_history(ServiceInterruption, updated, ["reason", "note"], **who)

    def export_rows(self, ctx: ImportContext) -> Iterable[Sequence[object]]:
        return _export(ctx, ExportFilter.from_context(ctx))

    def display_values(self, record: InterruptionRecord) -> list[tuple[str, str]]:
        h = self.headers()
        return [
            (h["code"], record.code),
            (h["start"], format_date(record.start)),
            (h["end"], format_date(record.end)),
            (h["reason"], record.reason),
            (h["note"], record.note or ""),
        ]


def _services(
    person_ids: set[int], *, lock: bool
) -> dict[int, tuple[dt.date | None, dt.date | None]]:
    """{person id: (service start, service end)}. A real import locks these people's rows,
    as interruption_add does, so that two writes cannot both pass the overlap check."""
    people = Person.objects.select_for_update() if lock else Person.objects.all()
    found = {}
    for batch in chunked(sorted(person_ids)):
        rows = people.filter(pk__in=batch).order_by("pk")
        found.update(
            (pk, (start, end))
            for pk, start, end in rows.values_list("pk", "service_start", "service_end")
        )
    return found


def _export(ctx: ImportContext, flt: ExportFilter) -> Iterable[Sequence[object]]:
    interruptions = ServiceInterruption.objects.all()
    people = visible_people_ids(ctx, flt)
    if people is not None:
        interruptions = interruptions.filter(person__in=people)
    rows = interruptions.order_by("person__code", "start", "id").values_list(
        "person__code", "start", "end", "reason", "note"
    )
    yield from rows.iterator(chunk_size=5000)
