"""The demo people: who they are (name, birth, CCCD, rank, post) and where they served.

Plans are plain objects first, drawn in a fixed order from one random.Random, then written
in chunks by thidua.lib.bulk (derived fields filled by compute_derived, since the bulk
insert skips save()), with their simple_history records.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from thidua.demo.careers import (
    CONSCRIPT_STEPS,
    LEVELS,
    NCO_STEPS,
    OFFICER_STEPS,
    STAFF_CEILINGS,
    WORKER_RANK,
    CareerMap,
    Stint,
    leader_slots,
    plan_stints,
    rank_for,
)
from thidua.demo.names import NameMaker
from thidua.demo.units import HISTORY_REASON, OTHER_PREFIX, UnitSpec
from thidua.lib.bulk import insert_with_history
from thidua.org.choices import Gender
from thidua.org.models import Assignment, Person, Unit

CHUNK = 10_000
MAX_PEOPLE = 900_000  # six-digit số hiệu
# CCCD prefixes: the province's own code for most, neighbouring provinces for the rest.
HOME_PROVINCE = "035"
OTHER_PROVINCES = [
    "001",
    "022",
    "024",
    "026",
    "027",
    "030",
    "031",
    "033",
    "034",
    "036",
    "037",
    "038",
]


@dataclass(slots=True)
class PersonPlan:
    code: str
    full_name: str
    gender: str
    birth_date: dt.date
    service_start: dt.date
    rank: str
    position: str
    citizen_id: str | None
    unit: str
    stints: list[Stint] = field(default_factory=list)
    unverified: bool = False
    pk: int | None = None


def duplicate_count(people: int) -> int:
    """A handful of deliberate "same name and date of birth in two units" records."""
    return 0 if people < 20 else max(2, min(8, people // 600))


def _add_years(day: dt.date, years: int) -> dt.date:
    leap_day = (day.month, day.day) == (2, 29)
    return day.replace(year=day.year + years, day=28 if leap_day else day.day)


class _CitizenIds:
    """Unique 12-digit CCCD: province (3), gender and century (1), birth year (2), serial (6)."""

    def __init__(self, rng: random.Random):
        self.rng, self.seen = rng, set()

    def make(self, gender: str, born: dt.date) -> str | None:
        if self.rng.random() < 0.05:  # not yet recorded for a few people
            return None
        province = HOME_PROVINCE if self.rng.random() < 0.8 else self.rng.choice(OTHER_PROVINCES)
        century = 0 if born.year < 2000 else 2
        digit = century + (1 if gender == Gender.FEMALE else 0)
        while True:
            value = f"{province}{digit}{born.year % 100:02d}{self.rng.randrange(1_000_000):06d}"
            if value not in self.seen:
                self.seen.add(value)
                return value


class PeoplePlanner:
    """Draws every person of the province from one rng, in a fixed order."""

    def __init__(
        self,
        rng: random.Random,
        specs: list[UnitSpec],
        *,
        window_start: dt.date,
        reference_date: dt.date,
    ):
        self.rng = rng
        self.specs = specs
        self.reference_date = reference_date
        self.names = NameMaker()
        self.ids = _CitizenIds(rng)
        self.cmap = CareerMap.build(specs, window_start, reference_date)

    def plan(self, count: int) -> list[PersonPlan]:
        dups = duplicate_count(count)
        codes = self._codes(count)
        slots = leader_slots(self.specs)[: (count - dups) // 3]
        staff_units = [s for s in self.specs if s.is_open and s.weight > 0]
        weights = [s.weight for s in staff_units]
        picks = self.rng.choices(staff_units, weights, k=count - dups - len(slots))
        plans = [self._leader(codes.pop(), spec, level, title) for spec, level, title in slots]
        plans += [self._staff(codes.pop(), spec) for spec in picks]
        plans += self._duplicates(plans[len(slots) :], codes, dups)
        return plans

    def _codes(self, count: int) -> list[str]:
        """Số hiệu in the usual "123-456" form, unique and in random order."""
        numbers = self.rng.sample(range(100_000, 1_000_000), count)
        return [f"{n // 1000}-{n % 1000:03d}" for n in numbers]

    def _birth(self, year: int) -> dt.date:
        return dt.date(year, 1, 1) + dt.timedelta(days=self.rng.randrange(365))

    def _service_start(self, born: dt.date, max_age: int, mode_age: float) -> dt.date:
        lo = _add_years(born, 18)
        hi = max(lo, min(_add_years(born, max_age), self.reference_date - dt.timedelta(days=60)))
        span = (hi - lo).days
        offset = self.rng.triangular(0, span, min(span, mode_age * 365)) if span else 0
        return lo + dt.timedelta(days=int(offset))

    def _years(self, since: dt.date) -> float:
        return (self.reference_date - since).days / 365.25

    def _leader(self, code: str, spec: UnitSpec, level: str, title: str) -> PersonPlan:
        lv = LEVELS[level]
        gender = Gender.MALE if self.rng.random() < 0.92 else Gender.FEMALE
        born = self._birth(self.reference_date.year - self.rng.randint(*lv.age))
        start = self._service_start(born, 23, 1.0)
        lag = self.rng.choice((0, 0, 0, 1, 1, 2))
        rank = rank_for(OFFICER_STEPS, self._years(start) - lag, lv.ceiling)
        return self._finish(code, spec, gender, born, start, rank, title, level, "Cán bộ")

    def _staff(self, code: str, spec: UnitSpec) -> PersonPlan:
        gender = Gender.MALE if self.rng.random() < 0.79 else Gender.FEMALE
        draw, ref = self.rng.random(), self.reference_date
        if draw < 0.03:  # chiến sĩ nghĩa vụ: two years of service, joined in their early twenties
            born = self._birth(self.rng.randint(ref.year - 25, ref.year - 23))
            start = ref - dt.timedelta(days=self.rng.randint(60, 700))
            rank = rank_for(CONSCRIPT_STEPS, self._years(start))
            return self._finish(
                code, spec, gender, born, start, rank, "Chiến sĩ", "staff", "Chiến sĩ"
            )
        # Ages 23–60, most in their thirties.
        year = int(self.rng.triangular(ref.year - 60, ref.year - 22, ref.year - 32))
        born = self._birth(min(ref.year - 23, year))
        start = self._service_start(born, 30, 2.0)
        rank, position = self._rank_and_post(start, draw)
        return self._finish(code, spec, gender, born, start, rank, position, "staff", position)

    def _rank_and_post(self, start: dt.date, draw: float) -> tuple[str, str]:
        years = self._years(start)
        if draw < 0.06:
            return WORKER_RANK, "Nhân viên"
        if draw < 0.11:  # hạ sĩ quan chuyên nghiệp
            return rank_for(NCO_STEPS, years), "Chiến sĩ"
        lag = self.rng.choice((0, 0, 0, 1, 1, 2, 3))
        return rank_for(OFFICER_STEPS, years - lag, self.rng.choice(STAFF_CEILINGS)), "Cán bộ"

    def _finish(
        self,
        code: str,
        spec: UnitSpec,
        gender: str,
        born: dt.date,
        start: dt.date,
        rank: str,
        position: str,
        level: str,
        staff_position: str,
    ) -> PersonPlan:
        plan = PersonPlan(
            code=code,
            full_name=self.names.full_name(self.rng, gender, born.year),
            gender=gender,
            birth_date=born,
            service_start=start,
            rank=rank,
            position=position,
            citizen_id=self.ids.make(gender, born),
            unit=spec.code,
        )
        plan.stints = plan_stints(
            self.rng,
            self.cmap,
            unit=spec,
            service_start=start,
            level=level,
            position=position,
            staff_position=staff_position,
        )
        return plan

    def _duplicates(
        self, staff: list[PersonPlan], codes: list[str], count: int
    ) -> list[PersonPlan]:
        """Copies of real people entered a second time in another unit (as a careless import
        would), without CCCD and flagged unverified, for the "Nghi trùng" page. The first is
        the same person in both registers: brought in with the absorbed force's register
        (code "LG-…", a unit of its own, the same CCCD)."""
        copies = []
        other_register = [code for code in self.cmap.pool if code.startswith(OTHER_PREFIX)]
        for n, original in enumerate(self.rng.sample(staff, min(count, len(staff)))):
            code, citizen_id = codes.pop(), None
            if n == 0 and other_register and not original.unit.startswith(OTHER_PREFIX):
                unit = self.rng.choice(other_register)
                code, citizen_id = f"{OTHER_PREFIX}{code}", original.citizen_id
            else:
                unit = self.cmap.other_unit(self.rng, original.unit)
            copies.append(
                PersonPlan(
                    code=code,
                    full_name=original.full_name,
                    gender=original.gender,
                    birth_date=original.birth_date,
                    service_start=original.service_start,
                    rank=original.rank,
                    position=original.position,
                    citizen_id=citizen_id,
                    unit=unit,
                    stints=[(unit, original.service_start, None, original.position)],
                    unverified=True,
                )
            )
        return copies


def insert_people(
    plans: list[PersonPlan], units: dict[str, Unit], *, stamp: dt.datetime, history: bool = True
) -> int:
    """Write people and their assignments; returns the number of assignments."""
    total = 0
    for i in range(0, len(plans), CHUNK):
        chunk = plans[i : i + CHUNK]
        people = [_person(plan, units) for plan in chunk]
        people = _bulk(people, Person, stamp=stamp, history=history)
        assignments = [
            Assignment(
                person_id=person.pk, unit_id=units[code].pk, start=start, end=end, position=pos
            )
            for plan, person in zip(chunk, people, strict=True)
            for code, start, end, pos in plan.stints
        ]
        for plan, person in zip(chunk, people, strict=True):
            plan.pk = person.pk
        _bulk(assignments, Assignment, stamp=stamp, history=history)
        total += len(assignments)
    return total


def _person(plan: PersonPlan, units: dict[str, Unit]) -> Person:
    person = Person(
        code=plan.code,
        full_name=plan.full_name,
        gender=plan.gender,
        birth_date=plan.birth_date,
        service_start=plan.service_start,
        rank=plan.rank,
        position=plan.position,
        citizen_id=plan.citizen_id,
        unit_id=units[plan.unit].pk,
        unverified=plan.unverified,
    )
    person.compute_derived()  # the bulk insert skips save()
    return person


def _bulk(objs: list, model: type, *, stamp: dt.datetime, history: bool) -> list:
    return insert_with_history(model, objs, reason=HISTORY_REASON, date=stamp, history=history)
