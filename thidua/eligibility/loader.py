"""Build the engine's History (thidua.rules.facts) from the database.

A fixed handful of set-based queries whatever the number of people — award types, units,
people, assignments, awards, yearly results, initiative authorships, disciplines, service
interruptions — read as plain tuples (values_list + iterator); no model instance is built and
nothing is asked per person. The two big tables come grouped by the database (IdList):
persons' yearly results as one row per (year, appraisal, title) with its people, persons'
awards as one row per decision line with its recipients. Turning a database row into a
Python tuple is what a load of 100,000 people costs most; a grouped row becomes the engine's
YearSets directly. Assignments are read only for people who held another unit than their
current one.

What is loaded for year Y (docs/rule-packs.md, "Xét khen thưởng trên giao diện và dòng lệnh"):
- yearly results, initiatives, emulation *titles*, disciplines and assignments of the years
  the pack's conditions read (lookback: each condition kind declares its years from its
  parameters, Condition.years_read; cand_2024 reads 6 years up to Y), or of the whole record
  when a condition with no time limit looks at titles; commendation *forms* (Bằng khen,
  Huân chương, Huy chương…) of the whole career, so "already holds" and "has ever received"
  over forms never widen the window; nothing after Y;
- awards that are not revoked (nor part of a revoked decision);
- every unit (their paths place people in collectives), but awards and results only for the
  units that may be judged;
- unit_by_year from assignments: the unit held on 31/12 of the year, else the one held for
  most days of that year; only years that differ from the current unit are stored.
- service interruptions (org.ServiceInterruption) that began by 31/12 of Y, as sorted
  (first day, last day) pairs: the service conditions take them out of the months served.
- registrations (movements.Registration, đăng ký thi đua) of the window: each person's
  registered titles by year (one grouped read of the entries), each judged unit's collective
  title by year, and the years that have any registration at all, force-wide (the pack of
  Law 2003 requires a registration only for years whose registrations are recorded).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Literal

from django.db import transaction
from django.db.models import F, Q, QuerySet

from thidua.awards.choices import AwardKind, AwardStatus, DecisionStatus
from thidua.awards.models import Award, AwardType, Discipline, InitiativeAuthor, YearlyResult
from thidua.lib.aggregates import IdList, ids_of
from thidua.lib.dates import format_date
from thidua.movements.models import Registration, RegistrationEntry
from thidua.org.choices import CLOSING_KINDS, EdgeKind
from thidua.org.models import Assignment, LineageEdge, Person, ServiceInterruption, Unit
from thidua.rules.conditions import PackError
from thidua.rules.engine import DEFAULT_FAMILY, Rulebook, default_rulebook, gc_paused
from thidua.rules.facts import (
    LINEAGE_KINDS,
    AwardFact,
    DisciplineFact,
    History,
    InitiativeFact,
    PersonFacts,
    PredecessorFact,
    UnitFacts,
    YearSets,
    YearView,
)

CHUNK = 10_000
# load_history(years_back=FROM_PACK): read the years the pack's conditions declare.
FROM_PACK = "pack"


@dataclass
class LoadedHistory:
    """The History plus what the pages and the CLI need around it."""

    history: History
    year: int
    first_year: int | None = None  # the first year of results, titles… read; None: all
    person_pk: dict[str, int] = field(default_factory=dict)  # code -> Person.pk
    unit_pk: dict[str, int] = field(default_factory=dict)
    # Who may appear as a recipient (the rest is loaded only for collectives' statistics).
    shown_persons: set[str] = field(default_factory=set)
    shown_units: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class _Window:
    """The years read: `first` to `year`; first None: the whole record up to `year`."""

    year: int
    first: int | None

    @classmethod
    def back(cls, year: int, years: int | None) -> _Window:
        if years is not None and (isinstance(years, bool) or not isinstance(years, int)):
            raise TypeError(f"years_back: a number of years or None, not {years!r}")
        if years is not None and years < 1:
            raise ValueError(f"years_back: at least the year judged (1), not {years}")
        return cls(year, None if years is None else year - years + 1)

    @property
    def start(self) -> dt.date | None:
        return None if self.first is None else dt.date(self.first, 1, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, 12, 31)


def _rows(queryset: QuerySet):
    return queryset.iterator(chunk_size=CHUNK)


def in_service(year: int) -> Q:
    """People serving at some time in the year."""
    return (Q(service_start__isnull=True) | Q(service_start__lte=dt.date(year, 12, 31))) & (
        Q(service_end__isnull=True) | Q(service_end__gte=dt.date(year, 1, 1))
    )


def lookback(
    year: int,
    award_codes: Iterable[str] | None = None,
    *,
    family: str = DEFAULT_FAMILY,
    rulebook: Rulebook | None = None,
) -> int | None:
    """How many years, `year` included, of results, titles, initiatives, disciplines and
    assignments judging `award_codes` (default: every award type of the pack) in `year`
    reads; None: the whole record. The pack answers (Pack.years_read: the most its
    conditions declare, following `meets` and `include_current`); award forms are read for
    the whole career anyway, so a condition that reads forms only does not widen it."""
    book = rulebook or default_rulebook()
    forms = {c for c, info in book.catalogue.awards.items() if info.kind == AwardKind.AWARD_FORM}
    return book.years_read(year, award_codes, family=family, read_whole=forms)


def load_history(
    year: int,
    *,
    within: str | None = None,
    person: Person | None = None,
    unit: Unit | None = None,
    award_codes: Iterable[str] | None = None,
    years_back: int | Literal["pack"] | None = FROM_PACK,
    family: str = DEFAULT_FAMILY,
    rulebook: Rulebook | None = None,
) -> LoadedHistory:
    """The History for judging `year`.

    within: a unit path ("/CAT/CAH-A/"): people and units of that subtree (people who served
        there in the year are loaded too, for the statistics of its collectives, but are not
        shown as recipients); None: the whole force.
    person: only this person. unit: this unit as a collective, with its subtree's people.
    award_codes: the award types that will be judged (default: all of the pack); the
        window is what their conditions read (lookback, under `family` and `rulebook`).
    years_back: the window of results, titles, initiatives… as a number of years up to
        `year`, or None for the whole record, instead of what the pack reads.
    """
    back = (
        lookback(year, award_codes, family=family, rulebook=rulebook)
        if years_back == FROM_PACK
        else years_back
    )
    with _reading():
        return _load(
            _Window.back(year, back), within, person, unit, _streaks_across(year, family, rulebook)
        )


def _streaks_across(year: int, family: str, rulebook: Rulebook | None) -> frozenset[str]:
    """The kinds of edge across which the pack of `year` carries a collective's years
    (Pack.reorganisation); only Đổi tên when no pack covers the year."""
    try:
        pack = (rulebook or default_rulebook()).pack_for(year, family)
    except PackError:
        return frozenset({"rename"})
    return pack.reorganisation.streaks_across


@contextmanager
def _reading() -> Iterator[None]:
    """The conditions of a load (and of the benchmark's floor): the collector paused, and one
    transaction, so PostgreSQL streams each query's rows while Python reads them (outside a
    transaction Django's server-side cursors are WITH HOLD: the server first copies every
    row), and the queries read one consistent state of the record."""
    with gc_paused(), transaction.atomic():
        yield


def _load(
    window: _Window,
    within: str | None,
    person: Person | None,
    unit: Unit | None,
    across: frozenset[str] = frozenset({"rename"}),
) -> LoadedHistory:
    type_code, form_ids = _award_types()
    units = _units()
    if person is not None:
        facts_units: set[int] = set()
    elif unit is not None:
        facts_units = {unit.pk}
    elif within:
        facts_units = {pk for pk, row in units.items() if row[3].startswith(within)}
    else:
        facts_units = set(units)
    # Collectives are judged: their lineage (one query), and the records of the units they
    # took over where the pack carries them (Pack.reorganisation.streaks_across).
    lineage = _read_lineage(units, facts_units, across) if facts_units else _Lineage()
    sources = _sources(
        window, form_ids, within=within, person=person, unit=unit, also_units=lineage.carried
    )
    records = _Records()
    people_rows = list(_rows(_people_rows(sources["people"])))
    records.code_of = {row[0]: row[1] for row in people_rows}
    _read_awards(records, sources["awards"], type_code)
    _read_results(records, sources["results"], type_code)
    _read_initiatives(records, _initiative_rows(sources["initiatives"]))
    _read_disciplines(records, _discipline_rows(sources["disciplines"]))
    _read_interruptions(records, _interruption_rows(sources["interruptions"]))
    stints = _read_assignments(_movers_stints(sources["assignments"]))
    _read_registrations(records, window, sources, type_code)
    whole = person is None and unit is None and not within
    return _assemble(
        window,
        units,
        facts_units,
        people_rows,
        records,
        stints,
        shown_path=None if whole else (unit.path if unit else within),
        single=person,
        lineage=lineage,
    )


def read_only(year: int, *, years_back: int | Literal["pack"] | None = FROM_PACK) -> int:
    """The floor of a whole-force load (benchmark): read every history row a load is made
    from, one plain row query per table (history_queries: the same filters, the rows not
    grouped), consuming the rows without building anything. Returns the number of rows.
    years_back as for load_history."""
    window = _Window.back(year, lookback(year) if years_back == FROM_PACK else years_back)
    with _reading():  # the same conditions as load_history
        type_code, form_ids = _award_types()
        count = len(type_code) + len(_units())
        for queryset in history_queries(window, form_ids).values():
            for _ in _rows(queryset):
                count += 1
    return count


def history_queries(
    window: _Window,
    form_ids: list[int],
    *,
    within: str | None = None,
    person: Person | None = None,
    unit: Unit | None = None,
) -> dict[str, QuerySet]:
    """The history rows a load is made from, one values_list queryset per table (not yet
    run): what the benchmark's floor reads. The loader itself reads the same rows, but lets
    the database pack the two big tables into groups (see _read_awards, _read_results)."""
    sources = _sources(window, form_ids, within=within, person=person, unit=unit)
    return {
        "people": _people_rows(sources["people"]),
        "awards": sources["awards"].values_list(*_AWARD_COLUMNS),
        "results": sources["results"].values_list(*_RESULT_COLUMNS),
        "initiatives": _initiative_rows(sources["initiatives"]),
        "disciplines": _discipline_rows(sources["disciplines"]),
        "assignments": _stint_rows(sources["assignments"]),
        "interruptions": _interruption_rows(sources["interruptions"]),
    }


_AWARD_COLUMNS = (
    "person_id",
    "unit_id",
    "award_type_id",
    "year_from",
    "year_to",
    "decision__number",
    "decision__date",
    "decision__movement__kind",  # the movement the decision rewards (Pack.movement_grounds)
    "decision__movement__name",
)
_RESULT_COLUMNS = ("person_id", "unit_id", "year", "appraisal", "title_id")


def _sources(
    window: _Window,
    form_ids: list[int],
    *,
    within: str | None = None,
    person: Person | None = None,
    unit: Unit | None = None,
    also_units: set[int] = frozenset(),
) -> dict[str, QuerySet]:
    """The filtered querysets of each table, before choosing columns; `also_units`: units
    whose collective records are read besides (those a judged unit took over)."""
    wanted_units: QuerySet | list[int] | None
    if person is not None:
        people: QuerySet[Person] | None = Person.objects.filter(pk=person.pk)
        wanted_units = []
    elif unit is not None:
        people, wanted_units = _people_within(unit.path, window.year), [unit.pk, *also_units]
    elif within:
        people = _people_within(within, window.year)
        wanted_units = Unit.objects.filter(
            Q(path__startswith=within) | Q(pk__in=sorted(also_units))
        ).values("pk")
    else:
        people, wanted_units = None, None
    # The whole force reads every row (cheaper than joining to filter); a part of it asks
    # the database for its own rows only.
    wanted = None if people is None else people.values("pk")
    if people is None:
        people = Person.objects.filter(in_service(window.year))
    return {
        "wanted_people": wanted,
        "people": people.order_by(),
        "awards": _awards(window, form_ids, wanted, wanted_units),
        "results": _for_recipients(
            _since(YearlyResult.objects.filter(year__lte=window.year), "year", window.first),
            wanted,
            wanted_units,
        ),
        "initiatives": _for_people(
            _since(
                InitiativeAuthor.objects.filter(initiative__year__lte=window.year),
                "initiative__year",
                window.first,
            ),
            wanted,
        ),
        # Measures decided before the window matter only while still in force inside it.
        "disciplines": _for_people(
            _since(
                Discipline.objects.filter(decision_date__lte=window.end),
                "decision_date",
                window.start,
                also=Q(end_date__gte=window.start),
            ),
            wanted,
        ),
        "assignments": _for_people(
            _since(
                Assignment.objects.filter(start__lte=window.end),
                "end",
                window.start,
                also=Q(end__isnull=True),
            ),
            wanted,
        ),
        # Service counts from the start of a career: every earlier interruption matters.
        "interruptions": _for_people(
            ServiceInterruption.objects.filter(start__lte=window.end), wanted
        ),
    }


def _since(queryset: QuerySet, field: str, first, also: Q | None = None) -> QuerySet:
    """Rows whose `field` is `first` or later (or that match `also`); every row when first
    is None (the whole record)."""
    if first is None:
        return queryset
    recent = Q(**{f"{field}__gte": first})
    return queryset.filter(recent | also if also is not None else recent)


def _people_rows(people: QuerySet) -> QuerySet:
    return people.values_list(
        "pk",
        "code",
        "full_name",
        "gender",
        "birth_date",
        "service_start",
        "service_end",
        "unit_id",
        "sort_key",
    )


def _initiative_rows(authors: QuerySet) -> QuerySet:
    return authors.values_list(
        "person_id",
        "initiative__year",
        "initiative__scope",
        "initiative__decision_number",
        "initiative__decision__number",
        "initiative__title",
    )


def _discipline_rows(disciplines: QuerySet) -> QuerySet:
    return disciplines.values_list(
        "person_id", "form", "decision_number", "decision_date", "duration_months", "end_date"
    )


def _interruption_rows(interruptions: QuerySet) -> QuerySet:
    return interruptions.values_list("person_id", "start", "end")


def _stint_rows(assignments: QuerySet) -> QuerySet:
    return assignments.values_list("person_id", "unit_id", "start", "end")


def _movers_stints(assignments: QuerySet) -> QuerySet:
    """The stints of the people who held another unit than their current one during the
    window: everyone else's unit is their current unit in every year (unit_by_year)."""
    moved = assignments.filter(~Q(unit_id=F("person__unit_id")) | Q(person__unit_id__isnull=True))
    return _stint_rows(assignments.filter(person_id__in=moved.values("person_id")))


