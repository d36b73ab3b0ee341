"""A person's or unit's record page ("Quá trình khen thưởng") and the hand entry on it:
yearly results (xếp loại) for both, initiatives (sáng kiến) and discipline (kỷ luật) for a
person, whose authors and subjects are people only.

The page is readable by anyone who reads the person or unit (else 404; scope.readable_people,
readable_units: a successor's clerk reads the units it took over); the forms are shown,
and their POSTs accepted (else 403), only to those who may change that unit's people, the
scope the imports apply. Saves go through awards.services, so the imports' rules and their
audit (simple_history, with the user) hold here too."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from thidua.accounts import scope
from thidua.awards.models import Award, Discipline, Initiative, InitiativeAuthor, YearlyResult
from thidua.awards.record_forms import DisciplineEntryForm, InitiativeEntryForm
from thidua.awards.result_forms import YearlyResultForm
from thidua.lib.audit import history_entries
from thidua.lib.views import add_service_error, require
from thidua.org.models import Person, Unit


def person_or_404(request: HttpRequest, code: str) -> Person:
    return scope.get_visible_or_404(
        scope.readable_people(request.user).select_related("unit"), code=code
    )


def unit_or_404(request: HttpRequest, code: str) -> Unit:
    return scope.get_visible_or_404(scope.readable_units(request.user), code=code)


def recipient(subject: Model) -> dict:
    return {"person": subject} if isinstance(subject, Person) else {"unit": subject}


def unit_of(subject: Model) -> Unit | None:
    return subject.unit if isinstance(subject, Person) else subject


def require_entry(request: HttpRequest, subject: Model) -> None:
    """403 unless the user may enter the record of this (visible) person or unit."""
    require(scope.can_edit_unit(request.user, unit_of(subject)))


def page_url(subject: Model, anchor: str = "") -> str:
    name = "awards:person_history" if isinstance(subject, Person) else "awards:unit_history"
    return reverse(name, args=[subject.code]) + (f"#{anchor}" if anchor else "")


def results_form(
    request: HttpRequest, subject: Model, results: list[YearlyResult], data=None
) -> YearlyResultForm:
    """The results form: bound to `data`, else blank or (?sua=year) filled to correct."""
    kwargs = {"collective": isinstance(subject, Unit), "results": results}
    if data is not None:
        return YearlyResultForm(data, **kwargs)
    editing = {r.year: r for r in results}.get(_year(request.GET.get("sua")))
    return YearlyResultForm.for_year(editing, **kwargs) if editing else YearlyResultForm(**kwargs)


def _year(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def render_record(
    request: HttpRequest, subject: Model, *, status: int = 200, **forms: Form
) -> HttpResponse:
    """The page; `forms` (result_form, initiative_form, discipline_form) replace blank ones,
    e.g. a refused form with its errors."""
    who = recipient(subject)
    results = list(YearlyResult.objects.filter(**who).select_related("title"))
    can_enter = scope.can_edit_unit(request.user, unit_of(subject))
    context = {**who, "results": results, "can_enter": can_enter}
    if can_enter:
        context["result_form"] = forms.get("result_form") or results_form(request, subject, results)
    owner = {f"{k}_id": v.pk for k, v in who.items()}
    audit = [
        (YearlyResult.history.filter(**owner), list(who)),
        (Award.history.filter(**owner), list(who)),  # awards added, revoked, corrected
    ]
    if isinstance(subject, Person):
        context.update(_person_record(request, subject, forms if can_enter else None))
        initiative_ids = [i.pk for i in context["initiatives"]]
        audit += [
            (Initiative.history.filter(id__in=initiative_ids), []),
            (InitiativeAuthor.history.filter(initiative_id__in=initiative_ids), []),
            (Discipline.history.filter(person_id=subject.pk), ["person"]),
        ]
    entries = [e for source, exclude in audit for e in history_entries(source, exclude=exclude)]
    context["record_audit"] = sorted(entries, key=lambda e: e["date"], reverse=True)
    template = (
        "awards/unit_history.html" if isinstance(subject, Unit) else "awards/person_history.html"
    )
    return render(request, template, context, status=status)


def _person_record(request: HttpRequest, person: Person, forms: dict | None) -> dict:
    initiatives = list(
        Initiative.objects.filter(authorships__person=person)
        .prefetch_related("authorships__person")
        .order_by("-year", "title")
    )
    context = {
        "initiatives": initiatives,
        "disciplines": list(person.disciplines.order_by("-decision_date", "-id")),
    }
    if forms is not None:
        # ?sua-sang-kien=<id> / ?sua-ky-luat=<id>: the form filled to correct that row.
        initiative = _pick(initiatives, request.GET.get("sua-sang-kien"))
        discipline = _pick(context["disciplines"], request.GET.get("sua-ky-luat"))
        context["initiative_form"] = forms.get("initiative_form") or InitiativeEntryForm(
            person=person, user=request.user, instance=initiative
        )
        context["discipline_form"] = forms.get("discipline_form") or DisciplineEntryForm(
            instance=discipline
        )
    return context


def _pick(rows: list[Model], pk: str | None) -> Model | None:
    return next((row for row in rows if str(row.pk) == pk), None) if pk else None


def posted_instance(request: HttpRequest, rows: QuerySet) -> Model | None:
    """The stored row a correction posts (`editing`), among `rows` (the page's); 404 when it
    is not one of them, None when the POST adds a row."""
    value = request.POST.get("editing", "")
    if not value:
        return None
    if not value.isdigit():
        raise Http404
    return get_object_or_404(rows, pk=int(value))


def submit(
    request: HttpRequest,
    subject: Model,
    form: Form,
    save: Callable[[Form], str],
    *,
    anchor: str,
    form_key: str,
) -> HttpResponse:
    """Validate `form` and run `save(form)`, a service call returning the success message:
    back to the page's section `anchor`, or the page again (400) with `form` and its errors,
    a service's ValidationError shown on the form's fields."""
    if form.is_valid():
        try:
            done = save(form)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, done)
            return redirect(page_url(subject, anchor))
    return render_record(request, subject, status=400, **{form_key: form})
