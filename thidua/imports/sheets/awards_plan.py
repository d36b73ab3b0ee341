"""Planning an awards import: every lookup is a few queries for the whole file (people by
code, units, decisions of the file's numbers, awards of those decisions), award names go
through the in-memory catalogue index once per distinct name, and the per-row work is dict
lookups. Recipients named without a code are matched by name in awards_match."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from thidua.accounts import scope
from thidua.awards.catalogue import catalogue_index
from thidua.awards.choices import DecisionStatus
from thidua.awards.models import Award, AwardType
from thidua.awards.selectors import closing_edges, warning_if_closed
from thidua.imports.engine import Change, FieldDiff, ImportContext, Plan
from thidua.imports.engine.lookups import UnitIndex, chunked
from thidua.imports.sheets.awards_match import NameMatcher, NewPerson
from thidua.imports.sheets.record_common import (
    OUT_OF_SCOPE,
    PERSON_OUT_OF_SCOPE,
    UNKNOWN_UNIT,
    load_people,
    recipient_label,
)
from thidua.lib.dates import format_date
from thidua.lib.excel.cells import is_valid_code
from thidua.lib.vntext import fold
from thidua.movements.models import Movement

if TYPE_CHECKING:
    from thidua.imports.sheets.awards_record import AwardRecord

NEW_UNIT_NOTE = "Tạo khi nhập khen thưởng, cần xác minh"
DECISION_NOT_IN_SCOPE = (
    "Không có quyết định số '{}' ngày {} trong phạm vi được phân quyền; chỉ quản trị hoặc cán "
    "bộ thi đua cấp tỉnh được tạo quyết định mới."
)
# Decision numbers and authorities repeat on every row of a decision: fold each once.
_folded = lru_cache(maxsize=8192)(fold)


@dataclass(eq=False)
class NewUnit:
    code: str
    name: str
    parent_id: int | None
    parent_code: str
    row: int
    id: int | None = None  # set by apply


@dataclass(eq=False)
class NewDecision:
    number: str
    date: dt.date
    authority: str
    award_type: AwardType
    row: int
    authority_given: bool = False  # from a row's Thẩm quyền, not the award type's default
    movement: tuple[int, str, int] | None = None  # (id, name, row) from a row's Phong trào
    id: int | None = None  # set by apply


@dataclass
class _Existing:
    id: int
    number: str
    authority: str
    status: str
    movement_id: int | None = None
    movement_name: str = ""


@dataclass
class AwardsData:
    """What apply needs besides plan.creates / plan.updates."""

    index: UnitIndex
    new_units: list[NewUnit] = field(default_factory=list)
    new_people: list[NewPerson] = field(default_factory=list)
    new_decisions: list[NewDecision] = field(default_factory=list)


class AwardPlanner:
    def __init__(self, headers: dict[str, str], ctx: ImportContext, plan: Plan):
        self.h, self.ctx, self.plan = headers, ctx, plan
        self.create_missing = bool(ctx.options.get("create_missing"))
        self.index = UnitIndex.load()
        self.data = AwardsData(self.index)
        self.new_units: dict[str, NewUnit] = {}
        # By code, or by (unit id, folded name) for people named without a code.
        self.new_people: dict[object, NewPerson] = {}

    def error(self, record: AwardRecord, key: str, message: str) -> None:
        self.plan.error(record.row, self.h[key] if key else "", message)
        record.bad = True

    def run(self, records: list[AwardRecord]) -> None:
        self._award_types(records)
        self._movements(records)
        self._people_by_code(records)
        NameMatcher(self, [r for r in records if r.collective is False and not r.code]).run()
        self._units(records)
        self._closed_units(records)
        self._decisions(records)
        self._awards(records)
        self.data.new_people = list(self.new_people.values())
        self.data.new_units = list(self.new_units.values())
        self.plan.data["awards"] = self.data

    # ── Catalogue ─────────────────────────────────────────────────────────────────────────

    def _award_types(self, records: list[AwardRecord]) -> None:
        resolved = catalogue_index(refresh=True).resolve_all(r.form for r in records if r.form)
        # (name, collective) pairs the catalogue refuses, checked once per distinct name.
        refused = {
            (name, collective)
            for name, found in resolved.items()
            if not isinstance(found, str)
            for collective in (False, True)
            if not found.accepts(collective=collective)
        }
        for record in records:
            if not record.form:
                continue
            found = resolved[record.form]
            if isinstance(found, str):
                self.error(record, "form", found)
                continue
            record.award_type = found
            if (record.form, record.collective) in refused:
                self.error(
                    record,
                    "kind",
                    f"'{found.name}' không tặng cho {recipient_label(record.collective).lower()}.",
                )

    # ── Individuals with a code ───────────────────────────────────────────────────────────

    def _people_by_code(self, records: list[AwardRecord]) -> None:
        rows = [r for r in records if r.collective is False and r.code]
        people = load_people(r.code for r in rows)
        scoped = self.ctx.scope_path is not None
        for record in rows:
            self._check_unit_code(record)
            person = people.get(record.code)
            if person is None:
                self._new_person_with_code(record)
                continue
            if scoped and not self.ctx.in_scope(self.path(person.unit_id)):
                self.error(record, "code", PERSON_OUT_OF_SCOPE.format(record.code))
                continue
            record.person_id = person.id
            if (
                record.name
                and record.name != person.full_name
                and fold(record.name) != person.search_key
            ):
                self.plan.warn(
                    record.row,
                    self.h["name"],
                    f"Họ và tên '{record.name}' khác với tên của cán bộ mã "
                    f"'{person.code}' trong hệ thống: {person.full_name}.",
                )

    def _check_unit_code(self, record: AwardRecord) -> None:
        if record.unit_code and self.index.get(record.unit_code) is None:
            self.error(record, "unit_code", UNKNOWN_UNIT.format(record.unit_code))

    def _new_person_with_code(self, record: AwardRecord) -> None:
        if not self.create_missing:
            self.error(
                record,
                "code",
                f"Không có cán bộ mã '{record.code}' trong hệ thống "
                "(dùng --create-missing để tạo mới).",
            )
            return
        person = self.new_people.get(record.code)
        if person is None:
            unit = self.unit_for_new_person(record)
            if unit is None:
                return
            person = NewPerson(record.code, record.name, unit.id, record.row, record.year_from or 0)
            self.new_people[record.code] = person
            self.plan.warn(record.row, self.h["code"], person.describe(unit.code))
        person.first_year = min(person.first_year, record.year_from or person.first_year)
        record.new_recipient = person

    def unit_for_new_person(self, record: AwardRecord):
        """The unit a new person is created in (Mã đơn vị); None with an error."""
        if not record.name:
            self.error(record, "name", "Cần ghi họ và tên để tạo cán bộ mới.")
            return None
        if not record.unit_code:
            self.error(record, "unit_code", "Cần ghi mã đơn vị để tạo cán bộ mới.")
            return None
        ref = self.index.get(record.unit_code)
        if ref is None:
            return None  # reported by _check_unit_code / the matcher
        if not self.ctx.in_scope(ref.path):
            self.error(record, "unit_code", OUT_OF_SCOPE.format(ref.code))
            return None
        return ref

    def path(self, unit_id: int | None) -> str | None:
        ref = self.index.by_id.get(unit_id) if unit_id else None
        return ref.path if ref else None

    # ── Collectives ───────────────────────────────────────────────────────────────────────

    def _units(self, records: list[AwardRecord]) -> None:
        for record in records:
            if record.collective is not True:
                continue
            if not record.code:
                self.error(record, "code", "Với tập thể, cần ghi mã của đơn vị được khen.")
                continue
            parent = self.index.get(record.unit_code) if record.unit_code else None
            if record.unit_code and parent is None:
                self.error(record, "unit_code", UNKNOWN_UNIT.format(record.unit_code))
                continue
            ref = self.index.get(record.code)
            if ref is None:
                self._new_unit(record, parent)
                continue
            if not self.ctx.in_scope(ref.path):
                self.error(record, "code", OUT_OF_SCOPE.format(ref.code))
                continue
            if ref.parent_code != (parent.code if parent else ""):
                above = (
                    f"trực thuộc '{ref.parent_code}'"
                    if ref.parent_code
                    else "là đơn vị cấp cao nhất"
                )
                self.error(
                    record,
                    "unit_code",
                    f"Đơn vị '{ref.code}' {above} trong hệ thống, "
                    f"không phải '{record.unit_code or '(trống)'}'.",
                )
                continue
            record.unit_id = ref.id
            if record.name and _folded(record.name) != _folded(ref.name):
                self.plan.warn(
                    record.row,
                    self.h["name"],
                    f"Tên '{record.name}' khác với tên đơn vị '{ref.code}' trong hệ "
                    f"thống: {ref.name}.",
                )

    def _closed_units(self, records: list[AwardRecord]) -> None:
        """Warn (never refuse) on a collective closed in a reorganisation by the decision's
        date: the pack's rule (Pack.reorganisation.closed_units, TT 15/2025/TT-BNV), as the
        decision page says it. One query for every unit of the file."""
        named = [r for r in records if r.unit_id is not None and r.date is not None]
        edges = closing_edges({r.unit_id for r in named}) if named else {}
        for record in named:
            edge = edges.get(record.unit_id)
            warning = edge and warning_if_closed(edge.old_unit.name, edge, record.date)
            if warning:
                self.plan.warn(record.row, self.h["code"], warning)

    def _new_unit(self, record: AwardRecord, parent) -> None:
        if not self.create_missing:
            self.error(
                record,
                "code",
                f"Không có đơn vị mã '{record.code}' trong hệ thống "
                "(dùng --create-missing để tạo mới).",
            )
            return
        unit = self.new_units.get(record.code)
        if unit is not None:
            if unit.parent_code != (parent.code if parent else ""):
                self.error(
                    record,
                    "unit_code",
                    f"Đơn vị mới '{record.code}' đã ghi cấp trên "
                    f"'{unit.parent_code}' ở dòng {unit.row}.",
                )
            record.new_recipient = unit
            return
        if parent is None:
            self.error(record, "unit_code", "Cần ghi mã đơn vị cấp trên để tạo đơn vị mới.")
            return
        if not self.ctx.in_scope(parent.path):
            self.error(record, "unit_code", OUT_OF_SCOPE.format(parent.code))
            return
        if not record.name:
            self.error(record, "name", "Cần ghi tên tập thể để tạo đơn vị mới.")
            return
        if not is_valid_code(record.code):
            return  # the parser has reported it
        unit = self.new_units[record.code] = NewUnit(
            record.code, record.name, parent.id, parent.code, record.row
        )
        record.new_recipient = unit
        self.plan.warn(
            record.row,
            self.h["code"],
            f"Sẽ tạo đơn vị mới '{record.code}' "
            f"({record.name}) thuộc '{parent.code}', "
            "cần xác minh.",
        )

    # ── Movements ─────────────────────────────────────────────────────────────────────────

    def _movements(self, records: list[AwardRecord]) -> None:
        """Phong trào → the one movement of that name (accents and case ignored), one query."""
        wanted = {_folded(r.movement_text) for r in records if r.movement_text}
        if not wanted:
            return
        by_key: dict[str, list[Movement]] = {}
        for movement in Movement.objects.filter(search_key__in=wanted).only(
            "id", "name", "search_key"
        ):
            by_key.setdefault(movement.search_key, []).append(movement)
        for record in records:
            if not record.movement_text:
                continue
            found = by_key.get(_folded(record.movement_text), [])
            if len(found) == 1:
                record.movement_id = found[0].id
                record.movement_text = found[0].name
            elif not found:
                self.error(
                    record,
                    "movement",
                    f"Không có phong trào '{record.movement_text}' trong hệ thống.",
                )
            else:
                self.error(
                    record,
                    "movement",
                    f"Có {len(found)} phong trào tên '{record.movement_text}': đặt tên phân "
                    "biệt trên trang phong trào rồi nhập lại.",
                )

    def _decision_movement(self, record: AwardRecord, decision) -> None:
        """A row's Phong trào agrees with its decision's (stored, or first named in the file)."""
        if record.movement_id is None:
            return
        if isinstance(decision, _Existing):
            if decision.movement_id not in (None, record.movement_id):
                self.error(
                    record,
                    "movement",
                    f"Quyết định {decision.number} đã ghi phong trào '{decision.movement_name}'; "
                    "đổi phong trào bằng đính chính trên trang quyết định.",
                )
            elif decision.movement_id is None:
                self.error(
                    record,
                    "movement",
                    f"Quyết định {decision.number} đã có trong hệ thống, chưa ghi phong trào; "
                    "ghi phong trào bằng đính chính trên trang quyết định.",
                )
            return
        if decision.movement is None:
            decision.movement = (record.movement_id, record.movement_text, record.row)
        elif decision.movement[0] != record.movement_id:
            self.error(
                record,
                "movement",
                f"Phong trào '{record.movement_text}' khác với dòng {decision.movement[2]} "
                f"của cùng quyết định: {decision.movement[1]}.",
            )

    # ── Decisions ─────────────────────────────────────────────────────────────────────────

    def _decisions(self, records: list[AwardRecord]) -> None:
        existing = _existing_decisions({r.number for r in records if r.number}, self.ctx.user)
        may_create = scope.can_manage_decisions(self.ctx.user)
        new: dict[tuple[str, dt.date], NewDecision] = {}
        authority_of: dict[tuple[str, dt.date], tuple[str, int]] = {}
        today = self.ctx.today
        for record in records:
            if not record.number or record.date is None:
                continue
            if record.date > today:
                self.error(
                    record, "date", f"Ngày quyết định {format_date(record.date)} sau ngày hôm nay."
                )
                continue
            if record.year_from is not None and record.year_from > record.date.year:
                self.error(
                    record,
                    "year",
                    f"Năm {record.year_from} sau năm ra quyết định "
                    f"({record.date.year}): không khen thưởng trước "
                    "thành tích.",
                )
            # Grouped by the folded number: "12/qđ-cat" and "12/QĐ-CAT" are one decision.
            key = (_folded(record.number), record.date)
            found = existing.get((record.number, record.date)) or existing.get(key)
            if found is not None:
                self._existing_decision(record, found)
                continue
            if not may_create:
                # The pages' rule (scope.can_manage_decisions); a decision the user cannot
                # see gets the same answer as one that does not exist.
                self.error(
                    record,
                    "number",
                    DECISION_NOT_IN_SCOPE.format(record.number, format_date(record.date)),
                )
                continue
            self._same_authority(record, key, authority_of)
            decision = new.get(key)
            if decision is None and record.award_type is not None:
                decision = new[key] = NewDecision(
                    record.number,
                    record.date,
                    record.award_type.authority,
                    record.award_type,
                    record.row,
                )
            if decision is not None and record.authority and not decision.authority_given:
                decision.authority, decision.authority_given = record.authority, True
            if decision is not None:
                self._decision_movement(record, decision)
            record.decision = decision
        self.data.new_decisions = list(new.values())

    def _existing_decision(self, record: AwardRecord, found: _Existing) -> None:
        if (
            record.authority
            and found.authority
            and _folded(record.authority) != _folded(found.authority)
        ):
            self.error(
                record,
                "authority",
                f"Thẩm quyền '{record.authority}' khác với thẩm quyền "
                f"của quyết định {found.number} đã có trong hệ thống: "
                f"{found.authority}.",
            )
        self._decision_movement(record, found)
        record.decision = found

    def _same_authority(self, record: AwardRecord, key: tuple, seen: dict) -> None:
        """The rows of one new decision must not name two authorities."""
        if not record.authority:
            return
        first = seen.setdefault(key, (record.authority, record.row))
        if _folded(first[0]) != _folded(record.authority):
            self.error(
                record,
                "authority",
                f"Thẩm quyền '{record.authority}' khác với dòng "
                f"{first[1]} của cùng quyết định: {first[0]}.",
            )

    # ── Awards ────────────────────────────────────────────────────────────────────────────

    def _awards(self, records: list[AwardRecord]) -> None:
        ids = {r.decision.id for r in records if isinstance(r.decision, _Existing)}
        stored = _existing_awards(ids)
        seen: dict[tuple, int] = {}
        plan, h = self.plan, self.h
        for record in records:
            if record.bad or record.decision is None:
                continue
            recipient = record.person_id or record.unit_id or record.new_recipient
            if recipient is None:
                continue
            decision = record.decision
            existing = isinstance(decision, _Existing)
            key = (
                decision.id if existing else decision,
                record.award_type.id,
                record.collective,
                recipient,
                record.year_from,
                record.year_to,
            )
            first = seen.setdefault(key, record.row)
            if first != record.row:
                self.error(
                    record,
                    "",
                    f"Trùng với dòng {first} (cùng quyết định, hình thức "
                    "khen thưởng, đối tượng và năm).",
                )
                continue
            old = stored.get(key) if existing else None
            if old is None:
                if existing and decision.status == DecisionStatus.REVOKED:
                    self.error(
                        record,
                        "number",
                        f"Quyết định {decision.number} đã bị hủy bỏ, không thể thêm khen thưởng.",
                    )
                    continue
                plan.creates.append(Change(record.row, record.code, record.name, record))
            elif record.achievement and record.achievement != old[1]:
                diff = FieldDiff(h["achievement"], old[1], record.achievement)
                plan.updates.append(
                    Change(record.row, record.code, record.name, record, [diff], old[0])
                )
            else:
                plan.unchanged += 1


def _existing_decisions(numbers: set[str], user) -> dict[tuple, _Existing]:
    """{(number, date) and (folded number, date): decision} of the decisions with these
    numbers that the user may see (scope.visible_decisions, as the decision pages); the
    folded key finds "12/qd-cat" written for "12/QĐ-CAT"."""
    found: dict[tuple, _Existing] = {}
    keys = sorted({fold(n) for n in numbers})
    rows = scope.visible_decisions(user).values_list(
        "id", "number", "date", "authority", "status", "search_key", "movement_id", "movement__name"
    )
    for batch in chunked(keys):
        for pk, number, date, authority, status, key, movement_id, movement in rows.filter(
            search_key__in=batch
        ).order_by("id"):
            decision = _Existing(pk, number, authority, status, movement_id, movement or "")
            found[(number, date)] = decision
            found.setdefault((key, date), decision)
    return found


def _existing_awards(decision_ids: set[int]) -> dict[tuple, tuple[int, str]]:
    """{(decision, type, collective, recipient, from, to): (award id, achievement)}."""
    stored: dict[tuple, tuple[int, str]] = {}
    rows = Award.objects.values_list(
        "id",
        "decision_id",
        "award_type_id",
        "person_id",
        "unit_id",
        "year_from",
        "year_to",
        "achievement",
    )
    for batch in chunked(sorted(decision_ids)):
        for pk, decision, kind, person, unit, first, last, text in rows.filter(
            decision_id__in=batch
        ).order_by():
            collective = person is None
            recipient = unit if collective else person
            stored[(decision, kind, collective, recipient, first, last)] = (pk, text)
    return stored
