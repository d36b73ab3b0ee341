"""People pages: the searchable list, a person's page, the edit form, the duplicates list."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from thidua.accounts import scope
from thidua.awards.models import Award
from thidua.lib.audit import combined_history
from thidua.lib.privacy import mask_changes
from thidua.lib.views import add_service_error, paginate, render_list, require
from thidua.org import selectors
from thidua.org.filters import PersonFilter
from thidua.org.forms import PersonForm
from thidua.org.models import Assignment, Person, ServiceInterruption
from thidua.org.services import person_save
from thidua.org.views.interruptions import interruptions_context


@login_required
@require_safe
def person_list(request: HttpRequest) -> HttpResponse:
    found = PersonFilter(request.GET, queryset=scope.visible_people(request.user), request=request)
    people = found.qs
    # Vietnamese order comes from the indexed sort_key; select_related keeps one query per page.
    people = people.select_related("unit").order_by("sort_key", "code")
    return render_list(
        request,
        "org/person_list.html",
        "org/_people_table.html",
        {
            "form": found.form,
            "page_obj": paginate(request, people),
            "can_create": scope.can_edit(request.user),
        },
    )


@login_required
@require_safe
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    person = scope.get_visible_or_404(scope.visible_people(user).select_related("unit"), pk=pk)
    can_edit = scope.can_edit_unit(user, person.unit)
    assignments = list(selectors.assignment_history(person))
    for a in assignments:
        a.editable = can_edit and scope.can_edit_unit(user, a.unit)
    duplicates, hidden = scope.split_duplicates(
        user, person, list(selectors.likely_duplicates(person))
    )
    history = combined_history(
        person,
        Assignment.history.filter(person_id=person.pk),
        ServiceInterruption.history.filter(person_id=person.pk),
        Award.history.filter(person_id=person.pk),  # added to a decision, revoked
        exclude=["person"],
    )
    sees_citizen_id = scope.sees_citizen_id(user)
    if not sees_citizen_id:
        mask_changes(history)
    return render(
        request,
        "org/person_detail.html",
        {
            "person": person,
            "assignments": assignments,
            "duplicates": duplicates,
            "hidden_duplicates": hidden,
            "history": history,
            "sees_citizen_id": sees_citizen_id,
            "can_edit": can_edit,
            **interruptions_context(person, can_edit),
        },
    )


def _save_person_form(request: HttpRequest, form: PersonForm, message: str) -> HttpResponse | None:
    if not form.is_valid():
        return None
    data = form.cleaned_data
    start = data["start"] or (None if form.instance.pk is None else dt.date.today())
    try:
        person = person_save(
            person=form.save(commit=False), unit=data["unit"], start=start, actor=request.user
        )
    except ValidationError as exc:
        add_service_error(form, exc)
        return None
    messages.success(request, message)
    warn_duplicates(request, person, list(selectors.likely_duplicates(person)))
    return redirect("org:person_detail", pk=person.pk)


@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    require(scope.can_edit(request.user))
    initial = {"unit": request.GET.get("unit")} if request.GET.get("unit") else {}
    form = PersonForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and (
        done := _save_person_form(request, form, _("Đã thêm cán bộ."))
    ):
        return done
    return render(request, "org/person_form.html", {"form": form, "person": None})


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = scope.get_visible_or_404(
        scope.visible_people(request.user).select_related("unit"), pk=pk
    )
    require(scope.can_edit_unit(request.user, person.unit))
    form = PersonForm(request.POST or None, instance=person, user=request.user)
    if request.method == "POST" and (
        done := _save_person_form(request, form, _("Đã lưu thay đổi."))
    ):
        return done
    return render(request, "org/person_form.html", {"form": form, "person": person})


@login_required
@require_safe
def duplicates(request: HttpRequest) -> HttpResponse:
    """Groups of records sharing a CCCD, then groups with the same name and date of birth,
    among the people the user can see."""
    visible = scope.visible_people(request.user)
    page = paginate(request, selectors.duplicate_groups(visible))
    groups = [
        {"search_key": g["search_key"], "birth_date": g["birth_date"], "n": g["n"], "people": []}
        for g in page
    ]
    if groups:
        match = Q()
        for g in groups:
            match |= Q(search_key=g["search_key"], birth_date=g["birth_date"])
        by_key = {(g["search_key"], g["birth_date"]): g for g in groups}
        for person in visible.filter(match).select_related("unit").order_by("sort_key", "code"):
            by_key[(person.search_key, person.birth_date)]["people"].append(person)
    return render(
        request,
        "org/duplicates.html",
        {
            "page_obj": page,
            "groups": groups,
            "cccd_groups": selectors.citizen_id_groups(visible),
            "sees_citizen_id": scope.sees_citizen_id(request.user),
        },
    )


def warn_duplicates(request: HttpRequest, person: Person, likely: list[Person]) -> None:
    """Flag a probable duplicate after saving; records are never merged automatically."""
    if not likely:
        return
    visible, hidden = scope.split_duplicates(request.user, person, likely)
    if not visible and not hidden:
        return
    names = [
        f"{p.full_name} ({p.code}, {p.unit.name if p.unit else _('chưa có đơn vị')})"
        for p in visible
    ]
    if hidden:
        names.append(
            ngettext(
                "%(n)d hồ sơ ngoài phạm vi của bạn", "%(n)d hồ sơ ngoài phạm vi của bạn", hidden
            )
            % {"n": hidden}
        )
    messages.warning(
        request,
        _("Có thể trùng với %(names)s. Hãy kiểm tra lại; hệ thống không tự gộp hồ sơ.")
        % {"names": "; ".join(names)},
    )
