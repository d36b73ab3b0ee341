"""Issue 3 bench: importing 100,000 award rows, against the floor of reading the file.

run(argv) prints, as medians of --repeat runs: python-calamine alone reading the workbook
(the floor), a dry run (read + plan), a real import into a fresh copy of the database, a
re-import of the same file into that copy (everything unchanged), and the ratio of each to
the floor (issue 3 goal: import ≤ 5× the floor).

Data live in their own directory (var/bench-import, THIDUA_VAR_DIR set before Django
starts): a demo province built with thidua.demo.build_demo (kept between runs) and a
workbook generated deterministically from its people and units (kept too). On SQLite each
real import works on a copy of the database file; with DATABASE_URL (PostgreSQL) it runs
inside a transaction that is rolled back afterwards.

Run it in its own process (`python -m bench.awards_import`): the data directory
must be set before Django reads its settings. Called from a process where Django is
already set up, run() starts that process itself.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from bench.common import ROOT, configure
from thidua.lib.vntext import thousands

BENCH_DIR = ROOT / "var" / "bench-import"
HEADERS = [
    "Số quyết định",
    "Ngày quyết định",
    "Thẩm quyền",
    "Hình thức khen thưởng",
    "Đối tượng",
    "Mã",
    "Họ và tên / Tên tập thể",
    "Mã đơn vị",
    "Năm",
    "Thành tích",
]
PER_DECISION = 50
# (catalogue name as written in the file, individual?, share of decisions)
FORMS = [
    ("CSTĐCS", True, 0.35),
    ("Chiến sĩ tiên tiến", True, 0.35),
    ("Giấy khen của Giám đốc Công an tỉnh", True, 0.2),
    ("Bằng khen Bộ trưởng", True, 0.05),
    ("Đơn vị tiên tiến", False, 0.05),
]


def _configure(people: int, seed: int) -> Path | None:
    return configure(BENCH_DIR, f"base-{people}-s{seed}.sqlite3")


def _ensure_base(people: int, seed: int, sqlite_path: Path | None) -> None:
    from django.core.management import call_command

    from thidua.demo.builder import build_demo
    from thidua.org.models import Person, Unit

    call_command("migrate", verbosity=0, interactive=False)
    if Unit.objects.exists():
        if Person.objects.count() != people:
            sys.exit("CSDL bench đã có dữ liệu khác: xoá var/bench-import hoặc dùng CSDL trống.")
        return
    print(f"Sinh tỉnh mẫu {people} cán bộ (chỉ lần đầu)…", flush=True)
    started = time.perf_counter()
    build_demo(people=people, seed=seed, years=1, stdout=sys.stdout)
    print(f"Sinh xong trong {time.perf_counter() - started:.0f} giây.", flush=True)


def _workbook(rows: int, seed: int) -> Path:
    """A deterministic awards workbook of `rows` rows naming the base's people and units."""
    path = BENCH_DIR / f"awards-{rows}-s{seed}.xlsx"
    if path.exists():
        return path
    import xlsxwriter

    from thidua.org.models import Person, Unit

    rng = random.Random(f"bench-awards:{seed}")
    people = list(
        Person.objects.filter(unit__isnull=False)
        .order_by("code")
        .values_list("code", "full_name", "search_key", "unit__code")
    )
    names = Counter(p[2] for p in people)
    units = list(
        Unit.objects.exclude(parent=None)
        .order_by("code")
        .values_list("code", "name", "parent__code")
    )
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Khen thưởng")
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_string(0, 0, "DANH SÁCH KHEN THƯỞNG (dữ liệu đo tốc độ)")
    for col, header in enumerate(HEADERS):
        sheet.write_string(2, col, header)
    row, number = 3, 0
    while row - 3 < rows:
        number += 1
        form, individual, _ = rng.choices(FORMS, weights=[f[2] for f in FORMS])[0]
        year = rng.randint(2016, 2024)
        date = dt.date(year, 12, rng.randint(1, 28))
        pool = people if individual else units
        count = min(PER_DECISION, rows - (row - 3), len(pool))
        for pick in rng.sample(pool, count):
            period = f"{year - 4}-{year}" if rng.random() < 0.1 else year
            if individual:
                code, name, key, unit = pick
                if names[key] == 1 and rng.random() < 0.02:
                    code = ""  # found by name within the unit
            else:
                code, name, unit = pick
            kind = "Cá nhân" if individual else "Tập thể"
            cells = [
                f"{number}/QĐ-NK-{year}",
                date,
                "",
                form,
                kind,
                code,
                name,
                unit,
                period,
                f"Có thành tích xuất sắc năm {year}",
            ]
            for col, value in enumerate(cells):
                if isinstance(value, dt.date):
                    sheet.write_datetime(row, col, value, dates)
                elif isinstance(value, int):
                    sheet.write_number(row, col, value)
                elif value:
                    sheet.write_string(row, col, value)
            row += 1
    book.close()
    return path


