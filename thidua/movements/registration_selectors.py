"""Reading registrations (đăng ký thi đua): the lists of a year in the user's scope, one
unit-year's people with the titles the form proposes, and the year-end comparison of what
was registered with what was achieved. Every function reads with a fixed number of queries,
whatever the number of people."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from thidua.accounts import scope
from thidua.awards.choices import AwardKind, AwardStatus, DecisionStatus, Frequency, RecipientKind
from thidua.awards.models import Award, AwardType, YearlyResult
from thidua.movements.models import Movement, Registration, RegistrationEntry
from thidua.org.models import Assignment, Person, Unit

# The title the form proposes to a person with no registration last year (the CAND title
# that every officer aims at first: Chiến sĩ tiên tiến).
DEFAULT_PERSON_TITLE = "chien_si_tien_tien"


# ── Titles of the catalogue ───────────────────────────────────────────────────────────


def yearly_titles() -> QuerySet[AwardType]:
    """The catalogue's yearly emulation titles (danh hiệu thi đua hằng năm), in order."""
    return AwardType.objects.filter(
        active=True, kind=AwardKind.TITLE, frequency=Frequency.ANNUAL
    ).order_by("position", "code")


def collective_titles() -> QuerySet[AwardType]:
    return yearly_titles().filter(recipient__in=[RecipientKind.COLLECTIVE, RecipientKind.BOTH])


def individual_titles() -> QuerySet[AwardType]:
    return yearly_titles().filter(recipient__in=[RecipientKind.INDIVIDUAL, RecipientKind.BOTH])


# ── Lists ─────────────────────────────────────────────────────────────────────────────


def registration_list(
    user,
    *,
    year: int | None = None,
    unit: Unit | None = None,
    movement: Movement | None = None,
) -> QuerySet[Registration]:
    """The registrations the user sees, of a year, a unit's subtree, a movement; each with
    its number of people (`people`)."""
    registrations = scope.visible_registrations(user)
    if year is not None:
        registrations = registrations.filter(year=year)
    if unit is not None:
        registrations = registrations.filter(unit__path__startswith=unit.path)
    if movement is not None:
        registrations = registrations.filter(movement=movement)
    return (
        registrations.select_related("unit", "movement", "collective_title")
        .annotate(people=Count("entries"))
        .order_by("-year", "unit__path")
    )


def registration_years(user) -> list[int]:
    """The years that have registrations the user sees, newest first."""
    years = scope.visible_registrations(user).values_list("year", flat=True).distinct()
    return sorted(set(years), reverse=True)


def entries_of(registration: Registration) -> QuerySet[RegistrationEntry]:
    return registration.entries.select_related("person", "title").order_by("person__sort_key")


def title_counts(registration: Registration) -> list[tuple[str, int]]:
    """(title name, number of people) of a registration, best title first."""
    rows = (
        registration.entries.values("title__name", "title__rank")
        .annotate(n=Count("id"))
        .order_by("-title__rank", "title__name")
    )
    return [(row["title__name"], row["n"]) for row in rows]


# ── The form's people ─────────────────────────────────────────────────────────────────


@dataclass
class FormLine:
    """A person on the registration form, with the title the select starts at ("" for
    "not registered") and where that proposal comes from."""

    person: Person
    title_id: int | None
    source: str  # "saved" | "last_year" | "default" | ""


def form_lines(unit: Unit, year: int, registration: Registration | None) -> list[FormLine]:
    """The people of the registration form: those serving in the unit now and those already
    registered, in name order. A saved entry keeps its title; otherwise last year's title of
    the person (in any unit's registration), else Chiến sĩ tiên tiến. Three queries."""
    saved: dict[int, int] = {}
    if registration is not None and registration.pk:
        saved = dict(registration.entries.values_list("person_id", "title_id"))
    jan_first = dt.date(year, 1, 1)
    serving = Q(unit=unit) & (Q(service_end__isnull=True) | Q(service_end__gte=jan_first))
    people = list(
        Person.objects.filter(serving | Q(pk__in=list(saved)))
        .select_related("unit")
        .order_by("sort_key", "code")
    )
    last_year = dict(
        RegistrationEntry.objects.filter(
            registration__year=year - 1, person_id__in=[p.pk for p in people]
        ).values_list("person_id", "title_id")
    )
    default = individual_titles().filter(code=DEFAULT_PERSON_TITLE).values_list("pk", flat=True)
    default_id = next(iter(default), None)
    lines = []
    for person in people:
        if person.pk in saved:
            lines.append(FormLine(person, saved[person.pk], "saved"))
        elif registration is not None and registration.pk:
            # Editing: someone not in the saved registration stays unregistered.
            lines.append(FormLine(person, None, ""))
        elif person.pk in last_year:
            lines.append(FormLine(person, last_year[person.pk], "last_year"))
        else:
            lines.append(FormLine(person, default_id, "default" if default_id else ""))
    return lines


