"""Concurrent writers on the embedded SQLite database wait their turn instead of failing.

The probe: 20 parallel clients PATCHing one person got 86 "database is locked" errors of
200, because a deferred transaction that reads first and writes later cannot wait for the
lock. The settings open every transaction IMMEDIATE with a busy timeout; this runs real
threads against a real database file (the test database is in memory, which locks
differently), in a subprocess so that its settings are its own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from django.conf import settings

SCRIPT = textwrap.dedent(
    """
    import datetime as dt, json, threading
    import django
    django.setup()
    from django.core.management import call_command
    from django.db import OperationalError, connection
    call_command("migrate", verbosity=0)
    from thidua.org.models import Person
    from thidua.org.services import person_save

    person = person_save(person=Person(code="CA9999", full_name="Nguyễn Văn Thử", gender="M",
                                       service_start=dt.date(2010, 1, 1)))
    failures, done = [], []

    def client(n):
        for i in range(10):
            try:
                p = Person.objects.get(pk=person.pk)
                p.position = f"Cán bộ {n}-{i}"
                person_save(person=p)
                done.append(1)
            except OperationalError as exc:
                failures.append(str(exc))
        connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(json.dumps({"done": len(done), "failures": failures[:3], "failed": len(failures)}))
    """
)


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="the embedded database only",
)
def test_parallel_saves_of_one_person_all_succeed_on_sqlite(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "thidua.settings",
        "THIDUA_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'busy.sqlite3'}",
    }
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result == {"done": 120, "failures": [], "failed": 0}
