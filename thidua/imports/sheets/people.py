"""The people sheet: Mã | Họ và tên | Giới tính | Ngày sinh | Ngày vào ngành | Cấp bậc |
Chức vụ | Mã đơn vị, and optionally Số CCCD.

A person whose Mã đơn vị changes is moved as org.services.person_move does (the open
assignment is closed the day before, a new one opens today), set-wise. Possible duplicates
(same name and date of birth under another code) are warnings, never merged.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from thidua.accounts import scope
from thidua.imports.engine import Change, FieldDiff, ImportContext, Plan, SheetSpec, register
from thidua.imports.engine.lookups import UnitIndex, chunked, load_by
from thidua.imports.engine.prefix import CODE_PREFIX, apply_prefix
from thidua.imports.sheets.people_checks import citizen_id_clashes, likely_duplicate_warnings
from thidua.imports.sheets.record_common import by_person
from thidua.lib.bulk import insert_with_history, update_with_history
from thidua.lib.dates import format_date
from thidua.lib.excel.cells import choice_key, vietnamese_labels
from thidua.lib.excel.rows import DATE, Column, Row
from thidua.lib.privacy import mask_citizen_id
from thidua.org.choices import RANKS, Gender
from thidua.org.models import Assignment, Person, ServiceInterruption
from thidua.org.services import service_dates_problem

GENDER_BY_KEY = {"nam": Gender.MALE, "nu": Gender.FEMALE}
GENDER_LABEL = vietnamese_labels(Gender.choices)
RANK_BY_KEY = {choice_key(rank): rank for rank in RANKS}
_CITIZEN_ID = re.compile(r"^\d{12}$")
_FIELDS = [
    "full_name",
    "gender",
    "birth_date",
    "service_start",
    "rank",
    "position",
    "citizen_id",
    "unit",
    "sort_key",
    "search_key",
]


@dataclass(slots=True)
class PersonRecord:
    row: int
    code: str
    full_name: str = ""
    gender: str = ""
    birth_date: dt.date | None = None
    service_start: dt.date | None = None
    rank: str = ""
    position: str = ""
    unit_code: str = ""
    citizen_id: str | None = None
    has_citizen_id: bool = False  # the file has the Số CCCD column
    unit_id: int | None = None  # resolved while planning
    bad: bool = False
    unit_unreadable: bool = False  # Mã đơn vị itself had an error (already reported)


@register
class PeopleSheet(SheetSpec):
    kind = "people"
    title = "Cán bộ, chiến sĩ"
    description = "Danh sách cán bộ, chiến sĩ và đơn vị đang công tác."
    columns = (
        Column(
            "code",
            "Mã",
            width=12,
            example="CA0100",
            help="Số hiệu (mã) duy nhất của cán bộ: chữ không dấu, chữ số, dấu . _ -. "
            "Mã đã có thì dòng này cập nhật người đó, mã mới thì thêm mới.",
        ),
        Column(
            "full_name",
            "Họ và tên",
            width=28,
            example="Nguyễn Văn An",
            help="Họ và tên đầy đủ, có dấu.",
        ),
        Column("gender", "Giới tính", width=10, example="Nam", help="Nam hoặc Nữ."),
        Column(
            "birth_date",
            "Ngày sinh",
            kind=DATE,
            width=13,
            example=dt.date(1990, 5, 12),
            help="Dạng dd/mm/yyyy hoặc ô kiểu ngày của Excel.",
        ),
        Column(
            "service_start",
            "Ngày vào ngành",
            kind=DATE,
            width=15,
            example=dt.date(2012, 9, 1),
            help="Dạng dd/mm/yyyy. Người mới được ghi quá trình công tác từ ngày này "
            "(để trống: từ hôm nay).",
        ),
        Column("rank", "Cấp bậc", width=14, example="Thượng úy", help="Cấp bậc hàm."),
        Column("position", "Chức vụ", width=24, example="Cán bộ", help="Chức vụ hiện tại."),
        Column(
            "unit_code",
            "Mã đơn vị",
            width=14,
            example="CAX-A1",
            help="Mã đơn vị đang công tác (phải có trong hệ thống). Đổi mã đơn vị là "
            "điều chuyển: quá trình công tác cũ kết thúc, quá trình mới bắt đầu từ "
            "hôm nay.",
        ),
        Column(
            "citizen_id",
            "Số CCCD",
            required=False,
            width=15,
            help="Không bắt buộc. 12 chữ số; không được trùng với người khác. Không có "
            "cột này thì số CCCD đã lưu được giữ nguyên.",
        ),
    )
    options = (CODE_PREFIX,)

    def parse_row(self, row: Row) -> PersonRecord | None:
        code = row.code("code", required=True)
        rank = row.text("rank", max_length=64)
        record = PersonRecord(
            row=row.number,
            code=code,
            full_name=row.text("full_name", required=True, max_length=255),
            gender=row.choice("gender", GENDER_BY_KEY, ["Nam", "Nữ"], required=True) or "",
            birth_date=row.date("birth_date"),
            service_start=row.date("service_start"),
            rank=RANK_BY_KEY.get(choice_key(rank), rank),
            position=row.text("position", max_length=255),
            unit_code=row.code("unit_code"),
        )
        if record.birth_date and record.service_start and record.service_start <= record.birth_date:
            row.error("service_start", "Ngày vào ngành phải sau ngày sinh.")
        if row.has("citizen_id"):
            record.has_citizen_id = True
            record.citizen_id = _citizen_id(row)
        record.bad = row.failed
        record.unit_unreadable = "unit_code" in row.failed_keys
        return record if code else None

    def plan(self, records: list[PersonRecord], ctx: ImportContext, plan: Plan) -> None:
        h = self.headers()
        prefix = apply_prefix(records, {"code": h["code"], "unit_code": h["unit_code"]}, ctx, plan)
        index = UnitIndex.load()
        unique: dict[str, PersonRecord] = {}
        for record in records:
            first = unique.setdefault(record.code, record)
            if first is not record:
                plan.error(
                    record.row,
                    self.headers()["code"],
                    f"Mã '{record.code}' bị trùng với dòng {first.row}.",
                )
        people = load_by(Person.objects.all(), "code", unique.keys())
        # Rows with other errors are checked too, so that one pass reports everything.
        checked = [
            r
            for r in unique.values()
            if self._check_unit(r, people.get(r.code), index, ctx, plan) and not r.bad
        ]
        good = [r for r in unique.values() if not r.bad]
        clashes = citizen_id_clashes(
            good, h["citizen_id"], index, ctx, warnings=plan.warnings, prefix=prefix
        )
        plan.errors.extend(clashes)
        clashing = {issue.row for issue in clashes}
        clashing |= self._check_interruptions(checked, people, plan)
        for record in checked:
            if record.row not in clashing:
                self._plan_row(record, people.get(record.code), index, plan)
        names = [c.record for c in plan.creates]
        names += [c.record for c in plan.updates if _identity_changed(c.diffs, self.headers())]
        plan.warnings.extend(
            likely_duplicate_warnings(names, good, index, ctx, self.headers()["full_name"])
        )
        plan.data["index"] = index

    def _check_interruptions(
        self, records: list[PersonRecord], people: dict[str, Person], plan: Plan
    ) -> set[int]:
        """A new Ngày vào ngành must still hold the person's recorded service interruptions,
        as on the person page (org.services.service_dates_problem); one query for the file.
        Returns the rows refused."""
        moved = [
            r
            for r in records
            if r.code in people and people[r.code].service_start != r.service_start
        ]
        stored = by_person(
            ServiceInterruption.objects.order_by("start", "id"), [people[r.code].pk for r in moved]
        )
        refused = set()
        for record in moved:
            person = people[record.code]
            problem = service_dates_problem(
                record.service_start, person.service_end, stored.get(person.pk, [])
            )
            if problem is not None:
                plan.error(record.row, self.headers()["service_start"], problem[1])
                refused.add(record.row)
        return refused

    def _check_unit(
        self,
        record: PersonRecord,
        person: Person | None,
        index: UnitIndex,
        ctx: ImportContext,
        plan: Plan,
    ) -> bool:
        """Resolve Mã đơn vị and check that both the old and the new unit are in scope."""
        header = self.headers()["unit_code"]
        if person is not None and person.unit_id is not None:
            if not ctx.in_scope(index.by_id[person.unit_id].path):
                plan.error(
                    record.row,
                    self.headers()["code"],
                    f"Mã '{record.code}' là của một cán bộ thuộc đơn vị nằm ngoài phạm "
                    "vi được phân quyền.",
                )
                return False
        elif person is not None and ctx.scope_path is not None:
            plan.error(
                record.row,
                self.headers()["code"],
                f"Mã '{record.code}' là của một cán bộ chưa thuộc đơn vị nào, nằm ngoài "
                "phạm vi được phân quyền.",
            )
            return False
        if record.unit_unreadable:
            return False
        if not record.unit_code:
            if person is None:
                plan.error(record.row, header, "Không được để trống với cán bộ mới.")
                return False
            record.unit_id = person.unit_id  # empty keeps the current unit
            return True
        ref = index.get(record.unit_code)
        if ref is None:
            plan.error(
                record.row, header, f"Không có đơn vị mã '{record.unit_code}' trong hệ thống."
            )
            return False
        if not ctx.in_scope(ref.path):
            plan.error(
                record.row, header, f"Đơn vị '{ref.code}' nằm ngoài phạm vi được phân quyền."
            )
            return False
        record.unit_code, record.unit_id = ref.code, ref.id
        return True

    def _plan_row(
        self, record: PersonRecord, person: Person | None, index: UnitIndex, plan: Plan
    ) -> None:
        if person is None:
            plan.creates.append(Change(record.row, record.code, record.full_name, record))
            return
        diffs = self._diffs(person, record, index)
        if diffs:
            plan.updates.append(
                Change(record.row, record.code, record.full_name, record, diffs, person)
            )
        else:
            plan.unchanged += 1

    def _diffs(self, person: Person, record: PersonRecord, index: UnitIndex) -> list[FieldDiff]:
        h = self.headers()
        # Raw values compare first; only a real difference is turned into text (hot path).
        pairs = [
            ("full_name", person.full_name, record.full_name, str),
            ("gender", person.gender, record.gender, GENDER_LABEL.get),
            ("birth_date", person.birth_date, record.birth_date, format_date),
            ("service_start", person.service_start, record.service_start, format_date),
            ("rank", person.rank, record.rank, str),
            ("position", person.position, record.position, str),
            ("unit_code", person.unit_id, record.unit_id, index.label),
        ]
        if record.has_citizen_id:
            pairs.append(("citizen_id", person.citizen_id, record.citizen_id, str))
        return [
            FieldDiff(h[key], show(old) if old else "", show(new) if new else "")
            for key, old, new, show in pairs
            if old != new and (old or new)
        ]

    def apply(self, plan: Plan, ctx: ImportContext) -> None:
        who = {"user": ctx.history_user, "reason": ctx.history_reason}
        created = [_fill(Person(code=c.code), c.record) for c in plan.creates]
        insert_with_history(Person, created, **who)
        first = [
            Assignment(
                person_id=p.pk,
                unit_id=p.unit_id,
                position=p.position,
                start=p.service_start or ctx.today,
            )
            for p in created
            if p.unit_id
        ]
        insert_with_history(Assignment, first, **who)
        moved = [c.target for c in plan.updates if c.target.unit_id != c.record.unit_id]
        for change in plan.updates:
            _fill(change.target, change.record)
        update_with_history(Person, [c.target for c in plan.updates], _FIELDS, **who)
        _move(moved, ctx)

    def export_rows(self, ctx: ImportContext) -> Iterable[Sequence[object]]:
        people = scope.visible_people(ctx.user)
        shown = scope.sees_citizen_id(ctx.user)
        rows = people.order_by("unit__path", "sort_key", "code").values_list(
            "code",
            "full_name",
            "gender",
            "birth_date",
            "service_start",
            "rank",
            "position",
            "unit__code",
            "citizen_id",
        )
        for code, name, gender, born, start, rank, position, unit, cid in rows.iterator(2000):
            yield (
                code,
                name,
                GENDER_LABEL.get(gender, ""),
                born,
                start,
                rank,
                position,
                unit or "",
                (cid if shown else mask_citizen_id(cid)) or "",
            )

    def display_values(self, record: PersonRecord) -> list[tuple[str, str]]:
        h = self.headers()
        values = [
            (h["code"], record.code),
            (h["full_name"], record.full_name),
            (h["gender"], GENDER_LABEL.get(record.gender, "")),
            (h["birth_date"], format_date(record.birth_date)),
            (h["service_start"], format_date(record.service_start)),
            (h["rank"], record.rank),
            (h["position"], record.position),
            (h["unit_code"], record.unit_code),
        ]
        if record.has_citizen_id:
            values.append((h["citizen_id"], record.citizen_id or ""))
        return values


def _citizen_id(row: Row) -> str | None:
    raw = row.values.get("citizen_id")
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and float(raw).is_integer():
        # Excel turned the number into a numeric cell and dropped its leading zeros.
        value = str(int(raw)).zfill(12)
    else:
        value = re.sub(r"[\s.\-]", "", row.text("citizen_id"))
    if value and not _CITIZEN_ID.match(value):
        row.error("citizen_id", f"Số CCCD '{value}' không hợp lệ: phải gồm đúng 12 chữ số.")
    return value or None


def _identity_changed(diffs: list[FieldDiff], headers: dict[str, str]) -> bool:
    watched = {headers["full_name"], headers["birth_date"]}
    return any(d.column in watched for d in diffs)


def _fill(person: Person, record: PersonRecord) -> Person:
    person.full_name, person.gender = record.full_name, record.gender
    person.birth_date, person.service_start = record.birth_date, record.service_start
    person.rank, person.position = record.rank, record.position
    person.unit_id = record.unit_id
    if record.has_citizen_id:
        person.citizen_id = record.citizen_id
    person.compute_derived()  # sort and search keys, as save() would
    return person


def _move(people: list[Person], ctx: ImportContext) -> None:
    """person_move, set-wise: close each open assignment the day before, open one today."""
    if not people:
        return
    current: dict[int, Assignment] = {}
    for batch in chunked(sorted(p.pk for p in people)):
        for a in Assignment.objects.filter(person_id__in=batch, end__isnull=True).order_by("start"):
            current[a.person_id] = a  # the latest open one wins, as current_assignment()
    closed, opened = [], []
    for person in people:
        old = current.get(person.pk)
        if old is not None and old.unit_id == person.unit_id:
            continue
        if old is not None:
            old.end = max(old.start, ctx.today - dt.timedelta(days=1))
            closed.append(old)
        if person.unit_id is not None:
            opened.append(
                Assignment(
                    person_id=person.pk,
                    unit_id=person.unit_id,
                    start=ctx.today,
                    position=person.position,
                )
            )
    who = {"user": ctx.history_user, "reason": ctx.history_reason}
    update_with_history(Assignment, closed, ["end"], **who)
    insert_with_history(Assignment, opened, **who)
