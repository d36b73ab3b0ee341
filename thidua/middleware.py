"""Request middleware of the project."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from thidua.lib import logs

request_log = logging.getLogger("thidua.request")


class VietnameseFirstMiddleware:
    """Serve Vietnamese unless the user chose another language with the switch.

    Offices often run browsers set to English; Accept-Language must not turn the UI
    English behind the user's back, so only the language cookie (set by the switch) counts.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class ContentSecurityPolicyMiddleware:
    """Send settings.CONTENT_SECURITY_POLICY (no inline script: JavaScript is in static files)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = settings.CONTENT_SECURITY_POLICY
        if request.path.startswith("/api/"):
            policy = settings.CONTENT_SECURITY_POLICY_INLINE_STYLES
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        return response


class SecurityLogMiddleware:
    """Log every refused request (401, 403) to the "thidua.security" logger."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code in (401, 403):
            from thidua.lib.security import log_refused

            log_refused(request, response.status_code)
        return response


class HealthCheckMiddleware:
    """Answer GET /healthz before anything else runs: no session, no sign-in, no host or
    HTTPS check, no CSRF, so the proxy and the process manager can always ask
    (thidua.views.healthz says what it checks)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == "/healthz" and request.method in ("GET", "HEAD"):
            from thidua.views import healthz

            return healthz(request)
        return self.get_response(request)


class RequestIdMiddleware:
    """Give every request an id (the proxy's X-Request-ID, else a new one), send it back in
    the X-Request-ID header, tag every log line written while serving it (thidua.lib.logs),
    and log one line for the request itself to "thidua.request" (INFO: method, path,
    status, milliseconds, user)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.request_id = logs.request_id_from(request.headers.get("X-Request-ID"))
        token = logs.bind(request)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request.request_id
            ms = round((time.perf_counter() - started) * 1000, 1)
            if request.path_info == "/healthz" and response.status_code == 200:
                return response  # polled every minute: only a failing check is worth a line
            request_log.info(
                "%s %s %s %s ms",
                request.method,
                request.path,
                response.status_code,
                ms,
                extra={"status": response.status_code, "duration_ms": ms},
            )
            return response
        finally:
            logs.unbind(token)
