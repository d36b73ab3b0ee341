"""Writes of the calendar of deadlines and of a user's notices. The calendar is the
province's office's (scope.can_review_dossiers); a user marks only their own notices read."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts import scope
from thidua.nominations.models import Deadline, Notification


def can_edit_calendar(user) -> bool:
    return scope.can_review_dossiers(user)


@transaction.atomic
def deadline_save(*, actor, deadline: Deadline) -> Deadline:
    """Add or change one date of the calendar: one per year, level and kind."""
    if not can_edit_calendar(actor):
        raise PermissionDenied
    clash = Deadline.objects.filter(
        year=deadline.year, level=deadline.level, kind=deadline.kind
    ).exclude(pk=deadline.pk)
    if clash.exists():
        raise ValidationError(
            _("Năm %(year)s đã có mốc “%(kind)s” cấp %(level)s: sửa mốc đó thay vì thêm mới.")
            % {
                "year": deadline.year,
                "kind": deadline.get_kind_display(),
                "level": deadline.get_level_display(),
            }
        )
    deadline.note = deadline.note.strip()
    deadline.full_clean()
    deadline.save()
    return deadline


@transaction.atomic
def deadline_delete(*, actor, deadline: Deadline) -> None:
    if not can_edit_calendar(actor):
        raise PermissionDenied
    deadline.delete()


def notifications_mark_read(*, user, pk: int | None = None) -> int:
    """Mark one of the user's notices read (pk), or all of them; how many changed."""
    notices = Notification.objects.filter(user=user, read_at__isnull=True)
    if pk is not None:
        notices = notices.filter(pk=pk)
    return notices.update(read_at=timezone.now())
