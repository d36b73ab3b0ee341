"""Reads of the movement pages, each in a fixed number of queries and within the user's
scope (accounts.scope): every signed-in user sees every movement, but only the decisions
and awards of their scope that were given in it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from thidua.accounts import scope
from thidua.awards.models import Decision
from thidua.awards.selectors import recipient_counts
from thidua.eligibility.output import STATUS_LABEL
from thidua.movements.models import Movement, MovementParticipant, Registration
from thidua.movements.registration_selectors import MovementYear, movement_results
from thidua.rules.engine import default_rulebook


@dataclass
class MovementPage:
    """What a movement's page shows besides the movement itself."""

    participants: list[MovementParticipant]
    registrations: list[Registration]
    decisions: list[tuple[Decision, dict[str, int]]]
    totals: dict[str, int] = field(default_factory=dict)
    # registered vs achieved, year by year (registration_selectors.movement_results)
    results: list[MovementYear] = field(default_factory=list)


def movement_rows(movements: QuerySet[Movement]) -> QuerySet[Movement]:
    """A list's movements with their launching unit and number of participants."""
    return movements.select_related("launching_unit").annotate(
        participant_count=Count("participations", distinct=True)
    )


def movement_years(user) -> list[int]:
    """The years some visible movement covers, newest first (the list's year choices)."""
    spans = scope.visible_movements(user).values_list("start_date", "end_date")
    today = dt.date.today().year
    years: set[int] = set()
    for start, end in spans:
        years.update(range(start.year, (end.year if end else max(today, start.year)) + 1))
    return sorted(years, reverse=True)


def covering_year(movements: QuerySet[Movement], year: int) -> QuerySet[Movement]:
    return movements.filter(start_date__year__lte=year).filter(
        Q(end_date__isnull=True) | Q(end_date__year__gte=year)
    )


def movement_page(user, movement: Movement) -> MovementPage:
    participants = list(movement.participations.select_related("unit").order_by("unit__path"))
    registrations = list(
        movement.registrations.filter(unit__in=scope.visible_units(user))
        .select_related("unit", "collective_title")
        .annotate(entry_count=Count("entries"))
        .order_by("-year", "unit__path")
    )
    decisions = list(
        scope.visible_decisions(user)
        .filter(movement=movement)
        .select_related("award_type")
        .order_by("-date", "-id")
    )
    counts = recipient_counts(user, decisions)
    empty = {"people": 0, "units": 0}
    rows = [(d, counts.get(d.pk, empty)) for d in decisions]
    totals = {
        "decisions": len(decisions),
        "people": sum(c["people"] for _, c in rows),
        "units": sum(c["units"] for _, c in rows),
    }
    return MovementPage(participants, registrations, rows, totals, movement_results(user, movement))


def grounds_note(movement: Movement, today: dt.date | None = None) -> dict | None:
    """What the rule pack of this year says about the awards of a movement of this kind
    (Pack.movement_grounds: a themed movement's are no grounds for a higher merit award),
    or None when it says nothing."""
    year = (today or dt.date.today()).year
    rule = default_rulebook().pack_for(year).movement_grounds
    if rule is None or movement.kind not in rule.kinds_in(year):
        return None
    return {
        "text": rule.text,
        "cited": rule.cited,
        "status": rule.status,
        "status_label": STATUS_LABEL.get(rule.status, rule.status),
    }
