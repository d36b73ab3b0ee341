"""build_demo: the one entry point that fills an empty database with the demo province.

Each step draws from its own random.Random seeded with (seed, step name), so adding a
step later (the award history of issue 3) leaves the units and people of a given seed
unchanged. Nothing depends on today's date: the data describe the province as of
31/12 of REFERENCE_YEAR.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable
from typing import TextIO

from django.db import connection, transaction

from thidua.demo.awards import build_awards
from thidua.demo.cluster_scoring import build_cluster_scoring
from thidua.demo.context import DemoContext
from thidua.demo.movements import build_movements
from thidua.demo.nominations import build_nominations
from thidua.demo.people import MAX_PEOPLE, PeoplePlanner, insert_people
from thidua.demo.registrations import build_registrations
from thidua.demo.standings import build_standings
from thidua.demo.units import build_units, unit_plan
from thidua.lib.bulk import roomy_cache
from thidua.lib.vntext import thousands
from thidua.org.models import Unit

REFERENCE_YEAR = 2025
DEFAULT_PEOPLE = 5000
DEFAULT_SEED = 2025
DEFAULT_YEARS = 10


def build_demo(
    *,
    people: int = DEFAULT_PEOPLE,
    seed: int = DEFAULT_SEED,
    years: int = DEFAULT_YEARS,
    stdout: TextIO | None = None,
    reference_year: int = REFERENCE_YEAR,
    history: bool = True,
) -> DemoContext:
    """Create the demo province in one transaction; the database must hold no units."""
    if years < 1 or not 0 <= people <= MAX_PEOPLE:
        raise ValueError(f"years must be ≥ 1 and people between 0 and {MAX_PEOPLE}")
    if Unit.objects.exists():
        raise ValueError("the demo is built on a database without units")
    ctx = DemoContext(
        people_count=people,
        seed=seed,
        years=years,
        reference_year=reference_year,
        stdout=stdout or sys.stdout,
        history=history,
    )
    with roomy_cache(), transaction.atomic():
        for step in STEPS:
            started = time.perf_counter()
            summary = step(ctx)
            ctx.say(f"{summary} ({time.perf_counter() - started:.1f} giây)")
    _analyze()
    return ctx


def _analyze() -> None:
    """Refresh the planner's statistics: right after a bulk load PostgreSQL still believes
    the tables are nearly empty and sorts 100k rows on disk instead of using the indexes."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def build_org_units(ctx: DemoContext) -> str:
    ctx.specs = unit_plan(ctx.reference_year, ctx.years)
    ctx.units = build_units(ctx.specs)
    closed = sum(1 for s in ctx.specs if not s.is_open)
    return f"Đã tạo {len(ctx.units)} đơn vị ({closed} đơn vị đã sáp nhập)."


def build_people(ctx: DemoContext) -> str:
    planner = PeoplePlanner(
        ctx.rng("people"),
        ctx.specs,
        window_start=dt.date(ctx.first_year, 1, 1),
        reference_date=ctx.reference_date,
    )
    ctx.people = planner.plan(ctx.people_count)
    ctx.assignment_count = insert_people(
        ctx.people, ctx.units, stamp=ctx.stamp, history=ctx.history
    )
    return (
        f"Đã tạo {thousands(len(ctx.people))} cán bộ, chiến sĩ và "
        f"{thousands(ctx.assignment_count)} quá trình công tác."
    )


# The build, in order. Each step fills ctx and returns a one-line summary in Vietnamese.
# Each draws from ctx.rng("<step name>") so that the earlier steps' data stay the same for
# a seed.
STEPS: list[Callable[[DemoContext], str]] = [
    build_org_units,
    build_people,
    build_awards,
    build_registrations,
    build_nominations,
    build_movements,
    build_cluster_scoring,  # the clusters 2021–, their agreements, tables and scores
    build_standings,  # after the clusters' scores: locks 2021–2024, proposes the flags
]
