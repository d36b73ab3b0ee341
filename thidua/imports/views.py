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
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thidua.accounts import scope
from thidua.imports import engine
from thidua.imports.forms import UploadForm, chosen_labels
from thidua.imports.uploads import (
    QuotaExceeded,
    Upload,
    get_upload,
    pending_uploads,
    save_upload,
)
from thidua.lib.excel.limits import FileProblem, check_file

PREVIEW_LIMIT = 200  # rows of each table shown; the counts are always complete
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _spec_or_404(kind: str) -> engine.SheetSpec:
    try:
        return engine.get_spec(kind)
    except engine.UnknownKind as exc:
        raise Http404(str(exc)) from exc


def _require_import(request: HttpRequest) -> None:
    if not scope.can_import(request.user):
        raise PermissionDenied(_("Tài khoản chỉ có quyền xem, không được nhập dữ liệu."))


def _upload_or_404(request: HttpRequest, token: str) -> tuple[Upload, engine.SheetSpec]:
    upload = get_upload(request.user, token)
    if upload is None:
        raise Http404(_("Không tìm thấy tệp đã tải lên (có thể đã hết hạn)."))
    return upload, _spec_or_404(upload.kind)


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


def _pending(request: HttpRequest) -> list[tuple[Upload, str]]:
    """The user's unconfirmed uploads, with the title of their kind."""
    if not scope.can_import(request.user):
        return []
    titles = {spec.kind: spec.title for spec in engine.all_specs()}
    return [(u, titles[u.kind]) for u in pending_uploads(request.user) if u.kind in titles]


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
    return redirect("imports:preview", token=saved.token)


@login_required
@require_GET
def preview(request: HttpRequest, token: str) -> HttpResponse:
    _require_import(request)
    saved, spec = _upload_or_404(request, token)
    plan = engine.run_import(
        spec,
        saved.path,
        user=request.user,
        dry_run=True,
        options=saved.options,
        source=saved.filename,
    )
    return _render_preview(request, saved, spec, plan)


@login_required
@require_POST
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    _require_import(request)
    saved, spec = _upload_or_404(request, token)
    if request.POST.get("action") == "cancel":
        saved.delete()
        messages.info(request, _("Đã huỷ, không nhập dữ liệu nào."))
        return redirect("imports:index")
    # Planned again inside the writing transaction: the data may have changed since preview.
    plan = engine.run_import(
        spec, saved.path, user=request.user, options=saved.options, source=saved.filename
    )
    if not plan.ok:
        return _render_preview(request, saved, spec, plan, status=400)
    saved.delete()
    if plan.applied:
        messages.success(
            request,
            _("Đã nhập %(what)s. %(summary)s")
            % {"what": spec.title.lower(), "summary": plan.summary()},
        )
    else:
        messages.info(request, _("Không có gì thay đổi. %(summary)s") % {"summary": plan.summary()})
    return redirect("imports:index")


def _render_preview(
    request: HttpRequest,
    saved: Upload,
    spec: engine.SheetSpec,
    plan: engine.Plan,
    status: int = 200,
) -> HttpResponse:
    creates = [(c, spec.display_values(c.record)) for c in plan.creates[:PREVIEW_LIMIT]]
    return render(
        request,
        "imports/preview.html",
        {
            "spec": spec,
            "plan": plan,
            "upload": saved,
            "chosen_options": chosen_labels(spec, saved.options),
            "create_headers": [h for h, _value in creates[0][1]] if creates else [],
            "creates": creates,
            "updates": plan.updates[:PREVIEW_LIMIT],
            "errors": plan.errors[: PREVIEW_LIMIT * 5],
            "warnings": plan.warnings[: PREVIEW_LIMIT * 5],
            "limit": PREVIEW_LIMIT,
        },
        status=status,
    )
