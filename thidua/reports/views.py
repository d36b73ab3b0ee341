"""Report pages: the period summary on screen, and the same figures as a download; the
home page's dashboard and its downloads."""

from __future__ import annotations

import io
import json
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_safe

from thidua.accounts import scope
from thidua.reports import dashboard
from thidua.reports.documents import render_summary_docx
from thidua.reports.forms import DashboardForm, SummaryForm
from thidua.reports.spreadsheet import write_dashboard_xlsx, write_summary_xlsx
from thidua.reports.summary import Summary, cached_period_summary

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
@require_safe
def summary(request: HttpRequest) -> HttpResponse:
    form = SummaryForm(request.GET or None, user=request.user)
    context: dict = {"form": form}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        unit = data["unit"]
        try:
            report = cached_period_summary(
                user=request.user,
                year_from=data["year_from"],
                year_to=data["year_to"],
                unit_code=unit.code if unit else None,
                own_only=data["own_only"],
            )
        except scope.NoUnitAssigned as exc:
            context["error"] = str(exc)
        else:
            download = request.GET.get("tai")
            if download in ("xlsx", "docx", "json"):
                return _download(report, download)
            query = request.GET.copy()
            query.pop("tai", None)
            context.update({"report": report, "data": report.as_json(), "query": query.urlencode()})
    return render(request, "reports/summary.html", context, status=400 if form.errors else 200)


def _filename(report: Summary, suffix: str) -> str:
    unit = f"-{report.unit.code}" if report.unit else ""
    return f"tong-ket-{report.year_from}-{report.year_to}{unit}.{suffix}"


def _download(report: Summary, fmt: str) -> HttpResponse:
    if fmt == "json":
        body = json.dumps(report.as_json(), ensure_ascii=False, indent=2).encode()
        content_type = "application/json"
    else:
        buffer = io.BytesIO()
        if fmt == "xlsx":
            write_summary_xlsx(report, buffer)
            content_type = XLSX
        else:
            render_summary_docx(report, buffer)
            content_type = DOCX
        body = buffer.getvalue()
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, fmt)}"'
    return response


def dashboard_context(request: HttpRequest) -> dict:
    """The home page's dashboard: {form, board, error, todos, query}; board is None when the
    period is invalid (the form says why) or the account has no unit (error says so)."""
    form = DashboardForm(_period_query(request) or None, user=request.user)
    context: dict = {"dashboard_form": form, "board": None, "error": None}
    context["todos"] = dashboard.todos(request.user)
    period = form.period()
    if period is None:
        return context
    try:
        board = _board(request, period)
    except scope.NoUnitAssigned as exc:
        context["error"] = str(exc)
        return context
    # The links (downloads, the summary page) name the period even when it is the default.
    unit = period["unit"]
    query = {"year_from": board.year_from, "year_to": board.year_to}
    context |= {
        "board": board,
        "board_json": board.as_json(),
        "query": urlencode(query | ({"unit": unit.code} if unit else {})),
    }
    return context


def _period_query(request: HttpRequest):
    """The GET parameters of the period form, nothing else (the search box has its own)."""
    query = request.GET.copy()
    for key in list(query):
        if key not in DashboardForm.base_fields:
            del query[key]
    return query


def _board(request: HttpRequest, period: dict) -> dashboard.Dashboard:
    unit = period["unit"]
    return dashboard.build(
        user=request.user,
        year_from=period["year_from"],
        year_to=period["year_to"],
        unit_code=unit.code if unit else None,
    )


@login_required
@require_safe
def dashboard_xlsx(request: HttpRequest, chart: str) -> HttpResponse:
    """One chart's table (tat-ca: all four, a sheet each) as Excel, for the home page's
    period and unit."""
    if chart != "tat-ca" and chart not in dashboard.CHARTS:
        raise Http404
    form = DashboardForm(_period_query(request) or None, user=request.user)
    period = form.period()
    if period is None:
        errors = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return HttpResponseBadRequest(errors, content_type="text/plain; charset=utf-8")
    # The file is Vietnamese whatever the page's language, as every export of the project.
    with translation.override(settings.LANGUAGE_CODE):
        try:
            board = _board(request, period)
        except scope.NoUnitAssigned as exc:
            return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
        buffer = io.BytesIO()
        write_dashboard_xlsx(
            board, list(dashboard.CHARTS) if chart == "tat-ca" else [chart], buffer
        )
    unit = f"-{board.root.code}" if board.root else ""
    name = f"tong-quan-{chart}-{board.year_from}-{board.year_to}{unit}.xlsx"
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
