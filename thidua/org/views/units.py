"""Unit pages: the tree list, a unit's page (people, clusters, who was there in a year), edits."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Min, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from thidua.accounts import scope
from thidua.lib.audit import history_entries
from thidua.lib.views import add_service_error, paginate, render_list, require
from thidua.org import selectors
from thidua.org.filters import UnitFilter
from thidua.org.forms import UnitCloseForm, UnitForm
from thidua.org.models import Assignment, Person, Unit
from thidua.org.services import unit_save

UNITS_PER_PAGE = 100
PEOPLE_ON_UNIT_PAGE = 20


@login_required
@require_safe
def unit_list(request: HttpRequest) -> HttpResponse:
    """The unit tree; with ?ngay=dd/mm/yyyy the tree as it stood that day (the units in force
    then, with the names and parents they had: selectors.tree_on)."""
    found = UnitFilter(request.GET, queryset=scope.visible_units(request.user), request=request)
    root = scope.scope_root(request.user)
    day = found.form.cleaned_data.get("ngay") if found.is_valid() else None
    if day:
        units = selectors.tree_on(day, found.qs)
        offset = -min((u.depth for u in units), default=0) if root else 0
    else:
        units = found.qs.select_related("parent").order_by("path")  # type: ignore[assignment]
        offset = -root.depth if root else 0
    return render_list(
        request,
        "org/unit_list.html",
        "org/_unit_table.html",
        {
            "form": found.form,
            "day": day,
            "page_obj": paginate(request, units, UNITS_PER_PAGE),
            "depth_offset": offset,
            "can_create": scope.can_edit(request.user),
        },
    )


def _year_choices(unit: Unit) -> list[int]:
    in_subtree = Assignment.objects.filter(unit__path__startswith=unit.path)
    first = in_subtree.aggregate(y=Min("start"))["y"]
    this_year = dt.date.today().year
    return list(range(this_year, (first.year if first else this_year) - 1, -1))


def _people_in_year(request: HttpRequest, unit: Unit) -> dict:
    """The 'who was in this unit in year Y' panel, with each person's periods there."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return {}
    if not 1900 <= year <= 2100:
        return {}
    subtree = request.GET.get("subtree") == "1"
    units = Q(unit__path__startswith=unit.path) if subtree else Q(unit=unit)
    periods = (
        Assignment.objects.filter(units, start__lte=dt.date(year, 12, 31))
        .filter(Q(end__isnull=True) | Q(end__gte=dt.date(year, 1, 1)))
        .select_related("unit")
        .order_by("start")
    )
    people = (
        selectors.people_in_unit_in_year(unit, year, subtree=subtree)
        .select_related("unit")
        .order_by("sort_key", "code")
        .prefetch_related(Prefetch("assignments", queryset=periods, to_attr="periods"))
    )
    page = paginate(request, people, param="ypage")
    visible = set(
        scope.visible_people(request.user)
        .filter(pk__in=[p.pk for p in page])
        .values_list("pk", flat=True)
    )
    return {"year": year, "subtree": subtree, "year_page": page, "year_visible": visible}


@login_required
@require_safe
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    unit = scope.get_visible_or_404(scope.readable_units(user).select_related("parent"), pk=pk)
    people = Person.objects.filter(unit=unit).order_by("sort_key", "code")
    return render(
        request,
        "org/unit_detail.html",
        {
            "unit": unit,
            "ancestors": [(a, scope.unit_in_scope(user, a)) for a in unit.ancestors()],
            "children": unit.children.order_by("path"),
            "people": people[:PEOPLE_ON_UNIT_PAGE],
            "people_count": people.count(),
            "memberships": unit.cluster_memberships.select_related("cluster").order_by(
                "-cluster__year"
            ),
            "years": _year_choices(unit),
            "history": history_entries(unit),
            **_lineage(user, unit),
            "can_edit": scope.can_edit_unit(user, unit),
            "can_change": scope.can_change_unit(user, unit),
            **_people_in_year(request, unit),
        },
    )


def _lineage(user, unit: Unit) -> dict:
    """The unit's reorganisations (predecessors, successors, renames, moves) and former
    names; units on the other side link only when the user may open them."""
    timeline = selectors.unit_timeline(unit)
    others = {
        u.pk
        for step in timeline
        for u in (step.other, step.edge.old_parent, step.edge.new_parent)
        if u is not None
    }
    linked = set(scope.readable_units(user).filter(pk__in=others).values_list("pk", flat=True))
    return {
        "timeline": timeline,
        "timeline_linked": linked,
        "former_names": list(unit.former_names.order_by("valid_to")),
    }


def _save_unit_form(request: HttpRequest, form: UnitForm, message: str) -> HttpResponse | None:
    if not form.is_valid():
        return None
    try:
        unit = unit_save(unit=form.save(commit=False))
    except ValidationError as exc:
        add_service_error(form, exc)
        return None
    messages.success(request, message)
    return redirect("org:unit_detail", pk=unit.pk)


@login_required
def unit_create(request: HttpRequest) -> HttpResponse:
    require(scope.can_edit(request.user))
    initial = {"parent": request.GET.get("parent")} if request.GET.get("parent") else {}
    form = UnitForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and (done := _save_unit_form(request, form, _("Đã thêm đơn vị."))):
        return done
    return render(request, "org/unit_form.html", {"form": form, "unit": None})


def _changeable_unit(request: HttpRequest, pk: int) -> Unit:
    """404 outside the scope; 403 unless the user may change the unit itself (a clerk's own
    unit is the province's to rename, recode or close)."""
    unit = scope.get_visible_or_404(scope.visible_units(request.user), pk=pk)
    require(scope.can_change_unit(request.user, unit))
    return unit


@login_required
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _changeable_unit(request, pk)
    form = UnitForm(request.POST or None, instance=unit, user=request.user)
    if request.method == "POST" and (done := _save_unit_form(request, form, _("Đã lưu đơn vị."))):
        return done
    return render(request, "org/unit_form.html", {"form": form, "unit": unit})


@login_required
def unit_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Units are never deleted: closing one records the day it stopped being in force."""
    unit = _changeable_unit(request, pk)
    form = UnitCloseForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        unit.active_to = form.cleaned_data["active_to"]
        try:
            unit_save(unit=unit)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận đơn vị hết hiệu lực."))
            return redirect("org:unit_detail", pk=unit.pk)
    return render(
        request,
        "org/unit_close.html",
        {
            "form": form,
            "unit": unit,
            "people_count": unit.people.count(),
            "active_children": unit.children.filter(selectors.active_on(dt.date.today())).count(),
        },
    )
