"""Pages of Excel import and export: templates, exports, upload → preview → confirm.

Every page runs as the logged-in user: exports list only what the user sees, imports check
every row against the user's scope, read-only roles may export but not import (403).
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thidua.accounts import scope
from thidua.imports import engine, jobs
from thidua.imports.engine.summary import PREVIEW_LIMIT
from thidua.imports.forms import UploadForm, chosen_labels
from thidua.imports.models import ImportJob, JobState
from thidua.imports.uploads import (
    QuotaExceeded,
    Upload,
    discard_files,
    get_upload,
    max_age_seconds,
    save_upload,
)
from thidua.lib import sealed
from thidua.lib.excel.limits import FileProblem, check_file

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _spec_or_404(kind: str) -> engine.SheetSpec:
    try:
        return engine.get_spec(kind)
    except engine.UnknownKind as exc:
        raise Http404(str(exc)) from exc


def _require_import(request: HttpRequest) -> None:
    if not scope.can_import(request.user):
        raise PermissionDenied(_("Tài khoản chỉ có quyền xem, không được nhập dữ liệu."))


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return _render_index(request, {})


def _render_index(
    request: HttpRequest, forms: dict[str, UploadForm], status: int = 200
) -> HttpResponse:
    sheets = [
        {
            "spec": spec,
            "form": forms.get(spec.kind) or UploadForm(spec=spec, auto_id=f"id_{spec.kind}_%s"),
        }
        for spec in engine.all_specs()
    ]
    return render(
        request,
        "imports/index.html",
        {
            "sheets": sheets,
            "can_import": scope.can_import(request.user),
            "scope_root": scope.scope_root(request.user),
            "pending": _pending(request),
            "pending_hours": settings.THIDUA_PENDING_UPLOAD_HOURS,
        },
        status=status,
    )


def _pending(request: HttpRequest) -> list[tuple[ImportJob, str]]:
    """The user's uploads of the last THIDUA_PENDING_UPLOAD_HOURS, in whatever state (being
    read, waiting for confirmation, written, failed), with the title of their kind."""
    titles = {spec.kind: spec.title for spec in engine.all_specs()}
    since = timezone.now() - dt.timedelta(seconds=max_age_seconds())
    recent = scope.visible_import_jobs(request.user).filter(created_at__gte=since)
    return [(job, titles[job.kind]) for job in recent[:50] if job.kind in titles]


@login_required
@require_GET
def template(request: HttpRequest, kind: str) -> HttpResponse:
    spec = _spec_or_404(kind)
    buffer = io.BytesIO()
    engine.write_template(spec, buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="mau-{spec.kind}.xlsx"'
    return response


@login_required
@require_GET
def export(request: HttpRequest, kind: str) -> FileResponse:
    spec = _spec_or_404(kind)
    # A temporary file, not memory: a 100k-row export stays flat (XlsxWriter constant_memory).
    out = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (FileResponse closes it)
    engine.run_export(spec, out, user=request.user)
    out.seek(0)
    name = f"{spec.kind}-{dt.date.today():%Y%m%d}.xlsx"
    return FileResponse(out, as_attachment=True, filename=name, content_type=XLSX)


@login_required
@require_POST
def upload(request: HttpRequest, kind: str) -> HttpResponse:
    spec = _spec_or_404(kind)
    _require_import(request)
    form = UploadForm(request.POST, request.FILES, spec=spec, auto_id=f"id_{spec.kind}_%s")
    if not form.is_valid():
        return _render_index(request, {spec.kind: form}, status=400)
    try:
        saved = save_upload(
            request.user,
            spec.kind,
            form.cleaned_data["file"],
            form.cleaned_data["suffix"],
            options=form.chosen_options(),
        )
        # What the file is and how large it unpacks, before it is kept for the preview.
        check_file(saved.path)
    except (QuotaExceeded, FileProblem) as exc:
        if isinstance(exc, FileProblem):
            saved.delete()
        form.add_error("file", str(exc))
        return _render_index(request, {spec.kind: form}, status=400)
    job = scope.visible_import_jobs(request.user).get(token=saved.token)
    # Read and checked now if small, else by a worker while the page shows the progress.
    jobs.start_reading(job, saved)
    return redirect("imports:preview", token=saved.token)


@login_required
@require_GET
def preview(request: HttpRequest, token: str) -> HttpResponse:
    """The upload's page: its progress while a worker reads, checks or writes it, then the
    preview kept by the job (nothing is read or planned again), or how it ended."""
    _require_import(request)
    job, saved, spec = _job_or_404(request, token)
    if job.state == JobState.QUEUED and not job.task_id and saved is not None:
        jobs.start_reading(job, saved)  # uploaded but never started (the process died)
    if job.state == JobState.READY:
        summary = _stored_plan(job, saved)
        if summary is not None:
            return _render_preview(request, job, saved, spec, summary)
    return _render_job(request, job, spec)


@login_required
@require_GET
def progress(request: HttpRequest, token: str) -> HttpResponse:
    """The progress bar alone, polled by htmx every second while the job runs; once it has
    finished a step, the whole page is reloaded (HX-Refresh) to show the preview or result."""
    _require_import(request)
    job, _saved, spec = _job_or_404(request, token)
    response = render(request, "imports/_job_progress.html", _job_context(job, spec))
    if not job.active or job.interrupted:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    _require_import(request)
    job, saved, spec = _job_or_404(request, token)
    if request.POST.get("action") == "restart":
        if not jobs.restart(job, saved):
            messages.error(request, _("Không chạy lại được: lượt nhập này không bị gián đoạn."))
        return redirect("imports:preview", token=job.token)
    if request.POST.get("action") == "cancel":
        if jobs.cancel(job):
            messages.info(request, _("Đã huỷ, không nhập dữ liệu nào."))
        else:
            messages.error(
                request,
                _("Không huỷ được: tệp đang được ghi hoặc đã xử lý xong (%(state)s).")
                % {"state": job.get_state_display().lower()},
            )
        return redirect("imports:index")
    summary = _stored_plan(job, saved) if job.state == JobState.READY else None
    if summary is None:
        return redirect("imports:preview", token=job.token)  # not (or no longer) ready
    if not summary.ok or not summary.has_changes:
        return _render_preview(request, job, saved, spec, summary, status=400)
    # Planned again inside the writing transaction from the kept parse: written only if the
    # data has not changed what the user was shown (jobs.write_upload).
    jobs.start_writing(job, saved)
    if job.state == JobState.DONE:
        messages.success(request, job.message)
        return redirect("imports:index")
    return redirect("imports:preview", token=job.token)


def _job_or_404(
    request: HttpRequest, token: str
) -> tuple[ImportJob, Upload | None, engine.SheetSpec]:
    """The user's own job with this token (scope.visible_import_jobs), its files if they are
    still on disk, and its kind."""
    job = scope.visible_import_jobs(request.user).filter(token=token).first()
    if job is None:
        raise Http404(_("Không tìm thấy tệp đã tải lên (có thể đã hết hạn)."))
    return job, get_upload(request.user, token), _spec_or_404(job.kind)


def _stored_plan(job: ImportJob, saved: Upload | None) -> engine.PlanSummary | None:
    """The plan the job kept; None (and the job failed, saying why) if its files are gone."""
    try:
        if saved is None:
            raise sealed.Unsealed(job.token)
        return sealed.load(saved.plan_path)
    except sealed.Unsealed:
        ImportJob.objects.filter(pk=job.pk).update(
            state=JobState.FAILED, message=str(jobs.UPLOAD_GONE)
        )
        discard_files(job.owner, job.token)
        job.refresh_from_db()
        return None


def _job_context(job: ImportJob, spec: engine.SheetSpec) -> dict:
    return {
        "job": job,
        "spec": spec,
        "waiting_for_worker": jobs.waiting_for_worker(job),
    }


def _render_job(request: HttpRequest, job: ImportJob, spec: engine.SheetSpec) -> HttpResponse:
    return render(request, "imports/job.html", _job_context(job, spec))


def _render_preview(
    request: HttpRequest,
    job: ImportJob,
    saved: Upload,
    spec: engine.SheetSpec,
    summary: engine.PlanSummary,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "imports/preview.html",
        {
            "spec": spec,
            "plan": summary,
            "job": job,
            "upload": saved,
            "chosen_options": chosen_labels(spec, saved.options),
            "limit": PREVIEW_LIMIT,
        },
        status=status,
    )
