"""Pages that belong to no single app."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from thidua.accounts import scope
from thidua.nominations.selectors import tasks_for
from thidua.reports.views import dashboard_context


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    units = scope.visible_units(request.user)
    people = scope.visible_people(request.user)
    context = dashboard_context(request)
    status = 400 if context["dashboard_form"].errors else 200
    context |= {
        "unit_count": units.count(),
        "people_count": people.count(),
        "scope_root": scope.scope_root(request.user),
        "nomination_tasks": tasks_for(request.user),
    }
    return render(request, "home.html", context, status=status)


def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})