# ── Registered vs achieved ────────────────────────────────────────────────────────────


@dataclass
class Line:
    """One person or unit of the comparison: what it registered, what it achieved."""

    code: str
    name: str
    unit: str
    registered: AwardType | None
    achieved: AwardType | None
    url: str = ""


@dataclass
class Side:
    """The three lists of one kind of recipient (people, or collectives)."""

    met: list[Line] = field(default_factory=list)  # registered and achieved
    missed: list[Line] = field(default_factory=list)  # registered, not achieved
    unregistered: list[Line] = field(default_factory=list)  # achieved without registering

    @property
    def registered(self) -> int:
        return len(self.met) + len(self.missed)

    def lists(self) -> list[tuple[str, list[Line]]]:
        return [("met", self.met), ("missed", self.missed), ("unregistered", self.unregistered)]


@dataclass
class Comparison:
    unit: Unit
    year: int
    subtree: bool
    people: Side
    collectives: Side


def meets(achieved: AwardType | None, registered: AwardType) -> bool:
    """Achieved the registered title, or a higher yearly title (CSTĐCS for CSTT)."""
    return achieved is not None and achieved.rank >= registered.rank


def _best(found: dict[int, AwardType], key: int, title: AwardType) -> None:
    held = found.get(key)
    if held is None or title.rank > held.rank:
        found[key] = title


def _achieved(year: int, *, people=None, units=None) -> dict[int, AwardType]:
    """{recipient id: the best yearly title of `year`}: the yearly result's title or an award
    of a yearly title for that year (not revoked), for the people (or units) of a subquery."""
    titles = {t.pk: t for t in yearly_titles()}
    field_name = "person_id" if people is not None else "unit_id"
    recipients = people if people is not None else units
    found: dict[int, AwardType] = {}
    results = YearlyResult.objects.filter(
        year=year, title__isnull=False, **{f"{field_name[:-3]}__in": recipients}
    ).values_list(field_name, "title_id")
    for recipient, title_id in results:
        if title_id in titles:
            _best(found, recipient, titles[title_id])
    awards = (
        Award.objects.filter(
            year_from__lte=year,
            year_to__gte=year,
            award_type_id__in=list(titles),
            status=AwardStatus.ACTIVE,
            **{f"{field_name[:-3]}__in": recipients},
        )
        .exclude(decision__status=DecisionStatus.REVOKED)
        .values_list(field_name, "award_type_id")
    )
    for recipient, type_id in awards:
        _best(found, recipient, titles[type_id])
    return found


def _split(side: Side, registered: dict, achieved: dict, describe) -> None:
    for key in registered.keys() | achieved.keys():
        title, got = registered.get(key), achieved.get(key)
        line = describe(key, title, got)
        if title is None:
            side.unregistered.append(line)
        elif meets(got, title):
            side.met.append(line)
        else:
            side.missed.append(line)
    for items in (side.met, side.missed, side.unregistered):
        items.sort(key=lambda line: (line.unit, line.name, line.code))


