"""The registrations sheet (đăng ký thi đua): one row per registered title.

Năm | Mã đơn vị | Số hiệu | Họ và tên | Danh hiệu đăng ký | Phong trào | Ngày đăng ký | Ghi chú

A row with Số hiệu registers that person's title in the unit's registration of the year; a
row without it is the unit's collective title. The rows of one unit and year make one
registration (created when it does not exist). The file adds and changes: an entry or a
collective title it does not name is kept. Phong trào and Ngày đăng ký belong to the
registration: the rows of one unit and year that give them must agree; Ghi chú is the
registration's note, read from the collective title's row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import F

from thidua.accounts import scope
from thidua.awards.models import AwardType
from thidua.imports.engine import Change, FieldDiff, ImportContext, Plan, SheetSpec, register
from thidua.imports.engine.lookups import UnitIndex, chunked
from thidua.imports.sheets.record_common import (
    OUT_OF_SCOPE,
    UNKNOWN_UNIT,
    load_people,
    resolve_yearly_titles,
)
from thidua.lib.bulk import insert_with_history, update_with_history
from thidua.lib.dates import format_date
from thidua.lib.excel.rows import DATE, INTEGER, Column, Row
from thidua.lib.validators import MIN_YEAR, TEXT_MAX_LENGTH
from thidua.lib.vntext import fold
from thidua.movements.models import Movement, Registration, RegistrationEntry
from thidua.movements.registration_services import (
    members_on_first_january,
    movement_year_message,
    not_member_message,
)

_FIELDS = ("collective_title", "movement", "registered_on", "note")


@dataclass(slots=True, eq=False)
class RegistrationRecord:
    row: int
    year: int | None
    unit_code: str
    person_code: str
    name: str
    title_text: str
    movement_text: str
    registered_on: dt.date | None
    note: str
    bad: bool = False
    unit_id: int | None = None
    unit_name: str = ""
    person_id: int | None = None
    person_name: str = ""
    title: AwardType | None = None
    movement: Movement | None = None

    @property
    def collective(self) -> bool:
        return not self.person_code


@dataclass
class Group:
    """The rows of one unit and year: one registration."""

    unit_id: int
    year: int
    label: str
    rows: list[RegistrationRecord] = field(default_factory=list)
    collective: RegistrationRecord | None = None
    wanted: dict = field(default_factory=dict)  # registration fields the file sets
    stored: Registration | None = None
    dirty: bool = False  # the file changes the registration or one of its entries


@register
class RegistrationSheet(SheetSpec):
    kind = "registrations"
    title = "Đăng ký thi đua"
    description = (
        "Đăng ký thi đua đầu năm: danh hiệu tập thể của đơn vị và danh hiệu của từng cán bộ "
        "(mỗi dòng một danh hiệu đăng ký)."
    )
    columns = (
        Column("year", "Năm", kind=INTEGER, width=8, example=2025, help="Năm đăng ký thi đua."),
        Column(
            "unit",
            "Mã đơn vị",
            width=12,
            example="CAX-A1",
            help="Mã đơn vị đăng ký (phải có trong hệ thống, trong phạm vi được phân quyền).",
        ),
        Column(
            "person",
            "Số hiệu",
            width=12,
            example="CA0001",
            help="Số hiệu của cán bộ đăng ký. Để trống ở dòng danh hiệu tập thể của đơn vị. "
            "Cán bộ phải thuộc đơn vị ngày 01/01 của năm (theo quá trình công tác) hoặc đang "
            "công tác ở đơn vị.",
        ),
        Column(
            "name",
            "Họ và tên",
            required=False,
            width=26,
            example="Nguyễn Văn An",
            help="Không bắt buộc. Nếu ghi thì phải khớp với họ tên của cán bộ có số hiệu ấy "
            "(không phân biệt dấu, hoa thường).",
        ),
        Column(
            "title",
            "Danh hiệu đăng ký",
            width=28,
            example="Chiến sĩ tiên tiến",
            help="Tên hoặc mã danh hiệu thi đua hằng năm trong danh mục (tên gọi khác như "
            "CSTT, CSTĐCS, ĐVTT cũng được): danh hiệu cá nhân ở dòng có Số hiệu, danh hiệu "
            "tập thể ở dòng không có Số hiệu.",
        ),
        Column(
            "movement",
            "Phong trào",
            required=False,
            width=30,
            example="",
            help="Không bắt buộc. Tên phong trào thi đua (như trong hệ thống) mà bản đăng ký "
            "hưởng ứng; các dòng cùng đơn vị và năm phải ghi cùng một phong trào.",
        ),
        Column(
            "date",
            "Ngày đăng ký",
            kind=DATE,
            required=False,
            width=14,
            example="",
            help="Không bắt buộc, dạng dd/mm/yyyy; các dòng cùng đơn vị và năm phải cùng ngày.",
        ),
        Column(
            "note",
            "Ghi chú",
            required=False,
            width=30,
            example="",
            help="Không bắt buộc. Ghi chú của bản đăng ký, ghi ở dòng danh hiệu tập thể.",
        ),
    )

    def parse_row(self, row: Row) -> RegistrationRecord | None:
        record = RegistrationRecord(
            row=row.number,
            year=row.integer("year", required=True),
            unit_code=row.code("unit", required=True),
            person_code=row.code("person"),
            name=row.text("name", max_length=255),
            title_text=row.text("title", required=True),
            movement_text=row.text("movement", max_length=255),
            registered_on=row.date("date"),
            note=row.text("note", max_length=TEXT_MAX_LENGTH),
        )
        last = dt.date.today().year + 1
        if record.year is not None and not MIN_YEAR <= record.year <= last:
            row.error("year", f"Năm {record.year} không hợp lệ: phải từ {MIN_YEAR} đến {last}.")
        if record.name and not record.person_code and "person" not in row.failed_keys:
            row.error(
                "person",
                "Có Họ và tên nhưng thiếu Số hiệu: ghi số hiệu của cán bộ (dòng danh hiệu tập "
                "thể để trống cả hai cột).",
            )
        record.bad = row.failed
        return record

    # ── Plan ──────────────────────────────────────────────────────────────────────────

    def plan(self, records: list[RegistrationRecord], ctx: ImportContext, plan: Plan) -> None:
        h = self.headers()
        index = UnitIndex.load()
        people = load_people(r.person_code for r in records if r.person_code)
        resolve_yearly_titles(records, h["title"], plan, hint=_fit_hint)
        _resolve_movements(records, h["movement"], plan)
        for record in records:
            if record.unit_code:
                self._resolve_unit(record, index, ctx, plan)
            if record.person_code:
                self._resolve_person(record, people, plan)
        _check_members(records, h["person"], plan)
        groups = _groups(records, self.headers(), plan)
        _load_stored(groups)
        for group in groups.values():
            self._plan_group(group, plan)
        plan.data["groups"] = list(groups.values())

    def _resolve_unit(self, record, index: UnitIndex, ctx: ImportContext, plan: Plan) -> None:
        column = self.headers()["unit"]
        ref = index.get(record.unit_code)
        if ref is None:
            plan.error(record.row, column, UNKNOWN_UNIT.format(record.unit_code))
            record.bad = True
        elif not ctx.in_scope(ref.path):
            plan.error(record.row, column, OUT_OF_SCOPE.format(ref.code))
            record.bad = True
        else:
            record.unit_id, record.unit_name = ref.id, ref.name

    def _resolve_person(self, record, people, plan: Plan) -> None:
        h = self.headers()
        ref = people.get(record.person_code)
        if ref is None:
            plan.error(record.row, h["person"], f"Không có cán bộ số hiệu '{record.person_code}'.")
            record.bad = True
            return
        record.person_id, record.person_name = ref.id, ref.full_name
        if record.name and fold(record.name) != ref.search_key:
            plan.error(
                record.row,
                h["name"],
                f"Họ và tên '{record.name}' không khớp với cán bộ số hiệu {ref.code} "
                f"({ref.full_name}).",
            )
            record.bad = True

    def _plan_group(self, group: Group, plan: Plan) -> None:
        h = self.headers()
        stored = group.stored
        entries = {e.person_id: e for e in stored.entries.all()} if stored else {}
        # The registration's own fields: a create or an update on its first row.
        head = group.collective or group.rows[0]
        if stored is None:
            if group.collective is not None:
                plan.creates.append(Change(head.row, head.unit_code, group.label, group))
        else:
            diffs = _registration_diffs(stored, group.wanted, h)
            if diffs:
                group.dirty = True
                plan.updates.append(
                    Change(head.row, head.unit_code, group.label, group, diffs, stored)
                )
            elif group.collective is not None:
                plan.unchanged += 1
        for record in group.rows:
            if record.collective:
                continue
            label = f"{record.person_code} {record.person_name} — {record.title.name}"
            entry = entries.get(record.person_id)
            if entry is None:
                group.dirty = True
                plan.creates.append(Change(record.row, record.person_code, label, record))
            elif entry.title_id != record.title.pk:
                group.dirty = True
                diff = FieldDiff(h["title"], entry.title.name, record.title.name)
                plan.updates.append(
                    Change(record.row, record.person_code, label, record, [diff], entry)
                )
            else:
                plan.unchanged += 1

    # ── Apply ─────────────────────────────────────────────────────────────────────────

    def apply(self, plan: Plan, ctx: ImportContext) -> None:
        who = {"user": ctx.history_user, "reason": ctx.history_reason}
        groups: list[Group] = plan.data["groups"]
        created = [
            Registration(unit_id=g.unit_id, year=g.year, **_defaults(g.wanted))
            for g in groups
            if g.stored is None
        ]
        insert_with_history(Registration, created, **who)
        by_key = {(r.unit_id, r.year): r for r in created}
        # Registrations updated, or whose entries change: their version moves on, so that a
        # form opened before the import is refused rather than undoing it.
        touched = []
        for group in groups:
            if group.stored is None:
                continue
            by_key[(group.unit_id, group.year)] = group.stored
            if group.dirty:
                for name, value in group.wanted.items():
                    setattr(group.stored, name, value)
                touched.append(group.stored)
        update_with_history(Registration, touched, list(_FIELDS), **who)
        new_entries = [
            RegistrationEntry(
                registration=by_key[(c.record.unit_id, c.record.year)],
                person_id=c.record.person_id,
                title=c.record.title,
            )
            for c in plan.creates
            if isinstance(c.record, RegistrationRecord)
        ]
        insert_with_history(RegistrationEntry, new_entries, **who)
        updated = []
        for change in plan.updates:
            if isinstance(change.record, RegistrationRecord):
                change.target.title = change.record.title
                updated.append(change.target)
        update_with_history(RegistrationEntry, updated, ["title"], **who)

    # ── Export ────────────────────────────────────────────────────────────────────────

    def export_rows(self, ctx: ImportContext) -> Iterable[Sequence[object]]:
        registrations = (
            scope.visible_registrations(ctx.user)
            .select_related("unit", "movement", "collective_title")
            .order_by("year", "unit__path")
        )
        for batch in chunked(registrations.iterator(chunk_size=2000), 2000):
            entries: dict[int, list] = {}
            rows = (
                RegistrationEntry.objects.filter(registration__in=[r.pk for r in batch])
                .order_by("registration_id", F("person__sort_key"), "person__code")
                .values_list("registration_id", "person__code", "person__full_name", "title__name")
            )
            for registration_id, *values in rows:
                entries.setdefault(registration_id, []).append(values)
            for registration in batch:
                movement = registration.movement.name if registration.movement else ""
                common = (registration.year, registration.unit.code)
                if registration.collective_title:
                    yield (
                        *common,
                        "",
                        "",
                        registration.collective_title.name,
                        movement,
                        registration.registered_on,
                        registration.note,
                    )
                for code, name, title in entries.get(registration.pk, ()):
                    yield (*common, code, name, title, movement, registration.registered_on, "")

    def display_values(self, record) -> list[tuple[str, str]]:
        h = self.headers()
        if isinstance(record, Group):
            wanted = record.wanted
            title = wanted.get("collective_title")
            return [
                (h["year"], str(record.year)),
                (h["unit"], record.label),
                (h["title"], title.name if title else ""),
                (h["movement"], wanted["movement"].name if wanted.get("movement") else ""),
                (h["date"], format_date(wanted.get("registered_on"))),
            ]
        return [
            (h["year"], str(record.year)),
            (h["unit"], record.unit_code),
            (h["person"], record.person_code),
            (h["name"], record.person_name),
            (h["title"], record.title.name if record.title else ""),
        ]


# ── Helpers of the plan ───────────────────────────────────────────────────────────────


def _fit_hint(record: RegistrationRecord) -> str:
    if record.collective:
        return " Dòng không có Số hiệu là danh hiệu tập thể của đơn vị."
    return " Dòng có Số hiệu là danh hiệu của cá nhân."


def _resolve_movements(records: list[RegistrationRecord], header: str, plan: Plan) -> None:
    """Phong trào → the one movement of that name (accents and case ignored)."""
    wanted = {fold(r.movement_text) for r in records if r.movement_text}
    if not wanted:
        return
    by_key: dict[str, list[Movement]] = {}
    for movement in Movement.objects.filter(search_key__in=wanted):
        by_key.setdefault(movement.search_key, []).append(movement)
    for record in records:
        if not record.movement_text:
            continue
        found = by_key.get(fold(record.movement_text), [])
        if not found:
            message = f"Không có phong trào '{record.movement_text}' trong hệ thống."
        elif len(found) > 1:
            message = (
                f"Có {len(found)} phong trào tên '{record.movement_text}': đặt tên phân biệt "
                "trên trang phong trào rồi nhập lại."
            )
        elif record.year is not None and not found[0].covers_year(record.year):
            message = movement_year_message(found[0], record.year)
        else:
            record.movement = found[0]
            continue
        plan.error(record.row, header, message)
        record.bad = True


def _check_members(records: list[RegistrationRecord], header: str, plan: Plan) -> None:
    """A person row's person belongs to its unit on 1 January (or serves in it now)."""
    by_year: dict[int, list[RegistrationRecord]] = {}
    for record in records:
        if record.person_id and record.unit_id and record.year:
            by_year.setdefault(record.year, []).append(record)
    for year, rows in by_year.items():
        members = members_on_first_january(
            {r.unit_id for r in rows}, {r.person_id for r in rows}, year
        )
        for record in rows:
            if (record.person_id, record.unit_id) not in members:
                person = f"{record.person_name} ({record.person_code})"
                plan.error(record.row, header, not_member_message(person, record.unit_code, year))
                record.bad = True


