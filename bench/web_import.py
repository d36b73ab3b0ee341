"""Issue 14 bench: the 100,000-row awards import through the web pages, request by request.

The path a user takes: upload the file, open the preview, open it again, confirm. Timed with
Django's test client against the bench database of bench.awards_import (same base, same
generated workbook), as an administrator, and reported per step: how long each request
keeps the user (and a server worker) waiting, and, where the work runs in the background
(thidua.imports.jobs, issue 14), how long the job takes in the worker.

Runs on a checkout with or without background imports: without thidua.imports.jobs, every
step runs inside its request (the "before" figures). With it, every file is queued
(THIDUA_IMPORT_INLINE_BYTES=0) and the queued task is run here, timed, as `thidua
db_worker` would run it. On SQLite each run works on a copy of the base database.

    python -m bench.web_import --people 20000 --rows 100000 --repeat 1
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import statistics
import sys
import time

from bench.awards_import import BENCH_DIR, _configure, _ensure_base, _workbook
from bench.common import environment_line


def _timed(func):
    started = time.perf_counter()
    result = func()
    return time.perf_counter() - started, result


def _one_run(path, background: bool) -> dict[str, float]:
    from django.test import Client
    from django.urls import reverse

    from thidua.accounts.models import Role, User

    user, _ = User.objects.get_or_create(
        username="bench-web", defaults={"role": Role.ADMIN, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    times: dict[str, float] = {}

    def post_file():
        with path.open("rb") as f:
            return client.post(reverse("imports:upload", args=["awards"]), {"file": f})

    times["upload"], response = _timed(post_file)
    assert response.status_code == 302, response.content[:300]
    token = response.url.rstrip("/").rsplit("/", 1)[-1]
    preview = reverse("imports:preview", args=[token])
    if background:
        from thidua.imports import jobs
        from thidua.imports.models import ImportJob

        job = ImportJob.objects.get(token=token)
        times["job_read"], _ = _timed(lambda: jobs.read_upload(job.pk))
    for key in ("preview", "preview_again"):
        times[key], response = _timed(lambda: client.get(preview))
        assert response.status_code == 200 and "Xác nhận nhập" in response.content.decode()
    confirm = reverse("imports:confirm", args=[token])
    times["confirm"], response = _timed(lambda: client.post(confirm, {"action": "confirm"}))
    assert response.status_code == 302, response.content[:300]
    if background:
        times["job_write"], _ = _timed(lambda: jobs.write_upload(job.pk))
        job.refresh_from_db()
        assert job.state == "done", (job.state, job.message)
    return times


def run(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.web_import")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    sqlite_path = _configure(args.people, args.seed)
    os.environ["THIDUA_IMPORT_INLINE_BYTES"] = "0"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    background = importlib.util.find_spec("thidua.imports.jobs") is not None
    _ensure_base(args.people, args.seed, sqlite_path)
    path = _workbook(args.rows, args.seed)
    runs: list[dict[str, float]] = []
    for number in range(args.repeat):
        if sqlite_path is not None:
            copy = BENCH_DIR / f"web-run-{number}.sqlite3"
            connection.close()
            shutil.copyfile(sqlite_path, copy)
            connection.settings_dict["NAME"] = str(copy)
        try:
            runs.append(_one_run(path, background))
        finally:
            if sqlite_path is not None:
                connection.close()
                connection.settings_dict["NAME"] = str(sqlite_path)
                copy.unlink(missing_ok=True)
    medians = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
    print(f"\nNhập khen thưởng qua trang web: {args.rows:,} dòng, {args.people:,} cán bộ.")
    print(
        environment_line(),
        f"— trung vị của {args.repeat} lần;",
        "nền" if background else "trong yêu cầu",
    )
    labels = {
        "upload": "POST tải tệp lên (yêu cầu)",
        "job_read": "  việc nền: đọc, kiểm tra, lưu kế hoạch",
        "preview": "GET xem trước (yêu cầu)",
        "preview_again": "GET xem trước lần hai (yêu cầu)",
        "confirm": "POST xác nhận (yêu cầu)",
        "job_write": "  việc nền: kiểm tra lại và ghi",
    }
    for key, label in labels.items():
        if key in medians:
            print(f"{label:44} {medians[key]:>8.2f} s")


if __name__ == "__main__":
    run(sys.argv[1:])
