"""gunicorn's settings for `thidua serve` (gunicorn -c python:thidua.gunicorn_conf), from the
environment (docs/operations.md, "Chạy thật"). Read by gunicorn's master before Django starts:
imports nothing of Django.

THIDUA_BIND        where to listen; 127.0.0.1 only, behind the reverse proxy   127.0.0.1:8001
THIDUA_WORKERS     worker processes                                          2 × CPU + 1, at most 9
THIDUA_TIMEOUT     seconds a request may take before its worker is replaced   300
THIDUA_MAX_REQUESTS  a worker is replaced after this many requests (memory)   2000
"""

from __future__ import annotations

import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, "").strip() or default)


wsgi_app = "thidua.wsgi:application"
proc_name = "thidua"
bind = [os.environ.get("THIDUA_BIND", "127.0.0.1:8001")]
# Sync workers: each serves one request at a time, and a page is mostly database and CPU work.
workers = _int("THIDUA_WORKERS", min(2 * (os.cpu_count() or 1) + 1, 9))
# A large Excel import read in the request takes minutes; the proxy waits as long (nginx's
# proxy_read_timeout in deploy/nginx-thidua.conf).
timeout = _int("THIDUA_TIMEOUT", 300)
graceful_timeout = 30
keepalive = 5
max_requests = _int("THIDUA_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10
# Django is set up and every view imported once, in the master, before the workers fork: a
# new worker (at start, and each time one is replaced after max_requests) answers its first
# request at once instead of importing the whole site first (1–4 s). Upgrading the code thus
# takes `systemctl restart thidua`, not `reload`.
preload_app = True
# The only client is the proxy on this machine: only its X-Forwarded-* headers are believed.
forwarded_allow_ips = "127.0.0.1,::1"
# The heartbeat files of the workers in memory, not on a disk that may stall.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"
# gunicorn's control socket (gunicornc) is not used; it would live in the service's home.
control_socket_disable = True
# One line per request comes from Django ("thidua.request", LOG_LEVEL=INFO) with the request id
# and the user; gunicorn's own access log would repeat it without them.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

if os.environ.get("THIDUA_LOG_FORMAT", "").strip().lower() == "json":
    # gunicorn's own lines (workers started, timed out, …) in the same JSON as the app's.
    logconfig_dict = {
        "root": {"level": "WARNING", "handlers": ["error_console"]},
        "loggers": {
            "gunicorn.error": {
                "level": loglevel.upper(),
                "handlers": ["error_console"],
                "propagate": False,
                "qualname": "gunicorn.error",
            },
            "gunicorn.access": {
                "level": "INFO",
                "handlers": ["error_console"],
                "propagate": False,
                "qualname": "gunicorn.access",
            },
        },
        "handlers": {
            "error_console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            },
        },
        "formatters": {"json": {"()": "thidua.lib.logs.JsonFormatter"}},
    }


def when_ready(server) -> None:
    """In the master, the app loaded (preload_app), before the first worker forks: import
    every URL's view (the URLconf is otherwise imported by each worker's first request), and
    open no database connection the workers would share."""
    from django.db import connections
    from django.urls import get_resolver

    server.log.info("thidua: %d URL patterns loaded", len(get_resolver().url_patterns))
    connections.close_all()
