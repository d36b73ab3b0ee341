"""What every `make bench` module shares: choosing its database before Django starts, and the
line that says on which machine the figures were taken. Imports nothing from Django at load."""

from __future__ import annotations

import os
import platform
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the checkout: var/ lives there, as for `make run`


def configure(bench_dir: Path, sqlite_name: str) -> Path | None:
    """Point the settings at the bench's own data directory and database.

    Must run before Django reads its settings. Honours a DATABASE_URL given by the caller
    (returns None then); otherwise returns the SQLite file the bench uses.
    """
    bench_dir.mkdir(parents=True, exist_ok=True)
    os.environ["THIDUA_VAR_DIR"] = str(bench_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "thidua.settings"
    os.environ["DEBUG"] = "0"  # production-like: no query log
    if os.environ.get("DATABASE_URL"):
        return None
    path = bench_dir / sqlite_name
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    return path


def environment_line() -> str:
    """Python, Django, database and machine load, printed above every table of figures."""
    import django
    from django.db import connection

    with connection.cursor() as cursor:
        sqlite = connection.vendor == "sqlite"
        cursor.execute("SELECT sqlite_version()" if sqlite else "SHOW server_version")
        version = cursor.fetchone()[0]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"{connection.vendor} {version}, {os.cpu_count()} CPU, tải 1 phút {load:.2f}"
    )
