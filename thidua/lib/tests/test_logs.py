"""The JSON log format (thidua.lib.logs): one parseable line per record, the request's
fields when one is bound, extras and tracebacks, never a forged request id."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from types import SimpleNamespace

from thidua.lib import logs


def _record(message: str = "xin chào %s", *args, **extra) -> logging.LogRecord:
    record = logging.LogRecord("thidua.test", logging.WARNING, __file__, 1, message, args, None)
    record.__dict__.update(extra)
    return record


def _line(record: logging.LogRecord) -> dict:
    text = logs.JsonFormatter().format(record)
    assert "\n" not in text  # one record, one line
    return json.loads(text)


def test_a_record_is_one_json_line_with_time_level_logger_message():
    line = _line(_record("xin chào %s", "Đà Nẵng"))
    assert line["level"] == "WARNING" and line["logger"] == "thidua.test"
    assert line["message"] == "xin chào Đà Nẵng"
    assert dt.datetime.fromisoformat(line["time"]).tzinfo is not None
    assert not {"request_id", "path", "user"} & set(line)  # no request is being served


def test_vietnamese_is_written_as_is():
    text = logs.JsonFormatter().format(_record("Công an tỉnh"))
    assert "Công an tỉnh" in text


def test_extra_fields_and_the_traceback_are_included():
    try:
        raise ValueError("hỏng\ndòng hai")
    except ValueError:
        record = _record("lỗi", status=503, duration_ms=12.5)
        record.exc_info = sys.exc_info()
    line = _line(record)
    assert line["status"] == 503 and line["duration_ms"] == 12.5
    assert "ValueError: hỏng" in line["exception"]


def test_a_bound_request_tags_every_line_with_its_id_path_and_known_user():
    user = SimpleNamespace(is_authenticated=True, get_username=lambda: "vanthu_cah02")
    request = SimpleNamespace(
        request_id="abc12345", method="GET", path="/can-bo/", _cached_user=user
    )
    token = logs.bind(request)
    try:
        line = _line(_record())
    finally:
        logs.unbind(token)
    assert (line["request_id"], line["method"], line["path"], line["user"]) == (
        "abc12345",
        "GET",
        "/can-bo/",
        "vanthu_cah02",
    )
    assert "request_id" not in _line(_record())  # unbound again


def test_a_user_not_yet_looked_up_is_not_looked_up_by_the_log():
    class Lazy:  # stands for the SimpleLazyObject AuthenticationMiddleware sets
        def __getattr__(self, name):
            raise AssertionError("the log must not query the session")

    Lazy.__name__ = "SimpleLazyObject"
    request = SimpleNamespace(request_id="abc12345", method="GET", path="/", user=Lazy())
    token = logs.bind(request)
    try:
        line = _line(_record())
    finally:
        logs.unbind(token)
    assert "user" not in line


def test_a_request_id_from_the_proxy_is_kept_only_when_it_looks_like_one():
    assert logs.request_id_from("5b0c3f8e9a2d4e71b6f0a9c8d7e6f5a4") == (
        "5b0c3f8e9a2d4e71b6f0a9c8d7e6f5a4"
    )
    for forged in (None, "", "short", "a b c d e f g h", "x" * 65, 'id"\n{"level":"CRITICAL"}'):
        fresh = logs.request_id_from(forged)
        assert fresh != forged and len(fresh) == 32