def _award_types() -> tuple[dict[int, str], list[int]]:
    type_code, form_ids = {}, []
    for pk, code, kind in AwardType.objects.values_list("pk", "code", "kind"):
        type_code[pk] = code
        if kind == AwardKind.AWARD_FORM:
            form_ids.append(pk)
    return type_code, form_ids


def _units() -> dict[int, tuple]:
    """pk -> (code, name, kind, path, active_from, active_to), every unit."""
    rows = Unit.objects.values_list(
        "pk", "code", "name", "kind", "path", "active_from", "active_to"
    )
    return {row[0]: row[1:] for row in rows}


def _people_within(path: str, year: int) -> QuerySet[Person]:
    """People of the subtree now, and people who served in it during the year."""
    day1, day31 = dt.date(year, 1, 1), dt.date(year, 12, 31)
    served = Assignment.objects.filter(
        Q(end__isnull=True) | Q(end__gte=day1),
        unit__path__startswith=path,
        start__lte=day31,
    ).values("person_id")
    return Person.objects.filter(in_service(year)).filter(
        Q(unit__path__startswith=path) | Q(pk__in=served)
    )


def _for_people(queryset: QuerySet, wanted) -> QuerySet:
    return (
        queryset.order_by() if wanted is None else queryset.filter(person_id__in=wanted).order_by()
    )