def _groups(records: list[RegistrationRecord], h: dict[str, str], plan: Plan) -> dict:
    """The rows of each unit and year, once duplicates and disagreements are reported."""
    groups: dict[tuple[int, int], Group] = {}
    seen_people: dict[tuple[int, int], RegistrationRecord] = {}
    for record in records:
        if record.bad or record.year is None:
            continue
        key = (record.unit_id, record.year)
        group = groups.get(key)
        if group is None:
            label = f"{record.unit_code} {record.unit_name} — {record.year}"
            group = groups[key] = Group(record.unit_id, record.year, label)
        if record.collective:
            if group.collective is not None:
                plan.error(
                    record.row,
                    h["title"],
                    f"Trùng với dòng {group.collective.row}: đơn vị chỉ đăng ký một danh hiệu "
                    "tập thể mỗi năm.",
                )
                continue
            group.collective = record
        else:
            first = seen_people.setdefault((record.person_id, record.year), record)
            if first is not record:
                plan.error(
                    record.row,
                    h["person"],
                    f"Trùng với dòng {first.row}: cán bộ {record.person_code} đã được đăng ký "
                    f"năm {record.year} (mỗi người một danh hiệu đăng ký mỗi năm).",
                )
                continue
            if record.note:
                plan.warn(
                    record.row,
                    h["note"],
                    "Ghi chú ở dòng cá nhân không được lưu: ghi chú của bản đăng ký ghi ở dòng "
                    "danh hiệu tập thể.",
                )
        group.rows.append(record)
        _agree(group, record, "movement", record.movement, h["movement"], plan)
        _agree(group, record, "registered_on", record.registered_on, h["date"], plan)
    for group in groups.values():
        if group.collective is not None:
            group.wanted["collective_title"] = group.collective.title
            if group.collective.note:
                group.wanted["note"] = group.collective.note
    # A group with an error in one of its rows is still planned: its other rows' errors
    # and changes are shown, and the errors alone stop the apply.
    return {k: g for k, g in groups.items() if g.rows}


