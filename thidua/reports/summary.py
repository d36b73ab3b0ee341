"""The period summary (báo cáo tổng kết): for a subtree and a span of years, how many
collectives and individuals received each award type (distinct recipients) and how many
times (lượt), the totals, the same per year, the collective titles held year after year,
and the sentences of a conference speech.

The counts come from one GROUP BY (award type, year) per part of selectors.awards_in_span,
each group carrying the ids of its recipients packed as text (lib.aggregates.IdList): the
distinct counts per type, per year and overall are unions of those ids in Python. One pass
over the awards instead of three COUNT(DISTINCT) scans (by type, by year, in all). The JSON of `thidua report summary` is Summary.as_json():
its keys are a contract (docs/reports.md), later reports extend it and never rename.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from thidua.awards.choices import AwardKind, Chain, RecipientKind
from thidua.awards.models import Award, AwardType, Decision
from thidua.lib import stamped
from thidua.lib.aggregates import IdList, ids_of
from thidua.movements.models import Criterion, Score, ScoringTable, Standing
from thidua.movements.standing_selectors import PeriodStandings, Streak, period_standings
from thidua.nominations.models import Dossier, DossierItem
from thidua.org.models import (
    Assignment,
    Cluster,
    ClusterMembership,
    Inheritance,
    LineageEdge,
    Person,
    Reorganisation,
    Unit,
    UnitName,
    subtrees_q,
)
from thidua.reports import selectors, wording
from thidua.reports.models import Conference, Exemplar

# Every table a summary reads (awards, the people and units they count under, the lineage of
# the units, the clusters' standings, the conferences' exemplars): a change to any of them adds
# a history row and moves the stamp of cached_period_summary.
SUMMARY_RECORD = (
    Award,
    Decision,
    AwardType,
    Assignment,
    Person,
    Unit,
    UnitName,
    Reorganisation,
    LineageEdge,
    Cluster,
    ClusterMembership,
    ScoringTable,
    Criterion,
    Score,
    Standing,
    Dossier,
    DossierItem,
    Conference,
    Exemplar,
)

_CHAIN_ORDER = {Chain.MERIT: 0, Chain.SENIORITY: 1, Chain.COMMEMORATIVE: 2}
COUNTS = ("collectives", "individuals", "collective_times", "individual_times")


@dataclass(frozen=True)
class Counts:
    collectives: int = 0
    individuals: int = 0
    collective_times: int = 0
    individual_times: int = 0

    def __add__(self, other: Counts) -> Counts:
        # Parts of a report are disjoint and count different recipients (collectives in
        # one, people in the other), so even the distinct counts add up.
        return Counts(*(getattr(self, n) + getattr(other, n) for n in COUNTS))

    def as_json(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in COUNTS}


@dataclass(frozen=True)
class AwardLine:
    award: AwardType
    counts: Counts

    def as_json(self) -> dict[str, Any]:
        return {
            "award": {"code": self.award.code, "name": self.award.name},
            **self.counts.as_json(),
        }


@dataclass(frozen=True)
class TitleRun:
    """A collective title held in consecutive years: "5 năm liền (2016–2020)"."""

    unit: Unit
    award: AwardType
    years: tuple[int, ...]  # every year the unit held the title in the span

    @property
    def longest(self) -> tuple[int, int]:
        """(first year, last year) of the longest unbroken run, the latest when two tie."""
        best = run = (self.years[0], self.years[0])
        for year in self.years[1:]:
            run = (run[0], year) if year == run[1] + 1 else (year, year)
            if run[1] - run[0] >= best[1] - best[0]:
                best = run
        return best

    def as_json(self) -> dict[str, Any]:
        first, last = self.longest
        return {
            "unit": {"code": self.unit.code, "name": self.unit.name},
            "award": {"code": self.award.code, "name": self.award.name},
            "years": list(self.years),
            "longest_run": last - first + 1,
            "longest_from": first,
            "longest_to": last,
            "text": wording.title_run(self.unit.name, self.award.name, first, last),
        }


@dataclass
class Summary:
    year_from: int
    year_to: int
    unit: Unit | None
    by_award: list[AwardLine] = field(default_factory=list)
    totals: Counts = field(default_factory=Counts)
    by_year: dict[int, Counts] = field(default_factory=dict)
    title_runs: list[TitleRun] = field(default_factory=list)
    exemplars: list[Exemplar] = field(default_factory=list)
    cluster_standings: PeriodStandings | None = None
    # Reading through lineage (docs/lineage.md): the predecessors the report covers, and
    # whether it was asked for the unit's own subtree only (--own-only).
    inherited: list[Inheritance] = field(default_factory=list)
    own_only: bool = False

    @property
    def subject(self) -> Unit | None:
        """The unit the speech names: the report's unit, else the top of the tree when
        there is one (a province's whole record)."""
        if self.unit is not None:
            return self.unit
        return selectors.single_top()

    @property
    def text(self) -> list[str]:
        return wording.sentences(self)

    def as_json(self) -> dict[str, Any]:
        return {
            "from": self.year_from,
            "to": self.year_to,
            "unit": {"code": self.unit.code, "name": self.unit.name} if self.unit else None,
            "by_award": [line.as_json() for line in self.by_award],
            "totals": self.totals.as_json(),
            "by_year": [
                {"year": year, **counts.as_json()} for year, counts in sorted(self.by_year.items())
            ],
            "collective_titles": [run.as_json() for run in self.title_runs],
            "exemplars": [_exemplar_json(e) for e in self.exemplars],
            "text": self.text,
            "cluster_standings": _standings_json(self.cluster_standings),
            "own_only": self.own_only,
            "units_included": self.units_included(),
        }

    def units_included(self) -> list[dict[str, Any]]:
        """The units whose subtrees the report covers: its unit (the tops of the tree for the
        whole record), edge None, then each predecessor with the edge that brought it in."""
        tops = [self.unit] if self.unit else list(Unit.objects.filter(parent__isnull=True))
        own = [{"code": u.code, "name": u.name, "edge": None} for u in tops]
        return own + [_inheritance_json(i) for i in self.inherited]


def period_summary(
    *,
    user: Any,
    year_from: int,
    year_to: int,
    unit_code: str | None = None,
    own_only: bool = False,
) -> Summary:
    """The summary of the years year_from..year_to for the unit's subtree (the user's scope
    by default) and, unless `own_only`, the subtrees of the units it took over (Sáp nhập,
    Hợp nhất, Chia tách; docs/lineage.md). LookupError for a unit outside the scope,
    scope.NoUnitAssigned for a scoped account without a unit."""
    if year_from > year_to:
        raise ValueError("year_from after year_to")
    root = selectors.report_root(user, unit_code)
    inherited = [] if own_only else selectors.inherited(root)
    also = [i.unit for i in inherited]
    parts = selectors.awards_in_span(year_from, year_to, root, also)
    summary = Summary(year_from, year_to, root, inherited=inherited, own_only=own_only)
    by_type, by_year, overall = tally(parts)
    types = AwardType.objects.in_bulk(list(by_type))
    summary.by_award = sorted(
        (AwardLine(types[pk], tally.counts()) for pk, tally in by_type.items()),
        key=lambda line: precedence(line.award),
    )
    summary.totals = overall.counts()
    summary.by_year = {year: by_year[year].counts() for year in sorted(by_year)}
    summary.title_runs = _title_runs(parts)
    summary.exemplars = _exemplars(year_from, year_to, root, also)
    summary.cluster_standings = period_standings(root, year_from, year_to, also)
    return summary


def cached_period_summary(
    *,
    user: Any,
    year_from: int,
    year_to: int,
    unit_code: str | None = None,
    own_only: bool = False,
) -> Summary:
    """period_summary(), or the same summary computed earlier for the same subtree, years and
    lineage choice while nothing it reads has changed (thidua.lib.stamped, as the home page's
    dashboard): the summary page. The whole record over five years is one aggregate of about a
    million award rows (0.5–4.5 s on PostgreSQL, docs/benchmarks.md "make load"); a repeat view
    reads the cache."""
    if year_from > year_to:
        raise ValueError("year_from after year_to")
    root = selectors.report_root(user, unit_code)
    key = (root.pk if root else None, year_from, year_to, own_only)
    return stamped.cached(
        "summary",
        key,
        SUMMARY_RECORD,
        lambda: period_summary(
            user=user,
            year_from=year_from,
            year_to=year_to,
            unit_code=unit_code,
            own_only=own_only,
        ),
    )


def _standings_json(standings: PeriodStandings | None) -> dict[str, Any]:
    """The clusters' results of the period (docs/reports.md, `cluster_standings`)."""
    if standings is None:
        return {"years": [], "streaks": []}

    def unit(s) -> dict[str, Any]:
        return {
            "code": s.unit.code,
            "name": s.unit.name,
            "cluster": s.cluster.name,
            "rank": s.rank,
            "total": str(s.total),
            "proposed_award": (
                {"code": s.proposed_award.code, "name": s.proposed_award.name}
                if s.proposed_award_id
                else None
            ),
        }

    def streak(run: Streak) -> dict[str, Any]:
        return {
            "unit": {"code": run.unit_code, "name": run.unit_name},
            "years": run.length,
            "from": run.first,
            "to": run.last,
            "clusters": list(run.clusters),
            "text": wording.leading_run(run.unit_name, run.first, run.last),
        }

    return {
        "years": [
            {
                "year": y.year,
                "clusters_ranked": y.clusters_ranked,
                "leaders": [unit(s) for s in y.leaders],
                "proposed": [unit(s) for s in y.proposed],
            }
            for y in standings.years
        ],
        "streaks": [streak(run) for run in standings.streaks],
    }


def _inheritance_json(inheritance: Inheritance) -> dict[str, Any]:
    unit, edge = inheritance.unit, inheritance.edge
    return {
        "code": unit.code,
        "name": unit.name,
        "edge": {
            "kind": edge.kind,
            "kind_name": str(edge.get_kind_display()),
            "date": edge.reorganisation.effective_date.isoformat(),
            "basis": edge.reorganisation.basis,
            "successor": {"code": edge.new_unit.code, "name": edge.new_unit.name},
        },
    }


def _exemplars(
    year_from: int, year_to: int, root: Unit | None, also: list[Unit] = ()
) -> list[Exemplar]:
    """The exemplars honoured at conferences of the subtree (and of the predecessors' subtrees
    it covers) whose period lies in the span."""
    chosen = Exemplar.objects.filter(
        conference__year_from__gte=year_from, conference__year_to__lte=year_to
    ).select_related("conference", "person", "unit")
    if root is not None:
        chosen = chosen.filter(subtrees_q([root, *also], "conference__unit__path"))
    return list(chosen.order_by("conference__year_to", "conference_id", "position", "id"))


def _exemplar_json(exemplar: Exemplar) -> dict[str, Any]:
    who = exemplar.person or exemplar.unit
    return {
        "conference": {"id": exemplar.conference_id, "title": exemplar.conference.title},
        "kind": "individual" if exemplar.person_id else "collective",
        "code": who.code,
        "name": exemplar.person.full_name if exemplar.person_id else exemplar.unit.name,
    }


class Tally:
    """The recipients of some groups of awards: distinct by id, times by count."""

    __slots__ = ("collective_times", "individual_times", "people", "units")

    def __init__(self):
        self.people: set[int] = set()
        self.units: set[int] = set()
        self.individual_times = self.collective_times = 0

    def add(self, people: list[int], units: list[int]) -> None:
        self.people.update(people)
        self.units.update(units)
        self.individual_times += len(people)
        self.collective_times += len(units)

    def absorb(self, other: Tally) -> None:
        """Add another group's recipients (a person in both counts once, times add up)."""
        self.people |= other.people
        self.units |= other.units
        self.individual_times += other.individual_times
        self.collective_times += other.collective_times

    def counts(self) -> Counts:
        return Counts(
            len(self.units), len(self.people), self.collective_times, self.individual_times
        )


def tally(parts: list[QuerySet[Award]]) -> tuple[dict[int, Tally], dict[int, Tally], Tally]:
    """(by award type id, by year, overall) over the parts, one query per part."""
    by_type: dict[int, Tally] = {}
    by_year: dict[int, Tally] = {}
    for part in parts:
        rows = (
            part.values_list("award_type_id", "year_to")
            .annotate(people=IdList("person_id"), units=IdList("unit_id"))
            .order_by()
        )
        for type_id, year, people, units in rows:
            people, units = ids_of(people), ids_of(units)
            by_type.setdefault(type_id, Tally()).add(people, units)
            by_year.setdefault(year, Tally()).add(people, units)
    overall = Tally()
    for one_year in by_year.values():
        overall.absorb(one_year)
    return by_type, by_year, overall


def tally_by(by_type: dict[int, Tally], attribute: str) -> dict[Any, Counts]:
    """A tally by award type regrouped by an attribute of the type ("level", "kind")."""
    types = AwardType.objects.in_bulk(list(by_type))
    out: dict[Any, Tally] = {}
    for pk, one_type in by_type.items():
        out.setdefault(getattr(types[pk], attribute), Tally()).absorb(one_type)
    return {value: t.counts() for value, t in out.items()}


def precedence(award: AwardType) -> tuple:
    """The catalogue's precedence, highest first: merit before seniority and commemorative
    medals, higher rank first, then the catalogue's own order."""
    return (_CHAIN_ORDER.get(award.chain, 9), -award.rank, award.position, award.code)


def _title_runs(parts: list[QuerySet[Award]]) -> list[TitleRun]:
    """Collective titles (Đơn vị quyết thắng, Cờ thi đua…) held in two or more years."""
    titles = AwardType.objects.filter(kind=AwardKind.TITLE).exclude(
        recipient=RecipientKind.INDIVIDUAL
    )
    title_ids = list(titles.values_list("pk", flat=True))
    held: dict[tuple[int, int], set[int]] = {}
    for part in parts:
        rows = (
            part.filter(unit__isnull=False, award_type_id__in=title_ids)
            .values_list("unit_id", "award_type_id", "year_to")
            .distinct()
            .order_by()
        )
        for unit_id, type_id, year in rows:
            held.setdefault((unit_id, type_id), set()).add(year)
    held = {key: years for key, years in held.items() if len(years) > 1}
    units = Unit.objects.in_bulk({unit for unit, _ in held})
    types = AwardType.objects.in_bulk({kind for _, kind in held})
    runs = [TitleRun(units[u], types[t], tuple(sorted(years))) for (u, t), years in held.items()]

    def order(run: TitleRun) -> tuple:
        first, last = run.longest
        return (-(last - first), precedence(run.award), run.unit.path)

    return sorted(runs, key=order)