def _for_recipients(queryset: QuerySet, wanted_people, wanted_units) -> QuerySet:
    if wanted_people is None:
        return queryset.order_by()
    if isinstance(wanted_units, list) and not wanted_units:
        return queryset.filter(person_id__in=wanted_people).order_by()
    return queryset.filter(Q(person_id__in=wanted_people) | Q(unit_id__in=wanted_units)).order_by()


def _awards(window: _Window, form_ids: list[int], wanted_people, wanted_units) -> QuerySet:
    awards = _since(
        Award.objects.filter(status=AwardStatus.ACTIVE, year_from__lte=window.year).exclude(
            decision__status=DecisionStatus.REVOKED
        ),
        "year_to",
        window.first,
        also=Q(award_type_id__in=form_ids),
    )
    return _for_recipients(awards, wanted_people, wanted_units)


@dataclass
class _Lineage:
    """What the judged collectives' lineage gives them (docs/lineage.md), from one query on
    the reorganisations' edges: per successor pk, the units it took over (pk, their fact);
    per unit pk, its former names (name, last day) oldest first, and the day and kind of the
    edge that closed it. `carried`: the pks of the units taken over whose records count."""

    predecessors: dict[int, list[tuple[int, PredecessorFact]]] = field(default_factory=dict)
    former_names: dict[int, list[tuple[str, dt.date]]] = field(default_factory=dict)
    closed: dict[int, tuple[dt.date, str]] = field(default_factory=dict)
    carried: set[int] = field(default_factory=set)


