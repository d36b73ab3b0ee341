"""Eligibility benchmark (`make bench`: python -m bench.eligibility).

A generated force (default 100,000 people, 2,000 units, 15 years of history, see
eligibility_data.py) in its own data directory var/bench-elig, one SQLite file per shape and seed,
kept between runs. With DATABASE_URL it uses that database instead (PostgreSQL): it must be
empty or one this bench filled. Three figures, medians of --repeat runs after a warm-up:

(a) floor: the history rows of a whole-force load, read as plain rows, nothing built;
(b) sweep: every individual and collective award type for one year, as `thidua eligibility
    --year Y` does it (load the History, run the engine, keep the eligible);
(c) naive: three rules (CSTĐCS, CSTĐ CAND, HCCSVV) written the obvious way with the ORM,
    queries per person, timed on a sample and extrapolated linearly to the whole force.
It prints figures and ratios; it asserts nothing. run() must be called before Django is set
up in the process (it chooses the database).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench.common import ROOT, configure, environment_line
from thidua.lib.vntext import thousands

BENCH_DIR = ROOT / "var" / "bench-elig"


def _configure(args) -> Path | None:
    if "django" in sys.modules and _django_ready():
        sys.exit(
            "bench.eligibility phải chạy trong một tiến trình riêng "
            "(nó tự chọn CSDL trước khi nạp Django)."
        )
    return configure(
        BENCH_DIR, f"elig-{args.people}p-{args.units}u-{args.years}y-s{args.seed}.sqlite3"
    )


def _django_ready() -> bool:
    from django.apps import apps

    return apps.ready


def _key(args) -> str:
    return (
        f"people={args.people} units={args.units} years={args.years} "
        f"last={args.year} seed={args.seed}"
    )


def _ensure_data(args, sqlite_path: Path | None) -> None:
    from django.core.management import call_command
    from django.db import connection

    from bench.eligibility_data import generate
    from thidua.org.models import Unit

    call_command("migrate", verbosity=0, interactive=False)
    if sqlite_path is not None:
        marker = sqlite_path.with_suffix(".key")
    else:
        s = connection.settings_dict
        marker = BENCH_DIR / f"pg-{s['HOST']}-{s['PORT']}-{s['NAME']}.key".replace("/", "_")
    has_data = Unit.objects.exists()
    if has_data and marker.exists() and marker.read_text() == _key(args):
        print(f"Dùng lại dữ liệu đã sinh ({_key(args)}).")
        return
    if has_data and not marker.exists():
        sys.exit("CSDL đã có dữ liệu khác; hãy dùng một CSDL trống cho bench.")
    if has_data:
        call_command("flush", verbosity=0, interactive=False)
        call_command("migrate", verbosity=0, interactive=False)  # reloads the catalogue
    print(f"Sinh dữ liệu ({_key(args)}), chỉ lần đầu…")
    started = time.perf_counter()
    counts = generate(
        people=args.people,
        units=args.units,
        last_year=args.year,
        years=args.years,
        seed=args.seed,
        say=print,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"Sinh xong trong {time.perf_counter() - started:.0f} giây: "
        + ", ".join(f"{thousands(n)} {name}" for name, n in counts.items())
    )
    marker.write_text(_key(args))


class Figure:
    """Wall-clock and CPU seconds (this process: Python and SQLite, not a database server)
    of `repeat` runs after a warm-up; the CPU figure is steadier on a busy machine."""

    def __init__(self, work: Callable[[], object], repeat: int):
        self.result = work()  # warm-up: imports, packs, database cache
        self.wall: list[float] = []
        self.cpu: list[float] = []
        for _ in range(repeat):
            self.result = None  # one History alive at a time, as in a real run
            wall, cpu = time.perf_counter(), time.process_time()
            self.result = work()
            self.wall.append(time.perf_counter() - wall)
            self.cpu.append(time.process_time() - cpu)

    @property
    def median(self) -> float:
        return statistics.median(self.wall)

    @property
    def median_cpu(self) -> float:
        return statistics.median(self.cpu)

    def __str__(self) -> str:
        return f"{self.median:8.2f} {self.median_cpu:8.2f}"


def _sweep(year: int) -> dict:
    """(b): what `thidua eligibility --year Y` does before printing."""
    from thidua.accounts.scope import SYSTEM  # loads models: only after setup()
    from thidua.eligibility.services import eligibility_report

    run = eligibility_report(user=SYSTEM, year=year)
    return {"verdicts": run.verdicts, "persons": len(run.loaded.history.persons)}


def run(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.eligibility", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--people", type=int, default=100_000, help="số cán bộ sinh ra")
    parser.add_argument("--units", type=int, default=2_000, help="số đơn vị")
    parser.add_argument("--years", type=int, default=15, help="số năm lịch sử")
    parser.add_argument("--year", type=int, default=2024, help="năm được xét (năm cuối)")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=5, help="số lần đo mỗi phép")
    parser.add_argument(
        "--sample",
        type=int,
        default=2_000,
        help="số người đo cách làm ngây thơ (ngoại suy tuyến tính)",
    )
    args = parser.parse_args(argv)
    sqlite_path = _configure(args)

    import django

    django.setup()
    from bench import eligibility_naive
    from thidua.eligibility.loader import load_history, read_only

    _ensure_data(args, sqlite_path)
    print(environment_line())
    floor = Figure(lambda: read_only(args.year), args.repeat)
    load = Figure(lambda: load_history(args.year), args.repeat)
    sweep = Figure(lambda: _sweep(args.year), args.repeat)
    sample = eligibility_naive.sample_ids(args.year, args.sample)
    naive = Figure(lambda: eligibility_naive.judge(sample, args.year), args.repeat)
    agreement = eligibility_naive.compare(naive.result, sweep.result["verdicts"], sample)
    _report(args, floor, load, sweep, naive, len(sample), agreement)


def _report(
    args, floor: Figure, load: Figure, sweep: Figure, naive: Figure, sampled: int, agreement: str
) -> None:
    from thidua.eligibility.loader import lookback

    persons = sweep.result["persons"]
    scale = persons / max(sampled, 1)
    years = lookback(args.year)
    read = "toàn bộ hồ sơ" if years is None else f"{years} năm gần nhất"
    print(
        f"\nNăm xét {args.year}; {thousands(persons)} người đang công tác, {thousands(args.units)} đơn vị; "
        f"bộ nạp đọc {read} (gói quy tắc cần)."
    )
    print(
        f"Trung vị của {args.repeat} lần đo sau 1 lần khởi động, giây "
        "(thời gian thực | CPU của tiến trình):"
    )
    rows = [
        (f"(a) sàn: chỉ đọc các dòng lịch sử ({thousands(floor.result)} dòng)", floor),
        ("    bộ nạp: đọc và dựng History", load),
        ("(b) quét cả năm, mọi loại khen thưởng cá nhân, tập thể", sweep),
        (f"(c) ngây thơ, 3 quy tắc, đo thật trên {thousands(sampled)} người", naive),
    ]
    for label, figure in rows:
        print(f"{label:62} {figure}")
    print(
        f"{'    ngoại suy tuyến tính ×' + f'{scale:.1f} cho {thousands(persons)} người':62} "
        f"{naive.median * scale:8.1f} {naive.median_cpu * scale:8.1f}"
    )
    print(
        f"(b) cho {thousands(len(sweep.result['verdicts']))} kết luận đủ điều kiện; "
        f"(c) khớp với engine: {agreement}"
    )
    wall, cpu = sweep.median / floor.median, sweep.median_cpu / floor.median_cpu
    print(f"\n(b)/(a) = {wall:.2f} (CPU {cpu:.2f})   mục tiêu < 2")
    wall = naive.median * scale / sweep.median
    cpu = naive.median_cpu * scale / sweep.median_cpu
    print(
        f"(c)/(b) = {wall:.1f} (CPU {cpu:.1f})   cách làm ngây thơ chỉ xét 3 quy tắc, "
        "engine xét mọi loại"
    )
    verdict = "dưới" if sweep.median < 10 else "trên"
    print(f"(b) = {sweep.median:.2f} s: {verdict} mục tiêu 10 giây.")


if __name__ == "__main__":
    run(sys.argv[1:])
