"""`make bench` (python -m bench.pages): page times on a generated province of 100,000 people.

The province has 15 years of award history (`thidua demo --years 15`: about 1.4 million
award records), so the profile figure is the one issue 3 asks for: the profile of the
person with the longest record, in a database of more than 1,000,000 award records.

Runs in its own data directory (var/bench) with its own SQLite database, one file per
(people, years, seed), kept between runs so only the first run pays for the generation. With
DATABASE_URL set it measures that database instead (PostgreSQL): it must be empty or a
database this bench filled before. Pages are fetched through django.test.Client as an
administrator; each figure is the median of --repeat runs after one warm-up, next to two
baselines measured in the same run. No thresholds: it reports, it does not judge.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.common import ROOT, configure, environment_line
from thidua.lib.vntext import thousands

BENCH_DIR = ROOT / "var" / "bench"
SEARCH = "nguyen van an"
DEEP_PAGE = 500
YEARS = 15
AWARD_GOAL = 1_000_000  # issue 3: "a database of 1,000,000 award records"


def _configure(people: int, seed: int, years: int = YEARS) -> Path | None:
    """Environment for settings, set before Django reads them. Returns the SQLite file."""
    os.environ["ALLOWED_HOSTS"] = "testserver"  # the pages are fetched with the test client
    return configure(BENCH_DIR, f"bench-{people}-y{years}-s{seed}.sqlite3")


@dataclass
class Figure:
    label: str
    rows: int | None
    times: list[float]
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def _measure(func: Callable[[], object], repeat: int) -> list[float]:
    func()  # warm-up: caches, template loading, SQLite pages
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return times


def _marker(sqlite_path: Path | None) -> Path:
    from django.db import connection

    if sqlite_path is not None:
        return sqlite_path.with_suffix(".key")
    settings = connection.settings_dict
    where = f"{settings['HOST']}-{settings['PORT']}-{settings['NAME']}"
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", where)
    return BENCH_DIR / f"pg-{name}.key"


def _marker_matches(marker: Path, key: str) -> bool:
    return marker.exists() and marker.read_text() == key


def _ensure_data(people: int, seed: int, sqlite_path: Path | None, years: int = YEARS) -> None:
    """Generate the province unless this database already holds the same one."""
    from django.core.management import call_command

    from thidua.demo.awards import DATA_VERSION
    from thidua.demo.builder import build_demo
    from thidua.org.models import Person, Unit

    key = f"people={people} years={years} seed={seed} demo=v{DATA_VERSION}"
    if sqlite_path is not None and not _marker_matches(_marker(sqlite_path), key):
        # A stale bench file (older generator): starting afresh beats deleting 5M rows.
        for path in (sqlite_path, *(Path(f"{sqlite_path}{x}") for x in ("-wal", "-shm"))):
            path.unlink(missing_ok=True)
    call_command("migrate", verbosity=0, interactive=False)
    marker = _marker(sqlite_path)
    has_units = Unit.objects.exists()
    same = _marker_matches(marker, key)
    if has_units and same and Person.objects.count() == people:
        print(f"Dùng lại dữ liệu đã sinh ({key}).")
        return
    if has_units and sqlite_path is None and not marker.exists():
        # Never flush a PostgreSQL database this bench did not fill itself.
        sys.exit(
            "DATABASE_URL trỏ tới một CSDL đã có dữ liệu khác; hãy dùng một CSDL trống cho bench."
        )
    if has_units:
        call_command("flush", verbosity=0, interactive=False)
    print(
        f"Sinh dữ liệu mẫu: {thousands(people)} cán bộ, {years} năm khen thưởng, seed {seed} "
        "(chỉ lần đầu)…"
    )
    started = time.perf_counter()
    build_demo(people=people, seed=seed, years=years, stdout=sys.stdout)
    print(f"Sinh xong trong {time.perf_counter() - started:.1f} giây.")
    marker.write_text(key)


def _admin():
    from thidua.accounts.models import Role, User

    user, _ = User.objects.get_or_create(
        username="bench-admin",
        defaults={"role": Role.ADMIN, "is_superuser": True, "is_staff": True},
    )
    return user


def _figures(repeat: int) -> tuple[list[Figure], Figure, Figure]:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from thidua.org.models import Person
    from thidua.org.selectors import search_people

    client = Client()
    client.force_login(_admin())
    url = reverse("org:person_list")
    total = Person.objects.count()
    matches = search_people(Person.objects.all(), SEARCH).count()
    deep = max(1, min(DEEP_PAGE, -(-total // 50)))
    pages = [
        (f"Trang tìm kiếm ?q={SEARCH}", {"q": SEARCH}, {}, matches),
        ("  cùng tìm kiếm, mảnh HTMX", {"q": SEARCH}, {"HX-Request": "true"}, matches),
        ("Danh sách cán bộ, trang 1", {}, {}, total),
        (f"Danh sách cán bộ, trang {deep}", {"page": deep}, {}, total),
    ]
    figures = []
    for label, params, headers, rows in pages:
        response = client.get(url, params, headers=headers)
        if response.status_code != 200:
            sys.exit(f"{label}: HTTP {response.status_code}")
        size = f"{len(response.content) / 1024:.0f} KB"
        times = _measure(lambda p=params, h=headers: client.get(url, p, headers=h), repeat)
        figures.append(Figure(label, rows, times, size))
    figures += _profile_figures(client, repeat)

    table = connection.ops.quote_name(Person._meta.db_table)

    def count_people() -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            cursor.fetchone()

    healthz = Figure(
        "Mốc 1: trang /healthz", None, _measure(lambda: client.get("/healthz"), repeat)
    )
    count = Figure("Mốc 2: SELECT COUNT(*) cán bộ", total, _measure(count_people, repeat))
    return figures, healthz, count


def _profile_figures(client, repeat: int) -> list[Figure]:
    """The two pages that show one person's whole record, for the person with the most
    award records; "số dòng" is that person's number of awards."""
    from django.db.models import Count
    from django.urls import reverse

    from thidua.awards.models import Award
    from thidua.org.models import Person

    total = Award.objects.count()
    top = (
        Award.objects.filter(person__isnull=False)
        .values("person")
        .annotate(n=Count("id"))
        .order_by("-n", "person")
        .first()
    )
    if top is None:
        print("Không có khen thưởng nào: bỏ qua phép đo hồ sơ.")
        return []
    person = Person.objects.get(pk=top["person"])
    results = person.yearly_results.count()
    print(
        f"Khen thưởng trong CSDL: {thousands(total)}"
        + (
            ""
            if total >= AWARD_GOAL
            else f" (ít hơn {thousands(AWARD_GOAL)}: tăng --people hoặc --years)"
        )
        + f"; hồ sơ đo: {person.code} ({thousands(top['n'])} khen thưởng, {results} năm "
        "xếp loại)."
    )
    pages = [
        (
            "Hồ sơ khen thưởng (awards:person_history)",
            reverse("awards:person_history", args=[person.code]),
        ),
        ("Hồ sơ cán bộ (org:person_detail)", reverse("org:person_detail", args=[person.pk])),
    ]
    figures = []
    for label, url in pages:
        response = client.get(url)
        if response.status_code != 200:
            sys.exit(f"{label}: HTTP {response.status_code}")
        size = f"{len(response.content) / 1024:.0f} KB"
        figures.append(Figure(label, top["n"], _measure(lambda u=url: client.get(u), repeat), size))
    return figures


