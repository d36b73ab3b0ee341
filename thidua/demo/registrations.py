"""The demo's registrations (đăng ký thi đua) for the last two years: the clerk's unit
and every third other unit working at the year's end with people register their collective
title and each of their people, so the list, a unit-year's page, the form (prefilled from last year) and the
year-end comparison all show something. Deterministic for a seed; bulk writes."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from thidua.awards.models import AwardType
from thidua.demo.context import DemoContext
from thidua.demo.units import CLERK_UNIT
from thidua.lib.bulk import insert_with_history
from thidua.lib.vntext import thousands
from thidua.movements.choices import MovementKind
from thidua.movements.models import Movement, Registration, RegistrationEntry
from thidua.movements.movement_selectors import covering_year
from thidua.org.models import Assignment


def _members(days: dict[int, dt.date]) -> dict[int, list[int]]:
    """{unit id: the people assigned to it on its day in `days`}, one query."""
    if not days:
        return {}
    rows = (
        Assignment.objects.filter(unit_id__in=days, start__lte=max(days.values()))
        .filter(Q(end__isnull=True) | Q(end__gte=min(days.values())))
        .order_by("unit_id", "person_id")
        .values_list("unit_id", "person_id", "start", "end")
    )
    found: dict[int, list[int]] = {}
    for unit_id, person_id, start, end in rows:
        day = days[unit_id]
        if start <= day and (end is None or end >= day):
            found.setdefault(unit_id, []).append(person_id)
    return found


def _registering(ctx: DemoContext, year: int, clerk) -> dict[int, tuple]:
    """{unit id: (unit, the day it registers from)}: every third unit working at the year's
    end (the clerk's always), from 1 January or the day it was set up (a commune formed on
    01/07/2025 registers for the rest of its first year)."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    working = sorted((u for u in ctx.units.values() if u.is_active_on(last)), key=lambda u: u.path)
    return {
        u.pk: (u, max(first, u.active_from or first))
        for i, u in enumerate(working)
        if i % 3 == 0 or (clerk is not None and u.path.startswith(clerk.path))
    }


def _regular_movement(year: int) -> Movement | None:
    """The regular movement ("Vì an ninh Tổ quốc" of the period) the year's registrations
    are made under, when the demo has one."""
    regular = Movement.objects.filter(kind=MovementKind.REGULAR)
    return covering_year(regular, year).order_by("start_date").first()


def build_registrations(ctx: DemoContext) -> str:
    rng = ctx.rng("registrations")
    titles = {t.code: t for t in AwardType.objects.filter(code__in=_CODES)}
    clerk = ctx.units.get(CLERK_UNIT)
    years = (ctx.reference_year - 1, ctx.reference_year)
    registrations, entries, last_title = [], [], {}
    for year in years:
        chosen = _registering(ctx, year, clerk)
        movement = _regular_movement(year)
        members = _members({pk: day for pk, (_unit, day) in chosen.items()})
        for unit, day in chosen.values():
            people = members.get(unit.pk, [])
            if not people:
                continue
            collective = titles["don_vi_quyet_thang" if rng.random() < 0.3 else "don_vi_tien_tien"]
            registration = Registration(
                unit=unit,
                year=year,
                movement=movement,
                collective_title=collective,
                registered_on=day + dt.timedelta(days=9 + rng.randrange(20)),
            )
            registrations.append(registration)
            for person_id in people:
                if rng.random() < 0.05:
                    continue  # not everyone registers
                code = last_title.get(person_id)
                if code is None:
                    code = "cstd_co_so" if rng.random() < 0.15 else "chien_si_tien_tien"
                last_title[person_id] = code
                entries.append((registration, person_id, titles[code]))
    who = {"date": ctx.stamp, "history": ctx.history}
    insert_with_history(Registration, registrations, **who)
    insert_with_history(
        RegistrationEntry,
        [RegistrationEntry(registration=r, person_id=p, title=t) for r, p, t in entries],
        **who,
    )
    return (
        f"Đã tạo {thousands(len(registrations))} bản đăng ký thi đua năm {years[0]}, {years[1]} "
        f"với {thousands(len(entries))} cá nhân đăng ký."
    )


_CODES = ("don_vi_tien_tien", "don_vi_quyet_thang", "chien_si_tien_tien", "cstd_co_so")
