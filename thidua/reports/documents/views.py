"""Downloads of the Word documents: a decision, its submission (tờ trình), a person's
achievement summary, the minutes of a council meeting. GET only, within the user's scope:
outside it the page is a 404, and a decision's document lists only the recipients the user
may see, as its page does."""

from __future__ import annotations

import io
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from thidua.accounts import scope
from thidua.awards.models import Decision
from thidua.reports.documents import certificates
from thidua.reports.documents import render as documents


def _download(
    request: HttpRequest, kind: str, label: str, make: Callable, back: str
) -> HttpResponse:
    buffer = io.BytesIO()
    try:
        make(buffer)
    except documents.DocumentError as exc:
        messages.error(request, _("Không lập được văn bản: %(reason)s") % {"reason": exc.message})
        return redirect(back)
    buffer.seek(0)
    return FileResponse(
        buffer,
        as_attachment=True,
        filename=documents.download_name(kind, label),
        content_type=documents.DOCX_MIME,
    )


def _decision(request: HttpRequest, pk: int) -> Decision:
    return scope.get_visible_or_404(
        scope.readable_decisions(request.user).select_related("award_type"), pk=pk
    )


def _decision_label(decision: Decision) -> str:
    return f"{decision.number} {decision.date:%Y-%m-%d}"


def _decision_download(request: HttpRequest, pk: int, kind: str, render: Callable) -> HttpResponse:
    decision = _decision(request, pk)
    return _download(
        request,
        kind,
        _decision_label(decision),
        lambda target: render(request.user, decision, target),
        decision.get_absolute_url(),
    )


@login_required
@require_safe
def decision_document(request: HttpRequest, pk: int) -> HttpResponse:
    return _decision_download(request, pk, "decision", documents.render_decision_docx)


@login_required
@require_safe
def submission_document(request: HttpRequest, pk: int) -> HttpResponse:
    return _decision_download(request, pk, "submission", documents.render_submission_docx)


@login_required
@require_safe
def achievement_document(request: HttpRequest, code: str) -> HttpResponse:
    person = scope.get_visible_or_404(
        scope.visible_people(request.user).select_related("unit", "unit__parent"), code=code
    )
    return _download(
        request,
        "achievement",
        f"{person.full_name} {person.code}",
        lambda target: documents.render_achievement_docx(person, target),
        reverse("org:person_detail", args=[person.pk]),
    )


@login_required
@require_safe
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """The minutes of a council meeting: the office and the council members
    (scope.visible_meetings; others get 404)."""
    meeting = scope.get_visible_or_404(
        scope.visible_meetings(request.user).select_related("council__unit"), pk=pk
    )
    return _download(
        request,
        "minutes",
        f"{meeting.date:%Y-%m-%d} {meeting.pk}",
        lambda target: documents.render_minutes_docx(meeting, target),
        meeting.get_absolute_url(),
    )


@login_required
@require_safe
def certificates_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Every certificate of the decision the user may see, one A4 landscape page each."""
    decision = _decision(request, pk)
    try:
        pdf, _pages = certificates.render_certificates_pdf(request.user, decision)
    except documents.DocumentError as exc:
        messages.error(request, _("Không in được giấy khen: %(reason)s") % {"reason": exc.message})
        return redirect(decision.get_absolute_url())
    return FileResponse(
        io.BytesIO(pdf),
        as_attachment=True,
        filename=documents.download_name("certificates", _decision_label(decision), "pdf"),
        content_type=certificates.PDF_MIME,
    )
