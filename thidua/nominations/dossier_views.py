"""Pages of the nomination dossiers: the list, a new dossier, a dossier with its items, event
log, files and buttons, items from the eligibility suggestions or by hand, and the review.

Scope: a dossier outside scope.visible_dossiers is a 404; a visible one the user may not
change answers 403 (viewers, council members). A unit's step the dossier's state no longer
allows (somebody submitted it meanwhile) is the service's ValidationError, shown as a
message. Every button posts the dossier's `version` as the page showed it, so a stale page
is refused instead of silently winning."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from thidua.accounts import scope
from thidua.eligibility import presenters
from thidua.eligibility.services import EligibilityError, eligibility_report
from thidua.lib.uploads import download
from thidua.lib.versioning import STALE_MESSAGE
from thidua.lib.views import add_service_error, paginate, require, run_service
from thidua.nominations import attachments, services
from thidua.nominations.forms import (
    AnswerForm,
    AttachmentForm,
    DossierCreateForm,
    DossierFilterForm,
    ItemAddForm,
    ItemEditForm,
    SuggestionFilterForm,
)
from thidua.nominations.models import Attachment, Dossier, DossierItem, ItemStatus
from thidua.nominations.presenting import dossier_context, parse_pick, suggestion_groups


def _dossier(request: HttpRequest, pk: int) -> Dossier:
    return scope.get_visible_or_404(
        scope.visible_dossiers(request.user).select_related("unit", "created_by", "decision"),
        pk=pk,
    )


def _item(request: HttpRequest, pk: int) -> DossierItem:
    visible = DossierItem.objects.filter(dossier__in=scope.visible_dossiers(request.user))
    item = scope.get_visible_or_404(
        visible.select_related("dossier__unit", "person", "unit", "award_type"), pk=pk
    )
    if item.status == ItemStatus.REJECTED and not scope.sees_rejections(request.user, item.dossier):
        raise Http404
    return item


def _unit_editor(request: HttpRequest, dossier: Dossier) -> None:
    """403 unless the user is one of the proposing unit's editors; whether the dossier's state
    still lets the unit change it is the service's to say."""
    require(scope.can_edit_unit(request.user, dossier.unit))


