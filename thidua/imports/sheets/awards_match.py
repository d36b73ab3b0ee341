"""Finding the person of an awards row that has no code: by the exact full name (accents,
case and spacing ignored) among the people of Mã đơn vị — those now in the unit or its
subtree, and those assigned there during the award's year(s). Two queries for the file:
the people with those names, and their assignments."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from thidua.imports.engine.lookups import UnitRef, chunked
from thidua.imports.sheets.record_common import (
    OUT_OF_SCOPE,
    UNKNOWN_UNIT,
    PersonRef,
    load_people_by_name,
)
from thidua.lib.vntext import fold
from thidua.org.models import Assignment

if TYPE_CHECKING:
    from thidua.imports.sheets.awards_plan import AwardPlanner
    from thidua.imports.sheets.awards_record import AwardRecord


@dataclass(eq=False)
class NewPerson:
    """A person created by --create-missing, flagged unverified; code "" = generated."""

    code: str
    name: str
    unit_id: int
    row: int
    first_year: int
    id: int | None = None  # set by apply

    def describe(self, unit_code: str) -> str:
        code = f" mã '{self.code}'" if self.code else ""
        return (
            f"Sẽ tạo cán bộ mới '{self.name}'{code} ở đơn vị '{unit_code}', đánh dấu chưa xác minh."
        )


def _period(record: AwardRecord) -> str:
    if record.year_from is None:
        return ""
    if record.year_from == record.year_to:
        return f" trong năm {record.year_from}"
    return f" trong giai đoạn {record.year_from}-{record.year_to}"


class NameMatcher:
    def __init__(self, planner: AwardPlanner, records: list[AwardRecord]):
        self.planner = planner
        self.records = records

    def run(self) -> None:
        wanted = [pair for pair in map(self._unit_of, self.records) if pair is not None]
        if not wanted:
            return
        by_name = load_people_by_name({key for _, _, key in wanted})
        stints = _stints(p.id for people in by_name.values() for p in people)
        for record, unit, key in wanted:
            found = [p for p in by_name.get(key, ()) if self._was_in(p, stints, unit, record)]
            self._settle(record, unit, key, found)

    def _unit_of(self, record: AwardRecord) -> tuple[AwardRecord, UnitRef, str] | None:
        planner = self.planner
        if not record.name:
            planner.error(record, "code", "Cần ghi mã cán bộ, hoặc họ và tên cùng mã đơn vị.")
            return None
        if not record.unit_code:
            planner.error(
                record,
                "unit_code",
                "Khi để trống Mã, cần ghi mã đơn vị để tìm cán bộ theo họ và tên.",
            )
            return None
        unit = planner.index.get(record.unit_code)
        if unit is None:
            planner.error(record, "unit_code", UNKNOWN_UNIT.format(record.unit_code))
            return None
        if not planner.ctx.in_scope(unit.path):
            planner.error(record, "unit_code", OUT_OF_SCOPE.format(unit.code))
            return None
        return record, unit, fold(record.name)

    def _was_in(self, person: PersonRef, stints: dict, unit: UnitRef, record: AwardRecord) -> bool:
        by_id = self.planner.index.by_id
        current = by_id.get(person.unit_id) if person.unit_id else None
        if current is not None and current.path.startswith(unit.path):
            return True
        first = dt.date(record.year_from or 1, 1, 1)
        last = dt.date(record.year_to or 9999, 12, 31)
        for unit_id, start, end in stints.get(person.id, ()):
            ref = by_id.get(unit_id)
            if (
                ref is not None
                and ref.path.startswith(unit.path)
                and start <= last
                and (end is None or end >= first)
            ):
                return True
        return False

    def _settle(self, record: AwardRecord, unit: UnitRef, key: str, found: list[PersonRef]) -> None:
        planner = self.planner
        where = f"ở đơn vị '{unit.code}' (kể cả đơn vị trực thuộc){_period(record)}"
        if len(found) > 1:
            visible = [p.code for p in found if planner.ctx.in_scope(planner.path(p.unit_id))]
            codes = f" (mã {', '.join(visible)})" if visible else ""
            planner.error(
                record,
                "code",
                f"Có {len(found)} cán bộ trùng tên '{record.name}' {where}{codes}, cần ghi Mã.",
            )
        elif found:
            person = found[0]
            if not planner.ctx.in_scope(planner.path(person.unit_id)):
                planner.error(
                    record,
                    "name",
                    f"Cán bộ '{record.name}' {where} hiện thuộc đơn vị "
                    "nằm ngoài phạm vi được phân quyền.",
                )
                return
            record.person_id, record.code = person.id, person.code
        elif planner.create_missing:
            new = planner.new_people.get((unit.id, key))
            if new is None:
                new = planner.new_people[(unit.id, key)] = NewPerson(
                    "", record.name, unit.id, record.row, record.year_from or 0
                )
                planner.plan.warn(record.row, planner.h["name"], new.describe(unit.code))
            new.first_year = min(new.first_year, record.year_from or new.first_year)
            record.new_recipient = new
        else:
            planner.error(
                record,
                "name",
                f"Không tìm thấy cán bộ '{record.name}' {where} "
                "(dùng --create-missing để tạo mới).",
            )


def _stints(person_ids) -> dict[int, list[tuple[int, dt.date, dt.date | None]]]:
    """{person id: [(unit id, start, end), …]} of these people's assignments."""
    stints: dict[int, list] = defaultdict(list)
    rows = Assignment.objects.values_list("person_id", "unit_id", "start", "end").order_by()
    for batch in chunked(sorted(set(person_ids))):
        for person_id, unit_id, start, end in rows.filter(person_id__in=batch):
            stints[person_id].append((unit_id, start, end))
    return stints
