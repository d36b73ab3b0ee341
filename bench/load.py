"""`make load` (python -m bench.load): 50 signed-in users against gunicorn + PostgreSQL.

On the province of bench.pages (100,000 people, 15 years of awards; THIDUA_LOAD_PEOPLE or
--people for a smaller one, generated once and kept, see bench/pages.py), in a PostgreSQL
database on this machine (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/thidua_load;
only 127.0.0.1 / localhost / a local socket: the load never leaves the machine):

1. builds or reuses the province, and 50 accounts of realistic roles (province officers,
   unit clerks of the largest units, council members and read-only accounts at the province);
2. starts gunicorn with the production settings (thidua/gunicorn_conf.py, `thidua serve`'s
   checks skipped) on 127.0.0.1 and waits for /healthz;
3. opens every page once per role (the plan must hold: a page a role may not open is left out
   of its round, and said so), then runs locust headless: --users users, spawned at
   --spawn-rate a second, for --duration seconds after the last has signed in (figures are
   reset once all have spawned), each pausing --think seconds between pages;
4. prints, and writes into docs/benchmarks.md (between the load markers), requests a second,
   median, 99th percentile and errors per page, with the machine's load during the run.

Goal of issue 14: zero errors, p99 under 500 ms on the 2-core machine. It reports; it does not
judge (the exit status is 0 when the run completed).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode, urlparse

from bench.common import ROOT, configure, environment_line
from bench.pages import BENCH_DIR, YEARS

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/thidua_load"
LOCAL_HOSTS = {"", "127.0.0.1", "localhost", "::1"}
PASSWORD = "tai-thu-tai-2026"  # the load accounts' password (they exist only in this database)
BENCHMARKS = ROOT / "docs" / "benchmarks.md"


def _markers(section: str) -> tuple[str, str]:
    name = f"make load{' ' + section if section else ''}"
    return f"<!-- {name}: begin -->", f"<!-- {name}: end -->"


PAGES = [
    "hồ sơ cán bộ",
    "tìm cán bộ",
    "danh sách cán bộ",
    "đề xuất khen thưởng",
    "báo cáo tổng kết",
]
# How many of the 50 users have each role (scaled to --users).
ROLE_SHARE = {"province_officer": 10, "unit_clerk": 30, "council_member": 5, "viewer": 5}
GOAL_P99_MS = 500


def _check_local(url: str) -> None:
    parsed = urlparse(url)
    if not parsed.scheme.startswith("postgres"):
        sys.exit(f"make load đo trên PostgreSQL: DATABASE_URL={url} không phải PostgreSQL.")
    if (parsed.hostname or "") not in LOCAL_HOSTS:
        sys.exit(f"make load chỉ chạy trên máy này: {parsed.hostname} không phải 127.0.0.1.")


def _ensure_database(url: str) -> None:
    """CREATE DATABASE when it does not exist yet (the bench fills it on first use)."""
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"Đã tạo CSDL {name}.")


# --- the accounts and what each opens --------------------------------------------------------


def _accounts(users: int) -> list:
    """The load accounts, created once, all with PASSWORD (hashed once)."""
    from django.contrib.auth.hashers import make_password
    from django.db.models import Count

    from thidua.accounts.models import Role, User
    from thidua.org.models import Unit

    # The province as it stands: the demo keeps the force it absorbed as a second, ended root.
    root = Unit.objects.get(depth=0, active_to__isnull=True)
    largest = list(
        Unit.objects.filter(depth=1, active_to__isnull=True)
        .annotate(n=Count("people"))
        .order_by("-n", "code")
        .values_list("code", flat=True)[:10]
    )
    total = sum(ROLE_SHARE.values())
    wanted: list[tuple[str, str, str | None]] = []
    for role, share in ROLE_SHARE.items():
        for i in range(max(1, round(users * share / total))):
            if role == Role.UNIT_CLERK:
                code = largest[i % len(largest)]
                wanted.append((f"load_{code.lower()}_{i:02d}", role, code))
            else:
                short = {"province_officer": "tinh", "council_member": "hoidong"}.get(role, "xem")
                unit = None if role == Role.PROVINCE_OFFICER else root.code
                wanted.append((f"load_{short}_{i:02d}", role, unit))
    wanted = wanted[:users]
    existing = set(
        User.objects.filter(username__startswith="load_").values_list("username", flat=True)
    )
    units = {u.code: u for u in Unit.objects.filter(code__in={c for _, _, c in wanted if c})}
    missing = [w for w in wanted if w[0] not in existing]
    if missing:
        hashed = make_password(PASSWORD)
        User.objects.bulk_create(
            User(username=name, role=role, unit=units.get(code), password=hashed)
            for name, role, code in missing
        )
    by_name = {u.username: u for u in User.objects.filter(username__in=[w[0] for w in wanted])}
    return [by_name[name] for name, _, _ in wanted]


def _pages_of(user, rng: random.Random, year: int) -> dict[str, list[str]]:
    """The addresses this account opens: people of its own scope, names that occur there."""
    from django.urls import reverse

    from thidua.accounts import scope

    people = scope.visible_people(user)
    total = people.count()
    ids = list(people.order_by("?").values_list("id", "full_name")[:200])
    if not ids:
        sys.exit(f"{user.username}: không thấy cán bộ nào (đơn vị {user.unit}).")
    names = sorted({" ".join(name.split()[-2:]) for _, name in ids})
    people_url = reverse("org:person_list")
    last_page = max(1, min(200, -(-total // 50)))
    return {
        "hồ sơ cán bộ": [reverse("org:person_detail", args=[pk]) for pk, _ in ids],
        "tìm cán bộ": [
            f"{people_url}?{urlencode({'q': n})}" for n in rng.sample(names, min(30, len(names)))
        ],
        "danh sách cán bộ": [
            f"{people_url}?page={p}"
            for p in sorted(rng.sample(range(1, last_page + 1), min(20, last_page)))
        ],
        "đề xuất khen thưởng": [f"{reverse('eligibility:proposals')}?year={year}"],
        # The form's defaults: the last five complete years, the account's whole scope.
        "báo cáo tổng kết": [
            f"{reverse('reports:summary')}?{urlencode({'year_from': year - 4, 'year_to': year})}"
        ],
    }


def _plan(users: int, seed: int, think: tuple[float, float], duration: int) -> dict:
    from django.urls import reverse

    from thidua.awards.models import Award

    rng = random.Random(seed)
    year = Award.objects.order_by("-year_to").values_list("year_to", flat=True).first()
    accounts = [
        {
            "username": u.username,
            "role": u.role,
            "unit": u.unit.code if u.unit else None,
            "pages": _pages_of(u, rng, year),
        }
        for u in _accounts(users)
    ]
    return {
        "seed": seed,
        "password": PASSWORD,
        "login_url": reverse("login"),
        "think_seconds": list(think),
        "users": users,
        "duration": duration,
        "settle": think[1],
        "year": year,
        "accounts": accounts,
    }


# --- the server ------------------------------------------------------------------------------


def _server_env(port: int, workers: int | None) -> dict[str, str]:
    env = dict(os.environ)
    env |= {
        "THIDUA_BIND": f"127.0.0.1:{port}",
        "ALLOWED_HOSTS": "127.0.0.1",
        "THIDUA_CACHE": env.get("THIDUA_CACHE", "file"),
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
    }
    if workers:
        env["THIDUA_WORKERS"] = str(workers)
    return env


def _start_gunicorn(port: int, workers: int | None, log: Path) -> subprocess.Popen:
    gunicorn = Path(sys.executable).parent / "gunicorn"
    if not gunicorn.exists():
        sys.exit(
            "Chưa cài gunicorn: make load cài nhóm [prod,load] (pip install -c constraints.txt -e '.[prod,load]')."
        )
    server = subprocess.Popen(
        [str(gunicorn), "--config", "python:thidua.gunicorn_conf"],
        env=_server_env(port, workers),
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        cwd=ROOT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn dừng (mã {server.returncode}); xem {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                if r.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    sys.exit(f"gunicorn không trả lời /healthz sau 120 giây; xem {log}")


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def _sign_in(session, base: str, plan: dict, username: str) -> None:
    page = session.get(base + plan["login_url"])
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    r = session.post(
        base + plan["login_url"],
        {
            "username": username,
            "password": plan["password"],
            "csrfmiddlewaretoken": token.group(1) if token else "",
        },
        headers={"Referer": base + plan["login_url"]},
        allow_redirects=False,
    )
    if r.status_code != 302:
        sys.exit(f"{username} không đăng nhập được (HTTP {r.status_code}).")


def _preflight(base: str, plan: dict) -> dict[str, str]:
    """Sign in as one account of each role and unit and open each of its pages once, as the
    first user of a unit would (the suggestions page is then in the shared cache): a page
    that answers 403/404 to a role leaves that role's round (returned, to be said); any other
    answer but 200 stops the run. Outside the figures."""
    import requests

    dropped: dict[str, str] = {}
    firsts: dict[tuple[str, str | None], dict] = {}
    for account in plan["accounts"]:
        firsts.setdefault((account["role"], account["unit"]), account)
    for (role, unit), account in firsts.items():
        session = requests.Session()
        _sign_in(session, base, plan, account["username"])
        for name, urls in list(account["pages"].items()):
            started = time.perf_counter()
            r = session.get(base + urls[0])
            ms = (time.perf_counter() - started) * 1000
            print(
                f"  {role:17} {unit or '(cả tỉnh)':10} {name:20} HTTP {r.status_code} {ms:7.0f} ms"
            )
            if r.status_code in (403, 404):
                dropped[f"{role}: {name}"] = f"HTTP {r.status_code}"
                for other in plan["accounts"]:
                    if other["role"] == role:
                        other["pages"].pop(name, None)
            elif r.status_code != 200:
                sys.exit(f"{account['username']} {urls[0]}: HTTP {r.status_code}")
    return dropped


class _LoadSampler(threading.Thread):
    """The machine's 1-minute load average, every 5 s while the run lasts."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.samples: list[float] = []
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(5):
            self.samples.append(os.getloadavg()[0])


