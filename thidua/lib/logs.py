"""Structured logs: one JSON object a line (THIDUA_LOG_FORMAT=json, docs/operations.md).

thidua.middleware.RequestIdMiddleware binds each request to the context of its thread
(`bind`), so every line logged while it is served — the security log, Django's own errors,
the request line — carries its request id, method, path and, once the request has looked up
its user, the username. Nothing here imports a model.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import re
import uuid
from typing import Any

_current: contextvars.ContextVar[Any] = contextvars.ContextVar("thidua_request", default=None)

# What a proxy may hand us as a request id (nginx's $request_id is 32 hex digits); anything
# else is replaced, so a client cannot write what it likes into the log.
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")

# The attributes every LogRecord has; anything else on a record came from `extra=`.
_STANDARD = frozenset(
    logging.LogRecord("", 0, "", 0, "", (), None).__dict__.keys()
    | {"message", "asctime", "request", "taskName"}
)


def request_id_from(header: str | None) -> str:
    """The proxy's X-Request-ID if it looks like one, else a new random id."""
    if header and _REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


def bind(request: Any) -> contextvars.Token:
    return _current.set(request)


def unbind(token: contextvars.Token) -> None:
    _current.reset(token)


def username(request: Any) -> str | None:
    """The signed-in user's name if the request has already looked its user up; never a
    query of its own (a health check or a static file must not touch the session)."""
    user = getattr(request, "_cached_user", None)  # AuthenticationMiddleware's cache
    if user is None:
        candidate = getattr(request, "__dict__", {}).get("user")  # DRF sets it outright
        if candidate is not None and type(candidate).__name__ != "SimpleLazyObject":
            user = candidate
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.get_username()


class JsonFormatter(logging.Formatter):
    """A log record as one line of JSON: time, level, logger, message, the request's id,
    method, path and user when one is being served, any `extra=` fields, the traceback."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC)
            .astimezone()
            .isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = _current.get() or getattr(record, "request", None)
        if request is not None:
            request_id = getattr(request, "request_id", None)
            if request_id:
                entry["request_id"] = request_id
            entry["method"] = getattr(request, "method", None)
            entry["path"] = getattr(request, "path", None)
            user = username(request)
            if user:
                entry["user"] = user
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_") and key not in entry:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
