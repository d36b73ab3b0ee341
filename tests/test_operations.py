"""Issue 14, operations: the health check, structured logs with request ids, the production
start (`thidua serve`, gunicorn's settings) and `check --deploy` with the documented
production settings (deploy/thidua.env.example)."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError
from django.db import OperationalError, connection, connections
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse

from thidua.lib.logs import JsonFormatter
from thidua.lib.management.commands import serve

ROOT = Path(__file__).resolve().parent.parent
ENV_EXAMPLE = ROOT / "deploy" / "thidua.env.example"
THIDUA = Path(sys.executable).parent / "thidua"


def _latest_org_migration() -> str:
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    return next(name for app, name in graph.leaf_nodes() if app == "org")


def _forget_migration(name: str, app: str = "org") -> None:
    """As if the database predates the newest migration of `app` (rolled back with the test)."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE app = %s AND name = %s", [app, name])


# --- /healthz -----------------------------------------------------------------------------------


def test_health_check_answers_ok_with_the_database_and_its_migrations(
    client, db, django_assert_num_queries
):
    with django_assert_num_queries(2):  # SELECT 1, and the applied migrations: no session
        r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "database": "ok", "migrations": "ok"}
    assert r["Cache-Control"] == "no-store"
    assert not r.cookies


def test_health_check_is_503_when_the_database_is_unreachable(client, db, caplog):
    def refuse(*args, **kwargs):
        raise OperationalError('connection to server at "10.0.0.5", port 5432 failed')

    with (
        mock.patch.object(type(connections["default"]), "cursor", refuse),
        caplog.at_level(logging.ERROR, logger="thidua.health"),
    ):
        r = client.get("/healthz")
    assert r.status_code == 503
    assert r.json() == {"status": "error", "database": "unreachable", "migrations": "unknown"}
    assert "10.0.0.5" not in r.content.decode()  # the reason is logged, not published
    assert any("does not answer" in rec.getMessage() and rec.exc_info for rec in caplog.records)


def test_health_check_is_503_when_a_migration_is_not_applied(client, db):
    latest = _latest_org_migration()
    _forget_migration(latest)
    r = client.get("/healthz")
    assert r.status_code == 503
    body = r.json()
    assert body["database"] == "ok" and body["migrations"] == "pending"
    assert body["pending"] == [f"org.{latest}"]


