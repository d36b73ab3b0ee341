"""Writes to movements (phong trào thi đua): the movement itself, its participating units and
its files. Pages, the demo and tests call these; each checks the actor's rights
(accounts.scope, "Movements") so no door can skip them.

Every write is audited by simple_history with the actor as its user; the movement is
Versioned, so an edit made from a stale page is refused (lib.versioning).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from thidua.accounts import scope
from thidua.lib.uploads import delete_file_on_commit, store_checked
from thidua.movements.choices import MovementKind
from thidua.movements.models import Movement, MovementAttachment, MovementParticipant
from thidua.org.models import Unit


def _require_edit(actor, movement: Movement) -> None:
    if not scope.can_edit_movement(actor, movement):
        raise PermissionDenied(
            _("Chỉ cán bộ thi đua cấp tỉnh hoặc đơn vị phát động được sửa phong trào này.")
        )


def _lock(movement: Movement) -> Movement:
    """The stored movement under a row lock: participants and files of one movement change
    one at a time."""
    return Movement.objects.select_for_update().select_related("launching_unit").get(pk=movement.pk)


@transaction.atomic
def movement_save(*, actor, movement: Movement) -> Movement:
    """Create or change a movement. The launching unit must be one the actor may launch for;
    on a change, the movement as stored must already be the actor's to edit (a clerk cannot
    take over another subtree's movement by naming their own unit)."""
    if movement.pk is not None:
        _require_edit(actor, Movement.objects.select_related("launching_unit").get(pk=movement.pk))
    elif not scope.can_create_movement(actor):
        raise PermissionDenied(_("Tài khoản chỉ được xem, không được thêm phong trào."))
    unit = movement.launching_unit if movement.launching_unit_id else None
    if unit is not None and not scope.movement_units(actor).filter(pk=unit.pk).exists():
        raise ValidationError(
            {
                "launching_unit": _("Đơn vị %(code)s nằm ngoài phạm vi được phân quyền.")
                % {"code": unit.code}
            }
        )
    if movement.kind == MovementKind.PEAK and movement.end_date is None:
        raise ValidationError({"end_date": _("Đợt cao điểm phải có ngày kết thúc.")})
    movement.full_clean()
    movement.save()
    return movement


@transaction.atomic
def participants_add(
    *, actor, movement: Movement, unit: Unit, with_children: bool = False
) -> list[MovementParticipant]:
    """Add a unit (and, with_children, the units directly under it) to the movement's
    participants; units already listed are skipped. Only units the actor may name."""
    movement = _lock(movement)
    _require_edit(actor, movement)
    allowed = scope.movement_units(actor)
    if not allowed.filter(pk=unit.pk).exists():
        raise ValidationError(
            {"unit": _("Đơn vị %(code)s nằm ngoài phạm vi được phân quyền.") % {"code": unit.code}}
        )
    wanted: Iterable[int] = [unit.pk]
    if with_children:
        wanted = [unit.pk, *allowed.filter(parent=unit).values_list("pk", flat=True)]
    present = set(movement.participations.values_list("unit_id", flat=True))
    rows = [
        MovementParticipant(movement=movement, unit_id=pk) for pk in wanted if pk not in present
    ]
    if not rows:
        raise ValidationError({"unit": _("Đơn vị đã có trong danh sách tham gia.")})
    return bulk_create_with_history(
        rows, MovementParticipant, default_user=scope.history_author(actor)
    )


@transaction.atomic
def participant_remove(*, actor, participation: MovementParticipant) -> None:
    _require_edit(actor, _lock(participation.movement))
    participation._history_user = scope.history_author(actor)
    participation.delete()


@transaction.atomic
def attachment_add(*, actor, movement: Movement, upload: UploadedFile) -> MovementAttachment:
    """Store a checked file (lib.uploads: extension and content, size) with the movement."""
    movement = _lock(movement)
    _require_edit(actor, movement)
    attachment = MovementAttachment(movement=movement)
    store_checked(attachment, upload, uploaded_by=scope.history_author(actor))
    return attachment


@transaction.atomic
def attachment_remove(*, actor, attachment: MovementAttachment) -> None:
    """Remove a file; the stored file goes once the transaction commits."""
    _require_edit(actor, _lock(attachment.movement))
    stored = attachment.file
    attachment._history_user = scope.history_author(actor)
    attachment.delete()
    delete_file_on_commit(stored)