def _read_lineage(units: dict[int, tuple], judged: set[int], across: frozenset[str]) -> _Lineage:
    """The lineage of the `judged` units. A unit taken over down a chain (A into B, B into
    C) counts for C only when the pack carries every edge of the chain."""
    found = _Lineage()
    into: defaultdict[int, list[tuple[int, str, dt.date]]] = defaultdict(list)
    edges = LineageEdge.objects.filter(kind__in=(*CLOSING_KINDS, EdgeKind.RENAME)).values_list(
        "old_unit_id", "new_unit_id", "kind", "reorganisation__effective_date", "old_name"
    )
    for old, new, kind, day, old_name in edges.order_by("reorganisation__effective_date", "pk"):
        if kind == EdgeKind.RENAME:
            found.former_names.setdefault(old, []).append(
                (old_name or units[old][1], day - dt.timedelta(days=1))
            )
            continue
        found.closed.setdefault(old, (day, kind))
        if new is not None:
            into[new].append((old, kind, day))
    for successor in judged & set(into):
        chain: list[tuple[int, bool]] = [(successor, True)]
        seen = {successor}
        listed = found.predecessors[successor] = []
        while chain:
            unit_pk, carried = chain.pop(0)
            for old, kind, day in into.get(unit_pk, ()):
                if old in seen:
                    continue
                seen.add(old)
                counts = carried and kind in across
                code, name = units[old][0], units[old][1]
                listed.append((old, PredecessorFact(code, name, kind, day, counts)))
                chain.append((old, counts))
                if counts:
                    found.carried.add(old)
    return found


