"""Choosing the exemplars of a conference from the record, and keeping them.

Candidates are the people and collectives of the conference's subtree ranked by what they
received in its period: the sum of the catalogue ranks of their awards (a Huân chương weighs
more than a Giấy khen), then the number of awards. One GROUP BY per part of the record
(reports.selectors.awards_in_span) and one query for the candidates' highest awards.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q, Sum
from django.utils.translation import gettext as _

from thidua.awards.choices import Level
from thidua.org.models import Assignment, Person, Unit
from thidua.reports import selectors
from thidua.reports.models import Conference, Exemplar

LEVELS = [value for value, _label in Level.choices]  # lowest first, as the choices are listed
PERSON, COLLECTIVE = "person", "unit"


@dataclass
class Candidate:
    kind: str  # PERSON or COLLECTIVE
    recipient: Person | Unit
    awards: int
    score: int
    highest: str  # the name of the highest award received in the period
    chosen: bool = False

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.recipient.pk}"


def candidates(
    conference: Conference,
    *,
    kind: str = "",
    min_level: str = "",
    within: Unit | None = None,
    limit: int = 50,
) -> list[Candidate]:
    """The most decorated of the period, best first. `within`: a unit of the conference's
    subtree; `min_level`: only awards of that level or above count; `kind`: one kind only."""
    root = within or conference.unit
    collectives, people = selectors.awards_in_span(conference.year_from, conference.year_to, root)
    if min_level:
        allowed = LEVELS[LEVELS.index(min_level) :]
        collectives = collectives.filter(award_type__level__in=allowed)
        people = people.filter(award_type__level__in=allowed)
    found: list[Candidate] = []
    if kind in ("", COLLECTIVE):
        found += _ranked(collectives, "unit_id", COLLECTIVE, Unit, limit)
    if kind in ("", PERSON):
        found += _ranked(people, "person_id", PERSON, Person, limit)
    chosen = {
        (PERSON if e.person_id else COLLECTIVE, e.person_id or e.unit_id)
        for e in conference.exemplars.all()
    }
    for candidate in found:
        candidate.chosen = (candidate.kind, candidate.recipient.pk) in chosen
    found.sort(key=lambda c: (-c.score, -c.awards, c.kind, c.recipient.pk))
    return found[:limit]


def _ranked(awards, key: str, kind: str, model, limit: int) -> list[Candidate]:
    rows = list(
        awards.values(key)
        .annotate(n=Count("id"), score=Sum("award_type__rank"), top=Max("award_type__rank"))
        .order_by("-score", "-n", key)[:limit]
    )
    ids = [r[key] for r in rows]
    objects = model.objects.select_related(*(["unit"] if model is Person else [])).in_bulk(ids)
    highest: dict[int, str] = {}
    names = awards.filter(**{f"{key}__in": ids}).values_list(key, "award_type__name")
    for pk, name in names.order_by(key, "-award_type__rank"):
        highest.setdefault(pk, name)
    return [
        Candidate(kind, objects[r[key]], r["n"], r["score"] or 0, highest.get(r[key], ""))
        for r in rows
    ]


@transaction.atomic
def conference_save(*, conference: Conference) -> Conference:
    conference.full_clean()
    conference.save()
    return conference


@transaction.atomic
def exemplar_add(
    *, conference: Conference, person: Person | None = None, unit: Unit | None = None
) -> Exemplar:
    """Add a person or collective of the conference's subtree, at the end of the list."""
    if not _belongs(conference, person, unit):
        raise ValidationError(_("Chỉ chọn cá nhân, tập thể thuộc đơn vị tổ chức hội nghị."))
    last = conference.exemplars.aggregate(m=Max("position"))["m"] or 0
    exemplar = Exemplar(conference=conference, person=person, unit=unit, position=last + 1)
    exemplar.full_clean()
    exemplar.save()
    return exemplar


def _belongs(conference: Conference, person: Person | None, unit: Unit | None) -> bool:
    """A collective of the subtree; a person serving there now or during the period."""
    path = conference.unit.path
    if unit is not None:
        return unit.path.startswith(path)
    if person is None:
        return False
    if person.unit is not None and person.unit.path.startswith(path):
        return True
    first, last = dt.date(conference.year_from, 1, 1), dt.date(conference.year_to, 12, 31)
    return (
        Assignment.objects.filter(person=person, unit__path__startswith=path, start__lte=last)
        .filter(Q(end__isnull=True) | Q(end__gte=first))
        .exists()
    )


@transaction.atomic
def exemplar_save(*, exemplar: Exemplar) -> Exemplar:
    exemplar.full_clean()
    exemplar.save()
    return exemplar


@transaction.atomic
def exemplar_remove(*, exemplar: Exemplar) -> None:
    exemplar._change_reason = "Bỏ khỏi danh sách điển hình"
    exemplar.delete()
