"""The service's files are its user's only: lib.files, and what settings.py makes of var/."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from thidua.lib.files import private_dir, private_file, write_private

ROOT = Path(__file__).resolve().parents[3]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_a_new_directory_and_its_parents_are_0700_and_an_open_one_is_narrowed(tmp_path):
    made = private_dir(tmp_path / "a" / "b")
    assert _mode(made) == 0o700
    opened = tmp_path / "mo"
    opened.mkdir(mode=0o755)
    private_dir(opened)
    assert _mode(opened) == 0o700


def test_files_are_created_0600_and_an_open_one_is_narrowed(tmp_path):
    assert _mode(private_file(tmp_path / "db.sqlite3")) == 0o600
    with write_private(tmp_path / "tep") as out:
        out.write(b"x")
    assert _mode(tmp_path / "tep") == 0o600
    opened = tmp_path / "mo"
    opened.write_text("giữ nguyên")
    opened.chmod(0o644)
    assert private_file(opened).read_text() == "giữ nguyên"
    assert _mode(opened) == 0o600


def test_a_fresh_var_dir_holds_only_private_files(tmp_path):
    var = tmp_path / "var"
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'thidua.settings'; "
        "django.setup(); from django.core.management import call_command; "
        "call_command('migrate', '--noinput', verbosity=0)"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY")}
    done = subprocess.run(
        [sys.executable, "-c", f"import os; os.umask(0o022); {code}"],
        cwd=ROOT,
        env={**env, "THIDUA_VAR_DIR": str(var), "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert _mode(var) == 0o700
    for name in ("thidua.sqlite3", "secret_key"):
        assert _mode(var / name) == 0o600, name
    for path in var.glob("thidua.sqlite3*"):  # the -wal and -shm files too
        assert _mode(path) == 0o600, path.name
