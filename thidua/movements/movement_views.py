"""Pages of the movements (phong trào thi đua): the list, a movement with its participants,
files, registrations and the decisions given in it, and the create and edit forms.

Every signed-in user reads every movement (scope.visible_movements); changing one is for the
province's office or the editors of the launching unit's subtree (scope.can_edit_movement):
others get 403, and see no write buttons.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from thidua.accounts import scope
from thidua.lib.audit import combined_history
from thidua.lib.uploads import download
from thidua.lib.views import add_service_error, paginate, require, run_service
from thidua.movements import movement_services as services
from thidua.movements.models import Movement, MovementAttachment, MovementParticipant
from thidua.movements.movement_forms import (
    MovementAttachmentForm,
    MovementFilter,
    MovementForm,
    ParticipantForm,
)
from thidua.movements.movement_selectors import (
    grounds_note,
    movement_page,
    movement_rows,
    movement_years,
)


def _movement(request: HttpRequest, pk: int) -> Movement:
    return scope.get_visible_or_404(
        scope.visible_movements(request.user).select_related("launching_unit"), pk=pk
    )


def _editable(request: HttpRequest, pk: int) -> Movement:
    movement = _movement(request, pk)
    require(scope.can_edit_movement(request.user, movement))
    return movement


def _back(movement_id: int, anchor: str) -> HttpResponse:
    return redirect(f"{Movement(pk=movement_id).get_absolute_url()}#{anchor}")


@login_required
@require_safe
def movement_list(request: HttpRequest) -> HttpResponse:
    found = MovementFilter(
        request.GET or None, queryset=scope.visible_movements(request.user), request=request
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "movements/movement_list.html",
        {
            "form": found.form,
            "page": paginate(request, movement_rows(found.qs).order_by("-start_date", "name")),
            "years": movement_years(request.user),
            "query": query.urlencode(),
            "can_create": scope.can_create_movement(request.user),
        },
    )


@login_required
@require_safe
def movement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    movement = _movement(request, pk)
    user = request.user
    can_edit = scope.can_edit_movement(user, movement)
    return render(
        request,
        "movements/movement_detail.html",
        {
            "movement": movement,
            "page": movement_page(user, movement),
            "grounds": grounds_note(movement),
            "can_edit": can_edit,
            "participant_form": ParticipantForm(user=user) if can_edit else None,
            "attachment_form": MovementAttachmentForm() if can_edit else None,
            "attachments": list(movement.attachments.select_related("uploaded_by")),
            "history": combined_history(
                movement,
                MovementParticipant.history.filter(movement_id=movement.pk),
                MovementAttachment.history.filter(movement_id=movement.pk),
                # The random stored name, the content type and the uploader (the entry's
                # user) say nothing to a reader.
                exclude=["movement", "file", "content_type", "uploaded_by"],
            ),
        },
    )


def _save(request: HttpRequest, form: MovementForm) -> Movement | None:
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return services.movement_save(actor=request.user, movement=form.save(commit=False))
    except ValidationError as exc:
        add_service_error(form, exc)
        return None


@login_required
def movement_create(request: HttpRequest) -> HttpResponse:
    if not scope.can_create_movement(request.user):
        raise PermissionDenied(_("Tài khoản chỉ được xem, không được thêm phong trào."))
    form = MovementForm(request.POST or None, user=request.user)
    if movement := _save(request, form):
        messages.success(request, _("Đã thêm phong trào. Hãy thêm các đơn vị tham gia."))
        return redirect(movement)
    return render(
        request,
        "movements/movement_form.html",
        {"form": form, "movement": None},
        status=400 if form.errors else 200,
    )


@login_required
def movement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    movement = _editable(request, pk)
    form = MovementForm(request.POST or None, instance=movement, user=request.user)
    if _save(request, form):
        messages.success(request, _("Đã lưu phong trào."))
        return redirect(movement)
    return render(
        request,
        "movements/movement_form.html",
        {"form": form, "movement": Movement.objects.get(pk=pk)},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    movement = _editable(request, pk)
    form = ParticipantForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return _back(movement.pk, "don-vi-tham-gia")
    unit = form.cleaned_data["unit"]
    run_service(
        request,
        lambda: services.participants_add(
            actor=request.user,
            movement=movement,
            unit=unit,
            with_children=form.cleaned_data["with_children"],
        ),
        _("Đã thêm %(unit)s vào danh sách tham gia.") % {"unit": unit.name},
    )
    return _back(movement.pk, "don-vi-tham-gia")


@login_required
@require_POST
def participant_remove(request: HttpRequest, pk: int) -> HttpResponse:
    participation = scope.get_visible_or_404(
        MovementParticipant.objects.filter(
            movement__in=scope.visible_movements(request.user)
        ).select_related("unit", "movement__launching_unit"),
        pk=pk,
    )
    require(scope.can_edit_movement(request.user, participation.movement))
    run_service(
        request,
        lambda: services.participant_remove(actor=request.user, participation=participation),
        _("Đã bỏ %(unit)s khỏi danh sách tham gia.") % {"unit": participation.unit.name},
    )
    return _back(participation.movement_id, "don-vi-tham-gia")


@login_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    movement = _editable(request, pk)
    form = MovementAttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return _back(movement.pk, "tai-lieu")
    upload = form.cleaned_data["file"]
    run_service(
        request,
        lambda: services.attachment_add(actor=request.user, movement=movement, upload=upload),
        _("Đã đính kèm tệp “%(name)s”.") % {"name": upload.name},
    )
    return _back(movement.pk, "tai-lieu")


def _attachment(request: HttpRequest, pk: int) -> MovementAttachment:
    visible = MovementAttachment.objects.filter(movement__in=scope.visible_movements(request.user))
    return scope.get_visible_or_404(visible.select_related("movement__launching_unit"), pk=pk)


@login_required
@require_POST
def attachment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = _attachment(request, pk)
    require(scope.can_edit_movement(request.user, attachment.movement))
    run_service(
        request,
        lambda: services.attachment_remove(actor=request.user, attachment=attachment),
        _("Đã xoá tệp “%(name)s”.") % {"name": attachment.original_name},
    )
    return _back(attachment.movement_id, "tai-lieu")


@login_required
@require_safe
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = _attachment(request, pk)
    return download(attachment.file, attachment.original_name, attachment.content_type)
