"""Pages of registrations (đăng ký thi đua): the list of a year in the user's scope, one
unit-year's registration with its history, the form (create and edit), and the year-end
comparison of registered and achieved titles with its Excel export."""

from __future__ import annotations

import io
from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from thidua.accounts import scope
from thidua.lib.audit import combined_history
from thidua.lib.views import add_service_error, paginate, render_list, require
from thidua.movements import registration_selectors as selectors
from thidua.movements.models import Registration, RegistrationEntry
from thidua.movements.registration_export import write_comparison_xlsx
from thidua.movements.registration_forms import (
    ComparisonFilterForm,
    RegistrationFilterForm,
    RegistrationForm,
    RegistrationStartForm,
)
from thidua.movements.registration_services import registration_save

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _registration_or_404(request: HttpRequest, pk: int) -> Registration:
    return scope.get_visible_or_404(
        scope.visible_registrations(request.user).select_related(
            "unit", "movement", "collective_title"
        ),
        pk=pk,
    )


@login_required
@require_safe
def registration_list(request: HttpRequest) -> HttpResponse:
    """Registrations of a year (this year by default) in the user's scope."""
    data = request.GET.copy()
    data.setdefault("nam", str(timezone.localdate().year))
    form = RegistrationFilterForm(data, user=request.user)
    wanted = form.cleaned_data if form.is_valid() else {}
    registrations = selectors.registration_list(
        request.user,
        year=wanted.get("nam"),
        unit=wanted.get("don_vi"),
        movement=wanted.get("phong_trao"),
    )
    context = {
        "form": form,
        "page_obj": paginate(request, registrations),
        "years": selectors.registration_years(request.user),
        "can_create": scope.editable_units(request.user).exists(),
        "year": wanted.get("nam"),
    }
    return render_list(
        request,
        "movements/registration_list.html",
        "movements/registration_list_results.html",
        context,
    )


@login_required
@require_safe
def registration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    registration = _registration_or_404(request, pk)
    entries = list(selectors.entries_of(registration))
    entry_history = RegistrationEntry.history.filter(registration_id=registration.pk)
    context = {
        "registration": registration,
        "entries": entries,
        "counts": selectors.title_counts(registration),
        "can_edit": scope.can_edit_registration(request.user, registration.unit),
        # Each line's registration is the page's own.
        "entries_history": combined_history(registration, entry_history, exclude=["registration"]),
    }
    return render(request, "movements/registration_detail.html", context)


def _form_page(request: HttpRequest, registration: Registration) -> HttpResponse:
    lines = selectors.form_lines(registration.unit, registration.year, registration)
    form = RegistrationForm(
        request.POST or None, instance=registration, lines=lines, year=registration.year
    )
    if request.method == "POST" and form.is_valid():
        creating = registration.pk is None
        try:
            saved = registration_save(
                actor=request.user,
                registration=form.save(commit=False),
                titles=form.person_titles(),
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            done = (
                _("Đã lưu bản đăng ký thi đua.")
                if not creating
                else _("Đã tạo bản đăng ký thi đua.")
            )
            messages.success(request, done)
            return redirect("movements:registration_detail", pk=saved.pk)
    context = {
        "form": form,
        "registration": registration,
        "unit": registration.unit,
        "year": registration.year,
        "default_title": selectors.DEFAULT_PERSON_TITLE,
    }
    status = 400 if form.errors else 200
    return render(request, "movements/registration_form.html", context, status=status)


@login_required
def registration_create(request: HttpRequest) -> HttpResponse:
    """Step one: which unit and year (GET ?don_vi=…&nam=…); then the registration's form.
    A unit that already registered for that year is sent to its registration."""
    require(scope.editable_units(request.user).exists())
    start = RegistrationStartForm(request.GET or None, user=request.user)
    if not start.is_valid():
        status = 400 if request.GET or request.method == "POST" else 200
        return render(request, "movements/registration_start.html", {"start": start}, status=status)
    unit, year = start.cleaned_data["don_vi"], start.cleaned_data["nam"]
    existing = Registration.objects.filter(unit=unit, year=year).first()
    if existing is not None:
        messages.info(request, _("Đơn vị đã có bản đăng ký năm này: mở để sửa."))
        return redirect("movements:registration_edit", pk=existing.pk)
    return _form_page(request, Registration(unit=unit, year=year))


@login_required
def registration_edit(request: HttpRequest, pk: int) -> HttpResponse:
    registration = _registration_or_404(request, pk)
    require(scope.can_edit_registration(request.user, registration.unit))
    return _form_page(request, registration)


def _comparison(request: HttpRequest):
    data = request.GET.copy()
    root = scope.scope_root(request.user)
    if "don_vi" not in data and root is not None:
        data["don_vi"] = root.code
    data.setdefault("nam", str(timezone.localdate().year - 1))
    if "don_vi" not in request.GET and "cap_duoi" not in data:
        data["cap_duoi"] = "on"
    if "don_vi" not in data:  # the province's office chooses a unit first: no error yet
        return ComparisonFilterForm(initial=data.dict(), user=request.user), None
    form = ComparisonFilterForm(data, user=request.user)
    if not form.is_valid():
        return form, None
    wanted = form.cleaned_data
    result = selectors.comparison(
        request.user, wanted["don_vi"], wanted["nam"], subtree=wanted["cap_duoi"]
    )
    return form, result


def _side(side: selectors.Side, anchor: str) -> SimpleNamespace:
    titles = {
        "met": _("Đăng ký và đạt"),
        "missed": _("Đăng ký nhưng không đạt"),
        "unregistered": _("Đạt nhưng không đăng ký"),
    }
    return SimpleNamespace(
        anchor=anchor,
        registered=side.registered,
        met=side.met,
        missed=side.missed,
        unregistered=side.unregistered,
        sections=[(key, titles[key], lines) for key, lines in side.lists()],
    )


@login_required
@require_safe
def registration_comparison(request: HttpRequest) -> HttpResponse:
    """Registered vs achieved at the year's end: three lists for people, three for the
    collective titles, counts at the top."""
    form, result = _comparison(request)
    export, sides = "", []
    if result is not None:
        export = reverse("movements:registration_comparison_xlsx") + "?" + request.GET.urlencode()
        sides = [
            (_("Cá nhân"), _side(result.people, "ca-nhan")),
            (_("Danh hiệu tập thể"), _side(result.collectives, "tap-the")),
        ]
    context = {"form": form, "result": result, "export_url": export, "sides": sides}
    return render(request, "movements/registration_comparison.html", context)


@login_required
@require_safe
def registration_comparison_xlsx(request: HttpRequest) -> HttpResponse:
    _form, result = _comparison(request)
    if result is None:
        messages.error(request, _("Chọn đơn vị và năm để xuất bảng đối chiếu."))
        return redirect("movements:registration_comparison")
    buffer = io.BytesIO()
    write_comparison_xlsx(result, buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    name = f"doi-chieu-dang-ky-{result.unit.code}-{result.year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