def test_health_check_needs_no_sign_in_host_or_https_and_is_never_throttled(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True  # production, behind TLS
    settings.SECURE_REDIRECT_EXEMPT = []
    settings.ALLOWED_HOSTS = ["thidua.catinh.gov.vn"]
    # The process manager asks over plain HTTP at 127.0.0.1, with no session, many times over.
    for _ in range(30):
        r = client.get("/healthz", HTTP_HOST="127.0.0.1:8001")
        assert r.status_code == 200
    # Any other page with that host is refused, and over HTTP redirected.
    assert client.get("/dang-nhap/", HTTP_HOST="127.0.0.1:8001").status_code == 400
    assert client.get("/dang-nhap/", HTTP_HOST="thidua.catinh.gov.vn").status_code == 301


def test_health_check_only_reads(client, db):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code in (403, 405)  # CSRF or method: never served


# --- request ids and JSON logs ------------------------------------------------------------------


@pytest.fixture
def json_log():
    """Every record of the "thidua" loggers, as the JSON lines the production handler writes."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("thidua")
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)

    def lines() -> list[dict]:
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    yield lines
    logger.removeHandler(handler)
    logger.setLevel(old_level)


def test_every_response_carries_a_request_id(client, db):
    first = client.get("/dang-nhap/")["X-Request-ID"]
    second = client.get("/dang-nhap/")["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_the_proxys_request_id_is_kept_and_a_forged_one_replaced(client, db):
    kept = client.get("/dang-nhap/", HTTP_X_REQUEST_ID="3f2c9a0d5e7b41c6a8f9e0d1c2b3a4f5")
    assert kept["X-Request-ID"] == "3f2c9a0d5e7b41c6a8f9e0d1c2b3a4f5"
    forged = client.get("/dang-nhap/", HTTP_X_REQUEST_ID='x" injected\nlevel=CRITICAL')
    assert forged["X-Request-ID"] != 'x" injected\nlevel=CRITICAL'
    assert len(forged["X-Request-ID"]) == 32


def test_a_failed_sign_in_is_one_json_line_with_the_request_id(client, users, json_log):
    r = client.post("/dang-nhap/", {"username": users.clerk_a.username, "password": "sai"})
    (line,) = [x for x in json_log() if x["logger"] == "thidua.security"]
    assert line["level"] == "WARNING"
    assert line["message"].startswith("sign-in failed: username=")
    assert line["request_id"] == r["X-Request-ID"]
    assert line["method"] == "POST" and line["path"] == "/dang-nhap/"
    assert "sai" not in json.dumps(line)  # never the password
    assert {"time", "level", "logger", "message"} <= set(line)


def test_a_refused_request_is_logged_with_its_user(client_for, users, json_log):
    client = client_for(users.viewer)
    r = client.post(reverse("org:cluster_create"), {}, HTTP_X_REQUEST_ID="req-viewer-0001")
    assert r.status_code == 403
    (line,) = [x for x in json_log() if x["message"].startswith("refused")]
    assert line["logger"] == "thidua.security"
    assert line["message"].startswith("refused 403: user=viewer")
    assert line["user"] == "viewer" and line["request_id"] == "req-viewer-0001"


def test_each_request_is_one_line_with_status_and_duration(client_for, users, json_log):
    r = client_for(users.officer).get(reverse("org:person_list"))
    (line,) = [x for x in json_log() if x["logger"] == "thidua.request"]
    assert line["status"] == 200 and line["duration_ms"] >= 0
    assert line["user"] == users.officer.username
    assert line["request_id"] == r["X-Request-ID"]
    assert line["message"].startswith(f"GET {reverse('org:person_list')} 200 ")


def test_a_passing_health_check_writes_no_request_line_a_failing_one_does(client, db, json_log):
    assert client.get("/healthz").status_code == 200
    assert not [x for x in json_log() if x["logger"] == "thidua.request"]
    _forget_migration(_latest_org_migration())
    assert client.get("/healthz").status_code == 503
    (line,) = [x for x in json_log() if x["logger"] == "thidua.request"]
    assert line["status"] == 503 and line["path"] == "/healthz"


def test_json_log_format_is_chosen_by_the_environment(tmp_path):
    """THIDUA_LOG_FORMAT=json: the settings' handler writes JSON lines (a fresh process)."""
    env = os.environ | {
        "THIDUA_LOG_FORMAT": "json",
        "THIDUA_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    code = "import logging; logging.getLogger('thidua.security').warning('thử: %s', 'Đà Nẵng')"
    out = subprocess.run(
        [str(THIDUA), "shell", "-c", code], env=env, capture_output=True, text=True, check=True
    )
    line = json.loads(out.stderr.strip().splitlines()[-1])
    assert line["logger"] == "thidua.security" and line["message"] == "thử: Đà Nẵng"


# --- the production start -----------------------------------------------------------------------


@pytest.fixture
def deployment(monkeypatch):
    # The suite's conftest allows the ORM inside Playwright's event loop; a deployment never
    # does (check --deploy says so, async.E001).
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)


def test_serve_checks_then_names_gunicorn_with_the_projects_settings(db, deployment, capsys):
    call_command("serve", dry_run=True, no_collectstatic=True)
    command = capsys.readouterr().out.split()
    assert Path(command[0]).name == "gunicorn"
    assert command[1:] == ["--config", "python:thidua.gunicorn_conf"]


def test_serve_refuses_settings_that_fail_the_deployment_checks(db, deployment, monkeypatch):
    # These test settings (no HTTPS) only warn: --strict refuses them, an error always stops.
    with pytest.raises(SystemCheckError, match="SESSION_COOKIE_SECURE"):
        call_command("serve", dry_run=True, no_collectstatic=True, strict=True)
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with pytest.raises(SystemCheckError, match=r"async\.E001"):
        call_command("serve", dry_run=True, no_collectstatic=True)


def test_serve_refuses_a_database_that_lacks_a_migration(db, deployment):
    _forget_migration(_latest_org_migration())
    with pytest.raises(CommandError, match=r"CSDL còn 1 migration chưa áp dụng.*thidua migrate"):
        call_command("serve", dry_run=True, no_collectstatic=True)


def test_serve_says_how_to_install_gunicorn_when_it_is_missing(db, deployment, monkeypatch):
    monkeypatch.setattr(serve.shutil, "which", lambda *a, **k: None)
    with pytest.raises(CommandError, match=r"Chưa cài gunicorn.*\[prod\]"):
        call_command("serve", dry_run=True, no_collectstatic=True)


def _env_file(path: Path) -> dict[str, str]:
    pairs = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            pairs[key.strip()] = value.strip()
    return pairs


def _production_env(tmp_path: Path) -> dict[str, str]:
    documented = _env_file(ENV_EXAMPLE)
    return (
        {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
        | documented
        | {
            # The placeholders of the example, and this machine's paths.
            "SECRET_KEY": "k7Vq2xN9pR4tW8yB1mC6fH3jL5sD0gA-zE_uI7oP2qX9rT4vY8nM1bK6cJ3hF5dG",
            "THIDUA_VAR_DIR": str(tmp_path / "var"),
            "STATIC_ROOT": str(tmp_path / "static"),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        }
    )


def test_the_documented_production_settings_pass_check_deploy(tmp_path):
    env = _production_env(tmp_path)
    assert env["HTTPS"] == "1" and env["DEBUG"] == "0"
    out = subprocess.run(
        [str(THIDUA), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert "System check identified no issues" in out.stdout


def test_gunicorn_accepts_the_projects_settings(tmp_path):
    """gunicorn itself loads thidua/gunicorn_conf.py and the WSGI application, with the
    documented settings (JSON logs included), without starting."""
    gunicorn = Path(sys.executable).parent / "gunicorn"
    out = subprocess.run(
        [str(gunicorn), "--check-config", "--config", "python:thidua.gunicorn_conf"],
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_gunicorn_settings_come_from_the_environment(monkeypatch):
    import importlib

    import thidua.gunicorn_conf as conf

    monkeypatch.delenv("THIDUA_WORKERS", raising=False)
    monkeypatch.delenv("THIDUA_LOG_FORMAT", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    defaults = importlib.reload(conf)
    assert defaults.bind == ["127.0.0.1:8001"] and defaults.workers == 5
    assert defaults.timeout == 300 and not hasattr(defaults, "logconfig_dict")
    monkeypatch.setenv("THIDUA_WORKERS", "3")
    monkeypatch.setenv("THIDUA_BIND", "127.0.0.1:9000")
    monkeypatch.setenv("THIDUA_LOG_FORMAT", "json")
    tuned = importlib.reload(conf)
    assert tuned.workers == 3 and tuned.bind == ["127.0.0.1:9000"]
    formatter = tuned.logconfig_dict["formatters"]["json"]["()"]
    assert formatter == "thidua.lib.logs.JsonFormatter"
    monkeypatch.undo()
    importlib.reload(conf)