def _run_locust(base: str, plan_file: Path, args, out: Path) -> None:
    locust = Path(sys.executable).parent / "locust"
    command = [
        str(locust),
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--host",
        base,
        "--users",
        str(args.users),
        "--spawn-rate",
        str(args.spawn_rate),
        # A bound only: the scenario stops itself `duration` s after the last sign-in.
        "--run-time",
        f"{args.duration + 900}s",
        "--stop-timeout",
        "10",
        "--csv",
        str(out),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    env = dict(os.environ) | {"THIDUA_LOAD_PLAN": str(plan_file)}
    result = subprocess.run(command, env=env, cwd=ROOT, check=False)
    if result.returncode not in (0, 1):  # 1: some requests failed, the figures still stand
        sys.exit(f"locust dừng với mã {result.returncode}")


def _read_stats(out: Path) -> list[dict]:
    with open(f"{out}_stats.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _failures(out: Path) -> list[dict]:
    path = Path(f"{out}_failures.csv")
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _vn(number: float, digits: int = 1) -> str:
    """A decimal as Vietnamese writes it (3,5)."""
    return f"{number:.{digits}f}".replace(".", ",")


def _table(rows: list[dict]) -> list[str]:
    by_name = {r["Name"]: r for r in rows}
    lines = [
        "| trang | yêu cầu | yêu cầu/s | p50 (ms) | p99 (ms) | lỗi | p99 < 500 ms, không lỗi |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for name in [*PAGES, "Aggregated"]:
        r = by_name.get(name)
        if r is None:
            continue
        count, failures = int(r["Request Count"]), int(r["Failure Count"])
        p99 = float(r["99%"])
        ok = "đạt" if p99 < GOAL_P99_MS and failures == 0 else "**chưa đạt**"
        label = "tất cả" if name == "Aggregated" else name
        lines.append(
            f"| {label} | {count} | {_vn(float(r['Requests/s']))} | {float(r['50%']):.0f} | "
            f"{p99:.0f} | {failures} | {ok} |"
        )
    return lines


def _write_doc(block: str, section: str) -> None:
    begin, end = _markers(section)
    text = BENCHMARKS.read_text(encoding="utf-8")
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        text = head + begin + "\n" + block + "\n" + end + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + begin + "\n" + block + "\n" + end + "\n"
    BENCHMARKS.write_text(text, encoding="utf-8")


def _row_counts() -> list[tuple[str, int]]:
    from thidua.awards.models import Award, Decision, YearlyResult
    from thidua.org.models import Assignment, Person, Unit

    out = [
        (m._meta.db_table, m.objects.count())
        for m in (Unit, Person, Assignment, Decision, Award, YearlyResult)
    ]
    out.append(("awards_historicalaward", Award.history.model.objects.count()))
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.load", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--people", type=int, default=int(os.environ.get("THIDUA_LOAD_PEOPLE", "100000"))
    )
    parser.add_argument("--years", type=int, default=YEARS)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=int, default=5, help="người dùng mới mỗi giây")
    parser.add_argument(
        "--duration", type=int, default=60, help="giây đo, sau khi mọi người dùng đã vào"
    )
    parser.add_argument("--think", default="1,5", help="nghỉ giữa hai trang, giây: MIN,MAX")
    parser.add_argument(
        "--workers", type=int, default=None, help="số worker gunicorn (mặc định: 2 × CPU + 1)"
    )
    parser.add_argument("--port", type=int, default=8041)
    parser.add_argument("--no-write", action="store_true", help="không ghi vào docs/benchmarks.md")
    parser.add_argument(
        "--section",
        default="",
        help="tên mục trong docs/benchmarks.md (<!-- make load TÊN: begin -->) cho một kịch bản khác",
    )
    args = parser.parse_args(argv)
    think = tuple(float(x) for x in args.think.split(","))

    url = os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE)
    _check_local(url)
    _ensure_database(url)
    configure(BENCH_DIR, "unused.sqlite3")  # keeps DATABASE_URL; var/bench for the marker
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,testserver"

    import django

    django.setup()
    from bench.pages import _ensure_data
    from thidua.lib.vntext import thousands

    _ensure_data(args.people, args.seed, None, args.years)
    plan = _plan(args.users, args.seed, think, args.duration)
    counts = _row_counts()
    environment = environment_line()
    from django.db import connections

    connections.close_all()

    work = Path(tempfile.mkdtemp(prefix="thidua-load-"))
    plan_file = work / "plan.json"
    plan_file.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    base = f"http://127.0.0.1:{args.port}"
    server = _start_gunicorn(args.port, args.workers, work / "gunicorn.log")
    sampler = _LoadSampler()
    try:
        print("Mở mỗi trang một lần cho mỗi vai trò (ngoài số đo):")
        dropped = _preflight(base, plan)
        plan_file.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
        load_before = os.getloadavg()[0]
        sampler.start()
        print(
            f"locust: {args.users} người dùng, {args.duration} s, nghỉ {args.think} s giữa hai trang…"
        )
        _run_locust(base, plan_file, args, work / "locust")
    finally:
        sampler.done.set()
        _stop(server)
    rows = _read_stats(work / "locust")
    failures = _failures(work / "locust")
    samples = sampler.samples or [os.getloadavg()[0]]
    roles: dict[str, int] = {}
    for a in plan["accounts"]:
        roles[a["role"]] = roles.get(a["role"], 0) + 1
    workers = _server_env(args.port, args.workers).get("THIDUA_WORKERS") or str(
        min(2 * (os.cpu_count() or 1) + 1, 9)
    )
    lines = [
        f"Lần đo {time.strftime('%d/%m/%Y %H:%M')}: {environment.split(', tải')[0]}; gunicorn "
        f"{workers} worker đồng bộ (`thidua/gunicorn_conf.py`), `THIDUA_CACHE=file`, PostgreSQL "
        "cùng máy qua TCP 127.0.0.1. **Máy dùng chung với các phiên làm việc khác trong lúc đo**: "
        f"tải 1 phút {_vn(load_before)} trước khi đo, {_vn(min(samples))}–{_vn(max(samples))} trong "
        f"lúc đo (trung bình {_vn(sum(samples) / len(samples))}; máy 2 CPU), locust chạy trên cùng "
        "máy.",
        "",
        f"CSDL: {', '.join(f'`{t}` {thousands(n)}' for t, n in counts)} dòng. "
        f"{args.users} người dùng ({', '.join(f'{n} {r}' for r, n in roles.items())}), mỗi người "
        f"đăng nhập qua trang đăng nhập rồi mở trang, nghỉ {args.think.replace(',', '–')} s giữa hai "
        f"trang; {args.duration} s đo, bắt đầu {think[1]:.0f} s (lần nghỉ dài nhất) sau khi người "
        "cuối cùng đã đăng nhập, để họ không còn mở trang cùng một lúc như ngay sau khi đăng nhập "
        "(đăng nhập không tính; một lần mở mỗi trang cho mỗi vai trò và đơn vị trước khi đo, ngoài "
        "số đo).",
        "",
        *_table(rows),
    ]
    if dropped:
        lines += [
            "",
            "Không mở (vai trò không được xem): "
            + "; ".join(f"{k} ({v})" for k, v in dropped.items())
            + ".",
        ]
    if failures:
        lines += [
            "",
            "Lỗi: "
            + "; ".join(f"{f['Name']} {f['Error']} ×{f['Occurrences']}" for f in failures)
            + ".",
        ]
    block = "\n".join(lines)
    print("\n" + block)
    if not args.no_write:
        _write_doc(block, args.section)
        print(f"\nĐã ghi vào {BENCHMARKS.relative_to(ROOT)}.")


if __name__ == "__main__":
    main()
