"""Assignments (công tác) edited from a person's page; every write goes through org.services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.accounts import scope
from thidua.lib.views import add_service_error, require
from thidua.org.forms import AssignmentEndForm, AssignmentForm
from thidua.org.models import Assignment, Person
from thidua.org.services import assignment_delete as delete_assignment
from thidua.org.services import assignment_save


def _editable_person(request: HttpRequest, pk: int) -> Person:
    person = scope.get_visible_or_404(
        scope.visible_people(request.user).select_related("unit"), pk=pk
    )
    require(scope.can_edit_unit(request.user, person.unit))
    return person


def _editable_assignment(request: HttpRequest, pk: int) -> Assignment:
    """404 unless the person is visible; 403 unless both the person and this period's unit
    are the user's to change (a clerk cannot rewrite another district's records)."""
    visible = Assignment.objects.filter(person__in=scope.visible_people(request.user))
    assignment = scope.get_visible_or_404(visible.select_related("person__unit", "unit"), pk=pk)
    require(
        scope.can_edit_unit(request.user, assignment.person.unit)
        and scope.can_edit_unit(request.user, assignment.unit)
    )
    return assignment


def _save(request: HttpRequest, form, assignment: Assignment, message: str) -> HttpResponse | None:
    try:
        assignment_save(assignment=assignment)
    except ValidationError as exc:
        add_service_error(form, exc)
        return None
    messages.success(request, message)
    return _back_to_person(request, assignment.person_id)


def _back_to_person(request: HttpRequest, person_id: int) -> HttpResponse:
    # Ending or removing the current period can move the person out of a clerk's scope.
    if scope.visible_people(request.user).filter(pk=person_id).exists():
        return redirect("org:person_detail", pk=person_id)
    return redirect("org:person_list")


@login_required
def assignment_create(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = _editable_person(request, person_pk)
    form = AssignmentForm(
        request.POST or None, user=request.user, initial={"position": person.position}
    )
    if request.method == "POST" and form.is_valid():
        assignment = form.save(commit=False)
        assignment.person = person
        if done := _save(request, form, assignment, _("Đã thêm quá trình công tác.")):
            return done
    return render(
        request, "org/assignment_form.html", {"form": form, "person": person, "assignment": None}
    )


@login_required
def assignment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _editable_assignment(request, pk)
    form = AssignmentForm(request.POST or None, instance=assignment, user=request.user)
    if (
        request.method == "POST"
        and form.is_valid()
        and (done := _save(request, form, form.save(commit=False), _("Đã lưu quá trình công tác.")))
    ):
        return done
    return render(
        request,
        "org/assignment_form.html",
        {"form": form, "person": assignment.person, "assignment": assignment},
    )


@login_required
def assignment_end(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _editable_assignment(request, pk)
    form = AssignmentEndForm(request.POST or None, assignment=assignment)
    if request.method == "POST" and form.is_valid():
        assignment.end = form.cleaned_data["end"]
        if done := _save(request, form, assignment, _("Đã kết thúc quá trình công tác.")):
            return done
    return render(
        request,
        "org/assignment_end.html",
        {"form": form, "person": assignment.person, "assignment": assignment},
    )


@login_required
@require_POST
def assignment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """For a period entered by mistake; the deletion stays in the audit history."""
    assignment = _editable_assignment(request, pk)
    delete_assignment(assignment=assignment)
    messages.success(request, _("Đã xoá quá trình công tác."))
    return _back_to_person(request, assignment.person_id)
