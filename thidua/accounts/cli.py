"""The actor of a command line: the account named by --user, or scope.SYSTEM without one."""

from __future__ import annotations

from django.core.management.base import CommandError

from thidua.accounts.models import User
from thidua.accounts.scope import SYSTEM, Actor


def get_actor(username: str | None) -> Actor:
    """The active account `username`, or SYSTEM (an administrator's rights, no account)
    when no name is given. An unknown or locked name is an error, never SYSTEM."""
    if username is None:
        return SYSTEM
    user = User.objects.filter(username=username).select_related("unit").first()
    if user is None:
        raise CommandError(f"Không có tài khoản '{username}'.")
    if not user.is_active:
        raise CommandError(f"Tài khoản '{username}' đã bị khoá.")
    return user