def _posted_version(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def _back(dossier: Dossier, anchor: str = "") -> HttpResponse:
    return redirect(f"{dossier.get_absolute_url()}{'#' + anchor if anchor else ''}")


def _stale(request: HttpRequest, dossier: Dossier) -> HttpResponse:
    messages.error(request, str(STALE_MESSAGE))
    return _back(dossier)


# ── The list and a new dossier ────────────────────────────────────────────────────────


def _item_count(user) -> Count:
    """The items a row counts: without the rejected ones for users who may not see them."""
    if scope.sees_rejections_in_scope(user):
        return Count("items")
    return Count("items", filter=~Q(items__status=ItemStatus.REJECTED))


@login_required
@require_safe
def dossier_list(request: HttpRequest) -> HttpResponse:
    form = DossierFilterForm(request.GET or None, user=request.user)
    dossiers = (
        scope.visible_dossiers(request.user)
        .select_related("unit")
        .annotate(item_count=_item_count(request.user))
        .order_by("-year", "-id")  # a GROUP BY drops Meta.ordering
    )
    dossiers = form.filter(dossiers) if form.is_bound else dossiers
    return render(
        request,
        "nominations/dossier_list.html",
        {
            "form": form,
            "page_obj": paginate(request, dossiers),
            "can_create": scope.editable_units(request.user).exists(),
        },
    )


@login_required
def dossier_create(request: HttpRequest) -> HttpResponse:
    require(scope.can_edit(request.user))
    form = DossierCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = services.dossier_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Đã lập hồ sơ “%(title)s”.") % {"title": dossier.title})
            return redirect(dossier)
    return render(
        request,
        "nominations/dossier_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


# ── A dossier ─────────────────────────────────────────────────────────────────────────


@login_required
@require_safe
def dossier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _dossier(request, pk)
    return render(
        request, "nominations/dossier_detail.html", dossier_context(request.user, dossier)
    )


@login_required
@require_POST
def dossier_transition(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _dossier(request, pk)
    require(
        scope.can_edit_unit(request.user, dossier.unit) or scope.can_review_dossiers(request.user)
    )
    version = _posted_version(request)
    if version is None:
        return _stale(request, dossier)
    action = request.POST.get("action", "")
    label = services.ACTION_LABELS.get(action, action)
    run_service(
        request,
        lambda: services.transition(
            actor=request.user,
            dossier=dossier,
            action=action,
            comment=request.POST.get("comment", ""),
            version=version,
        ),
        _("Đã thực hiện: %(action)s.") % {"action": label},
    )
    return _back(dossier)


# ── Items ─────────────────────────────────────────────────────────────────────────────


@login_required
def dossier_from_suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    """The eligible of the dossier's unit and year, ticked to become items; for award types
    that are alternatives (one achievement, one of several forms) one form per person."""
    dossier = _dossier(request, pk)
    _unit_editor(request, dossier)
    if request.method == "POST":
        version = _posted_version(request)
        if version is None:
            return _stale(request, dossier)
        picks = [p for p in map(parse_pick, _posted_picks(request)) if p]
        if not picks:
            messages.error(request, _("Chưa chọn cá nhân, tập thể nào."))
            return redirect(request.get_full_path())
        done = run_service(
            request,
            lambda: services.items_from_suggestions(
                actor=request.user, dossier=dossier, picks=picks, version=version
            ),
            _("Đã thêm các đề xuất đã chọn vào hồ sơ."),
        )
        return _back(dossier, "danh-sach") if done else redirect(request.get_full_path())
    require(scope.can_edit_dossier(request.user, dossier))
    form = SuggestionFilterForm(request.GET or None, user=request.user)
    award = form.cleaned_data.get("award") if form.is_valid() else None
    context = {"dossier": dossier, "form": form}
    try:
        run = eligibility_report(
            user=request.user, year=dossier.year, within=dossier.unit.code, award=award
        )
    except EligibilityError as exc:
        context["error"] = exc.message
    else:
        context["groups"] = suggestion_groups(run, dossier)
        context["notes"] = presenters.rule_notes(run.verdicts)
    return render(request, "nominations/suggestions.html", context)


def _posted_picks(request: HttpRequest) -> list[str]:
    """Ticked boxes (`pick`) and, per person of an alternatives group, the chosen form
    (`alt-…`, empty for none)."""
    alternatives = [v for k, v in request.POST.items() if k.startswith("alt-") and v]
    return [*request.POST.getlist("pick"), *alternatives]


@login_required
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _dossier(request, pk)
    _unit_editor(request, dossier)
    form = ItemAddForm(request.POST or None, user=request.user, dossier=dossier)
    if request.method == "POST":
        version = _posted_version(request)
        if version is None:
            return _stale(request, dossier)
        if form.is_valid():
            year_from, year_to = form.cleaned_data["year"]
            data = form.cleaned_data
            try:
                item = services.item_add(
                    actor=request.user,
                    dossier=dossier,
                    award_type=data["award_type"],
                    person=data["person"],
                    unit=data["unit"],
                    year_from=year_from,
                    year_to=year_to,
                    achievement=data["achievement"],
                    version=version,
                )
            except ValidationError as exc:
                form.add_service_error(exc)
            else:
                messages.success(
                    request,
                    _("Đã thêm %(who)s vào hồ sơ.") % {"who": item.recipient_name},
                )
                return _back(dossier, "danh-sach")
    else:
        require(scope.can_edit_dossier(request.user, dossier))
    return render(
        request,
        "nominations/item_add.html",
        {"dossier": dossier, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    dossier = item.dossier
    _unit_editor(request, dossier)
    if request.method != "POST":
        require(scope.can_edit_dossier(request.user, dossier))
    form = ItemEditForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        fresh = DossierItem.objects.get(pk=item.pk)  # the form's instance holds posted values
        try:
            services.item_update(
                actor=request.user,
                item=fresh,
                version=form.cleaned_data["version"],
                **form.changes(),
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Đã lưu đề nghị của %(who)s.") % {"who": item})
            return _back(dossier, f"muc-{item.pk}")
    return render(
        request,
        "nominations/item_form.html",
        {"dossier": dossier, "item": item, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def item_answer(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    _unit_editor(request, item.dossier)
    form = AnswerForm(request.POST, item=item)
    if form.is_valid():
        run_service(
            request,
            lambda: services.item_update(
                actor=request.user,
                item=item,
                version=form.cleaned_data["version"],
                answer=form.cleaned_data["answer"],
            ),
            _("Đã ghi giải trình cho %(who)s.") % {"who": item.recipient_name},
        )
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return _back(item.dossier, f"muc-{item.pk}")


def _item_button(request: HttpRequest, pk: int, *, office: bool, step, success: str, anchor: str):
    """A button on one item: the item in scope (404), the role (403), the dossier's version
    as the page showed it (stale: refused), then `step(item, version)` through the service."""
    item = _item(request, pk)
    if office:
        require(scope.can_review_dossiers(request.user))
    else:
        _unit_editor(request, item.dossier)
    version = _posted_version(request)
    if version is None:
        return _stale(request, item.dossier)
    run_service(request, lambda: step(item, version), success % {"who": item.recipient_name})
    return _back(item.dossier, anchor)


@login_required
@require_POST
def item_remove(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_button(
        request,
        pk,
        office=False,
        step=lambda item, version: services.item_remove(
            actor=request.user, item=item, version=version
        ),
        success=_("Đã bỏ %(who)s khỏi hồ sơ."),
        anchor="danh-sach",
    )


@login_required
@require_POST
def item_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_button(
        request,
        pk,
        office=True,
        step=lambda item, version: services.item_return(
            actor=request.user,
            item=item,
            comment=request.POST.get("comment", ""),
            version=version,
        ),
        success=_("Đã đánh dấu trả lại đề nghị của %(who)s."),
        anchor="tham-dinh",
    )


@login_required
@require_POST
def item_keep(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_button(
        request,
        pk,
        office=True,
        step=lambda item, version: services.item_keep(
            actor=request.user, item=item, version=version
        ),
        success=_("Đã bỏ đánh dấu trả lại đề nghị của %(who)s."),
        anchor="tham-dinh",
    )


# ── Attachments ───────────────────────────────────────────────────────────────────────


@login_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _dossier(request, pk)
    _unit_editor(request, dossier)
    version = _posted_version(request)
    if version is None:
        return _stale(request, dossier)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return _back(dossier, "tai-lieu")
    upload = form.cleaned_data["file"]
    run_service(
        request,
        lambda: attachments.attachment_add(
            actor=request.user,
            dossier=dossier,
            kind=form.cleaned_data["kind"],
            upload=upload,
            version=version,
        ),
        _("Đã đính kèm tệp “%(name)s”.") % {"name": upload.name},
    )
    return _back(dossier, "tai-lieu")


def _attachment(request: HttpRequest, pk: int) -> Attachment:
    visible = Attachment.objects.filter(dossier__in=scope.visible_dossiers(request.user))
    return scope.get_visible_or_404(visible.select_related("dossier__unit"), pk=pk)


@login_required
@require_POST
def attachment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = _attachment(request, pk)
    _unit_editor(request, attachment.dossier)
    version = _posted_version(request)
    if version is None:
        return _stale(request, attachment.dossier)
    run_service(
        request,
        lambda: attachments.attachment_remove(
            actor=request.user, attachment=attachment, version=version
        ),
        _("Đã xoá tệp “%(name)s”.") % {"name": attachment.original_name},
    )
    return _back(attachment.dossier, "tai-lieu")


@login_required
@require_safe
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """The file as an attachment under its original name, never rendered by the browser."""
    attachment = _attachment(request, pk)
    return download(attachment.file, attachment.original_name, attachment.content_type)