def _carried_awards(records: _Records, preds: list[tuple[int, PredecessorFact]]) -> list:
    """The collective awards and yearly titles of the units taken over that the pack counts,
    as AwardFacts saying whose they were (AwardFact.via)."""
    carried = []
    for pk, fact in preds:
        if not fact.counted:
            continue
        via = f"đơn vị cũ {fact.name} ({LINEAGE_KINDS[fact.kind]} {format_date(fact.date)})"
        for award in records.unit_awards.get(pk, ()):
            carried.append(
                AwardFact(
                    award.award_code,
                    award.year_from,
                    award.year_to,
                    award.decision_number,
                    award.decision_date,
                    award.movement_kind,
                    award.movement,
                    via,
                )
            )
        for year, code in records.unit_results.get(pk, ({}, {}))[1].items():
            carried.append(AwardFact(code, year, year, via=via))
    return carried


class _Records:
    """Rows grouped by person pk / unit pk."""

    def __init__(self) -> None:
        self.person_awards: defaultdict[int, list[AwardFact]] = defaultdict(list)
        self.unit_awards: defaultdict[int, list[AwardFact]] = defaultdict(list)
        self.unit_results: dict[int, tuple[dict, dict]] = {}
        self.initiatives: defaultdict[int, list[InitiativeFact]] = defaultdict(list)
        self.disciplines: defaultdict[int, list[DisciplineFact]] = defaultdict(list)
        self.interruptions: dict[int, tuple[tuple[dt.date, dt.date], ...]] = {}
        # The persons' YearSets, filled from the grouped rows as they are read.
        self.code_of: dict[int, str] = {}
        self.sets = YearSets()
        # {pk: {year: registered title codes}}, and the years with any registration.
        self.person_registrations: dict[int, dict[int, frozenset[str]]] = {}
        self.unit_registrations: dict[int, dict[int, frozenset[str]]] = {}
        self.registration_years: frozenset[int] = frozenset()


