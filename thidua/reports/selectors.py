"""The awards a report counts, read in the database and within the user's scope.

An award counts for a span of years when the years it names lie inside the span (an award
for 2016–2020 belongs to the period 2015–2020, whatever the year of its decision), when
neither it nor its decision was revoked, and when its recipient belonged to the unit's
subtree: a collective by its place in the tree, a person by the unit they served in on the
decision's date (their current unit when the record holds no assignment for that day).

A report whose subtrees hold every unit — the top of a tree with one top unit, or a province
with the provinces it took over — is the whole record: it counts every award, also those of
people in no unit on the decision's date (awarded after leaving every unit, or entered
without a unit and an assignment), as the report without a unit does. Counted the other way
they would be in the province officer's report and not in the council's for the same
province. A report of any other unit leaves them out: they belong to no unit of it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value, When

from thidua.accounts import scope
from thidua.awards.models import Award
from thidua.org.models import Assignment, Inheritance, Person, Unit, predecessors_of, subtrees_q


def report_root(user: Any, unit_code: str | None) -> Unit | None:
    """The subtree a report covers: the given unit (within the user's scope; LookupError
    otherwise, the same for an unknown code), else the user's scope (None: every unit)."""
    if unit_code:
        unit = scope.visible_units(user).filter(code=unit_code).first()
        if unit is None:
            raise LookupError(unit_code)
        return unit
    return scope.scope_root_or_error(user)


def single_top() -> Unit | None:
    """The top of the tree when there is exactly one (a province's whole record), else None:
    what a report of the whole record names and divides into its direct subunits."""
    tops = list(Unit.objects.filter(parent__isnull=True)[:2])
    return tops[0] if len(tops) == 1 else None


def inherited(root: Unit | None) -> list[Inheritance]:
    """The predecessors whose records a report over `root`'s subtree covers (reading through
    lineage, docs/lineage.md): those of every unit of the subtree, transitively, each with
    its own subtree. None (the whole record) already covers every unit."""
    return [] if root is None else predecessors_of([root], subtrees=True)


def awards_in_span(
    year_from: int, year_to: int, root: Unit | None, also: list[Unit] = ()
) -> list[QuerySet[Award]]:
    """The awards that count, as disjoint parts whose counts add up: the whole record in one
    part; a subtree (with the subtrees of `also`, the predecessors it took over) in two, its
    collectives and its people (read apart, each by its own index: one query with an OR
    between them scans every award of the span). Subtrees holding every unit are the whole
    record (module docstring), read as such: still two parts, with no join to the
    assignments (3.9 s → 0.86 s over 1.4 million awards, docs/benchmarks.md)."""
    # Revoking a decision revokes each of its awards (awards.services.decision_revoke), so the
    # award's own status says it all: no join to the decisions.
    awards = _counted(year_from, year_to)
    if root is None:
        return [awards]
    # The subtree's units as a list of ids (a few dozen): the checks below compare ids, with
    # no join to the units in the per-award subqueries.
    units = list(Unit.objects.filter(subtrees_q([root, *also])).values_list("pk", flat=True))
    if covers_every_unit(units):
        return [awards.filter(unit__isnull=False), awards.filter(person__isnull=False)]
    return [awards.filter(unit_id__in=units), _people_there(awards, units)]


def covers_every_unit(units: list[int]) -> bool:
    """Whether the units (distinct ids) are all the units there are: then wherever a person
    served, it was in one of them. Several top units (two provinces, one not taken over)
    answer False."""
    return len(units) == Unit.objects.count()


def _counted(year_from: int, year_to: int) -> QuerySet[Award]:
    return Award.objects.current().filter(year_from__gte=year_from, year_to__lte=year_to)


def awards_by_subunit(year_from: int, year_to: int, units: list[Unit]) -> list[QuerySet[Award]]:
    """The awards that count for each of `units` (disjoint subtrees: the children of one
    unit), each annotated with `subunit`, the pk of the unit whose subtree holds the
    recipient: for every unit, the rows awards_in_span(…, unit) selects, read for all the
    units at once. Three parts: collectives; people by an assignment covering the decision's
    date (one row per covering assignment in a subtree: count awards by distinct id); people
    without one, by their current unit."""
    prefixes = Q()
    for unit in units:
        prefixes |= Q(path__startswith=unit.path)
    subtree: dict[int, list[int]] = {unit.pk: [] for unit in units}
    for pk, path in Unit.objects.filter(prefixes).values_list("pk", "path"):
        owner = next(u for u in units if path.startswith(u.path))
        subtree[owner.pk].append(pk)
    every = [pk for ids in subtree.values() for pk in ids]

    def subunit_of(field: str) -> Case:
        branches = [When(**{f"{field}__in": ids}, then=Value(pk)) for pk, ids in subtree.items()]
        return Case(*branches, default=None, output_field=IntegerField())

    awards = _counted(year_from, year_to)
    day = F("decision__date")
    # One filter() call: the three conditions hold for the same assignment row.
    dated = awards.filter(
        Q(person__assignments__unit_id__in=every)
        & Q(person__assignments__start__lte=day)
        & (Q(person__assignments__end__isnull=True) | Q(person__assignments__end__gte=day))
    )
    on_the_day = Assignment.objects.filter(
        person=OuterRef("person"), start__lte=OuterRef("decision__date")
    ).filter(Q(end__isnull=True) | Q(end__gte=OuterRef("decision__date")))
    undated = awards.filter(person__unit_id__in=every).filter(~Exists(on_the_day))
    return [
        awards.filter(unit_id__in=every).annotate(subunit=subunit_of("unit_id")),
        dated.annotate(subunit=subunit_of("person__assignments__unit_id")),
        undated.annotate(subunit=subunit_of("person__unit_id")),
    ]


def _people_there(awards: QuerySet[Award], units: list[int]) -> QuerySet[Award]:
    """People's awards, by the unit of their assignment on the decision's date, else (no
    assignment recorded for that day) by their current unit. The people who ever served in
    the subtree, or serve there now, are picked first by a plain IN list, so the per-award
    checks run only on their awards."""
    day = OuterRef("decision__date")
    on_the_day = Assignment.objects.filter(person=OuterRef("person"), start__lte=day).filter(
        Q(end__isnull=True) | Q(end__gte=day)
    )
    ever_there = Assignment.objects.filter(unit_id__in=units).values("person_id")
    now_there = Person.objects.filter(unit_id__in=units).values("pk")
    return awards.filter(Q(person_id__in=ever_there) | Q(person_id__in=now_there)).filter(
        Exists(on_the_day.filter(unit_id__in=units))
        | Q(person__unit_id__in=units) & ~Exists(on_the_day)
    )
