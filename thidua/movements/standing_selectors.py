"""Reading the cluster years' results: the ranking of one cluster year (the locked standings,
or the live ranking of its scores before the lock), the scoring table with every member's
points for the export and the print, a unit's place in its cluster year by year, the units
first in their cluster N years running, and the clusters' results of a period (the summary).

Each function reads with a fixed number of queries, whatever the number of units and years.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from thidua.awards.models import AwardType
from thidua.movements.choices import TieBreak
from thidua.movements.models import Criterion, Score, ScoringTable, Standing
from thidua.movements.scoring_selectors import as_lines, counting, table_results, tree_lines
from thidua.nominations.models import Dossier, DossierItem
from thidua.org.choices import ClusterRole
from thidua.org.models import Cluster, ClusterMembership, Unit, subtrees_q
from thidua.rules.cluster_scoring import unit_totals

FLAG_CODES = ("co_thi_dua_bca", "co_thi_dua_chinh_phu")
"""The flags a cluster acclaims its leading units for (suy tôn)."""
LEADERS_ONLY = frozenset({"co_thi_dua_chinh_phu"})
"""Flags chosen among the units leading their cluster (legal-rules §2.2, Law 2022 Art 25)."""
STREAK_YEARS = 2
"""The summary lists units first in their cluster at least this many years running."""


def points_text(value: Decimal) -> str:
    """Points the Vietnamese way, without trailing zeros: 52, 52,5."""
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}".rstrip("0")
    return text.replace(".", ",")


# ── One cluster year ──────────────────────────────────────────────────────────────────


@dataclass
class RankingRow:
    unit: Unit
    rank: int
    base: Decimal
    bonus: Decimal
    penalty: Decimal
    total: Decimal
    parted_by: str  # a TieBreak code, "" when the total alone placed it
    role: str = ""  # the unit's role in the cluster (leader, deputy, member)
    standing: Standing | None = None  # the locked row; None in a live ranking
    tied: bool = False  # shares its rank with another unit: equal after every tie-break

    @property
    def parted_by_label(self) -> str:
        return str(TieBreak(self.parted_by).label) if self.parted_by else ""

    @property
    def role_label(self) -> str:
        return str(ClusterRole(self.role).label) if self.role else ""


def table_of(cluster: Cluster) -> ScoringTable | None:
    return ScoringTable.objects.filter(cluster=cluster).first()


def ranking(cluster: Cluster, table: ScoringTable | None) -> list[RankingRow]:
    """The cluster year's ranking: its standings once the table is locked, else the live
    ranking of the scores entered so far (scoring_selectors.table_results)."""
    if table is None:
        return []
    roles = dict(ClusterMembership.objects.filter(cluster=cluster).values_list("unit_id", "role"))
    if table.locked_at is not None:
        standings = (
            Standing.objects.filter(cluster=cluster)
            .select_related("cluster", "unit", "proposed_award")
            .order_by("rank", "unit__sort_key")
        )
        rows = [
            RankingRow(
                s.unit,
                s.rank,
                s.base,
                s.bonus,
                s.penalty,
                s.total,
                s.parted_by,
                roles.get(s.unit_id, ""),
                s,
            )
            for s in standings
        ]
    else:
        ranked = table_results(table)
        units = Unit.objects.in_bulk([r.unit_id for r in ranked])
        rows = [
            RankingRow(
                units[r.unit_id],
                r.rank,
                r.totals.base,
                r.totals.bonus,
                r.totals.penalty,
                r.totals.total,
                r.parted_by or "",
                roles.get(r.unit_id, ""),
            )
            for r in ranked
        ]
    counts: dict[int, int] = {}
    for row in rows:
        counts[row.rank] = counts.get(row.rank, 0) + 1
    for row in rows:
        row.tied = counts[row.rank] > 1
    return rows


def flag_types() -> list[AwardType]:
    """The flags a cluster proposes, highest first (Chính phủ, then Bộ Công an)."""
    types = AwardType.objects.in_bulk(FLAG_CODES, field_name="code")
    return [types[c] for c in reversed(FLAG_CODES) if c in types]


def dossier_items_of(standings: list[Standing]) -> dict[int, DossierItem]:
    """For each proposed standing, the dossier item already proposing its unit for its
    flag in its year (one query): standing id → item."""
    proposed = [s for s in standings if s.proposed_award_id]
    if not proposed:
        return {}
    items = DossierItem.objects.filter(
        unit_id__in=[s.unit_id for s in proposed],
        award_type_id__in={s.proposed_award_id for s in proposed},
        dossier__year__in={s.cluster.year for s in proposed},
    ).select_related("dossier")
    found = {(i.unit_id, i.award_type_id, i.dossier.year): i for i in items}
    return {
        s.pk: found[key]
        for s in proposed
        if (key := (s.unit_id, s.proposed_award_id, s.cluster.year)) in found
    }


def dossiers_for(user_dossiers: QuerySet[Dossier], unit: Unit, year: int) -> list[Dossier]:
    """The dossiers (of those given: the user's editable ones) of `year` whose unit may
    propose `unit`: its own or one above it (nominations.services checks it again)."""
    ancestors = [p for p in unit.path.split("/") if p]
    return list(
        user_dossiers.filter(year=year, unit__code__in=ancestors)
        .select_related("unit")
        .order_by("unit__path", "pk")
    )


# ── The scoring table with every member's points (export, print) ──────────────────────


@dataclass
class SheetLine:
    criterion: Criterion
    depth: int
    points: list[Decimal | None]  # per unit, in the sheet's unit order: the points that count


@dataclass
class ScoreSheet:
    table: ScoringTable
    units: list[Unit]  # in ranking order
    lines: list[SheetLine]
    ranking: list[RankingRow]
    details: list[Score] = field(default_factory=list)  # every score row, for the detail sheet


def score_sheet(cluster: Cluster, table: ScoringTable) -> ScoreSheet:
    """The table's lines in tree order with each member's points (two queries and the
    ranking's): what the Excel export and the print page show."""
    rows = ranking(cluster, table)
    units = [r.unit for r in rows]
    column = {u.pk: i for i, u in enumerate(units)}
    tree = tree_lines(table)
    scores = list(
        Score.objects.filter(criterion__table=table)
        .select_related("unit", "criterion")
        .order_by("unit__sort_key", "criterion__position", "criterion_id")
    )
    points: dict[int, list[Decimal | None]] = {t.criterion.pk: [None] * len(units) for t in tree}
    counted: dict[int, dict[int, Decimal]] = {}  # unit → criterion → the points that count
    for score in scores:
        if score.unit_id in column:
            value = points[score.criterion_id][column[score.unit_id]] = counting(score)
            if value is not None:
                counted.setdefault(score.unit_id, {})[score.criterion_id] = value
    # Each top-level group's part of the total, as the scores page shows it (nested groups: blank).
    rules_lines = as_lines([t.criterion for t in tree])
    groups = [unit_totals(rules_lines, counted.get(u.pk, {})).by_group for u in units]
    lines = [
        SheetLine(
            t.criterion,
            t.depth,
            points[t.criterion.pk]
            if t.is_leaf
            else [g.get(t.criterion.pk) if t.depth == 0 else None for g in groups],
        )
        for t in tree
    ]
    return ScoreSheet(table, units, lines, rows, scores)


# ── Over the years ────────────────────────────────────────────────────────────────────


def unit_standings(unit: Unit) -> list[Standing]:
    """The unit's place in its cluster, year by year, latest first, each with the number of
    units ranked in that cluster year (`ranked`): one query."""
    ranked = (
        Standing.objects.filter(cluster=OuterRef("cluster"))
        .order_by()
        .values("cluster")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return list(
        Standing.objects.filter(unit=unit)
        .select_related("cluster", "proposed_award")
        .annotate(ranked=Subquery(ranked))
        .order_by("-cluster__year", "cluster__name")
    )


@dataclass(frozen=True)
class Streak:
    """A unit first in its cluster in every year from `first` to `last`."""

    unit_id: int
    unit_code: str
    unit_name: str
    first: int
    last: int
    clusters: tuple[str, ...]  # the cluster of each year, in order

    @property
    def length(self) -> int:
        return self.last - self.first + 1


def leading_streaks(units: QuerySet[Unit], years: range, n: int) -> list[Streak]:
    """The units (of `units`) first in their cluster at least `n` years running within
    `years`, one Streak per unbroken run, longest first: one query over Standing. A year
    the unit was not ranked first (another rank, no cluster, the year not locked) breaks the
    run; changing cluster does not."""
    rows = (
        Standing.objects.filter(
            rank=1,
            unit__in=units,
            cluster__year__gte=years.start,
            cluster__year__lte=years.stop - 1,
        )
        .values_list(
            "unit_id", "unit__code", "unit__name", "unit__path", "cluster__year", "cluster__name"
        )
        .order_by("unit__path", "cluster__year")
    )
    by_unit: dict[int, list[tuple]] = {}
    for unit_id, code, name, path, year, cluster in rows:
        by_unit.setdefault(unit_id, []).append((code, name, path, year, cluster))
    streaks: list[tuple[str, Streak]] = []
    for unit_id, held in by_unit.items():
        run: list[tuple] = []
        for one in held:
            if run and one[3] != run[-1][3] + 1:
                streaks += _streak(unit_id, run, n)
                run = []
            if not run or one[3] != run[-1][3]:  # ties share rank 1: one row per year
                run.append(one)
        streaks += _streak(unit_id, run, n)
    streaks.sort(key=lambda s: (-s[1].length, -s[1].last, s[0]))
    return [s for _, s in streaks]


def _streak(unit_id: int, run: list[tuple], n: int) -> list[tuple[str, Streak]]:
    if len(run) < n:
        return []
    code, name, path = run[0][:3]
    clusters = tuple(one[4] for one in run)
    return [(path, Streak(unit_id, code, name, run[0][3], run[-1][3], clusters))]


@dataclass
class YearResult:
    year: int
    clusters_ranked: int
    leaders: list[Standing]  # rank 1 of each cluster year, within the subtree
    proposed: list[Standing]  # proposed for a flag, within the subtree


@dataclass
class PeriodStandings:
    years: list[YearResult]
    streaks: list[Streak]


def period_standings(
    root: Unit | None, year_from: int, year_to: int, also: Iterable[Unit] = ()
) -> PeriodStandings:
    """The clusters' results of the years year_from..year_to for the subtree of `root`
    (None: every unit) and the subtrees of `also`, the predecessors it took over (reading
    through lineage, as the summary's awards: docs/lineage.md): per year the cluster years
    ranked that hold a unit of those subtrees, their units first in their cluster, those
    proposed for a flag; and the units first STREAK_YEARS or more years running. Three
    queries."""
    units = Unit.objects.filter(subtrees_q([root, *also])) if root else Unit.objects.all()
    inside = Standing.objects.filter(
        cluster__year__gte=year_from, cluster__year__lte=year_to, unit__in=units
    )
    counts = dict(
        inside.values_list("cluster__year")
        .annotate(n=Count("cluster", distinct=True))
        .order_by()
        .values_list("cluster__year", "n")
    )
    rows = (
        inside.filter(Q(rank=1) | Q(proposed_award__isnull=False))
        .select_related("unit", "cluster", "proposed_award")
        .order_by("cluster__year", "rank", "unit__path")
    )
    years = {y: YearResult(y, n, [], []) for y, n in sorted(counts.items())}
    for s in rows:
        year = years[s.cluster.year]
        if s.rank == 1:
            year.leaders.append(s)
        if s.proposed_award_id:
            year.proposed.append(s)
    streaks = leading_streaks(units, range(year_from, year_to + 1), STREAK_YEARS)
    return PeriodStandings(list(years.values()), streaks)


def ranked_clusters(clusters: QuerySet[Cluster], years: Iterable[int] | None = None):
    """The clusters (of those given) with their table's lock and their leader's name, for
    the list of cluster years: one query."""
    leader = ClusterMembership.objects.filter(
        cluster=OuterRef("pk"), role=ClusterRole.LEADER
    ).values("unit__name")[:1]
    tables = ScoringTable.objects.filter(cluster=OuterRef("pk"))
    chosen = clusters.annotate(
        leader_name=Subquery(leader),
        table_id=Subquery(tables.values("pk")[:1]),
        locked_at=Subquery(tables.values("locked_at")[:1]),
        members=Count("memberships"),
    )
    if years is not None:
        chosen = chosen.filter(year__in=list(years))
    return chosen.order_by("-year", "name")
