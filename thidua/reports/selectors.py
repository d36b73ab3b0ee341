"""The awards a report counts, read in the database and within the user's scope.

An award counts for a span of years when the years it names lie inside the span (an award
for 2016–2020 belongs to the period 2015–2020, whatever the year of its decision), when
neither it nor its decision was revoked, and when its recipient belonged to the unit's
subtree: a collective by its place in the tree, a person by the unit they served in on the
decision's date (their current unit when the record holds no assignment for that day).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from thidua.accounts import scope
from thidua.awards.models import Award
from thidua.org.models import Assignment, Person, Unit


def report_root(user: Any, unit_code: str | None) -> Unit | None:
    """The subtree a report covers: the given unit (within the user's scope; LookupError
    otherwise, the same for an unknown code), else the user's scope (None: every unit)."""
    if unit_code:
        unit = scope.visible_units(user).filter(code=unit_code).first()
        if unit is None:
            raise LookupError(unit_code)
        return unit
    return scope.scope_root_or_error(user)


def awards_in_span(year_from: int, year_to: int, root: Unit | None) -> list[QuerySet[Award]]:
    """The awards that count, as disjoint parts whose counts add up: the whole record in one
    part; a subtree in two, its collectives and its people (read apart, each by its own
    index: one query with an OR between them scans every award of the span)."""
    # Revoking a decision revokes each of its awards (awards.services.decision_revoke), so the
    # award's own status says it all: no join to the decisions.
    awards = Award.objects.current().filter(year_from__gte=year_from, year_to__lte=year_to)
    if root is None:
        return [awards]
    # The subtree's units as a list of ids (a few dozen): the checks below compare ids, with
    # no join to the units in the per-award subqueries.
    units = list(Unit.objects.filter(path__startswith=root.path).values_list("pk", flat=True))
    return [awards.filter(unit_id__in=units), _people_there(awards, units)]


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
