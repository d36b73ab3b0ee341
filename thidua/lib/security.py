"""The security log: sign-ins, failed sign-ins, lockouts and refused requests.

Everything goes to the "thidua.security" logger (settings.LOGGING), one line an event, with
the username, the client's address and the path; never a password.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

log = logging.getLogger("thidua.security")


def client_address(request: Any) -> str:
    """The address axes counts failures by (the proxy's header when configured), else REMOTE_ADDR."""
    if request is None:
        return "?"
    return getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR", "?")


def _user(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user.get_username()
    return "(chưa đăng nhập)"


def log_refused(request: HttpRequest, status: int) -> None:
    log.warning(
        "refused %s: user=%s ip=%s %s %s",
        status,
        _user(request),
        client_address(request),
        request.method,
        request.get_full_path(),
    )


@receiver(user_login_failed, dispatch_uid="thidua.security.login_failed")
def _login_failed(sender: Any, credentials: dict, request: Any = None, **kwargs: Any) -> None:
    # Django has already masked the password in `credentials`.
    log.warning(
        "sign-in failed: username=%s ip=%s path=%s",
        credentials.get("username", "?"),
        client_address(request),
        getattr(request, "path", "?"),
    )


@receiver(user_logged_in, dispatch_uid="thidua.security.logged_in")
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    log.info(
        "signed in: username=%s ip=%s path=%s",
        user.get_username(),
        client_address(request),
        getattr(request, "path", "?"),
    )


def _locked_out(sender: Any, request: Any, username: str | None, ip_address: str, **kwargs: Any):
    log.warning(
        "locked out: username=%s ip=%s path=%s",
        username,
        ip_address,
        getattr(request, "path", "?"),
    )


def connect_axes() -> None:
    from axes.signals import user_locked_out

    user_locked_out.connect(_locked_out, dispatch_uid="thidua.security.locked_out")


def lockout_response(request: HttpRequest, original_response: Any = None, credentials: Any = None):
    """axes' AXES_LOCKOUT_CALLABLE: the Vietnamese lockout page, 429."""
    from django.conf import settings
    from django.shortcuts import render

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=429)


def allow_inline_styles(view):
    """For a page that carries its own <style> (the print pages): the site's policy, but
    inline styles allowed (still no inline script)."""
    import functools

    from django.conf import settings

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Content-Security-Policy"] = settings.CONTENT_SECURITY_POLICY_INLINE_STYLES
        return response

    return wrapped
