"""The actor of a command line: the account named by --user, or scope.SYSTEM without one,
and the author every history row of the command records (`recording`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management.base import CommandError
from simple_history.models import HistoricalRecords

from thidua.accounts.models import User
from thidua.accounts.scope import SYSTEM, Actor, history_author


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


class _CommandAuthor:
    """Stands in for the request simple_history takes a history row's author from
    (HistoricalRecords.context.request.user), for a command: resolved on the first history
    row, so a command that writes nothing creates no system account."""

    def __init__(self, actor: Actor) -> None:
        self._actor = actor
        self._user: User | None = None

    @property
    def user(self) -> User | None:
        if self._user is None:
            self._user = history_author(self._actor)
        return self._user


_NOTHING = object()


@contextmanager
def recording(actor: Actor) -> Iterator[None]:
    """Every history row written inside — by a save() or by lib.bulk without an explicit
    user — names `actor`'s account: the --user account, or the system account for SYSTEM."""
    context: Any = HistoricalRecords.context
    previous = getattr(context, "request", _NOTHING)
    context.request = _CommandAuthor(actor)
    try:
        yield
    finally:
        if previous is _NOTHING:
            del context.request
        else:
            context.request = previous
