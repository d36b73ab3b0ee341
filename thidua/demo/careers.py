"""Careers of the demo people: ranks by years of service, positions by unit, and the
assignment history (1–3 contiguous stints ending in the current unit).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from itertools import accumulate

from thidua.demo.units import UnitSpec
from thidua.org.choices import UnitKind

# Officer ranks and the years of service usually needed to hold them (Luật CAND: two years
# to Trung úy, then three, three, four, four, four, four).
OFFICER_STEPS = [
    (0, "Thiếu úy"),
    (2, "Trung úy"),
    (5, "Thượng úy"),
    (8, "Đại úy"),
    (12, "Thiếu tá"),
    (16, "Trung tá"),
    (20, "Thượng tá"),
    (24, "Đại tá"),
    (28, "Thiếu tướng"),
]
NCO_STEPS = [(0, "Hạ sĩ"), (2, "Trung sĩ"), (5, "Thượng sĩ")]
CONSCRIPT_STEPS = [(0.0, "Binh nhì"), (0.5, "Binh nhất"), (1.5, "Hạ sĩ")]
WORKER_RANK = "Công nhân Công an"


@dataclass(frozen=True)
class Level:
    """A leadership level: how old its holders are, and the highest rank the post carries."""

    name: str
    age: tuple[int, int]  # at the reference date
    ceiling: str


LEVELS = {
    "director": Level("director", (54, 59), "Thiếu tướng"),
    "vice_director": Level("vice_director", (48, 58), "Đại tá"),
    "head": Level("head", (44, 57), "Đại tá"),
    "deputy": Level("deputy", (38, 54), "Thượng tá"),
    "team_head": Level("team_head", (36, 51), "Thượng tá"),
    "team_deputy": Level("team_deputy", (33, 48), "Trung tá"),
}
# Officers without a leading post mostly stop at Trung tá; a quarter reach Thượng tá.
STAFF_CEILINGS = ("Trung tá", "Trung tá", "Trung tá", "Thượng tá")
_UPPER = {
    UnitKind.PROVINCE: ("director", "vice_director"),
    UnitKind.DEPARTMENT: ("head", "deputy"),
    UnitKind.DISTRICT: ("head", "deputy"),
    UnitKind.TEAM: ("team_head", "team_deputy"),
    UnitKind.COMMUNE: ("team_head", "team_deputy"),
}


def leader_slots(specs: list[UnitSpec]) -> list[tuple[UnitSpec, str, str]]:
    """(unit, level, title) for every leading post of the open units, most senior first:
    when few people are asked for, the heads are filled before the deputies."""
    open_units = [s for s in specs if s.is_open]
    order = [
        UnitKind.PROVINCE,
        UnitKind.DEPARTMENT,
        UnitKind.DISTRICT,
        UnitKind.TEAM,
        UnitKind.COMMUNE,
    ]
    heads, deputies = [], []
    for kind in order:
        for spec in (s for s in open_units if s.kind == kind):
            head_level, deputy_level = _UPPER[kind]
            heads.append((spec, head_level, spec.head))
            deputies += [(spec, deputy_level, spec.deputy)] * spec.deputies
    return heads + deputies


def rank_for(steps: list[tuple[float, str]], years: float, ceiling: str | None = None) -> str:
    rank = steps[0][1]
    for needed, name in steps:
        if years < needed:
            break
        rank = name
        if name == ceiling:
            break
    return rank


Stint = tuple[str, dt.date, "dt.date | None", str]  # unit code, start, end, position


@dataclass
class CareerMap:
    """Where people move: long-standing units by weight, and each unit's neighbours."""

    specs: dict[str, UnitSpec]
    window_start: dt.date
    reference_date: dt.date
    pool: list[str] = field(default_factory=list)
    pool_cum: list[float] = field(default_factory=list)
    neighbours: dict[str, list[str]] = field(default_factory=dict)
    senior: list[str] = field(default_factory=list)

    @classmethod
    def build(
        cls, specs: list[UnitSpec], window_start: dt.date, reference_date: dt.date
    ) -> CareerMap:
        cmap = cls({s.code: s for s in specs}, window_start, reference_date)
        # Units open for the whole period, so an earlier stint anywhere in it is valid.
        steady = [s for s in specs if s.is_open and s.active_from is None and s.weight > 0]
        cmap.pool = [s.code for s in steady]
        cmap.pool_cum = list(accumulate(s.weight for s in steady))
        for s in steady:
            cmap.neighbours[s.code] = [t.code for t in steady if t.code != s.code and _near(s, t)]
        cmap.senior = [s.code for s in steady if s.kind in (UnitKind.DEPARTMENT, UnitKind.DISTRICT)]
        return cmap

    def predecessors(
        self, rng: random.Random, unit: UnitSpec, service_start: dt.date
    ) -> list[tuple[dt.date, str]]:
        """Where someone of `unit` served before its predecessors ended, newest first:
        (first day in the later unit, the unit that ended). One draw per step, by the
        sources' shares; at most two steps (a commune merged on 01/07 ← the commune it was
        on 01/03 ← the district it ended)."""
        chain: list[tuple[dt.date, str]] = []
        current = unit
        while current.sources and len(chain) < 2:
            draw, upto, picked = rng.random(), 0.0, None
            total = sum(share for _code, share in current.sources)
            draw *= max(1.0, total)
            for code, share in current.sources:
                upto += share
                if draw < upto:
                    picked = self.specs[code]
                    break
            if picked is None or picked.active_to is None or service_start > picked.active_to:
                break
            if chain and picked.active_to >= chain[-1][0]:
                break  # not a predecessor of the stint in `current`
            chain.append((picked.active_to + dt.timedelta(days=1), picked.code))
            current = picked
        return chain

    def other_unit(self, rng: random.Random, avoid: str, *, senior: bool = False) -> str:
        """A unit to have served in before `avoid`: often a neighbour of it; for the
        province's leaders, a Phòng or Công an huyện they headed."""
        if senior:
            return rng.choice(self.senior)
        near = self.neighbours.get(avoid, [])
        if near and rng.random() < 0.5:
            return rng.choice(near)
        for _ in range(8):
            code = rng.choices(self.pool, cum_weights=self.pool_cum)[0]
            if code != avoid:
                return code
        return next(c for c in self.pool if c != avoid)


