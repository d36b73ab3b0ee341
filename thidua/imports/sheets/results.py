"""The yearly results sheet: Mã | Đối tượng | Năm | Xếp loại | Danh hiệu.

One row per recipient and year: the appraisal (xếp loại) and, optionally, the year's title
(danh hiệu). A row for a recipient and year already recorded updates it (upsert). Without
a Danh hiệu column the stored titles are kept; with it, an empty cell clears the title.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import F, Q

from thidua.awards.checks import result_content_problem
from thidua.awards.choices import Appraisal
from thidua.awards.models import AwardType, YearlyResult
from thidua.imports.engine import Change, FieldDiff, ImportContext, Plan, SheetSpec, register
from thidua.imports.engine.lookups import chunked
from thidua.imports.engine.prefix import CODE_PREFIX, apply_prefix
from thidua.imports.sheets.record_common import (
    EXPORT_OPTIONS,
    RECIPIENT_BY_KEY,
    RECIPIENT_LABELS,
    ExportFilter,
    Recipients,
    recipient_label,
    resolve_yearly_titles,
    visible_people_ids,
    visible_unit_ids,
)
from thidua.lib.bulk import insert_with_history, update_with_history
from thidua.lib.excel.cells import choice_key, vietnamese_labels
from thidua.lib.excel.rows import INTEGER, Column, Row
from thidua.lib.validators import recorded_year_problem

APPRAISAL_LABEL = vietnamese_labels(Appraisal.choices)
APPRAISAL_LABELS = list(APPRAISAL_LABEL.values())
_SHORT = {
    Appraisal.XUAT_SAC: "HTXSNV",
    Appraisal.TOT: "HTTNV",
    Appraisal.HOAN_THANH: "HTNV",
    Appraisal.KHONG: "KHTNV",
}
APPRAISAL_BY_KEY: dict[str, str] = {}
for _value, _label in APPRAISAL_LABEL.items():
    APPRAISAL_BY_KEY[choice_key(_label)] = _value
    APPRAISAL_BY_KEY[choice_key(_label).removesuffix(" nhiem vu")] = _value  # "Hoàn thành tốt"
    APPRAISAL_BY_KEY[choice_key(_SHORT[_value])] = _value
    APPRAISAL_BY_KEY[_value] = _value


@dataclass(slots=True, eq=False)
class ResultRecord:
    row: int
    code: str
    collective: bool | None
    year: int | None
    appraisal: str
    title_text: str
    has_title: bool  # the file has a Danh hiệu column
    bad: bool = False
    title: AwardType | None = None
    person_id: int | None = None
    unit_id: int | None = None
    name: str = ""


@register
class ResultSheet(SheetSpec):
    kind = "results"
    title = "Kết quả xếp loại năm"
    description = (
        "Xếp loại hằng năm (hoàn thành xuất sắc, tốt… nhiệm vụ) và danh hiệu thi đua của năm."
    )
    columns = (
        Column(
            "code", "Mã", width=12, example="CA0001", help="Cá nhân: mã cán bộ. Tập thể: mã đơn vị."
        ),
        Column("kind", "Đối tượng", width=10, example="Cá nhân", help="Cá nhân hoặc Tập thể."),
        Column("year", "Năm", kind=INTEGER, width=8, example=2020, help="Năm được xếp loại."),
        Column(
            "appraisal",
            "Xếp loại",
            width=32,
            example="Hoàn thành xuất sắc nhiệm vụ",
            help="Một trong: "
            + ", ".join(APPRAISAL_LABELS)
            + "; hoặc viết tắt "
            + ", ".join(_SHORT.values())
            + ". Có thể để trống khi có Danh hiệu.",
        ),
        Column(
            "title",
            "Danh hiệu",
            required=False,
            width=28,
            example="Chiến sĩ thi đua cơ sở",
            help="Không bắt buộc. Danh hiệu thi đua của năm (tên trong danh mục hoặc tên "
            "gọi khác, ví dụ CSTĐCS, ĐVTT). Để trống ô là không có danh hiệu; không có "
            "cột này thì danh hiệu đã ghi được giữ nguyên.",
        ),
    )
    options = (CODE_PREFIX, *EXPORT_OPTIONS)

    def parse_row(self, row: Row) -> ResultRecord | None:
        record = ResultRecord(
            row=row.number,
            code=row.code("code", required=True),
            collective=row.choice("kind", RECIPIENT_BY_KEY, RECIPIENT_LABELS, required=True),
            year=row.integer("year", required=True),
            appraisal=row.choice("appraisal", APPRAISAL_BY_KEY, APPRAISAL_LABELS) or "",
            title_text=row.text("title"),
            has_title=row.has("title"),
        )
        problem = result_content_problem(record.appraisal, bool(record.title_text))
        if problem and "appraisal" not in row.failed_keys:
            row.error("appraisal", problem)
        record.bad = row.failed
        return record

    def plan(self, records: list[ResultRecord], ctx: ImportContext, plan: Plan) -> None:
        h = self.headers()
        apply_prefix(records, {"code": h["code"]}, ctx, plan)
        recipients = Recipients(r.code for r in records if r.collective is False and r.code)
        resolve_yearly_titles(records, h["title"], plan)
        seen: dict[tuple, int] = {}
        for record in records:
            problem = recorded_year_problem(record.year, ctx.today)
            if problem:
                plan.error(record.row, h["year"], problem)
                record.bad = True
            if not record.code or record.collective is None:
                continue
            found = recipients.resolve(
                record.code, record.collective, ctx, plan, record.row, h["code"]
            )
            if found is None:
                record.bad = True
                continue
            record.person_id, record.unit_id = found.person_id, found.unit_id
            record.name = found.name
            key = (record.collective, found.person_id or found.unit_id, record.year)
            first = seen.setdefault(key, record.row)
            if first != record.row:
                plan.error(record.row, "", f"Trùng với dòng {first} (cùng đối tượng và năm).")
                record.bad = True
        good = [r for r in records if not r.bad]
        stored = _stored(good)
        for record in good:
            old = stored.get((record.collective, record.person_id or record.unit_id, record.year))
            self._plan_row(record, old, plan)

    def _plan_row(self, record: ResultRecord, old: YearlyResult | None, plan: Plan) -> None:
        if old is None:
            plan.creates.append(Change(record.row, record.code, record.name, record))
            return
        h = self.headers()
        diffs = []
        if old.appraisal != record.appraisal:
            diffs.append(
                FieldDiff(
                    h["appraisal"],
                    APPRAISAL_LABEL.get(old.appraisal, ""),
                    APPRAISAL_LABEL.get(record.appraisal, ""),
                )
            )
        new_title = record.title.id if record.title else None
        if record.has_title and old.title_id != new_title:
            diffs.append(
                FieldDiff(
                    h["title"],
                    old.title.name if old.title else "",
                    record.title.name if record.title else "",
                )
            )
        if diffs:
            plan.updates.append(Change(record.row, record.code, record.name, record, diffs, old))
        else:
            plan.unchanged += 1

    def apply(self, plan: Plan, ctx: ImportContext) -> None:
        who = {"user": ctx.history_user, "reason": ctx.history_reason}
        created = [
            YearlyResult(
                person_id=r.person_id,
                unit_id=r.unit_id,
                year=r.year,
                appraisal=r.appraisal,
                title=r.title,
            )
            for r in (c.record for c in plan.creates)
        ]
        insert_with_history(YearlyResult, created, **who)
        for change in plan.updates:
            change.target.appraisal = change.record.appraisal
            if change.record.has_title:
                change.target.title = change.record.title
        update_with_history(
            YearlyResult, [c.target for c in plan.updates], ["appraisal", "title"], **who
        )

    def export_rows(self, ctx: ImportContext) -> Iterable[Sequence[object]]:
        flt = ExportFilter.from_context(ctx)
        return _export(ctx, flt)

    def display_values(self, record: ResultRecord) -> list[tuple[str, str]]:
        h = self.headers()
        values = [
            (h["code"], record.code),
            (h["kind"], recipient_label(bool(record.collective))),
            (h["year"], str(record.year)),
            (h["appraisal"], APPRAISAL_LABEL.get(record.appraisal, "")),
        ]
        if record.has_title:
            values.append((h["title"], record.title.name if record.title else ""))
        return values


def _stored(records: list[ResultRecord]) -> dict[tuple, YearlyResult]:
    """{(collective, recipient id, year): YearlyResult} of the rows the file names."""
    stored: dict[tuple, YearlyResult] = {}
    years = sorted({r.year for r in records})
    for collective, field in ((False, "person_id"), (True, "unit_id")):
        ids = sorted({getattr(r, field) for r in records if r.collective is collective})
        for batch in chunked(ids):
            rows = YearlyResult.objects.filter(**{f"{field}__in": batch}, year__in=years)
            for result in rows.select_related("title"):
                stored[(collective, getattr(result, field), result.year)] = result
    return stored


def _export(ctx: ImportContext, flt: ExportFilter) -> Iterable[Sequence[object]]:
    results = flt.years(YearlyResult.objects.exclude(appraisal="", title=None), "year")
    people, units = visible_people_ids(ctx, flt), visible_unit_ids(ctx, flt)
    if people is not None or units is not None:
        mine = Q(person__isnull=False) if people is None else Q(person__in=people)
        mine |= Q(unit__isnull=False) if units is None else Q(unit__in=units)
        results = results.filter(mine)
    # Collectives (in tree order) before people (by code) within a year, on every database.
    results = results.order_by("year", F("unit__path").asc(nulls_last=True), "person__code")
    rows = results.values_list(
        "person_id", "person__code", "unit__code", "year", "appraisal", "title__name"
    )
    for person_id, p_code, u_code, year, appraisal, title in rows.iterator(chunk_size=5000):
        collective = person_id is None
        yield (
            u_code if collective else p_code,
            recipient_label(collective),
            year,
            APPRAISAL_LABEL.get(appraisal, ""),
            title or "",
        )
