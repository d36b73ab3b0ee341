"""Writing registrations (đăng ký thi đua): one unit's registration of a year, its collective
title and its people's titles, saved in one transaction with history rows (the form and the
Excel import ask the same checks here).

The checks a title must pass are the yearly result's (awards.checks.yearly_title_problem):
a registered title is a yearly emulation title for the right kind of recipient."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from thidua.accounts import scope
from thidua.awards.checks import yearly_title_problem
from thidua.awards.models import AwardType
from thidua.lib.bulk import insert_with_history, update_with_history
from thidua.lib.dates import format_date
from thidua.lib.versioning import expect_version
from thidua.movements.models import Registration, RegistrationEntry
from thidua.org.models import Assignment, Person, Unit


def collective_title_problem(title: AwardType | None) -> str:
    if title is None:
        return ""
    return yearly_title_problem(title, collective=True)


def person_title_problem(title: AwardType) -> str:
    return yearly_title_problem(title, collective=False)


def members_on_first_january(
    unit_ids: Iterable[int], person_ids: Iterable[int], year: int
) -> set[tuple[int, int]]:
    """{(person id, unit id)} of the people who may be registered by these units in `year`:
    assigned to the unit on 1 January of the year (the assignment history), or serving in it
    now (someone who joined during the year registers on joining). Two queries."""
    unit_ids, person_ids = set(unit_ids), set(person_ids)
    if not unit_ids or not person_ids:
        return set()
    day = dt.date(year, 1, 1)
    held = (
        Assignment.objects.filter(unit_id__in=unit_ids, person_id__in=person_ids, start__lte=day)
        .filter(Q(end__isnull=True) | Q(end__gte=day))
        .values_list("person_id", "unit_id")
    )
    now = Person.objects.filter(pk__in=person_ids, unit_id__in=unit_ids).values_list(
        "pk", "unit_id"
    )
    return set(held) | set(now)


def not_member_message(person: Person | str, unit: Unit | str, year: int) -> str:
    return _(
        "Cán bộ %(person)s không thuộc đơn vị %(unit)s ngày %(day)s (theo quá trình công tác) "
        "và hiện cũng không công tác ở đơn vị này."
    ) % {"person": person, "unit": unit, "day": format_date(dt.date(year, 1, 1))}


def movement_year_message(movement, year: int) -> str:
    return _("Phong trào '%(movement)s' không diễn ra trong năm %(year)s.") % {
        "movement": movement.name,
        "year": year,
    }


def registration_exists_message(unit: Unit | str, year: int) -> str:
    return _("Đơn vị %(unit)s đã có bản đăng ký thi đua năm %(year)s.") % {
        "unit": unit,
        "year": year,
    }


@transaction.atomic
def registration_save(
    *,
    actor,
    registration: Registration,
    titles: Mapping[int, AwardType | None],
    version: int | None = None,
) -> Registration:
    """Create or update `registration` (unit, year, movement, collective title, date, note
    set by the caller; the movement must cover the year, as the form's choices and the
    import ask) and set its people's titles: `titles` maps a person's id to a title,
    or None to take the person off the registration. People not named keep their entry.
    `version`: the registration's version the editor was shown (a stale form is refused)."""
    unit = registration.unit
    if not scope.can_edit_registration(actor, unit):
        raise PermissionDenied
    problem = collective_title_problem(registration.collective_title)
    if problem:
        raise ValidationError({"collective_title": problem})
    movement = registration.movement
    if movement is not None and not movement.covers_year(registration.year):
        raise ValidationError({"movement": movement_year_message(movement, registration.year)})
    clash = Registration.objects.filter(unit=unit, year=registration.year)
    if registration.pk:
        clash = clash.exclude(pk=registration.pk)
    if clash.exists():
        raise ValidationError({"year": registration_exists_message(unit, registration.year)})
    for title in {t for t in titles.values() if t is not None}:
        problem = person_title_problem(title)
        if problem:
            raise ValidationError(problem)
    existing = {}
    if registration.pk:
        existing = {e.person_id: e for e in registration.entries.all()}
    wanted = {pk: t for pk, t in titles.items() if t is not None}
    newcomers = set(wanted) - set(existing)
    members = {p for p, _u in members_on_first_january([unit.pk], newcomers, registration.year)}
    outsiders = newcomers - members
    if outsiders:
        names = Person.objects.filter(pk__in=outsiders).order_by("sort_key")
        raise ValidationError(
            [
                not_member_message(f"{p.full_name} ({p.code})", unit.name, registration.year)
                for p in names
            ]
        )
    registration.note = registration.note.strip()
    registration.full_clean(validate_unique=False)
    if registration.pk and version is not None:
        expect_version(registration, version)
    registration._history_user = scope.history_author(actor)
    # Saved on every change of its entries too: its version covers the whole registration.
    registration.save()
    who = {"user": scope.history_author(actor)}
    insert_with_history(
        RegistrationEntry,
        [
            RegistrationEntry(registration=registration, person_id=pk, title=wanted[pk])
            for pk in sorted(newcomers)
        ],
        **who,
    )
    changed = []
    for pk, entry in existing.items():
        if pk in wanted and entry.title_id != wanted[pk].pk:
            entry.title = wanted[pk]
            changed.append(entry)
    update_with_history(RegistrationEntry, changed, ["title"], **who)
    removed = [existing[pk].pk for pk, title in titles.items() if title is None and pk in existing]
    # One DELETE; simple_history still writes a "-" row for each (its post_delete signal).
    RegistrationEntry.objects.filter(pk__in=removed).delete()
    return registration
