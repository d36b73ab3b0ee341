"""Report pages: the period summary on screen, and the same figures as a download."""

from __future__ import annotations

import io
import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from thidua.accounts import scope
from thidua.reports.documents import render_summary_docx
from thidua.reports.forms import SummaryForm
from thidua.reports.spreadsheet import write_summary_xlsx
from thidua.reports.summary import Summary, period_summary

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
            report = period_summary(
                user=request.user,
                year_from=data["year_from"],
                year_to=data["year_to"],
                unit_code=unit.code if unit else None,
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
