"""The initiatives sheet: Tên sáng kiến | Mã tác giả | Năm công nhận | Phạm vi | Số quyết định.

An initiative is identified by its title (accents, case and spacing ignored) and year:
a row for one already recorded updates its scope, decision number and authors. Authors are
person codes separated by ";". A unit clerk manages only the authors in its subtree: authors
outside it are neither shown in its exports nor removed by its imports.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from thidua.awards.checks import author_codes, initiative_key
from thidua.awards.choices import InitiativeScope
from thidua.awards.models import Initiative, InitiativeAuthor
from thidua.imports.engine import Change, FieldDiff, ImportContext, Plan, SheetSpec, register
from thidua.imports.engine.lookups import chunked
from thidua.imports.engine.prefix import CODE_PREFIX, apply_prefix
from thidua.imports.sheets.record_common import (
    EXPORT_OPTIONS,
    ExportFilter,
    Recipients,
    visible_people_ids,
)
from thidua.lib.bulk import insert_with_history, update_with_history
from thidua.lib.excel.cells import choice_key, vietnamese_labels
from thidua.lib.excel.rows import INTEGER, Column, Row
from thidua.lib.validators import recorded_year_problem
from thidua.org.models import Person

SCOPE_LABEL = vietnamese_labels(InitiativeScope.choices)
SCOPE_LABELS = ["Cơ sở", "Bộ", "Tỉnh", "Toàn quốc"]
SCOPE_BY_KEY = {choice_key(label): value for value, label in SCOPE_LABEL.items()}
SCOPE_BY_KEY.update(
    {
        "co so": InitiativeScope.CO_SO,
        "cap co so": InitiativeScope.CO_SO,
        "bo": InitiativeScope.BO_TINH,
        "tinh": InitiativeScope.BO_TINH,
        "cap bo": InitiativeScope.BO_TINH,
        "cap tinh": InitiativeScope.BO_TINH,
        "bo, tinh": InitiativeScope.BO_TINH,
        "cap bo, tinh": InitiativeScope.BO_TINH,
        "toan quoc": InitiativeScope.TOAN_QUOC,
    }
)


@dataclass(slots=True, eq=False)
class InitiativeRecord:
    row: int
    title: str
    year: int | None
    scope: str
    number: str
    codes: list[str]
    bad: bool = False
    author_ids: list[int] = field(default_factory=list)


@register
class InitiativeSheet(SheetSpec):
    kind = "initiatives"
    title = "Sáng kiến"
    description = "Sáng kiến được công nhận: tên, tác giả, năm, phạm vi và quyết định công nhận."
    columns = (
        Column(
            "title",
            "Tên sáng kiến",
            width=50,
            example="Ứng dụng phần mềm quản lý hồ sơ thi đua tại Công an xã",
            help="Tên sáng kiến. Cùng tên (không phân biệt dấu, hoa thường) và cùng năm công "
            "nhận là một sáng kiến: dòng đó cập nhật sáng kiến đã có.",
        ),
        Column(
            "authors",
            "Mã tác giả",
            width=24,
            example="CA0001; CA0002",
            help="Mã cán bộ của các tác giả, cách nhau bằng dấu ;",
        ),
        Column(
            "year",
            "Năm công nhận",
            kind=INTEGER,
            width=10,
            example=2022,
            help="Năm sáng kiến được công nhận.",
        ),
        Column(
            "scope", "Phạm vi", width=12, example="Cơ sở", help="Cơ sở, Bộ (hoặc Tỉnh), Toàn quốc."
        ),
        Column(
            "number",
            "Số quyết định",
            width=20,
            example="45/QĐ-CAT",
            help="Số quyết định công nhận. Để trống thì giữ nguyên số đã ghi.",
        ),
    )
    options = (CODE_PREFIX, *EXPORT_OPTIONS)

    def parse_row(self, row: Row) -> InitiativeRecord | None:
        record = InitiativeRecord(
            row=row.number,
            title=row.text("title", required=True, max_length=500),
            year=row.integer("year", required=True),
            scope=row.choice("scope", SCOPE_BY_KEY, SCOPE_LABELS, required=True) or "",
            number=row.text("number", max_length=64),
            codes=_codes(row),
        )
        record.bad = row.failed
        return record

    def plan(self, records: list[InitiativeRecord], ctx: ImportContext, plan: Plan) -> None:
        h = self.headers()
        apply_prefix(records, {"codes": h["authors"]}, ctx, plan)
        recipients = Recipients(c for r in records for c in r.codes)
        seen: dict[tuple, int] = {}
        for record in records:
            problem = recorded_year_problem(record.year, ctx.today)
            if problem:
                plan.error(record.row, h["year"], problem)
                record.bad = True
            for code in record.codes:
                person, problem = recipients.person(code, ctx)
                if person is None:
                    plan.error(record.row, h["authors"], problem)
                    record.bad = True
                elif person.id not in record.author_ids:
                    record.author_ids.append(person.id)
            if record.title and record.year is not None:
                first = seen.setdefault(initiative_key(record.title, record.year), record.row)
                if first != record.row:
                    plan.error(
                        record.row,
                        h["title"],
                        f"Trùng với dòng {first} (cùng tên sáng kiến và năm công nhận).",
                    )
                    record.bad = True
        good = [r for r in records if not r.bad]
        stored, authors = _stored(good)
        people = _people_of({pid for ids in authors.values() for pid, _ in ids})
        for record in good:
            matches = stored.get(initiative_key(record.title, record.year), [])
            if len(matches) > 1:
                plan.error(
                    record.row,
                    h["title"],
                    f"Có {len(matches)} sáng kiến cùng tên trong "
                    f"năm {record.year}; hãy sửa trên trang sáng "
                    "kiến.",
                )
                continue
            old = matches[0] if matches else None
            self._plan_row(
                record, old, authors.get(old.id, []) if old else [], people, recipients, ctx, plan
            )

    def _plan_row(
        self,
        record: InitiativeRecord,
        old: Initiative | None,
        authors: list,
        people: dict[int, tuple[str, int | None]],
        recipients: Recipients,
        ctx: ImportContext,
        plan: Plan,
    ) -> None:
        if old is None:
            plan.creates.append(Change(record.row, _join(record.codes), record.title, record))
            return
        h = self.headers()
        # A clerk sees, and so changes, only the authors within its scope.
        mine = [
            pid
            for pid, _ in authors
            if ctx.in_scope(recipients.unit_path(people.get(pid, ("", None))[1]))
        ]
        if authors and not mine:
            plan.error(
                record.row,
                h["title"],
                f"Sáng kiến '{old.title}' năm {old.year} đã được "
                "ghi nhận cho tác giả ngoài phạm vi được phân "
                "quyền.",
            )
            return
        diffs = [
            FieldDiff(h[key], before, after)
            for key, before, after in (
                ("title", old.title, record.title),
                ("scope", SCOPE_LABEL.get(old.scope, old.scope), SCOPE_LABEL.get(record.scope, "")),
                ("number", old.decision_number, record.number or old.decision_number),
            )
            if before != after
        ]
        if set(mine) != set(record.author_ids):
            diffs.append(
                FieldDiff(
                    h["authors"],
                    _join(sorted(people[p][0] for p in mine)),
                    _join(sorted(record.codes)),
                )
            )
        old_authors = {pid: link for pid, link in authors if pid in mine}
        plan.data.setdefault("authors", {})[old.id] = old_authors
        if diffs:
            plan.updates.append(
                Change(record.row, _join(record.codes), record.title, record, diffs, old)
            )
        else:
            plan.unchanged += 1

    def apply(self, plan: Plan, ctx: ImportContext) -> None:
        who = {"user": ctx.history_user, "reason": ctx.history_reason}
        created = [
            Initiative(
                title=c.record.title,
                year=c.record.year,
                scope=c.record.scope,
                decision_number=c.record.number,
            )
            for c in plan.creates
        ]
        insert_with_history(Initiative, created, **who)
        links = [
            InitiativeAuthor(initiative_id=i.pk, person_id=pid)
            for i, c in zip(created, plan.creates)
            for pid in c.record.author_ids
        ]
        removed = []
        for change in plan.updates:
            initiative, record = change.target, change.record
            initiative.title, initiative.scope = record.title, record.scope
            initiative.decision_number = record.number or initiative.decision_number
            mine = plan.data["authors"][initiative.id]  # {person id: author link id}
            links += [
                InitiativeAuthor(initiative_id=initiative.id, person_id=pid)
                for pid in record.author_ids
                if pid not in mine
            ]
            removed += [link for pid, link in mine.items() if pid not in record.author_ids]
        update_with_history(
            Initiative,
            [c.target for c in plan.updates],
            ["title", "scope", "decision_number"],
            **who,
        )
        insert_with_history(InitiativeAuthor, links, **who)
        for link in InitiativeAuthor.objects.filter(id__in=removed):
            # One at a time so that simple_history records each removal ("-") with its reason.
            link._history_user, link._change_reason = ctx.history_user, ctx.history_reason
            link.delete()

    def export_rows(self, ctx: ImportContext) -> Iterable[Sequence[object]]:
        flt = ExportFilter.from_context(ctx)
        return _export(ctx, flt)

    def display_values(self, record: InitiativeRecord) -> list[tuple[str, str]]:
        h = self.headers()
        return [
            (h["title"], record.title),
            (h["authors"], _join(record.codes)),
            (h["year"], str(record.year)),
            (h["scope"], SCOPE_LABEL.get(record.scope, "")),
            (h["number"], record.number),
        ]


def _codes(row: Row) -> list[str]:
    codes, problems = author_codes(row.text("authors"))
    for problem in problems:
        row.error("authors", problem)
    if not codes and "authors" not in row.failed_keys:
        row.error("authors", "Cần ít nhất một tác giả.")
    return codes


def _join(codes: Iterable[str]) -> str:
    return "; ".join(codes)


def _stored(records: list[InitiativeRecord]) -> tuple[dict[tuple, list[Initiative]], dict]:
    """({(folded title, year): [initiatives]}, {initiative id: [(person id, link id)]})."""
    stored: dict[tuple, list[Initiative]] = defaultdict(list)
    years = sorted({r.year for r in records})
    for initiative in Initiative.objects.filter(year__in=years):
        stored[initiative_key(initiative.title, initiative.year)].append(initiative)
    authors: dict[int, list] = defaultdict(list)
    ids = sorted(i.id for found in stored.values() for i in found)
    for batch in chunked(ids):
        links = InitiativeAuthor.objects.filter(initiative_id__in=batch)
        rows = links.values_list("id", "initiative_id", "person_id")
        for link_id, initiative_id, person_id in rows:
            authors[initiative_id].append((person_id, link_id))
    return stored, authors


def _people_of(person_ids: set[int]) -> dict[int, tuple[str, int | None]]:
    """{person id: (code, current unit id)} of the stored authors."""
    people: dict[int, tuple[str, int | None]] = {}
    for batch in chunked(sorted(person_ids)):
        rows = Person.objects.filter(id__in=batch).values_list("id", "code", "unit_id")
        people.update((pk, (code, unit_id)) for pk, code, unit_id in rows)
    return people


def _export(ctx: ImportContext, flt: ExportFilter) -> Iterable[Sequence[object]]:
    links = InitiativeAuthor.objects.all()
    people = visible_people_ids(ctx, flt)
    if people is not None:
        links = links.filter(person__in=people)
    initiatives = flt.years(Initiative.objects.filter(id__in=links.values("initiative_id")), "year")
    authors: dict[int, list[str]] = defaultdict(list)
    for initiative_id, code in (
        links.filter(initiative__in=initiatives)
        .order_by("person__code")
        .values_list("initiative_id", "person__code")
        .iterator(chunk_size=5000)
    ):
        authors[initiative_id].append(code)
    rows = initiatives.order_by("year", "title", "id").values_list(
        "id", "title", "year", "scope", "decision_number"
    )
    for pk, title, year, scope, number in rows.iterator(chunk_size=5000):
        yield title, _join(authors[pk]), year, SCOPE_LABEL.get(scope, scope), number
