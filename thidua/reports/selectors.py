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
from thidua.org.models import Assignment, Unit


def report_root(user: Any, unit_code: str | None) -> Unit | None:
    """The subtree a report covers: the given unit (within the user's scope; LookupError
    otherwise, the same for an unknown code), else the user's scope (None: every unit)."""
    if unit_code:
        unit = scope.visible_units(user).filter(code=unit_code).first()
        if unit is None:
            raise LookupError(unit_code)
        return unit
    return scope.scope_root_or_error(user)


def awards_in_span(year_from: int, year_to: int, root: Unit | None) -> QuerySet[Award]:
    # Revoking a decision revokes each of its awards (awards.services.decision_revoke), so the
    # award's own status says it all: no join to the decisions for the whole province.
    awards = Award.objects.current().filter(year_from__gte=year_from, year_to__lte=year_to)
    if root is None:
        return awards
    return awards.filter(_in_subtree(root.path))


def _in_subtree(path: str) -> Q:
    on_decision_day = Assignment.objects.filter(
        person=OuterRef("person"), start__lte=OuterRef("decision__date")
    ).filter(Q(end__isnull=True) | Q(end__gte=OuterRef("decision__date")))
    served_there = on_decision_day.filter(unit__path__startswith=path)
    return (
        Q(unit__path__startswith=path)
        | Q(person__isnull=False) & Exists(served_there)
        | Q(person__unit__path__startswith=path) & ~Exists(on_decision_day)
    )