def _floor(path: Path) -> None:
    from python_calamine import CalamineWorkbook

    for _ in CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).iter_rows():
        pass


def _timed(func: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = func()
    return time.perf_counter() - started, result


def _import_run(path: Path, sqlite_path: Path | None, run: int) -> tuple[float, float, object]:
    """(seconds of the import, seconds of re-importing it unchanged, the plan)."""
    from django.db import connection, transaction

    from thidua.accounts.scope import SYSTEM
    from thidua.imports.engine import run_import

    if sqlite_path is None:

        class Rollback(Exception):
            pass

        def import_and_check():
            plan = run_import("awards", path, user=SYSTEM)
            # Foreign keys are checked at commit (DEFERRABLE INITIALLY DEFERRED): check them
            # now, inside the timing, as the commit of a real import would.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            return plan

        try:
            with transaction.atomic():
                seconds, plan = _timed(import_and_check)
                again, _ = _timed(lambda: run_import("awards", path, dry_run=True, user=SYSTEM))
                raise Rollback
        except Rollback:
            pass
        return seconds, again, plan
    copy = BENCH_DIR / f"run-{run}.sqlite3"
    connection.close()
    shutil.copyfile(sqlite_path, copy)
    connection.settings_dict["NAME"] = str(copy)
    try:
        seconds, plan = _timed(lambda: run_import("awards", path, user=SYSTEM))
        again, _ = _timed(lambda: run_import("awards", path, dry_run=True, user=SYSTEM))
    finally:
        connection.close()
        connection.settings_dict["NAME"] = str(sqlite_path)
        copy.unlink(missing_ok=True)
    return seconds, again, plan


def run(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(
        prog="python -m bench.awards_import", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    from django.conf import settings

    if settings.configured:  # another bench set Django up on its own database
        subprocess.run(
            [sys.executable, "-m", "bench.awards_import", *(argv or [])], cwd=ROOT, check=True
        )
        return {}
    sqlite_path = _configure(args.people, args.seed)
    import django

    django.setup()
    from django.db import connection

    from thidua.accounts.scope import SYSTEM  # loads models: only after setup()
    from thidua.imports.engine import run_import

    _ensure_base(args.people, args.seed, sqlite_path)
    path = _workbook(args.rows, args.seed)
    _floor(path)  # warm the page cache: every figure reads a file already in memory
    times: dict[str, list[float]] = {
        "floor": [],
        "dry": [],
        "import": [],
        "again": [],
        "export": [],
    }
    from thidua.awards.models import Award
    from thidua.imports.engine import run_export

    exported = BENCH_DIR / "export.xlsx"
    award_count = Award.objects.count()
    for run_number in range(args.repeat):
        times["floor"].append(_timed(lambda: _floor(path))[0])
        seconds, plan = _timed(lambda: run_import("awards", path, dry_run=True, user=SYSTEM))
        if not plan.ok:
            sys.exit("Tệp đo có lỗi:\n" + "\n".join(map(str, plan.errors[:20])))
        times["dry"].append(seconds)
        seconds, again, plan = _import_run(path, sqlite_path, run_number)
        if not plan.applied or len(plan.creates) != args.rows:
            sys.exit(f"Nhập không đủ: {plan.summary()}")
        times["import"].append(seconds)
        times["again"].append(again)
        times["export"].append(_timed(lambda: run_export("awards", exported, user=SYSTEM))[0])
    medians = {k: statistics.median(v) for k, v in times.items()}
    exported.unlink(missing_ok=True)
    _report(args, medians, path, connection.vendor, award_count)
    return medians


def _report(args, medians: dict[str, float], path: Path, vendor: str, awards: int) -> None:
    floor = medians["floor"]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"\nNhập khen thưởng: {thousands(args.rows)} dòng ({path.stat().st_size / 1e6:.1f} MB), "
        f"{thousands(args.people)} cán bộ, {vendor}; Python {platform.python_version()}, "
        f"{os.cpu_count()} CPU, tải 1 phút {load:.2f}. Trung vị của {args.repeat} lần."
    )
    labels = [
        ("floor", "python-calamine chỉ đọc tệp (sàn)"),
        ("dry", "chạy thử (--dry-run)"),
        (
            "import",
            "nhập thật (bản sao CSDL mới)"
            if vendor == "sqlite"
            else "nhập thật (giao dịch huỷ sau khi đo)",
        ),
        ("again", "nhập lại cùng tệp (không đổi, chạy thử)"),
        ("export", f"xuất {thousands(awards)} khen thưởng có sẵn"),
    ]
    print(f"{'phép đo':44} {'giây':>7} {'× sàn':>7}")
    for key, label in labels:
        print(f"{label:44} {medians[key]:>7.2f} {medians[key] / floor:>7.1f}")


if __name__ == "__main__":
    run(sys.argv[1:])
