"""A person's or unit's record page, and the hand entry of its yearly results (xếp loại);
the page itself is awards.record_page's."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from thidua.awards import services
from thidua.awards.models import YearlyResult
from thidua.awards.record_page import (
    person_or_404,
    recipient,
    render_record,
    require_entry,
    results_form,
    submit,
    unit_or_404,
)
from thidua.awards.result_forms import YearlyResultForm


def _save(request: HttpRequest, subject: Model) -> HttpResponse:
    require_entry(request, subject)
    who = recipient(subject)
    form = results_form(request, subject, list(YearlyResult.objects.filter(**who)), request.POST)

    def save(form: YearlyResultForm) -> str:
        result = services.yearly_result_save(**who, **form.service_fields())
        done = (
            _("Đã sửa kết quả xếp loại năm %(year)s.")
            if form.cleaned_data["editing"] is not None
            else _("Đã thêm kết quả xếp loại năm %(year)s.")
        )
        return done % {"year": result.year}

    return submit(request, subject, form, save, anchor="xep-loai", form_key="result_form")


@login_required
@require_safe
def person_history(request: HttpRequest, code: str) -> HttpResponse:
    return render_record(request, person_or_404(request, code))


@login_required
@require_safe
def unit_history(request: HttpRequest, code: str) -> HttpResponse:
    return render_record(request, unit_or_404(request, code))


@login_required
@require_POST
def person_result_save(request: HttpRequest, code: str) -> HttpResponse:
    return _save(request, person_or_404(request, code))


@login_required
@require_POST
def unit_result_save(request: HttpRequest, code: str) -> HttpResponse:
    return _save(request, unit_or_404(request, code))
