"""Reads of the clusters' scoring: a table's lines in tree order, its scores as a grid, and
the results (every member's totals and rank) in a fixed number of queries whatever the
number of units and lines. The arithmetic is rules.cluster_scoring's."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from thidua.movements.choices import CriterionKind, TieBreak
from thidua.movements.models import Criterion, Score, ScoringTable, Standing
from thidua.org.choices import ClusterRole
from thidua.org.models import ClusterMembership
from thidua.rules.cluster_scoring import Line, Ranked, RankRow, Totals, rank, unit_totals


@dataclass
class TreeLine:
    """A line of the table in tree order, with its depth and what the pages need."""

    criterion: Criterion
    depth: int
    is_leaf: bool
    first: bool = False  # first among its siblings (no "move up")
    last: bool = False  # last among its siblings (no "move down")
    children: list[TreeLine] = field(default_factory=list)


def tie_break_labels(table: ScoringTable) -> list[str]:
    """The table's tie-break rules in its order, as their Vietnamese labels."""
    return tie_break_names(table.tie_breaks)


def tie_break_names(codes: list[str] | None) -> list[str]:
    """Tie-break codes (`TieBreak`) as their labels, in the given order; unknown codes dropped."""
    valid = set(TieBreak.values)
    return [str(TieBreak(code).label) for code in codes or [] if code in valid]


def tie_break_text(codes: list[str] | None) -> str:
    """Tie-break codes as one line of labels, e.g. for a table's history."""
    return "; ".join(tie_break_names(codes))


def tree_lines(table: ScoringTable) -> list[TreeLine]:
    """The table's lines depth first, siblings by position (one query)."""
    criteria = list(table.criteria.order_by("position", "id"))
    return _tree(criteria)


def _tree(criteria: list[Criterion]) -> list[TreeLine]:
    by_parent: dict[int | None, list[Criterion]] = {}
    for c in criteria:
        by_parent.setdefault(c.parent_id, []).append(c)
    out: list[TreeLine] = []

    def walk(parent_id: int | None, depth: int) -> None:
        siblings = by_parent.get(parent_id, [])
        for i, c in enumerate(siblings):
            is_leaf = c.kind != CriterionKind.GROUP and c.pk not in by_parent
            out.append(TreeLine(c, depth, is_leaf, first=i == 0, last=i == len(siblings) - 1))
            walk(c.pk, depth + 1)

    walk(None, 0)
    return out


def as_lines(criteria: list[Criterion]) -> list[Line]:
    return [Line(c.pk, c.parent_id, c.kind, c.max_points) for c in criteria]


def counting(score: Score) -> Decimal | None:
    """The points that count: the final score, else the cross-score, else the self-score."""
    for value in (score.final_score, score.cross_score, score.self_score):
        if value is not None:
            return value
    return None


@dataclass
class Results:
    """A table's results: the lines, members, scores by (unit, line), totals and ranking."""

    lines: list[TreeLine]
    members: list[ClusterMembership]
    scores: dict[tuple[int, int], Score]
    totals: dict[int, Totals]
    ranking: list[Ranked]

    @cached_property
    def rank_of(self) -> dict[int, Ranked]:
        return {r.unit_id: r for r in self.ranking}


def previous_ranks(table: ScoringTable) -> dict[int, int]:
    """unit id → its rank in the cluster of the same name the year before (its standings)."""
    cluster = table.cluster
    return dict(
        Standing.objects.filter(
            cluster__name=cluster.name, cluster__year=cluster.year - 1
        ).values_list("unit_id", "rank")
    )


def results(table: ScoringTable) -> Results:
    """Every member's scores, totals and rank: four queries (lines, members, scores, and
    last year's standings when the table breaks ties by them)."""
    criteria = list(table.criteria.order_by("position", "id"))
    lines = as_lines(criteria)
    members = list(
        ClusterMembership.objects.filter(cluster_id=table.cluster_id)
        .select_related("unit")
        .order_by("unit__path")
    )
    scores = {
        (s.unit_id, s.criterion_id): s
        for s in Score.objects.filter(criterion__table=table, unit__in=[m.unit_id for m in members])
    }
    previous = previous_ranks(table) if TieBreak.PREVIOUS_RANK in table.tie_breaks else {}
    by_unit: dict[int, list[Score]] = {}
    for s in scores.values():
        by_unit.setdefault(s.unit_id, []).append(s)
    totals: dict[int, Totals] = {}
    rows: list[RankRow] = []
    for m in members:
        mine = by_unit.get(m.unit_id, [])
        points = {s.criterion_id: v for s in mine if (v := counting(s)) is not None}
        cross = {s.criterion_id: s.cross_score for s in mine if s.cross_score is not None}
        totals[m.unit_id] = unit_totals(lines, points)
        cross_total = unit_totals(lines, cross).total if cross else None
        rows.append(RankRow(m.unit_id, totals[m.unit_id], cross_total, previous.get(m.unit_id)))
    return Results(_tree(criteria), members, scores, totals, rank(rows, table.tie_breaks))


def table_results(table: ScoringTable) -> list[Ranked]:
    """The members ranked (rules.cluster_scoring.rank over unit_totals): what the standings
    are locked from."""
    return results(table).ranking


def leader_of(members: list[ClusterMembership]):
    """The leader unit among the memberships (already read), or None."""
    return next((m.unit for m in members if m.role == ClusterRole.LEADER), None)
