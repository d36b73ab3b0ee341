"""The arithmetic of a cluster's scoring table (bảng điểm chấm thi đua của cụm, khối): one
unit's totals over the criteria tree, and the ranking of the members with ties parted by the
table's documented rules. Plain Python: the Django side (movements.scoring_selectors) turns
rows into `Line`s and points, and these functions into pages and standings.

The tree:
- a leaf (a line without children: a criterion, a bonus or a penalty item) counts the points
  given, at least 0 and at most its `max_points` when it has one; a missing leaf counts 0;
- a group adds up its children, kind by kind (criteria, bonus, penalty), and caps each of
  those sums at its own `max_points` when it has one (a group of criteria caps the criteria
  points under it, a bonus group caps the bonus, a penalty group caps the penalty);
- a group without children counts 0; points given to a group are ignored.

The total is base + bonus − penalty, never below 0. `by_group` is what each top-level group
adds to it (its base + bonus − penalty after its caps; a penalty group is negative).

The ranking: highest total first; equal totals are parted by the table's tie-break rules, in
the table's order (movements.choices.TieBreak values):
- cross_total: the total over the cross-scores, higher first (no cross-score: last);
- bonus_total: more bonus first; penalty_total: less penalty first;
- base_total: more criteria points first;
- previous_rank: the better rank in the same cluster last year first (none: last).
Rows still equal after every rule share a rank, and the next rank skips (1, 1, 3); among
them the order is the unit id's, so that a page and an export list them alike.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal(0)

GROUP = "group"
CRITERION = "criterion"
BONUS = "bonus"
PENALTY = "penalty"
KINDS = (GROUP, CRITERION, BONUS, PENALTY)

CROSS_TOTAL = "cross_total"
BONUS_TOTAL = "bonus_total"
PENALTY_TOTAL = "penalty_total"
BASE_TOTAL = "base_total"
PREVIOUS_RANK = "previous_rank"
TIE_BREAKS = (CROSS_TOTAL, BONUS_TOTAL, PENALTY_TOTAL, BASE_TOTAL, PREVIOUS_RANK)


@dataclass(frozen=True)
class Line:
    """One line (Criterion row) of a scoring table."""

    id: int
    parent_id: int | None
    kind: str  # "group" | "criterion" | "bonus" | "penalty" (movements.choices.CriterionKind)
    max_points: Decimal | None  # cap; None = no cap


@dataclass(frozen=True)
class Totals:
    """One unit's result over a table."""

    base: Decimal  # criteria points after caps (each leaf ≤ its max, each group ≤ its max)
    bonus: Decimal  # bonus points after caps (a bonus group's cap applies)
    penalty: Decimal  # penalty points after caps (positive number, subtracted)
    total: Decimal  # base + bonus - penalty (never below 0)
    by_group: dict[int, Decimal]  # top-level group id -> its points after caps


@dataclass(frozen=True)
class RankRow:
    unit_id: int
    totals: Totals
    cross_total: Decimal | None  # the total over cross-scores only (None if no cross-score)
    previous_rank: int | None  # rank in the same cluster last year


@dataclass(frozen=True)
class Ranked:
    unit_id: int
    rank: int  # 1-based; rows still equal after every tie-break share a rank (1, 1, 3)
    totals: Totals
    parted_by: str | None  # the TieBreak code that parted it from the row above, if any


# A node's sums by kind: (base, bonus, penalty).
_Sums = tuple[Decimal, Decimal, Decimal]
_SLOT = {CRITERION: 0, BONUS: 1, PENALTY: 2}


def _cap(value: Decimal, limit: Decimal | None) -> Decimal:
    value = max(value, ZERO)
    return value if limit is None else min(value, limit)


def unit_totals(lines: list[Line], points: dict[int, Decimal]) -> Totals:
    """One unit's totals: `points` maps a leaf line's id to the points that count for the
    unit (its final score, else the cross-score, else its self-score); a missing leaf counts
    0. Raises ValueError on a line of an unknown kind or a parent outside the table."""
    by_id = {line.id: line for line in lines}
    children: dict[int | None, list[Line]] = defaultdict(list)
    for line in lines:
        if line.kind not in KINDS:
            raise ValueError(f"unknown line kind {line.kind!r} (line {line.id})")
        if line.parent_id is not None and line.parent_id not in by_id:
            raise ValueError(f"line {line.id}: parent {line.parent_id} is not in the table")
        children[line.parent_id].append(line)

    def sums(line: Line, seen: frozenset[int]) -> _Sums:
        if line.id in seen:
            raise ValueError(f"line {line.id} is its own ancestor")
        below = children.get(line.id, [])
        if line.kind != GROUP and not below:
            value = _cap(points.get(line.id, ZERO), line.max_points)
            out = [ZERO, ZERO, ZERO]
            out[_SLOT[line.kind]] = value
            return (out[0], out[1], out[2])
        added = [ZERO, ZERO, ZERO]
        for child in below:
            for i, part in enumerate(sums(child, seen | {line.id})):
                added[i] += part
        return (
            _cap(added[0], line.max_points),
            _cap(added[1], line.max_points),
            _cap(added[2], line.max_points),
        )

    base = bonus = penalty = ZERO
    by_group: dict[int, Decimal] = {}
    for top in children.get(None, []):
        b, plus, minus = sums(top, frozenset())
        base += b
        bonus += plus
        penalty += minus
        if top.kind == GROUP:
            by_group[top.id] = b + plus - minus
    if lines and not children.get(None):
        raise ValueError("the table has no top-level line")
    return Totals(
        base=base,
        bonus=bonus,
        penalty=penalty,
        total=max(base + bonus - penalty, ZERO),
        by_group=by_group,
    )


def _tie_key(row: RankRow, code: str) -> tuple:
    """A key that sorts ascending in the rule's order (better first)."""
    if code == CROSS_TOTAL:
        return (row.cross_total is None, -(row.cross_total or ZERO))
    if code == BONUS_TOTAL:
        return (-row.totals.bonus,)
    if code == PENALTY_TOTAL:
        return (row.totals.penalty,)
    if code == BASE_TOTAL:
        return (-row.totals.base,)
    if code == PREVIOUS_RANK:
        return (row.previous_rank is None, row.previous_rank or 0)
    raise ValueError(f"unknown tie-break {code!r}")


def rank(rows: list[RankRow], tie_breaks: list[str]) -> list[Ranked]:
    """The rows ranked: highest total first, equal totals parted by `tie_breaks` in order,
    rows still equal sharing a rank (1, 1, 3). Raises ValueError on an unknown tie-break."""
    for code in tie_breaks:
        _tie_key(RankRow(0, Totals(ZERO, ZERO, ZERO, ZERO, {}), None, None), code)

    def keys(row: RankRow) -> tuple:
        return tuple(_tie_key(row, code) for code in tie_breaks)

    ordered = sorted(rows, key=lambda r: (-r.totals.total, keys(r), r.unit_id))
    result: list[Ranked] = []
    previous: RankRow | None = None
    for position, row in enumerate(ordered, start=1):
        parted_by: str | None = None
        place = position
        if previous is not None and previous.totals.total == row.totals.total:
            parted_by = next(
                (code for code in tie_breaks if _tie_key(previous, code) != _tie_key(row, code)),
                None,
            )
            if parted_by is None:
                place = result[-1].rank
        result.append(Ranked(row.unit_id, place, row.totals, parted_by))
        previous = row
    return result
