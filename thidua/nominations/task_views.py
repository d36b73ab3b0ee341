"""Pages of the end of the workflow: issuing the decision from approved items, the calendar
of deadlines, the user's notifications, and a person's or unit's nominations (an HTMX
fragment of their record pages, which sit in layers below and cannot read dossiers)."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from thidua.accounts import scope
from thidua.lib.views import add_service_error, require, wants_fragment
from thidua.nominations import selectors, services, task_services
from thidua.nominations.models import Deadline, DeadlineKind
from thidua.nominations.task_forms import DeadlineForm, IssueFilterForm, IssueForm

# ── Issuing the decision ──────────────────────────────────────────────────────────────


@login_required
def issue_decision(request: HttpRequest) -> HttpResponse:
    """Approved items grouped by award type, ticked into one decision."""
    if not scope.can_issue_from_dossier(request.user):
        raise PermissionDenied(_("Chỉ quản trị hoặc cán bộ thi đua cấp tỉnh ban hành quyết định."))
    filters = IssueFilterForm(request.GET or None)
    wanted = filters.cleaned_data if filters.is_valid() else {}
    items = selectors.approved_items(
        request.user, year=wanted.get("year"), award_type=wanted.get("award_type")
    )
    form = IssueForm(request.POST or None, items=items)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.decision_issue(actor=request.user, **data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Đã ban hành quyết định số %(n)s cho %(count)s đề nghị.")
                % {"n": decision.number, "count": len(data["items"])},
            )
            return redirect(decision.get_absolute_url())
    ticked = {str(v) for v in form["items"].value() or []}
    groups = [
        (award_type, list(group))
        for award_type, group in groupby(items, key=lambda item: item.award_type)
    ]
    context = {"filters": filters, "form": form, "groups": groups, "ticked": ticked}
    status = 400 if form.errors else 200
    return render(request, "nominations/issue_decision.html", context, status=status)


# ── The calendar ──────────────────────────────────────────────────────────────────────


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("nam", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 1945 <= year <= 2100 else timezone.localdate().year


def _save_deadline(request: HttpRequest, form: DeadlineForm) -> bool:
    if not form.is_valid():
        return False
    try:
        deadline = task_services.deadline_save(actor=request.user, deadline=form.deadline())
    except ValidationError as exc:
        add_service_error(form, exc)
        return False
    messages.success(request, _("Đã lưu mốc %(d)s.") % {"d": deadline})
    return True


@login_required
def deadlines(request: HttpRequest) -> HttpResponse:
    """The year's calendar; the office adds a date below the table."""
    can_edit = task_services.can_edit_calendar(request.user)
    year = _year(request)
    form = None
    if request.method == "POST":
        require(can_edit)
        form = DeadlineForm(request.POST)
        if _save_deadline(request, form):
            return redirect(f"{request.path}?nam={form.instance.year}")
    elif can_edit:
        form = DeadlineForm(initial={"year": year, "kind": DeadlineKind.SUBMISSION})
    today = timezone.localdate()
    rows = [
        (d, d.kind == DeadlineKind.SUBMISSION and d.date < today)
        for d in Deadline.objects.filter(year=year)
    ]
    context = {
        "year": year,
        "rows": rows,
        "form": form,
        "can_edit": can_edit,
        "years": (year - 1, year + 1),
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "nominations/deadlines.html", context, status=status)


@login_required
def deadline_edit(request: HttpRequest, pk: int) -> HttpResponse:
    deadline = scope.get_visible_or_404(Deadline.objects.all(), pk=pk)
    require(task_services.can_edit_calendar(request.user))
    form = DeadlineForm(request.POST or None, instance=deadline)
    if request.method == "POST" and _save_deadline(request, form):
        return redirect(f"{reverse('nominations:deadlines')}?nam={form.instance.year}")
    status = 400 if form.errors else 200
    context = {"form": form, "deadline": deadline}
    return render(request, "nominations/deadline_form.html", context, status=status)


@login_required
@require_POST
def deadline_delete(request: HttpRequest, pk: int) -> HttpResponse:
    deadline = scope.get_visible_or_404(Deadline.objects.all(), pk=pk)
    require(task_services.can_edit_calendar(request.user))
    year, label = deadline.year, str(deadline)
    task_services.deadline_delete(actor=request.user, deadline=deadline)
    messages.success(request, _("Đã xoá mốc %(d)s.") % {"d": label})
    return redirect(f"{reverse('nominations:deadlines')}?nam={year}")


# ── Notifications ─────────────────────────────────────────────────────────────────────


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """The user's notices; POST `id` marks one read, `all` every one. An empty POST is
    refused with 400: it says nothing to do."""
    if request.method == "POST":
        if "all" in request.POST:
            n = task_services.notifications_mark_read(user=request.user)
            messages.success(request, _("Đã đánh dấu %(n)s thông báo là đã đọc.") % {"n": n})
            return redirect(request.path)
        try:
            pk = int(request.POST.get("id", ""))
        except ValueError:
            pk = None
        if pk is not None:
            task_services.notifications_mark_read(user=request.user, pk=pk)
            return redirect(request.path)
        messages.error(request, _("Chưa chọn thông báo nào."))
    notices = selectors.notifications_of(request.user)[:200]
    status = 400 if request.method == "POST" else 200
    return render(request, "nominations/notifications.html", {"notices": notices}, status=status)


# ── A person's or unit's nominations ──────────────────────────────────────────────────


def _render_history(request: HttpRequest, recipient, name: str, back: str, lines):
    template = (
        "nominations/_nominations_history.html"
        if wants_fragment(request)
        else "nominations/nominations_history.html"
    )
    context = {"recipient": recipient, "name": name, "back_url": back, "lines": lines}
    response = render(request, template, context)
    response["Vary"] = "HX-Request"
    return response


@login_required
@require_safe
def person_nominations(request: HttpRequest, code: str) -> HttpResponse:
    person = scope.get_visible_or_404(scope.visible_people(request.user), code=code)
    back = reverse("org:person_detail", args=[person.pk])
    lines = selectors.person_nominations(request.user, person)
    return _render_history(request, person, person.full_name, back, lines)


@login_required
@require_safe
def unit_nominations(request: HttpRequest, code: str) -> HttpResponse:
    unit = scope.get_visible_or_404(scope.visible_units(request.user), code=code)
    back = reverse("org:unit_detail", args=[unit.pk])
    lines = selectors.unit_nominations(request.user, unit)
    return _render_history(request, unit, unit.name, back, lines)
