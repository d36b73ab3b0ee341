"""`make bench` (python -m bench.report_summary): the period summary over the province of
bench.pages (100,000 people, 15 years, about 1.4 million award records), next to its floor.

The floor is the bare `SELECT award_type_id, COUNT(DISTINCT …), COUNT(…) … GROUP BY
award_type_id` of the same rows in the same run: what the database must do at the least.
Figures: the whole province over 10 years, a district's subtree over 5 years (its people
counted where they served on each decision's date), each the median of --repeat runs after
one warm-up. The issue's goal: under 1 s, within 2× of the floor. It reports, it does not
judge.

Then the summary read through lineage (issue 15): inside a transaction rolled back at the
end, the second district is merged into the first (Sáp nhập, from 1 January after the last
year); the first district's report with lineage (its subtree and the merged one's) is timed
against the same figures without lineage — its own report (--own-only) plus the merged
district's — and the whole province with lineage against --own-only. Goal: within 1.5×.
"""

from __future__ import annotations

import argparse
import statistics
import time

from bench.common import environment_line
from bench.pages import YEARS, _configure, _ensure_data
from thidua.lib.vntext import thousands

FLOOR_SQL = (
    "SELECT award_type_id, COUNT(DISTINCT unit_id), COUNT(DISTINCT person_id), "
    "COUNT(unit_id), COUNT(person_id) FROM awards_award "
    "WHERE status = 'active' AND year_from >= %s AND year_to <= %s GROUP BY award_type_id"
)


def _median(func, repeat: int) -> float:
    func()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _floor(year_from: int, year_to: int):
    from django.db import connection

    def run():
        with connection.cursor() as cursor:
            cursor.execute(FLOOR_SQL, [year_from, year_to])
            return cursor.fetchall()

    return run


def _district() -> str:
    return _districts()[0]


def _districts() -> list[str]:
    from thidua.org.choices import UnitKind
    from thidua.org.models import Unit

    return list(
        Unit.objects.filter(kind=UnitKind.DISTRICT)
        .order_by("path")
        .values_list("code", flat=True)[:2]
    )


class _RollBack(Exception):
    """Ends the lineage figures' transaction: the bench database keeps no reorganisation."""


def _lineage_figures(first: int, last: int, repeat: int) -> None:
    """The summary with and without lineage, on a merger made for the run and rolled back."""
    import datetime as dt

    from django.db import transaction

    from thidua.accounts.scope import SYSTEM
    from thidua.org.choices import EdgeKind
    from thidua.org.lineage import EdgeInput, reorganise
    from thidua.org.models import Unit
    from thidua.reports.summary import period_summary

    def timed(unit, own_only=False):
        return _median(
            lambda: period_summary(
                user=SYSTEM, year_from=first, year_to=last, unit_code=unit, own_only=own_only
            ).as_json(),
            repeat,
        )

    keep, merged = _districts()
    try:
        with transaction.atomic():
            reorganise(
                effective_date=dt.date(last + 1, 1, 1),
                basis="BENCH/QĐ-BCA",
                edges=[
                    EdgeInput(
                        EdgeKind.MERGE,
                        Unit.objects.get(code=merged),
                        Unit.objects.get(code=keep),
                    )
                ],
            )
            print(f"\nĐọc qua sắp xếp tổ chức: {merged} sáp nhập vào {keep} (rồi hoàn tác).")
            print(f"{'phép đo':44} {'qua sắp xếp':>11} {'không':>7} {'×':>6}")
            own, other = timed(keep, own_only=True), timed(merged, own_only=True)
            through = timed(keep)
            label = f"{keep} (+ {merged}), {last - first + 1} năm"
            print(
                f"{label:44} {through:>11.3f} {own + other:>7.3f} {through / (own + other):>6.2f}"
            )
            print(f"{'':44} {'':>11} {'':>7} (không = {keep} --own-only + {merged})")
            province_through, province_own = timed(None), timed(None, own_only=True)
            label = f"toàn tỉnh, {last - first + 1} năm"
            print(
                f"{label:44} {province_through:>11.3f} {province_own:>7.3f} "
                f"{province_through / province_own:>6.2f}"
            )
            raise _RollBack
    except _RollBack:
        pass


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.report_summary", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=YEARS)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    sqlite_path = _configure(args.people, args.seed, args.years)

    import django

    django.setup()
    _ensure_data(args.people, args.seed, sqlite_path, args.years)
    from thidua.accounts.scope import SYSTEM
    from thidua.awards.models import Award
    from thidua.reports.summary import period_summary

    last = Award.objects.order_by("-year_to").values_list("year_to", flat=True).first()
    district = _district()
    cases = [
        ("toàn tỉnh, 10 năm", last - 9, last, None),
        (f"{district} và trực thuộc, 5 năm", last - 4, last, district),
    ]
    print(environment_line())
    print(
        f"Khen thưởng trong CSDL: {thousands(Award.objects.count())}. "
        f"Trung vị của {args.repeat} lần, giây."
    )
    print(f"{'phép đo':44} {'giây':>7} {'sàn':>7} {'× sàn':>6}")
    for label, first, to, unit in cases:
        floor = _median(_floor(first, to), args.repeat)
        summary = _median(
            lambda f=first, t=to, u=unit: period_summary(
                user=SYSTEM, year_from=f, year_to=t, unit_code=u
            ).as_json(),
            args.repeat,
        )
        print(f"{label:44} {summary:>7.3f} {floor:>7.3f} {summary / floor:>6.2f}")
    _lineage_figures(last - 4, last, args.repeat)


if __name__ == "__main__":
    main()