def _ms(seconds: float) -> str:
    ms = seconds * 1000
    return f"{ms:.1f}" if ms >= 10 else f"{ms:.2f}" if ms >= 0.1 else f"{ms:.3f}"


def _print_table(figures: list[Figure], healthz: Figure, count: Figure, repeat: int) -> None:
    print(f"\nTrung vị của {repeat} lần đo (sau 1 lần khởi động), mili giây:")
    header = (
        f"{'phép đo':42} {'số dòng':>9} {'trung vị':>9} {'min':>8} {'max':>8} "
        f"{'×healthz':>9} {'×COUNT':>7}  {'cỡ':>6}"
    )
    print(header)
    print("-" * len(header))
    for f in figures + [healthz, count]:
        rows = "" if f.rows is None else thousands(f.rows)
        print(
            f"{f.label:42} {rows:>9} {_ms(f.median):>9} "
            f"{_ms(min(f.times)):>8} {_ms(max(f.times)):>8} "
            f"{f.median / healthz.median:>9.1f} {f.median / count.median:>7.1f}  {f.note:>6}"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.pages", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument(
        "--years", type=int, default=YEARS, help=f"số năm lịch sử khen thưởng (mặc định {YEARS})"
    )
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args(argv)
    sqlite_path = _configure(args.people, args.seed, args.years)

    import django

    django.setup()
    _ensure_data(args.people, args.seed, sqlite_path, args.years)
    print(environment_line())
    figures, healthz, count = _figures(args.repeat)
    _print_table(figures, healthz, count, args.repeat)


if __name__ == "__main__":
    main()
