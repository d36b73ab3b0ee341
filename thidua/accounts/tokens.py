"""Personal API tokens: issued and revoked by their owner (the "Khoá API" page), checked on
every API request that sends `Authorization: Bearer <token>`.

A token is `td_` + 8 characters of prefix (shown in the list, so the owner can tell tokens
apart) + 43 characters of secret, 256 random bits in all (`secrets.token_urlsafe`). Only the
SHA-256 digest of the whole token is stored, and the token is found by that digest.

Why a plain SHA-256 and not Django's password hashers (PBKDF2, 1,000,000 rounds): a password
is short and guessable, so its hash must be slow to try; a token is 256 random bits, which no
number of tries finds, so a fast digest is as safe and costs microseconds instead of the
third of a second PBKDF2 would add to every API request. django-rest-knox makes the same
choice (SHA-512); we keep to the standard library and one table of our own instead of
another dependency.

A token acts as its owner, so accounts.scope decides what it reaches, as for the owner's
pages. It stops working when it expires, when it is revoked, when its owner is deactivated,
and while its owner is locked out by django-axes after repeated failed sign-ins. Every
refusal goes to the thidua.security log, with the token's prefix, never its secret.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts import scope
from thidua.accounts.models import ApiToken, User

log = logging.getLogger("thidua.security")

PREFIX = "td_"
PREFIX_LENGTH = 8
# last_used_at is written at most this often per token: a busy client does not turn every
# read into a write.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


class TokenRefused(Exception):
    """The token does not authenticate; `reason` is for the log, the message for the client."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def default_days() -> int:
    return settings.API_TOKEN_DEFAULT_DAYS


def max_days() -> int:
    return settings.API_TOKEN_MAX_DAYS


@transaction.atomic
def token_create(*, user: Any, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """A new token of the user's own account: (the stored row, the token in clear, to be
    shown once and never again)."""
    if not scope.can_hold_api_tokens(user):
        raise PermissionDenied(_("Tài khoản này không tạo được khoá API."))
    days = default_days() if days is None else days
    problems = {}
    name = " ".join(name.split())
    if not name:
        problems["name"] = _("Hãy đặt tên gợi nhớ cho khoá (ví dụ: «Phần mềm thống kê»).")
    if not 1 <= days <= max_days():
        problems["days"] = _("Thời hạn phải từ 1 đến %(max)s ngày.") % {"max": max_days()}
    if problems:
        raise ValidationError(problems)
    head = secrets.token_urlsafe(6)[:PREFIX_LENGTH]
    plain = f"{PREFIX}{head}{secrets.token_urlsafe(32)}"
    token = ApiToken(
        user=user,
        name=name[:100],
        prefix=f"{PREFIX}{head}",
        digest=digest(plain),
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    token._change_reason = "tạo khoá API"
    token.save()
    log.info("api token created: username=%s token=%s", user.get_username(), token.prefix)
    return token, plain


@transaction.atomic
def token_revoke(*, user: Any, token: ApiToken) -> ApiToken:
    """Revoke one of the user's own tokens (a token already revoked stays as it is)."""
    if not scope.own_api_tokens(user).filter(pk=token.pk).exists():
        raise PermissionDenied(_("Đây không phải khoá API của bạn."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token._change_reason = "thu hồi khoá API"
        token.save(update_fields=["revoked_at"])
        log.info("api token revoked: username=%s token=%s", user.get_username(), token.prefix)
    return token


def _refuse(reason: str, message: str, token: str, address: str, path: str) -> TokenRefused:
    shown = token[: len(PREFIX) + PREFIX_LENGTH] if token.startswith(PREFIX) else "?"
    log.warning("api token refused (%s): token=%s ip=%s path=%s", reason, shown, address, path)
    return TokenRefused(reason, message)


def authenticate(token: str, *, address: str = "?", path: str = "?") -> tuple[User, ApiToken]:
    """The owner of a valid token and the token; TokenRefused (logged) otherwise."""
    bad = _("Khoá API không hợp lệ hoặc đã bị thu hồi.")
    if not token.startswith(PREFIX) or len(token) > 200:
        raise _refuse("malformed", bad, token, address, path)
    found = ApiToken.objects.select_related("user", "user__unit").filter(digest=digest(token))
    row = found.first()
    if row is None:
        raise _refuse("unknown", bad, token, address, path)
    now = timezone.now()
    if row.revoked_at is not None:
        raise _refuse("revoked", bad, token, address, path)
    if row.expires_at <= now:
        raise _refuse("expired", _("Khoá API đã hết hạn; hãy tạo khoá mới."), token, address, path)
    user = row.user
    if not user.is_active:
        raise _refuse("inactive owner", _("Tài khoản chủ khoá đã bị khoá."), token, address, path)
    if row.last_used_at is None or now - row.last_used_at >= LAST_USED_RESOLUTION:
        # No history row: using a token changes no record anyone made.
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        row.last_used_at = now
    return user, row
