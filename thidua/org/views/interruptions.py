"""Service interruptions (thời gian gián đoạn công tác) edited from a person's page, and the
length of service they leave; every write goes through org.services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from thidua.accounts import scope
from thidua.lib.views import add_service_error, require, run_service
from thidua.org.forms import InterruptionForm
from thidua.org.models import Person, ServiceInterruption
from thidua.org.services import interruption_add, interruption_delete, interruption_edit
from thidua.org.views.assignments import _editable_person  # 404 out of scope, 403 read-only
from thidua.rules.calendar import months_and_days
from thidua.rules.conditions.personal import served_months
from thidua.rules.facts import PersonFacts


def duration_label(months: int, days: int | None = None) -> str:
    """A duration as read: "1 năm 2 tháng", or with days "14 tháng 3 ngày" (no years then)."""
    parts = []
    if days is None:
        years, months = divmod(months, 12)
        if years:
            parts.append(ngettext("%(n)d năm", "%(n)d năm", years) % {"n": years})
    if months or not (parts or days):
        parts.append(ngettext("%(n)d tháng", "%(n)d tháng", months) % {"n": months})
    if days:
        parts.append(ngettext("%(n)d ngày", "%(n)d ngày", days) % {"n": days})
    return " ".join(parts)


@dataclass
class ServiceLength:
    """What the page shows under the interruptions: service by 31/12 of `year`, as the
    rule packs count it (thidua.rules.conditions.personal.served_months)."""

    year: int
    served: str
    without_interruptions: str | None  # None when the interruptions take nothing away


def service_length(
    person: Person, interruptions: list[ServiceInterruption], year: int
) -> ServiceLength | None:
    if person.service_start is None:
        return None
    until = dt.date(year, 12, 31)
    periods = tuple((i.start, i.end) for i in interruptions)
    facts = PersonFacts(
        person.code,
        person.full_name,
        service_start=person.service_start,
        service_end=person.service_end,
        service_interruptions=periods,
    )
    served = served_months(facts, until)
    whole = served_months(replace(facts, service_interruptions=()), until)
    return ServiceLength(
        year, duration_label(served), duration_label(whole) if whole != served else None
    )


def this_year() -> int:
    return dt.date.today().year


def interruptions_context(person: Person, can_edit: bool) -> dict:
    """The person page's section: the periods with their length, and the service left."""
    interruptions = list(person.service_interruptions.order_by("start"))
    for i in interruptions:
        i.duration = duration_label(*months_and_days(i.start, i.end))
    return {
        "interruptions": interruptions,
        "service_length": service_length(person, interruptions, this_year()),
        "can_edit_interruptions": can_edit,
    }


def _editable_interruption(request: HttpRequest, pk: int) -> ServiceInterruption:
    visible = ServiceInterruption.objects.filter(person__in=scope.visible_people(request.user))
    interruption = scope.get_visible_or_404(visible.select_related("person__unit"), pk=pk)
    require(scope.can_edit_unit(request.user, interruption.person.unit))
    return interruption


def _form_page(
    request: HttpRequest,
    form: InterruptionForm,
    person: Person,
    interruption: ServiceInterruption | None,
) -> HttpResponse:
    return render(
        request,
        "org/interruption_form.html",
        {"form": form, "person": person, "interruption": interruption},
    )


@login_required
def interruption_create(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = _editable_person(request, person_pk)
    form = InterruptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        interruption = form.save(commit=False)
        interruption.person = person
        try:
            interruption_add(interruption=interruption, user=request.user)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Đã thêm thời gian gián đoạn công tác."))
            return redirect("org:person_detail", pk=person.pk)
    return _form_page(request, form, person, None)


@login_required
def interruption_update(request: HttpRequest, pk: int) -> HttpResponse:
    interruption = _editable_interruption(request, pk)
    form = InterruptionForm(request.POST or None, instance=interruption)
    if request.method == "POST" and form.is_valid():
        try:
            interruption_edit(interruption=form.save(commit=False), user=request.user)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Đã lưu thời gian gián đoạn công tác."))
            return redirect("org:person_detail", pk=interruption.person_id)
    return _form_page(request, form, interruption.person, interruption)


@login_required
@require_POST
def interruption_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """For a period entered by mistake; the deletion stays in the audit history."""
    interruption = _editable_interruption(request, pk)
    run_service(
        request,
        lambda: interruption_delete(interruption=interruption, user=request.user),
        _("Đã xoá thời gian gián đoạn công tác."),
    )
    return redirect("org:person_detail", pk=interruption.person_id)