def comparison(user, unit: Unit, year: int, *, subtree: bool = True) -> Comparison:
    """Registered vs achieved in `year` for the unit (and, with subtree, every unit below
    it), within the user's scope. People: those registered in these units' registrations,
    and those who served in the units during the year (assignments) or serve there now and
    achieved a yearly title without registering. Collectives: the units themselves. A few
    queries, whatever the number of people."""
    units = scope.visible_units(user)
    units = units.filter(path__startswith=unit.path) if subtree else units.filter(pk=unit.pk)
    registrations = Registration.objects.filter(year=year, unit__in=units)
    titles = {t.pk: t for t in AwardType.objects.filter(kind=AwardKind.TITLE)}

    person_titles: dict[int, AwardType] = {}
    registered_in: dict[int, int] = {}
    rows = RegistrationEntry.objects.filter(registration__in=registrations).values_list(
        "person_id", "title_id", "registration__unit_id"
    )
    for person_id, title_id, unit_id in rows:
        _best(person_titles, person_id, titles[title_id])
        registered_in.setdefault(person_id, unit_id)
    jan_first, dec_last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    served = Assignment.objects.filter(unit__in=units, start__lte=dec_last).filter(
        Q(end__isnull=True) | Q(end__gte=jan_first)
    )
    members = Person.objects.filter(
        Q(pk__in=served.values("person_id")) | Q(unit__in=units)
    ).values("pk")
    achieved_people = _achieved(year, people=members)
    shown = person_titles.keys() | achieved_people.keys()
    people = {p.pk: p for p in Person.objects.filter(pk__in=list(shown)).select_related("unit")}
    unit_names = dict(
        Unit.objects.filter(pk__in=set(registered_in.values())).values_list("pk", "name")
    )

    def person_line(pk, title, got):
        person = people[pk]
        where = unit_names.get(registered_in.get(pk)) or (person.unit.name if person.unit else "")
        url = reverse("org:person_detail", args=[pk])
        return Line(person.code, person.full_name, where, title, got, url)

    result = Comparison(unit, year, subtree, Side(), Side())
    _split(result.people, person_titles, achieved_people, person_line)

    unit_rows = {u.pk: u for u in units}
    collective = {
        unit_id: titles[title_id]
        for unit_id, title_id in registrations.filter(collective_title__isnull=False).values_list(
            "unit_id", "collective_title_id"
        )
    }
    achieved_units = _achieved(year, units=units.values("pk"))

    def unit_line(pk, title, got):
        row = unit_rows[pk]
        url = reverse("org:unit_detail", args=[pk])
        return Line(row.code, row.name, row.name, title, got, url)

    _split(result.collectives, collective, achieved_units, unit_line)
    return result


# ── A movement's results ──────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class MovementYear:
    """One year of a movement: who registered under it and who achieved what they registered
    (or a higher title) by the year's end."""

    year: int
    units_registered: int
    units_met: int
    people_registered: int
    people_met: int


def movement_results(user, movement: Movement) -> list[MovementYear]:
    """Registered vs achieved, year by year, over the registrations that name the movement
    in the user's scope (newest year first). Two queries for the registrations, then two per
    year for what was achieved, whatever the number of people."""
    registrations = Registration.objects.filter(
        movement=movement, unit__in=scope.visible_units(user)
    )
    titles = {t.pk: t for t in AwardType.objects.filter(kind=AwardKind.TITLE)}
    units: dict[int, dict[int, AwardType]] = {}
    for year, unit_id, title_id in registrations.filter(collective_title__isnull=False).values_list(
        "year", "unit_id", "collective_title_id"
    ):
        units.setdefault(year, {})[unit_id] = titles[title_id]
    people: dict[int, dict[int, AwardType]] = {}
    for year, person_id, title_id in RegistrationEntry.objects.filter(
        registration__in=registrations
    ).values_list("registration__year", "person_id", "title_id"):
        _best(people.setdefault(year, {}), person_id, titles[title_id])
    rows = []
    for year in sorted(units.keys() | people.keys(), reverse=True):
        year_units, year_people = units.get(year, {}), people.get(year, {})
        got_units = _achieved(year, units=list(year_units)) if year_units else {}
        got_people = _achieved(year, people=list(year_people)) if year_people else {}
        rows.append(
            MovementYear(
                year=year,
                units_registered=len(year_units),
                units_met=sum(meets(got_units.get(k), t) for k, t in year_units.items()),
                people_registered=len(year_people),
                people_met=sum(meets(got_people.get(k), t) for k, t in year_people.items()),
            )
        )
    return rows
