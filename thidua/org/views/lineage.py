"""Reorganisation pages: the list of events, one event, entering one by hand (the province's
office), and the people left in units that ended, who need a new unit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from thidua.accounts import scope
from thidua.lib.audit import combined_history
from thidua.lib.views import paginate, require
from thidua.org import selectors
from thidua.org.forms import EdgeForm, EdgeFormSet, ReorganisationForm
from thidua.org.lineage import EdgeInput, ReorganisationRefused, reorganise
from thidua.org.models import LineageEdge, Unit

EVENTS_PER_PAGE = 50
WAITING_PER_PAGE = 100


@login_required
@require_safe
def reorganisation_list(request: HttpRequest) -> HttpResponse:
    events = (
        scope.visible_reorganisations(request.user)
        .annotate(edge_count=Count("edges"))
        .order_by("-effective_date", "basis")
    )
    page = paginate(request, events, EVENTS_PER_PAGE)
    edges = (
        LineageEdge.objects.filter(reorganisation__in=[e.pk for e in page])
        .select_related("old_unit", "new_unit", "new_parent")
        .order_by("pk")
    )
    by_event: dict[int, list[LineageEdge]] = {}
    for edge in edges:
        by_event.setdefault(edge.reorganisation_id, []).append(edge)
    for event in page:
        event.shown_edges = by_event.get(event.pk, [])[:5]
    return render(
        request,
        "org/reorganisation_list.html",
        {"page_obj": page, "can_manage": scope.can_manage_reorganisations(request.user)},
    )


@login_required
@require_safe
def reorganisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    edges = LineageEdge.objects.select_related(
        "old_unit", "new_unit", "new_parent", "old_parent"
    ).order_by("pk")
    event = scope.get_visible_or_404(
        scope.visible_reorganisations(user).prefetch_related(
            Prefetch("edges", queryset=edges, to_attr="shown_edges")
        ),
        pk=pk,
    )
    shown = [
        u
        for e in event.shown_edges
        for u in (e.old_unit, e.new_unit, e.new_parent, e.old_parent)
        if u is not None
    ]
    selectors.name_units_as_on(event.effective_date, shown)  # the names of the event's day
    ids = {u.pk for u in shown}
    linked = set(scope.visible_units(user).filter(pk__in=ids).values_list("pk", flat=True))
    return render(
        request,
        "org/reorganisation_detail.html",
        {
            "event": event,
            "linked": linked,
            "history": combined_history(event, LineageEdge.history.filter(reorganisation=event)),
        },
    )


@login_required
def reorganisation_create(request: HttpRequest) -> HttpResponse:
    """Enter an event with its edges; the lineage service checks and applies it at once."""
    require(scope.can_manage_reorganisations(request.user))
    form = ReorganisationForm(request.POST or None)
    edges = EdgeFormSet(request.POST or None, prefix="edge")
    if request.method == "POST" and form.is_valid() and edges.is_valid():
        done = _apply(request, form, edges)
        if done is not None:
            return done
    return render(
        request,
        "org/reorganisation_form.html",
        {
            "form": form,
            "edges": edges,
            "unit_choices": Unit.objects.order_by("path").values_list("code", "name"),
        },
        status=400 if request.method == "POST" else 200,
    )


def _apply(request: HttpRequest, form: ReorganisationForm, edges) -> HttpResponse | None:
    lines = [(n, f) for n, f in enumerate(edges.forms, start=1) if not f.is_blank()]
    if not lines:
        form.add_error(None, _("Ghi ít nhất một đơn vị được sắp xếp."))
        return None
    codes = {f.cleaned_data[name] for _n, f in lines for name in EdgeForm.UNIT_FIELDS}
    units = {u.code: u for u in Unit.objects.filter(code__in=codes - {""})}
    inputs: list[EdgeInput] = []
    for number, line in lines:
        data = line.cleaned_data
        for name in EdgeForm.UNIT_FIELDS:
            if data[name] and data[name] not in units:
                message = _("Không có đơn vị mã «%(code)s».") % {"code": data[name]}
                line.add_error(name, message)
        if not line.errors:
            inputs.append(
                EdgeInput(
                    kind=data["kind"],
                    old_unit=units[data["old_unit"]],
                    new_unit=units.get(data["new_unit"]),
                    new_name=data["new_name"],
                    new_parent=units.get(data["new_parent"]),
                    move_people=data["move_people"],
                    row=number,
                )
            )
    if len(inputs) < len(lines):
        return None
    try:
        applied = reorganise(
            effective_date=form.cleaned_data["effective_date"],
            basis=form.cleaned_data["basis"],
            note=form.cleaned_data["note"],
            edges=inputs,
            user=request.user,
        )
    except ReorganisationRefused as refused:
        for problem in refused.problems:
            if problem.index < 0:
                target = form.fields.get(problem.field) and problem.field
                form.add_error(target or None, problem.message)
            else:
                line = lines[problem.index][1]
                line.add_error(
                    problem.field if problem.field in line.fields else None, problem.message
                )
        return None
    message = _("Đã ghi nhận đợt sắp xếp %(basis)s: %(edges)s đơn vị, chuyển %(moved)s cán bộ.")
    messages.success(
        request,
        message
        % {
            "basis": applied.reorganisation.basis,
            "edges": len(applied.edges),
            "moved": applied.people_moved,
        },
    )
    for warning in applied.warnings:
        messages.warning(request, warning.message)
    if applied.people_waiting:
        waiting = _("%(n)s cán bộ ở đơn vị đã kết thúc cần được phân công đơn vị mới.")
        messages.warning(request, waiting % {"n": applied.people_waiting})
    return redirect("org:reorganisation_detail", pk=applied.reorganisation.pk)


@login_required
@require_safe
def people_awaiting_unit(request: HttpRequest) -> HttpResponse:
    """People whose open assignment is in a unit that has ended: a reorganisation did not
    move them to a successor (or the unit was closed by hand)."""
    user = request.user
    assignments = selectors.people_awaiting_unit(scope.visible_people(user))
    return render(
        request,
        "org/people_awaiting_unit.html",
        {"page_obj": paginate(request, assignments, WAITING_PER_PAGE)},
    )
