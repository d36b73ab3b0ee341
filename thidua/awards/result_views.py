"""A person's or unit's record page, and the hand entry of its yearly results (xếp loại).

The page is readable by anyone who sees the person or unit (else 404); the form is shown,
and its POST accepted (else 403), only to those who may change that unit's people, the same
scope the results import applies. The save goes through awards.services, so the import's
rules and its audit (simple_history, with the user) hold here too."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from thidua.accounts import scope
from thidua.awards import services
from thidua.awards.models import YearlyResult
from thidua.awards.result_forms import YearlyResultForm
from thidua.lib.audit import history_entries
from thidua.lib.views import add_service_error, require
from thidua.org.models import Person, Unit


def _person(request: HttpRequest, code: str) -> Person:
    return scope.get_visible_or_404(
        scope.visible_people(request.user).select_related("unit"), code=code
    )


def _unit(request: HttpRequest, code: str) -> Unit:
    return scope.get_visible_or_404(scope.visible_units(request.user), code=code)


def _recipient(subject: Model) -> dict:
    return {"person": subject} if isinstance(subject, Person) else {"unit": subject}


def _unit_of(subject: Model) -> Unit | None:
    return subject.unit if isinstance(subject, Person) else subject


def _render(
    request: HttpRequest, subject: Model, form: YearlyResultForm | None = None, status: int = 200
) -> HttpResponse:
    recipient = _recipient(subject)
    collective = "unit" in recipient
    results = list(YearlyResult.objects.filter(**recipient).select_related("title"))
    can_enter = scope.can_edit_unit(request.user, _unit_of(subject))
    if form is None and can_enter:
        editing = {r.year: r for r in results}.get(_year(request.GET.get("sua")))
        kwargs = {"collective": collective, "results": results}
        form = (
            YearlyResultForm.for_year(editing, **kwargs) if editing else YearlyResultForm(**kwargs)
        )
    template = "awards/unit_history.html" if collective else "awards/person_history.html"
    return render(
        request,
        template,
        {
            **recipient,
            "results": results,
            "can_enter": can_enter,
            "result_form": form,
            "changes": history_entries(
                YearlyResult.history.filter(**{f"{k}_id": v.pk for k, v in recipient.items()}),
                exclude=list(recipient),
            ),
        },
        status=status,
    )


def _year(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _save(request: HttpRequest, subject: Model) -> HttpResponse:
    require(scope.can_edit_unit(request.user, _unit_of(subject)))
    recipient = _recipient(subject)
    results = list(YearlyResult.objects.filter(**recipient))
    form = YearlyResultForm(request.POST, collective="unit" in recipient, results=results)
    if form.is_valid():
        try:
            result = services.yearly_result_save(**recipient, **form.service_fields())
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            done = (
                _("Đã sửa kết quả xếp loại năm %(year)s.")
                if form.cleaned_data["editing"] is not None
                else _("Đã thêm kết quả xếp loại năm %(year)s.")
            )
            messages.success(request, done % {"year": result.year})
            page = "awards:unit_history" if "unit" in recipient else "awards:person_history"
            return redirect(f"{reverse(page, args=[subject.code])}#xep-loai")
    return _render(request, subject, form, status=400)


@login_required
@require_safe
def person_history(request: HttpRequest, code: str) -> HttpResponse:
    return _render(request, _person(request, code))


@login_required
@require_safe
def unit_history(request: HttpRequest, code: str) -> HttpResponse:
    return _render(request, _unit(request, code))


@login_required
@require_POST
def person_result_save(request: HttpRequest, code: str) -> HttpResponse:
    return _save(request, _person(request, code))


@login_required
@require_POST
def unit_result_save(request: HttpRequest, code: str) -> HttpResponse:
    return _save(request, _unit(request, code))
