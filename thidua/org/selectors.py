"""Reads of the organisation register that pages, API and CLI share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from thidua.lib.vntext import clean_text, fold
from thidua.org.choices import EdgeKind
from thidua.org.models import PATH_SEP, Assignment, LineageEdge, Person, Unit, UnitName


def search_people(people: QuerySet[Person], query: str) -> QuerySet[Person]:
    """Accent- and case-insensitive match on the name, or a code prefix."""
    query = clean_text(query)
    if not query:
        return people
    key = fold(query)
    return people.filter(Q(search_key__contains=key) | Q(code__istartswith=query))


def active_on(day: dt.date) -> Q:
    """Units in force on `day` (the query form of Unit.is_active_on)."""
    return (Q(active_from__isnull=True) | Q(active_from__lte=day)) & (
        Q(active_to__isnull=True) | Q(active_to__gte=day)
    )


def search_units(units: QuerySet[Unit], query: str) -> QuerySet[Unit]:
    query = clean_text(query)
    if not query:
        return units
    return units.filter(search_key__contains=fold(query))


def people_in_unit(
    unit: Unit, start: dt.date, end: dt.date, *, subtree: bool = False
) -> QuerySet[Person]:
    """Everyone assigned to the unit (or its subtree) at any time between start and end."""
    units = (
        Q(assignments__unit__path__startswith=unit.path) if subtree else Q(assignments__unit=unit)
    )
    overlapping = Q(assignments__start__lte=end) & (
        Q(assignments__end__isnull=True) | Q(assignments__end__gte=start)
    )
    return Person.objects.filter(units & overlapping).distinct()


def people_in_unit_in_year(unit: Unit, year: int, *, subtree: bool = False) -> QuerySet[Person]:
    return people_in_unit(unit, dt.date(year, 1, 1), dt.date(year, 12, 31), subtree=subtree)


def likely_duplicates(person: Person) -> QuerySet[Person]:
    """Other records that may be the same human: same CCCD, or same name and date of birth."""
    same = (
        Q(search_key=fold(person.full_name), birth_date=person.birth_date)
        if person.birth_date
        else Q(pk__in=[])
    )
    if person.citizen_id:
        same |= Q(citizen_id=person.citizen_id)
    return Person.objects.filter(same).exclude(pk=person.pk).select_related("unit")


def duplicate_groups(people: QuerySet[Person]) -> QuerySet:
    """(search_key, birth_date, n) for every name + date of birth held by more than one record."""
    return (
        people.exclude(birth_date__isnull=True)
        .values("search_key", "birth_date")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .order_by("search_key", "birth_date")
    )


def shared_citizen_ids(people: QuerySet[Person]) -> QuerySet:
    """The CCCDs held by more than one of `people` (values, unordered)."""
    return (
        people.exclude(citizen_id__isnull=True)
        .exclude(citizen_id="")
        .values("citizen_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .order_by()
        .values_list("citizen_id", flat=True)
    )


def citizen_id_groups(people: QuerySet[Person], limit: int = 200) -> dict[str, list[Person]]:
    """{CCCD: the records holding it} for every CCCD held by more than one of `people`, at
    most `limit` groups. Such clashes come from saves of a CCCD held outside the saving
    clerk's scope (org.services.person_save), so they are listed for whoever sees both."""
    shared = shared_citizen_ids(people).order_by("citizen_id")[:limit]
    groups: dict[str, list[Person]] = {cid: [] for cid in shared}
    if groups:
        holders = people.filter(citizen_id__in=list(groups)).select_related("unit")
        for person in holders.order_by("citizen_id", "sort_key", "code"):
            groups[person.citizen_id].append(person)
    return groups


def assignment_history(person: Person) -> QuerySet[Assignment]:
    return person.assignments.select_related("unit").order_by("-start")


@dataclass(frozen=True)
class Posting:
    """Where a person served on a day: the unit and position of the assignment covering it,
    or, when the record holds none for that day, their current unit and position."""

    unit: Unit | None
    position: str
    dated: bool  # True: an assignment covers the day; False: the current unit stands in


POSTINGS_BATCH = 5000  # people per query: far below every database's limit of parameters


def postings_on(day: dt.date, people: Iterable[Person]) -> dict[int, Posting]:
    """{person id: Posting} for each of `people` (loaded with select_related("unit")) on `day`,
    in one query per POSTINGS_BATCH people, whatever their number. When two assignments
    cover the day (an overlap left by an edit), the one begun last counts."""
    people = list(people)
    found: dict[int, Assignment] = {}
    for first in range(0, len(people), POSTINGS_BATCH):
        ids = [p.pk for p in people[first : first + POSTINGS_BATCH]]
        covering = (
            Assignment.objects.filter(person_id__in=ids, start__lte=day)
            .filter(Q(end__isnull=True) | Q(end__gte=day))
            .select_related("unit")
            .order_by("person_id", "start", "pk")
        )
        for assignment in covering:
            found[assignment.person_id] = assignment  # the latest start wins
    postings = {}
    for person in people:
        a = found.get(person.pk)
        if a is None:
            postings[person.pk] = Posting(person.unit, person.position, dated=False)
        else:
            # An assignment without a position of its own: the person's position is the
            # position of that assignment only while it is still open.
            position = a.position or (person.position if a.end is None else "")
            postings[person.pk] = Posting(a.unit, position, dated=True)
    return postings


