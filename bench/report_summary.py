"""`make bench` (python -m bench.report_summary): the period summary over the province of
bench.pages (100,000 people, 15 years, about 1.4 million award records), next to its floor.

The floor is the bare `SELECT award_type_id, COUNT(DISTINCT …), COUNT(…) … GROUP BY
award_type_id` of the same rows in the same run: what the database must do at the least.
Figures: the whole province over 10 years, a district's subtree over 5 years (its people
counted where they served on each decision's date), each the median of --repeat runs after
one warm-up. The issue's goal: under 1 s, within 2× of the floor. It reports, it does not
judge.

Then the summary read through lineage (issue 15), on the demo's own merger: Công an tỉnh
Lâm Giang (LG-CAT) merged into Công an tỉnh Sơn Hà (CAT) on 01/07 of the reference year
(docs/lineage.md). CAT's report with lineage (its subtree and LG-CAT's) is timed against the
same figures without lineage — its own report (--own-only) plus LG-CAT's — and the whole
province with lineage against --own-only. Goal: within 1.5×.

Then the report of the top unit (issue 14: the scope of council members and read-only
accounts), whose subtrees with LG-CAT's hold every unit: the whole record, read the fast way
(reports.selectors.covers_every_unit) against the subtree way it took before (people counted
through their assignments; the check switched off for the run) and the province without a
unit, in turn in the same run; the two ways must give the same figures (checked).

Then the unit tree on a date (`/don-vi/?ngay=dd/mm/yyyy`, org.selectors.tree_on), fetched
through django.test.Client as an administrator, on a reorganisation made for the run and rolled back (the second commune in
force merged into the first, a unit under the third moved under the first if it has one, and
an Đổi tên of the first): the day before it and the day it takes effect, each against the
same page without `ngay` (the current tree), timed in turn in the same run. `--part` runs
one part.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

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


def _medians_in_turn(funcs: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Each function once to warm up, then `repeat` rounds running them one after the other:
    on a loaded machine the figures compared with each other see the same load."""
    for func in funcs.values():
        func()
    times: dict[str, list[float]] = {name: [] for name in funcs}
    for _ in range(repeat):
        for name, func in funcs.items():
            started = time.perf_counter()
            func()
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in times.items()}


def _floor(year_from: int, year_to: int):
    from django.db import connection

    def run():
        with connection.cursor() as cursor:
            cursor.execute(FLOOR_SQL, [year_from, year_to])
            return cursor.fetchall()

    return run


def _district() -> str:
    """The first district by path (ended on 28/02 of the reference year: its people until then)."""
    from thidua.org.choices import UnitKind
    from thidua.org.models import Unit

    districts = Unit.objects.filter(kind=UnitKind.DISTRICT).order_by("path")
    return districts.values_list("code", flat=True).first()


def _units_in_force(count: int = 2) -> list[str]:
    from thidua.org.choices import UnitKind
    from thidua.org.models import Unit

    return list(
        Unit.objects.filter(kind=UnitKind.COMMUNE, active_to__isnull=True)
        .order_by("path")
        .values_list("code", flat=True)[:count]
    )


class _RollBack(Exception):
    """Ends the lineage figures' transaction: the bench database keeps no reorganisation."""


def _reorganise_units(last: int, *, with_move_and_rename: bool = False) -> tuple[str, str]:
    """The second commune in force merged into the first from 1 January after `last` (and,
    when asked, a unit under the third moved under the first, the first renamed). Call it
    inside a transaction that is rolled back. Returns the codes (kept, merged)."""
    import datetime as dt

    from thidua.org.choices import EdgeKind
    from thidua.org.lineage import EdgeInput, reorganise
    from thidua.org.models import Unit

    codes = _units_in_force(3 if with_move_and_rename else 2)
    keep, merged = (Unit.objects.get(code=code) for code in codes[:2])
    edges = [EdgeInput(EdgeKind.MERGE, merged, keep)]
    if with_move_and_rename:
        third = Unit.objects.get(code=codes[2])
        child = Unit.objects.filter(parent=third).order_by("path").first()
        if child is not None:
            edges.append(EdgeInput(EdgeKind.MOVE, child, new_parent=keep))
        edges.append(EdgeInput(EdgeKind.RENAME, keep, new_name=f"{keep.name} (sau sắp xếp)"))
    reorganise(effective_date=dt.date(last + 1, 1, 1), basis="BENCH/QĐ-BCA", edges=edges)
    return keep.code, merged.code


def _lineage_figures(first: int, last: int, repeat: int) -> None:
    """The summary with and without lineage, over the demo's merged province."""
    from thidua.accounts.scope import SYSTEM
    from thidua.demo.units import OTHER_CODE, PROVINCE_CODE
    from thidua.reports.summary import period_summary

    def summary(unit, own_only=False):
        return lambda: period_summary(
            user=SYSTEM, year_from=first, year_to=last, unit_code=unit, own_only=own_only
        ).as_json()

    keep, merged = PROVINCE_CODE, OTHER_CODE
    print(f"\nĐọc qua sắp xếp tổ chức: {merged} đã sáp nhập vào {keep} (dữ liệu mẫu).")
    print(f"{'phép đo':44} {'qua sắp xếp':>11} {'không':>7} {'×':>6}")
    t = _medians_in_turn(
        {
            "own": summary(keep, own_only=True),
            "other": summary(merged, own_only=True),
            "through": summary(keep),
            "province_through": summary(None),
            "province_own": summary(None, own_only=True),
        },
        repeat,
    )
    own, other, through = t["own"], t["other"], t["through"]
    label = f"{keep} (+ {merged}), {last - first + 1} năm"
    print(f"{label:44} {through:>11.3f} {own + other:>7.3f} {through / (own + other):>6.2f}")
    print(f"{'':44} {'':>11} {'':>7} (không = {keep} --own-only + {merged})")
    province_through, province_own = t["province_through"], t["province_own"]
    label = f"toàn tỉnh, {last - first + 1} năm"
    print(
        f"{label:44} {province_through:>11.3f} {province_own:>7.3f} "
        f"{province_through / province_own:>6.2f}"
    )