def _near(a: UnitSpec, b: UnitSpec) -> bool:
    """Parent, child, or sibling Đội / Công an xã under the same Phòng / Công an huyện."""
    if b.code == a.parent or b.parent == a.code:
        return True
    return a.parent == b.parent and a.kind in (UnitKind.TEAM, UnitKind.COMMUNE)


def earlier_position(level: str, spec: UnitSpec, staff_position: str) -> str:
    """The post held in the stint before today's: one step below it."""
    if level in ("director", "vice_director"):
        return spec.deputy if spec.kind == UnitKind.PROVINCE else spec.head
    if level in ("head", "team_head"):
        return spec.deputy
    return staff_position


# How often a leader was promoted in their own unit rather than brought in from another.
_PROMOTED_IN_PLACE = {"director": 0.7, "vice_director": 0.0}
# Leaders' records show the way up: Cán bộ → (deputy →) today's post.
_MIN_MOVES = {
    "director": 2,
    "vice_director": 2,
    "head": 2,
    "team_head": 2,
    "deputy": 1,
    "team_deputy": 1,
    "staff": 0,
}


def plan_stints(
    rng: random.Random,
    cmap: CareerMap,
    *,
    unit: UnitSpec,
    service_start: dt.date,
    level: str,
    position: str,
    staff_position: str,
) -> list[Stint]:
    """Contiguous stints from service_start to today, the last one in `unit`.

    A leader's appointment is always a stint of its own (a new line in the career record),
    in the same unit or coming from another one.
    """
    one_day = dt.timedelta(days=1)
    # (first day of a stint, the unit before it), newest first: the reorganisations'.
    fixed = cmap.predecessors(rng, unit, service_start)
    earliest = cmap.specs[fixed[-1][1]] if fixed else unit
    if earliest.active_from and service_start < earliest.active_from:
        fixed.append((earliest.active_from, cmap.other_unit(rng, earliest.code)))
    leader = level != "staff"
    extra = rng.choices((0, 1, 2), (50, 35, 15))[0]
    extra = max(0, min(max(extra, _MIN_MOVES[level]), 2) - len(fixed))
    moves = _move_dates(rng, cmap, service_start, fixed[-1][0] if fixed else None, extra)
    moves += [day for day, _code in reversed(fixed)]
    # Units, newest first: today's unit, then the fixed predecessors, then the others.
    chain = [unit.code] + [code for _day, code in fixed]
    while len(chain) < len(moves) + 1:
        in_place = leader and len(chain) == 1 and rng.random() < _PROMOTED_IN_PLACE.get(level, 0.4)
        senior = len(chain) == 1 and level in ("director", "vice_director")
        chain.append(chain[-1] if in_place else cmap.other_unit(rng, chain[-1], senior=senior))
    chain.reverse()
    starts = [service_start] + moves
    last = len(chain) - 1
    stints: list[Stint] = []
    for i, code in enumerate(chain):
        end = starts[i + 1] - one_day if i < last else None
        if i == last:
            pos = position
        elif i == last - 1:
            pos = earlier_position(level, cmap.specs[code], staff_position)
        else:
            pos = staff_position
        stints.append((code, starts[i], end, pos))
    return stints


def _move_dates(
    rng: random.Random, cmap: CareerMap, service_start: dt.date, before: dt.date | None, count: int
) -> list[dt.date]:
    """Up to `count` transfer dates inside the window, at least half a year apart."""
    lo = max(cmap.window_start, service_start + dt.timedelta(days=365)).toordinal()
    hi = (before or cmap.reference_date).toordinal() - (180 if before else 30)
    if count <= 0 or hi <= lo:
        return []
    picked = sorted(rng.randint(lo, hi) for _ in range(count))
    kept: list[int] = []
    for day in picked:
        if not kept or day - kept[-1] >= 180:
            kept.append(day)
    return [dt.date.fromordinal(d) for d in kept]
