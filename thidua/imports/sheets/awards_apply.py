"""Writing a planned awards import: new units, new (unverified) people with their first
assignment, new decisions, then the awards — each one bulk insert with its history rows
(thidua.lib.bulk), so 100,000 rows are a handful of statements."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from thidua.awards.choices import AwardStatus
from thidua.awards.models import Award, Decision
from thidua.imports.engine import ImportContext, Plan
from thidua.imports.engine.lookups import chunked
from thidua.imports.sheets.awards_plan import NEW_UNIT_NOTE, AwardsData
from thidua.lib.bulk import (
    insert_rows,
    insert_with_history,
    roomy_cache,
    update_with_history,
)
from thidua.lib.vntext import fold
from thidua.org.choices import Gender, UnitKind
from thidua.org.models import Assignment, Person, Unit

# Codes of people created from a name only (no Mã in the file): CXM = chưa xác minh.
NEW_CODE_PREFIX = "CXM-"
_NEW_CODE = re.compile(rf"^{NEW_CODE_PREFIX}(\d+)$")
# Awards are written as plain tuples in the model's field order (bulk.insert_rows): no model
# instance per row, which counts at 100,000 rows. The check keeps this in step with the model.
_AWARD_FIELDS = (
    "id",
    "decision_id",
    "award_type_id",
    "person_id",
    "unit_id",
    "year_from",
    "year_to",
    "achievement",
    "status",
    "revoke_reason",
)
assert tuple(f.attname for f in Award._meta.concrete_fields) == _AWARD_FIELDS
_ACTIVE = AwardStatus.ACTIVE.value  # a plain str: the bulk writer's fast path


def apply_awards(plan: Plan, ctx: ImportContext) -> None:
    data: AwardsData = plan.data["awards"]
    who = {"user": ctx.history_user, "reason": ctx.history_reason}
    # People come in file order, not index order: without a roomy cache each insert into the
    # award and history indexes misses it.
    with roomy_cache():
        _create_units(data, who)
        _create_people(data, who)
        _create_decisions(data, who)
        insert_rows(Award, [_award_row(c.record) for c in plan.creates], **who)
        _update_achievements(plan, who)


def _award_row(record) -> tuple:
    """The award's values in _AWARD_FIELDS order, without the id."""
    person_id, unit_id = record.person_id, record.unit_id
    if record.new_recipient is not None:
        if record.collective:
            unit_id = record.new_recipient.id
        else:
            person_id = record.new_recipient.id
    return (
        record.decision.id,
        record.award_type.id,
        person_id,
        unit_id,
        record.year_from,
        record.year_to,
        record.achievement,
        _ACTIVE,
        "",
    )


def _create_units(data: AwardsData, who: dict[str, Any]) -> None:
    units = []
    for new in data.new_units:
        ref = data.index.by_id[new.parent_id]
        parent = Unit(id=ref.id, code=ref.code, path=ref.path)  # a stub: id and path suffice
        unit = Unit(
            code=new.code, name=new.name, kind=UnitKind.OTHER, parent=parent, note=NEW_UNIT_NOTE
        )
        unit.compute_derived()  # path, depth, sort and search keys, as save() would
        units.append(unit)
    insert_with_history(Unit, units, **who)
    for new, unit in zip(data.new_units, units):
        new.id = unit.pk


def _guess_gender(name: str) -> str:
    # Gender is required; "Thị" as a middle name is the usual mark of a woman's name.
    # The person is flagged unverified, so a clerk checks it with the rest.
    return Gender.FEMALE if " thi " in f" {fold(name)} " else Gender.MALE


def _create_people(data: AwardsData, who: dict[str, Any]) -> None:
    if not data.new_people:
        return
    codes = _fresh_codes(sum(1 for p in data.new_people if not p.code))
    people = []
    for new in data.new_people:
        new.code = new.code or next(codes)
        person = Person(
            code=new.code,
            full_name=new.name,
            gender=_guess_gender(new.name),
            unit_id=new.unit_id,
            unverified=True,
        )
        person.compute_derived()
        people.append(person)
    insert_with_history(Person, people, **who)
    for new, person in zip(data.new_people, people):
        new.id = person.pk
    first = [
        Assignment(
            person_id=new.id, unit_id=new.unit_id, start=dt.date(max(new.first_year, 1), 1, 1)
        )
        for new in data.new_people
    ]
    insert_with_history(Assignment, first, **who)


def _fresh_codes(count: int):
    """CXM-000001, CXM-000002, … after the highest such code already used."""
    used = Person.objects.filter(code__startswith=NEW_CODE_PREFIX).values_list("code", flat=True)
    highest = max((int(m[1]) for m in map(_NEW_CODE.match, used) if m), default=0)
    return (f"{NEW_CODE_PREFIX}{n:06d}" for n in range(highest + 1, highest + 1 + count))


def _create_decisions(data: AwardsData, who: dict[str, Any]) -> None:
    decisions = []
    for new in data.new_decisions:
        decision = Decision(
            number=new.number,
            date=new.date,
            authority=new.authority,
            award_type_id=new.award_type.id,
            movement_id=new.movement[0] if new.movement else None,
        )
        decision.compute_derived()  # the folded number search uses
        decisions.append(decision)
    insert_with_history(Decision, decisions, **who)
    for new, decision in zip(data.new_decisions, decisions):
        new.id = decision.pk


def _update_achievements(plan: Plan, who: dict[str, Any]) -> None:
    """The history row copies every field, so the awards are read whole first."""
    wanted = {change.target: change.record.achievement for change in plan.updates}
    awards = []
    for batch in chunked(sorted(wanted)):
        awards.extend(Award.objects.filter(id__in=batch))
    for award in awards:
        award.achievement = wanted[award.id]
    update_with_history(Award, awards, ["achievement"], **who)