def _read_awards(records: _Records, awards: QuerySet, type_code: dict[int, str]) -> None:
    """Persons' awards come grouped by decision line (one row per award type, period and
    decision, with the list of its recipients): one decision gives the same award to
    thousands, who then share one AwardFact. Collectives' awards are few: plain rows."""
    person_awards, unit_awards = records.person_awards, records.unit_awards
    grouped = (
        awards.filter(person_id__isnull=False)
        .values(*_AWARD_COLUMNS[2:])
        .annotate(ids=IdList("person_id"))
        .values_list(*_AWARD_COLUMNS[2:], "ids")
        .order_by("year_to", "year_from")
    )
    code_of, sets = records.code_of, records.sets
    for *columns, ids in grouped:
        fact = _award_fact(type_code, *columns)
        codes = set()
        for person_id in ids_of(ids):
            code = code_of.get(person_id)
            if code is not None:  # people loaded
                person_awards[person_id].append(fact)
                codes.add(code)
        sets.add_award(fact.award_code, fact.year_from, fact.year_to, codes)
        if fact.movement_kind:
            sets.add_movement_award(fact, codes)
    for unit_id, *columns in _rows(
        awards.filter(unit_id__isnull=False).values_list("unit_id", *_AWARD_COLUMNS[2:])
    ):
        unit_awards[unit_id].append(_award_fact(type_code, *columns))


def _award_fact(
    type_code: dict[int, str], type_id, year_from, year_to, number, date, movement_kind, movement
) -> AwardFact:
    """The fact of one row of _AWARD_COLUMNS[2:] (no movement: empty kind and name)."""
    return AwardFact(
        type_code[type_id], year_from, year_to, number, date, movement_kind or "", movement or ""
    )


def _read_results(records: _Records, results: QuerySet, type_code: dict[int, str]) -> None:
    """Persons' results come as one row per (year, appraisal, title) with its people, read
    from the yearly_result_grid index, into the YearSets (a person's own appraisals and
    titles are YearViews of them); collectives' results as plain rows."""
    units = records.unit_results
    grouped = (
        results.filter(person_id__isnull=False)
        .values("year", "appraisal", "title_id")
        .annotate(ids=IdList("person_id"))
        .values_list("year", "appraisal", "title_id", "ids")
    )
    code_of, sets = records.code_of, records.sets
    for year, appraisal, title_id, ids in grouped:
        title = type_code[title_id] if title_id is not None else None
        codes = {code_of[i] for i in ids_of(ids) if i in code_of}  # people loaded
        if appraisal:
            sets.add_grade(year, appraisal, codes)
        if title is not None:
            sets.add_title(title, year, codes)
    for unit_id, year, appraisal, title_id in _rows(
        results.filter(unit_id__isnull=False).values_list(
            "unit_id", "year", "appraisal", "title_id"
        )
    ):
        found = units.get(unit_id)
        if found is None:
            found = units[unit_id] = ({}, {})
        if appraisal:
            found[0][year] = appraisal
        if title_id is not None:
            found[1][year] = type_code[title_id]


def _read_initiatives(records: _Records, rows: QuerySet) -> None:
    found, code_of, add = records.initiatives, records.code_of, records.sets.add_initiative
    for person_id, year, scope, number, decision_number, title in _rows(rows):
        found[person_id].append(InitiativeFact(year, scope, number or decision_number or "", title))
        if person_id in code_of:  # people loaded
            add(year, scope, code_of[person_id])


def _read_disciplines(records: _Records, rows: QuerySet) -> None:
    found = records.disciplines
    for person_id, form, number, date, months, end in _rows(rows):
        found[person_id].append(DisciplineFact(form, number, date, months, end))