# ── Lineage: names and the tree as they stood on a day ────────────────────────────────────


def unit_names_on(day: dt.date, unit_ids: Iterable[int]) -> dict[int, str]:
    """{unit id: the name it had on `day`} for the units that had another name then (a
    Đổi tên after `day`), in one query per POSTINGS_BATCH units; units absent from the
    answer had their current name. The name of a day is the earliest former name still in
    use on it (UnitName.valid_to ≥ day)."""
    ids = list(dict.fromkeys(unit_ids))
    names: dict[int, str] = {}
    for first in range(0, len(ids), POSTINGS_BATCH):
        former = (
            UnitName.objects.filter(unit_id__in=ids[first : first + POSTINGS_BATCH])
            .filter(valid_to__gte=day)
            .order_by("unit_id", "-valid_to")
            .values_list("unit_id", "name")
        )
        for unit_id, name in former:
            names[unit_id] = name  # ordered latest first: the earliest still in use wins
    return names


def unit_name_on(unit: Unit, day: dt.date) -> str:
    """The name the unit had on `day` (its current name unless renamed since)."""
    return unit_names_on(day, [unit.pk]).get(unit.pk, unit.name)


def name_units_as_on(day: dt.date, units: Iterable[Unit | None]) -> None:
    """Give each of `units` (instances loaded for display, never saved afterwards) the name
    it had on `day`, keeping the current one as `.current_name`; one query for all of them.
    Decisions show their recipients under the names of the decision's date this way."""
    loaded = [u for u in units if u is not None]
    names = unit_names_on(day, (u.pk for u in loaded))
    for unit in loaded:
        if not hasattr(unit, "current_name"):
            unit.current_name = unit.name
        unit.name = names.get(unit.pk, unit.current_name)


def tree_on(day: dt.date, units: QuerySet[Unit]) -> list[Unit]:
    """The units of `units` in force on `day`, in the order of the tree as it stood then:
    each carries the name it had (`.name`, the current one in `.current_name`) and its
    depth then (`.depth`), the parents of every Chuyển after `day` put back. Three queries
    whatever the number of units; the instances are for display only."""
    found = list(units.filter(active_on(day)))
    moves = (
        LineageEdge.objects.filter(kind=EdgeKind.MOVE, reorganisation__effective_date__gt=day)
        .order_by("old_unit_id", "-reorganisation__effective_date", "-pk")
        .values_list("old_unit_id", "old_parent_id")
    )
    parent_then = {u.pk: u.parent_id for u in found}
    for unit_id, old_parent in moves:
        if unit_id in parent_then:
            parent_then[unit_id] = old_parent  # the earliest move after the day wins
    name_units_as_on(day, found)
    by_id = {u.pk: u for u in found}
    keys: dict[int, str] = {}

    def key(unit: Unit, depth: int = 0) -> str:
        if unit.pk not in keys:
            parent = by_id.get(parent_then.get(unit.pk)) if depth < 64 else None
            prefix = key(parent, depth + 1) if parent is not None else PATH_SEP
            keys[unit.pk] = f"{prefix}{unit.code}{PATH_SEP}"
        return keys[unit.pk]

    for unit in found:
        unit.depth = key(unit).count(PATH_SEP) - 2
    return sorted(found, key=lambda u: keys[u.pk])


@dataclass(frozen=True)
class LineageStep:
    """One edge of a unit's timeline, seen from the unit: `other` is the unit on the other
    side (None for Giải thể, Đổi tên), `direction` "in" (from a predecessor) or "out"."""

    edge: LineageEdge
    direction: str
    other: Unit | None


def unit_timeline(unit: Unit) -> list[LineageStep]:
    """The unit's predecessors and successors, its renames and moves, oldest first, in one
    query: the edges that name the unit on either side."""
    edges = (
        LineageEdge.objects.filter(Q(old_unit=unit) | Q(new_unit=unit))
        .select_related("reorganisation", "old_unit", "new_unit", "new_parent", "old_parent")
        .order_by("reorganisation__effective_date", "pk")
    )
    steps = []
    for edge in edges:
        if edge.old_unit_id == unit.pk:
            steps.append(LineageStep(edge, "out", edge.new_unit))
        else:
            steps.append(LineageStep(edge, "in", edge.old_unit))
    return steps


def people_awaiting_unit(people: QuerySet[Person]) -> QuerySet[Assignment]:
    """The open assignments of `people` in a unit that has ended (Hiệu lực đến set): those
    a reorganisation did not move to a successor, who need a new unit. One query."""
    return (
        Assignment.objects.filter(
            person__in=people, end__isnull=True, unit__active_to__isnull=False
        )
        .select_related("person", "unit")
        .order_by("unit__path", "person__sort_key", "person__code")
    )
