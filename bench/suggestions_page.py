"""Suggestions page benchmark (`make bench`: python -m bench.suggestions_page).

The page "Đề xuất khen thưởng" (eligibility:proposals) for the whole province, on the force
of bench.eligibility (100,000 people, 2,000 units, 15 years; the same database file under
var/bench-elig, generated on the first run of either bench). Figures, each the median of
--repeat runs after a warm-up, wall-clock seconds, all in the same run:

- the floor (bench.eligibility (a)): the history rows of a whole-force load, read, nothing built;
- the plain sweep: load the History and judge every award type (engine.evaluate), as before
  issue 12 — no quotas, no ranking;
- the sweep of the page: services.eligibility_report (quotas counted, lists ranked);
- the page, cold: the first view after a write to the record (a yearly result's note changed
  and changed back, outside the timing: the history stamp moves, the cached list is stale);
- the page, warm: the same view again (the list from the cache);
- the same two for one award type (the largest group, page 1 and a deep page);
- a yardstick: /healthz, a request that reads nothing.
It prints figures and ratios; it asserts nothing. run() must be called before Django is set up
in the process (it chooses the database).
"""

from __future__ import annotations

import argparse
import os
import pickle
import statistics
import sys
import time
from collections.abc import Callable

from bench import eligibility as elig
from bench.common import environment_line
from thidua.lib.vntext import thousands


def _median(
    work: Callable[[], object], repeat: int, before: Callable[[], object] | None = None
) -> float:
    """Median wall seconds of `work` over `repeat` runs after one warm-up; `before` runs
    ahead of each (untimed)."""
    if before:
        before()
    work()
    times = []
    for _ in range(repeat):
        if before:
            before()
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _paired(a: Callable[[], object], b: Callable[[], object], repeat: int):
    """Medians of `a` and `b` run in turn (a b a b …, after one warm-up of each), and the
    median of the ratios b/a pair by pair: a drift of the machine's speed moves both."""
    a(), b()
    times_a, times_b = [], []
    for _ in range(repeat):
        for work, times in ((a, times_a), (b, times_b)):
            started = time.perf_counter()
            work()
            times.append(time.perf_counter() - started)
    ratios = [tb / ta for ta, tb in zip(times_a, times_b)]
    return statistics.median(times_a), statistics.median(times_b), statistics.median(ratios)


def _client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client()
    client.force_login(user)
    return client


def _writer(year: int) -> Callable[[], None]:
    """A write that moves the history stamp and leaves the record as it was: one yearly
    result's note set and cleared again through the service (two history rows)."""
    from thidua.awards.models import YearlyResult
    from thidua.awards.services import yearly_result_save

    row = YearlyResult.objects.filter(year=year, person__isnull=False).select_related("person")
    row = row.select_related("title").order_by("pk").first()

    def write() -> None:
        for note in ("bench", row.note):
            yearly_result_save(
                year=row.year,
                person=row.person,
                appraisal=row.appraisal,
                title=row.title,
                note=note,
            )

    return write


def run(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.suggestions_page", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--people", type=int, default=100_000, help="số cán bộ sinh ra")
    parser.add_argument("--units", type=int, default=2_000, help="số đơn vị")
    parser.add_argument("--years", type=int, default=15, help="số năm lịch sử")
    parser.add_argument("--year", type=int, default=2024, help="năm được xét (năm cuối)")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=5, help="số lần đo mỗi phép")
    args = parser.parse_args(argv)
    os.environ["ALLOWED_HOSTS"] = "testserver"  # the page is fetched with the test client
    sqlite_path = elig._configure(args)

    import django

    django.setup()
    from django.conf import settings
    from django.urls import reverse

    from thidua.accounts.scope import SYSTEM
    from thidua.eligibility import suggestions
    from thidua.eligibility.loader import load_history, read_only
    from thidua.eligibility.services import eligibility_report
    from thidua.rules.engine import evaluate, gc_paused

    elig._ensure_data(args, sqlite_path)
    print(environment_line())
    year, repeat = args.year, args.repeat
    client, write = _client(), _writer(year)
    url = reverse("eligibility:proposals")

    def plain() -> int:
        with gc_paused():
            loaded = load_history(year)
            return len(evaluate(loaded.history, year, only_eligible=True))

    def view(**params) -> Callable[[], object]:
        def get():
            response = client.get(url, {"year": year, **params})
            assert response.status_code == 200, response.status_code
            return response

        return get

    everything = suggestions.proposals(user=SYSTEM, year=year)
    largest = max(everything.groups, key=lambda g: g.count)
    deep = max((largest.count - 1) // suggestions.PAGE_SIZE + 1, 1) // 2 or 1
    one, one_deep = {"award": largest.code}, {"award": largest.code, "page": deep}
    if largest.choices:  # alternatives: one of their award types
        one["award"] = one_deep["award"] = largest.choices[0][0]

    plain_s, sweep_s, ratio = _paired(
        plain, lambda: eligibility_report(user=SYSTEM, year=year), repeat
    )
    rows = [
        ("(a) sàn: chỉ đọc các dòng lịch sử", _median(lambda: read_only(year), repeat)),
        ("(p) quét thường: nạp + xét mọi loại (không chỉ tiêu)", plain_s),
        ("(b) quét của trang: có chỉ tiêu, thứ tự gợi ý", sweep_s),
        ("Trang, mọi loại — lạnh (sau một lần ghi)", _median(view(), repeat, write)),
        ("Trang, mọi loại — ấm (xem lại)", _median(view(), repeat)),
        (f"Trang, {largest.name}, trang 1 — lạnh", _median(view(**one), repeat, write)),
        (f"Trang, {largest.name}, trang 1 — ấm", _median(view(**one), repeat)),
        (f"Trang, {largest.name}, trang {deep} — ấm", _median(view(**one_deep), repeat)),
        ("Mốc: /healthz", _median(lambda: client.get("/healthz"), repeat)),
    ]
    figures = dict(rows)
    print(
        f"\nNăm xét {year}; {thousands(everything.total)} đề xuất trong "
        f"{len(everything.groups)} nhóm; nhóm lớn nhất: {largest.name} "
        f"({thousands(largest.count)}). Trung vị của {repeat} lần đo sau 1 lần khởi động, giây:"
    )
    for label, seconds in rows:
        print(f"{label:58} {seconds:9.3f}")
    cold, warm = figures[rows[3][0]], figures[rows[4][0]]
    healthz = figures[rows[-1][0]]
    print(
        f"\n(b)/(p) = {ratio:.2f}   mục tiêu ≤ 1,2 (trung vị của tỉ số từng cặp đo xen kẽ: "
        "quét có chỉ tiêu / quét thường)"
    )
    print(f"lạnh/(b) = {cold / sweep_s:.2f}   trang lạnh so với lượt quét")
    print(f"ấm = {warm * 1000:.0f} ms = {warm / healthz:.0f} × /healthz   mục tiêu < 1 s")
    view()()  # the whole province's entry back in the cache, to weigh it
    head = suggestions.proposals(user=SYSTEM, year=year)
    print(
        f"Bộ đệm của trang mọi loại: {thousands(len(pickle.dumps(head)))} byte "
        f"(bộ đệm: {settings.CACHES['default']['BACKEND']})."
    )


if __name__ == "__main__":
    run(sys.argv[1:])