def _read_interruptions(records: _Records, rows: QuerySet) -> None:
    found: defaultdict[int, list[tuple]] = defaultdict(list)
    for person_id, start, end in _rows(rows):
        found[person_id].append((start, end))
    records.interruptions = {pk: tuple(sorted(periods)) for pk, periods in found.items()}


def _read_registrations(
    records: _Records, window: _Window, sources: dict[str, QuerySet], type_code: dict[int, str]
) -> None:
    """Two queries: the persons' entries grouped by (year, title) with their people; the
    registrations themselves (units' collective titles, the years registered)."""
    registrations = _since(
        Registration.objects.filter(year__lte=window.year), "year", window.first
    ).order_by()
    entries = RegistrationEntry.objects.filter(registration__in=registrations.values("pk"))
    if sources["wanted_people"] is not None:
        entries = entries.filter(person_id__in=sources["wanted_people"])
    grouped = (
        entries.order_by()
        .values("registration__year", "title_id")
        .annotate(ids=IdList("person_id"))
        .values_list("registration__year", "title_id", "ids")
    )
    people: defaultdict[int, defaultdict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for year, title_id, ids in grouped:
        for person_id in ids_of(ids):
            people[person_id][year].add(type_code[title_id])
    records.person_registrations = {
        pk: {year: frozenset(codes) for year, codes in years.items()}
        for pk, years in people.items()
    }
    # One row per unit and year: the table is small, read whole for the window (the years
    # registered are force-wide).
    units: defaultdict[int, dict[int, frozenset[str]]] = defaultdict(dict)
    years = set()
    for unit_id, year, title_id in registrations.values_list(
        "unit_id", "year", "collective_title_id"
    ):
        years.add(year)
        if title_id is not None:  # kept for the units judged only (_assemble)
            units[unit_id][year] = frozenset({type_code[title_id]})
    records.unit_registrations = dict(units)
    records.registration_years = frozenset(years)


def _read_assignments(rows: QuerySet) -> dict[int, list[tuple]]:
    grouped: defaultdict[int, list[tuple]] = defaultdict(list)
    for person_id, unit_id, start, end in _rows(rows):
        grouped[person_id].append((unit_id, start, end))
    return grouped


def unit_by_year(stints: list[tuple], current: int | None, first: int, last: int) -> dict[int, int]:
    """{year: unit pk} for the years in first..last whose unit differs from `current`: the
    unit held on 31/12, else the one held for most days of the year."""
    if len(stints) == 1 and stints[0][0] == current:
        return {}  # every year is the current unit, or falls back to it
    found: dict[int, int] = {}
    covered: set[int] = set()
    span_first, span_last = last, first
    for unit_id, start, end in sorted(stints, key=lambda s: s[1]):
        # Years whose 31/12 falls inside the stint; a later start wins.
        upto = (
            last
            if end is None
            else (end.year if (end.month, end.day) == (12, 31) else end.year - 1)
        )
        for year in range(max(start.year, first), min(upto, last) + 1):
            covered.add(year)
            if unit_id != current:
                found[year] = unit_id
            else:
                found.pop(year, None)
        span_first = min(span_first, start.year)
        span_last = max(span_last, end.year if end else last)
    for year in range(max(span_first, first), min(span_last, last) + 1):
        if year not in covered:  # left during the year, or a gap: most days
            best = _most_days(stints, year)
            if best is not None and best != current:
                found[year] = best
    return found


def _most_days(stints: list[tuple], year: int) -> int | None:
    day1, day31 = dt.date(year, 1, 1), dt.date(year, 12, 31)
    best, best_days = None, -1
    for unit_id, start, end in stints:
        if start > day31 or (end is not None and end < day1):
            continue
        days = (min(end or day31, day31) - max(start, day1)).days
        if days > best_days:
            best, best_days = unit_id, days
    return best


def _in_tree_order(people_rows: list[tuple], path_of: dict[int, str]) -> list[tuple]:
    """People rows by unit path, then name (sort key), then code: one C-level sort per
    unit instead of a Python key per person."""
    by_unit: defaultdict[int | None, list[tuple]] = defaultdict(list)
    for row in people_rows:
        by_unit[row[7]].append(row)
    ordered: list[tuple] = []
    for unit_id in sorted(by_unit, key=lambda pk: path_of.get(pk, "")):
        group = by_unit[unit_id]
        group.sort(key=itemgetter(8, 1))
        ordered += group
    return ordered


def _assemble(
    window: _Window,
    units: dict[int, tuple],
    facts_units: set[int],
    people_rows: list[tuple],
    records: _Records,
    stints: dict[int, list[tuple]],
    *,
    shown_path: str | None,
    single: Person | None,
    lineage: _Lineage | None = None,
) -> LoadedHistory:
    """The History, people in tree order then by name, units in tree order: the engine keeps
    that order, so a sweep's verdicts come out ready to list."""
    loaded = LoadedHistory(History(), window.year, window.first)
    lineage = lineage or _Lineage()
    code_of = {pk: row[0] for pk, row in units.items()}
    path_of = {pk: row[3] for pk, row in units.items()}
    people_rows = _in_tree_order(people_rows, path_of)
    no_results: tuple[dict, dict] = ({}, {})
    # Units by year from the first stint on when the whole record is read.
    first, last = window.first or dt.MINYEAR, window.year
    # Units by year only for those who moved (the stints read are theirs); everyone else
    # shares one empty mapping (read-only).
    stays: dict[int, str] = {}
    unit_of = {row[0]: row[7] for row in people_rows}
    moved = {
        pk: {y: code_of[u] for y, u in unit_by_year(moves, unit_of[pk], first, last).items()}
        for pk, moves in stints.items()
        if pk in unit_of
    }
    place_of = {pk: (row[0], row[3]) for pk, row in units.items()}.get  # (code, path)
    nowhere = ("", "")
    awards_of, initiatives_of = records.person_awards.get, records.initiatives.get
    disciplines_of, interruptions_of = records.disciplines.get, records.interruptions.get
    moved_of = moved.get
    registrations_of, unregistered = records.person_registrations.get, {}
    grades, titles = records.sets.grades, records.sets.titles  # read through YearView
    # One comprehension over the force; the per-person lists are handed over as they are
    # (no copy: nothing else holds them).
    persons = [
        PersonFacts(
            code,
            name,
            gender,
            birth,
            start,
            end,
            interruptions_of(pk, ()),
            *place_of(unit_id, nowhere),
            awards_of(pk, ()),
            YearView(grades, code),
            YearView(titles, code),
            initiatives_of(pk, ()),
            disciplines_of(pk, ()),
            moved_of(pk, stays),
            registrations_of(pk, unregistered),
        )
        for pk, code, name, gender, birth, start, end, unit_id, _ in people_rows
    ]
    loaded.person_pk = person_pk = {row[1]: row[0] for row in people_rows}
    if single is not None or shown_path is None:
        loaded.shown_persons = set(person_pk)
    else:
        loaded.shown_persons = {p.code for p in persons if p.unit_path.startswith(shown_path)}
    unit_facts = []
    for pk, (code, name, kind, path, active_from, active_to) in sorted(
        units.items(), key=lambda item: item[1][3]
    ):
        own = pk in facts_units
        appraisals, titles = records.unit_results.get(pk, no_results) if own else no_results
        awards = tuple(records.unit_awards.get(pk, ())) if own else ()
        preds = lineage.predecessors.get(pk, ()) if own else ()
        if preds:
            awards += tuple(_carried_awards(records, preds))
        closed_on, closed_kind = lineage.closed.get(pk, (None, ""))
        unit_facts.append(
            UnitFacts(
                code=code,
                name=name,
                unit_kind=kind,
                path=path,
                active_from=active_from,
                active_to=active_to,
                awards=awards,
                appraisals=appraisals,
                titles=titles,
                registrations=records.unit_registrations.get(pk, {}) if own else {},
                predecessors=tuple(fact for _pk, fact in preds),
                former_names=tuple(lineage.former_names.get(pk, ())),
                closed_on=closed_on,
                closed_kind=closed_kind,
            )
        )
        loaded.unit_pk[code] = pk
        if own:
            loaded.shown_units.add(code)
    loaded.history = History(
        persons, unit_facts, records.sets, registration_years=records.registration_years
    )
    return loaded
