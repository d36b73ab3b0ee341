"""The demo's registrations (đăng ký thi đua) for the last two years: the clerk's unit
and every third other unit with people register their collective title and each of their
people, so the list, a unit-year's page, the form (prefilled from last year) and the
year-end comparison all show something. Deterministic for a seed; bulk writes."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from thidua.awards.models import AwardType
from thidua.demo.context import DemoContext
from thidua.demo.units import CLERK_UNIT
from thidua.lib.bulk import insert_with_history
from thidua.lib.vntext import thousands
from thidua.movements.models import Registration, RegistrationEntry
from thidua.org.models import Assignment


def _members(year: int, unit_ids: set[int]) -> dict[int, list[int]]:
    """{unit id: the people assigned to it on 1 January of `year`}, one query."""
    day = dt.date(year, 1, 1)
    rows = (
        Assignment.objects.filter(unit_id__in=unit_ids, start__lte=day)
        .filter(Q(end__isnull=True) | Q(end__gte=day))
        .order_by("unit_id", "person_id")
        .values_list("unit_id", "person_id")
    )
    found: dict[int, list[int]] = {}
    for unit_id, person_id in rows:
        found.setdefault(unit_id, []).append(person_id)
    return found


def build_registrations(ctx: DemoContext) -> str:
    rng = ctx.rng("registrations")
    titles = {t.code: t for t in AwardType.objects.filter(code__in=_CODES)}
    clerk = ctx.units.get(CLERK_UNIT)
    open_units = sorted(
        (u for u in ctx.units.values() if u.active_to is None), key=lambda u: u.path
    )
    chosen = [
        u
        for i, u in enumerate(open_units)
        if i % 3 == 0 or (clerk is not None and u.path.startswith(clerk.path))
    ]
    years = (ctx.reference_year - 1, ctx.reference_year)
    registrations, entries, last_title = [], [], {}
    for year in years:
        members = _members(year, {u.pk for u in chosen})
        for unit in chosen:
            people = members.get(unit.pk, [])
            if not people:
                continue
            collective = titles["don_vi_quyet_thang" if rng.random() < 0.3 else "don_vi_tien_tien"]
            registration = Registration(
                unit=unit,
                year=year,
                collective_title=collective,
                registered_on=dt.date(year, 1, 10 + rng.randrange(20)),
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