def _root_figures(first: int, last: int, repeat: int) -> None:
    """The top unit's report, fast and the old subtree way, next to the whole record."""
    import sys
    from unittest import mock

    from thidua.accounts.scope import SYSTEM
    from thidua.demo.units import PROVINCE_CODE
    from thidua.reports import selectors
    from thidua.reports.summary import period_summary

    def summary(unit):
        return lambda: period_summary(
            user=SYSTEM, year_from=first, year_to=last, unit_code=unit
        ).as_json()

    def subtree_way():
        with mock.patch.object(selectors, "covers_every_unit", return_value=False):
            return summary(PROVINCE_CODE)()

    counted = ("by_award", "totals", "by_year", "collective_titles")
    fast, old = summary(PROVINCE_CODE)(), subtree_way()
    if any(fast[key] != old[key] for key in counted):
        sys.exit(f"{PROVINCE_CODE}: hai cách đọc cho số liệu khác nhau.")
    t = _medians_in_turn(
        {"fast": summary(PROVINCE_CODE), "old": subtree_way, "whole": summary(None)}, repeat
    )
    years = f"{last - first + 1} năm"
    print(
        f"\nBáo cáo của đơn vị gốc {PROVINCE_CODE} (phạm vi Hội đồng, tài khoản chỉ xem), {years}:"
    )
    print(f"{'phép đo':44} {'giây':>7} {'× cả sổ':>8}")
    for label, key in (
        (f"{PROVINCE_CODE}, đọc như cả sổ (nay)", "fast"),
        (f"{PROVINCE_CODE}, đọc theo cây (trước)", "old"),
        ("cả sổ, không chọn đơn vị", "whole"),
    ):
        print(f"{label:44} {t[key]:>7.3f} {t[key] / t['whole']:>8.2f}")
    print(f"{'trước / nay':44} {t['old'] / t['fast']:>7.2f}×  (cùng số liệu)")


def _tree_figures(last: int, repeat: int) -> None:
    """The unit tree on the day before a reorganisation and on its day, against the tree
    without a date, through the test client; the reorganisation is rolled back."""
    import datetime as dt
    import sys

    from django.db import transaction
    from django.test import Client
    from django.urls import reverse

    from bench.pages import _admin

    client = Client()
    client.force_login(_admin())
    url = reverse("org:unit_list")
    effective = dt.date(last + 1, 1, 1)
    try:
        with transaction.atomic():
            keep, merged = _reorganise_units(last, with_move_and_rename=True)
            print(
                f"\nCây đơn vị theo ngày (/don-vi/?ngay=…): {merged} sáp nhập vào {keep}, "
                f"một đơn vị chuyển về {keep}, {keep} đổi tên, từ {effective:%d/%m/%Y} "
                "(rồi hoàn tác). Trung vị, lần lượt từng trang."
            )
            before, after = (f"{d:%d/%m/%Y}" for d in (effective - dt.timedelta(days=1), effective))
            pages = [
                ("/don-vi/ (mốc: cây hiện tại)", {}),
                (f"?ngay={before} (hôm trước)", {"ngay": before}),
                (f"?ngay={after} (ngày sắp xếp)", {"ngay": after}),
            ]
            rows = {}
            for label, params in pages:  # the check; _medians_in_turn warms up
                response = client.get(url, params)
                if response.status_code != 200:
                    sys.exit(f"{label}: HTTP {response.status_code}")
                rows[label] = response.content.count(b"<tr") - 1
            medians = _medians_in_turn(
                {label: (lambda p=params: client.get(url, p)) for label, params in pages}, repeat
            )
            base = medians[pages[0][0]]
            print(f"{'trang':44} {'đơn vị':>7} {'ms':>7} {'× mốc':>6}")
            for label, _ in pages:
                ms = medians[label]
                print(f"{label:44} {rows[label]:>7} {ms * 1000:>7.1f} {ms / base:>6.2f}")
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
    parser.add_argument(
        "--part",
        choices=["all", "summary", "lineage", "root", "tree"],
        default="all",
        help="only the summary against its floor, the lineage summary, the top unit's "
        "summary or the unit tree",
    )
    args = parser.parse_args(argv)
    sqlite_path = _configure(args.people, args.seed, args.years)

    import django

    django.setup()
    _ensure_data(args.people, args.seed, sqlite_path, args.years)
    from thidua.awards.models import Award

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
    if args.part in ("all", "summary"):
        _floor_figures(cases, args.repeat)
    if args.part in ("all", "lineage"):
        _lineage_figures(last - 4, last, args.repeat)
    if args.part in ("all", "root"):
        _root_figures(last - 4, last, args.repeat)
    if args.part in ("all", "tree"):
        _tree_figures(last, args.repeat)


def _floor_figures(cases, repeat: int) -> None:
    from thidua.accounts.scope import SYSTEM
    from thidua.reports.summary import period_summary

    print(f"{'phép đo':44} {'giây':>7} {'sàn':>7} {'× sàn':>6}")
    for label, first, to, unit in cases:
        floor = _median(_floor(first, to), repeat)
        summary = _median(
            lambda f=first, t=to, u=unit: period_summary(
                user=SYSTEM, year_from=f, year_to=t, unit_code=u
            ).as_json(),
            repeat,
        )
        print(f"{label:44} {summary:>7.3f} {floor:>7.3f} {summary / floor:>6.2f}")


if __name__ == "__main__":
    main()