def _agree(group: Group, record, name: str, value, header: str, plan: Plan) -> None:
    if value is None:
        return
    if name in group.wanted and group.wanted[name] != value:
        first = next(r for r in group.rows if getattr(r, name) is not None)
        plan.error(
            record.row,
            header,
            f"Khác với dòng {first.row} (cùng đơn vị và năm thì cùng một {header.lower()}).",
        )
        return
    group.wanted[name] = value


def _load_stored(groups: dict[tuple[int, int], Group]) -> None:
    """The registrations the groups name, with their entries: two queries a batch."""
    if not groups:
        return
    units = sorted({u for u, _y in groups})
    years = sorted({y for _u, y in groups})
    for batch in chunked(units):
        stored = (
            Registration.objects.filter(unit_id__in=batch, year__in=years)
            .select_related("collective_title", "movement")
            .prefetch_related("entries__title")
        )
        for registration in stored:
            group = groups.get((registration.unit_id, registration.year))
            if group is not None:
                group.stored = registration


def _show(name: str, value) -> str:
    if value is None or value == "":
        return ""
    if name == "registered_on":
        return format_date(value)
    return str(value)


def _registration_diffs(stored: Registration, wanted: dict, h: dict[str, str]) -> list[FieldDiff]:
    headers = {
        "collective_title": h["title"],
        "movement": h["movement"],
        "registered_on": h["date"],
        "note": h["note"],
    }
    diffs = []
    for name, value in wanted.items():
        before = getattr(stored, name)
        if before != value:
            diffs.append(FieldDiff(headers[name], _show(name, before), _show(name, value)))
    return diffs


def _defaults(wanted: dict) -> dict:
    return {
        "collective_title": wanted.get("collective_title"),
        "movement": wanted.get("movement"),
        "registered_on": wanted.get("registered_on"),
        "note": wanted.get("note", ""),
    }
