"""Helpers shared by the register's pages (thidua.lib.views)."""

from __future__ import annotations

from django.contrib.messages import ERROR, SUCCESS
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from thidua.lib.views import run_service


def _request():
    request = RequestFactory().post("/")
    request._messages = CookieStorage(request)
    return request


def _refuse():
    raise ValidationError({"role": "Vai trò không hợp lệ."})


def test_run_service_shows_the_success_message_when_the_service_passes():
    request = _request()
    calls = []

    assert run_service(request, lambda: calls.append(1), "Đã lưu.") is True
    assert calls == [1]
    assert [(m.level, m.message) for m in request._messages] == [(SUCCESS, "Đã lưu.")]


def test_run_service_turns_a_service_refusal_into_an_error_message_only():
    request = _request()

    assert run_service(request, _refuse, "Đã lưu.") is False
    assert [(m.level, m.message) for m in request._messages] == [(ERROR, "Vai trò không hợp lệ.")]
