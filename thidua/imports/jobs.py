"""Background work on an uploaded file (docs/imports.md, docs/operations.md "Tiến trình nền").

Two tasks, queued with django-tasks (its database backend: the queue is a table of the
project's own database, SQLite or PostgreSQL) and run by `thidua db_worker`:

- read_task: read and parse the file once (progress: rows read / rows of the sheet), keep
  the parse beside the upload (`<token>.parsed`), plan it against the database (a dry run)
  and keep what the preview shows (`<token>.plan`, with the plan's fingerprint). Every
  preview page reads that file: nothing is read or planned again.
- write_task: load the kept parse and plan it again inside the writing transaction — the
  engine's own checks against the data as it is now — and write only if the plan is the one
  the user confirmed (same fingerprint); otherwise nothing is written and the user sees the
  new preview with a message saying the data changed.

A file no larger than THIDUA_IMPORT_INLINE_BYTES is worked on within the request instead,
through the same functions, so small files need no worker. Every change of state is a
conditional UPDATE (from the states it may come from), so a cancelled job stops at its next
step and two workers never run the same step.

A worker killed midway (kill -9, power cut) leaves its job reading, checking or writing with
no more progress: after settings.THIDUA_IMPORT_STALE_MINUTES the job is `interrupted` — the
page says so and offers to restart or cancel it, `thidua cleanup-uploads` marks it failed.
Nothing was written by then: reading and checking write nothing, and the writing step's rows
and the job's DONE commit in one transaction, so a job still "writing" wrote nothing.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from thidua.accounts import scope
from thidua.imports import engine
from thidua.imports.models import (
    ACTIVE_STATES,
    CANCELLABLE_STATES,
    RUNNING_STATES,
    ImportJob,
    JobState,
    stale_before,
)
from thidua.imports.uploads import Upload, discard_files, get_upload
from thidua.lib import sealed

log = logging.getLogger(__name__)

JOB_FAILED = _(
    "Không xử lý được tệp do một lỗi của hệ thống; không dòng nào được ghi. Lỗi đã được ghi "
    "vào nhật ký máy chủ. Hãy tải tệp lên lại; nếu vẫn lỗi, báo quản trị hệ thống."
)
UPLOAD_GONE = _(
    "Tệp đã tải lên không còn trên máy chủ (có thể đã hết hạn và bị xoá); không dòng nào được "
    "ghi. Hãy tải tệp lên lại."
)
NO_RIGHT = _("Tài khoản không còn quyền nhập dữ liệu; không dòng nào được ghi.")
DATA_CHANGED = _(
    "Dữ liệu trong hệ thống đã thay đổi từ lúc xem trước nên chưa ghi gì. Dưới đây là kết quả "
    "kiểm tra lại với dữ liệu hiện nay: hãy xem lại rồi xác nhận."
)
INTERRUPTED = _(
    "Tiến trình xử lý nền đã dừng giữa chừng (máy chủ khởi động lại hoặc tiến trình bị tắt); "
    "không dòng nào được ghi. Hãy tải tệp lên lại."
)
# A job queued this long with no worker taking it: the page says so.
WAITING_TOO_LONG = 60  # seconds


class Cancelled(Exception):
    """The owner cancelled the job while it ran: stop, keep nothing."""


# ---- starting, cancelling ------------------------------------------------------------------


def runs_inline(upload: Upload) -> bool:
    """Small files are read and written within the request: no queue, no worker needed."""
    try:
        return upload.path.stat().st_size <= settings.THIDUA_IMPORT_INLINE_BYTES
    except OSError:
        return True  # gone: the inline run says so at once


def start_reading(job: ImportJob, upload: Upload) -> None:
    """Read and check the uploaded file: now if it is small, else queued for a worker."""
    if runs_inline(upload):
        _run_inline(read_upload, job)
    else:
        _enqueue(read_task, job)


def start_writing(job: ImportJob, upload: Upload) -> bool:
    """Write a checked upload the user confirmed; False if it is not (or no longer) ready."""
    if not _move(job, {JobState.READY}, JobState.APPLY_QUEUED, message=""):
        return False
    if runs_inline(upload):
        _run_inline(write_upload, job)
    else:
        _enqueue(write_task, job)
    return True


def cancel(job: ImportJob) -> bool:
    """Cancel a job not yet writing, or interrupted: the queued task is dropped (a running one
    stops at its next step), the files are deleted. False when it is writing or finished."""
    if job.interrupted:
        moved = _move_interrupted(job, JobState.CANCELLED, message=str(_("Đã huỷ theo yêu cầu.")))
    else:
        moved = _move(
            job, CANCELLABLE_STATES, JobState.CANCELLED, message=str(_("Đã huỷ theo yêu cầu."))
        )
    if not moved:
        return False
    if job.task_id:
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.filter(id=job.task_id, status="READY").delete()
    discard_files(job.owner, job.token)
    return True


def restart(job: ImportJob, upload: Upload | None) -> bool:
    """Run an interrupted job's step again: reading and checking from the start, writing from
    the confirmed plan (checked again against the data, as every write is). False if the job
    is not interrupted (any more)."""
    if not job.interrupted:
        return False
    if upload is None:
        return _move_interrupted(job, JobState.FAILED, message=str(UPLOAD_GONE))
    if job.state == JobState.WRITING:
        if not _move_interrupted(job, JobState.APPLY_QUEUED, task_id="", message=""):
            return False
        step, the_task = write_upload, write_task
    else:
        if not _move_interrupted(job, JobState.QUEUED, task_id="", message="", rows_done=0):
            return False
        step, the_task = read_upload, read_task
    if runs_inline(upload):
        _run_inline(step, job)
    else:
        _enqueue(the_task, job)
    return True


def fail_interrupted() -> int:
    """Mark failed every interrupted job (their files deleted): `thidua cleanup-uploads`."""
    failed = 0
    stale = ImportJob.objects.select_related("owner").filter(
        state__in=list(RUNNING_STATES), updated_at__lt=stale_before()
    )
    for job in stale:
        if _move_interrupted(job, JobState.FAILED, message=str(INTERRUPTED)):
            discard_files(job.owner, job.token)
            failed += 1
    return failed


def _move_interrupted(job: ImportJob, target: str, **fields) -> bool:
    """Move the job on only if it is still running with no progress since the cutoff: a worker
    that reported meanwhile is alive and keeps its job."""
    changed = ImportJob.objects.filter(
        pk=job.pk, state__in=list(RUNNING_STATES), updated_at__lt=stale_before()
    ).update(state=target, updated_at=timezone.now(), **fields)
    if changed:
        job.state = target
        for name, value in fields.items():
            setattr(job, name, value)
    return bool(changed)


def waiting_for_worker(job: ImportJob) -> bool:
    """Whether a queued job has waited long enough that no worker seems to be running."""
    if job.state not in (JobState.QUEUED, JobState.APPLY_QUEUED) or not job.task_id:
        return False
    return (timezone.now() - job.updated_at).total_seconds() > WAITING_TOO_LONG


def _enqueue(the_task, job: ImportJob) -> None:
    # The task row is written in the request's own database, so it exists exactly when the
    # job does; a worker (or the test backend, at once) runs it.
    result = the_task.enqueue(job.pk)
    ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()  # a backend that runs at once (tests) has moved it already


def _run_inline(step, job: ImportJob) -> None:
    with contextlib.suppress(Exception):  # logged and recorded on the job by _failing
        step(job.pk)
    job.refresh_from_db()


# ---- the tasks -----------------------------------------------------------------------------


@task()
def read_task(job_id: int) -> None:
    read_upload(job_id)


@task()
def write_task(job_id: int) -> None:
    write_upload(job_id)


def read_upload(job_id: int) -> None:
    """Read and parse the file once, keep the parse, plan it (dry run), keep the summary."""
    job = ImportJob.objects.select_related("owner").filter(pk=job_id).first()
    if job is None or not _move(job, {JobState.QUEUED}, JobState.READING, rows_done=0):
        return  # deleted, cancelled, or taken by another worker
    with _failing(job):
        upload, spec = _upload_and_spec(job)
        if upload is None:
            return
        parsed = engine.parse_file(spec, upload.path, progress=_reporter(job))
        if not _move(
            job,
            {JobState.READING},
            JobState.CHECKING,
            rows_done=parsed.rows,
            rows_total=parsed.rows,
        ):
            raise Cancelled
        sealed.dump(parsed, upload.parsed_path)
        plan = engine.plan_parsed(spec, parsed, _context(job, upload), dry_run=True)
        sealed.dump(engine.summarise(spec, plan), upload.plan_path)
        if not _move(job, {JobState.CHECKING}, JobState.READY):
            raise Cancelled


def write_upload(job_id: int) -> None:
    """Plan the kept parse again inside the writing transaction and write it if it is the plan
    the user confirmed; otherwise keep the new plan for the user to review."""
    job = ImportJob.objects.select_related("owner").filter(pk=job_id).first()
    if job is None or not _move(job, {JobState.APPLY_QUEUED}, JobState.WRITING):
        return
    with _failing(job):
        upload, spec = _upload_and_spec(job)
        if upload is None:
            return
        parsed = sealed.load(upload.parsed_path)
        shown = sealed.load(upload.plan_path)
        # The rows and the job's DONE in one transaction: a worker killed before the commit
        # wrote nothing and its job is still "writing" (interrupted, safe to restart).
        with transaction.atomic():
            plan = engine.plan_parsed(
                spec, parsed, _context(job, upload), dry_run=False, expect=shown.fingerprint
            )
            done = plan.applied or (plan.ok and not plan.has_changes and not plan.stale)
            if done and not _move(
                job, {JobState.WRITING}, JobState.DONE, message=_done(spec, plan)
            ):
                raise Cancelled  # taken for interrupted and restarted or cancelled: roll back
        if done:
            upload.delete_files()
            return
        summary = engine.summarise(spec, plan)
        summary.stale = True
        sealed.dump(summary, upload.plan_path)
        _move(job, {JobState.WRITING}, JobState.READY, message=str(DATA_CHANGED))


# ---- helpers -------------------------------------------------------------------------------


def _done(spec: engine.SheetSpec, plan: engine.Plan) -> str:
    if plan.applied:
        return str(_("Đã nhập %(what)s. %(summary)s")) % {
            "what": spec.title.lower(),
            "summary": plan.summary(),
        }
    return str(_("Không có gì thay đổi. %(summary)s")) % {"summary": plan.summary()}


def _move(job: ImportJob, sources: Iterable[str], target: str, **fields) -> bool:
    """Move the job to `target` if it is in one of `sources` now; False if it was not (it was
    cancelled, or another process moved it)."""
    changed = ImportJob.objects.filter(pk=job.pk, state__in=list(sources)).update(
        state=target, updated_at=timezone.now(), **fields
    )
    if changed:
        job.state = target
        for name, value in fields.items():
            setattr(job, name, value)
    return bool(changed)


def _reporter(job: ImportJob):
    """Record the rows read so far; a job no longer reading (cancelled) stops the reading."""

    def report(done: int, total: int) -> None:
        if not ImportJob.objects.filter(pk=job.pk, state=JobState.READING).update(
            rows_done=done, rows_total=total, updated_at=timezone.now()
        ):
            raise Cancelled

    return report


def _upload_and_spec(job: ImportJob) -> tuple[Upload | None, engine.SheetSpec]:
    spec = engine.get_spec(job.kind)
    if not scope.can_import(job.owner):
        _fail(job, NO_RIGHT)
        return None, spec
    upload = get_upload(job.owner, job.token)
    if upload is None:
        _fail(job, UPLOAD_GONE)
    return upload, spec


def _fail(job: ImportJob, message) -> None:
    """The job failed: say why, and delete its files (they count in the owner's quota and
    nothing can be done with them: the user uploads the file again)."""
    _move(job, ACTIVE_STATES, JobState.FAILED, message=str(message))
    discard_files(job.owner, job.token)


def _context(job: ImportJob, upload: Upload) -> engine.ImportContext:
    return engine.make_context(job.owner, options=upload.options, source=upload.filename)


@contextmanager
def _failing(job: ImportJob) -> Iterator[None]:
    """A cancelled job ends quietly; any other exception marks the job failed with a message
    for the user, its traceback in the log (and, raised again, in the task's own result)."""
    try:
        yield
    except Cancelled:
        log.info("import job %s cancelled", job.pk)
        # What it wrote after the cancel deleted the rest; a job restarted (taken for
        # interrupted) keeps its files for the new run.
        if ImportJob.objects.filter(pk=job.pk, state=JobState.CANCELLED).exists():
            discard_files(job.owner, job.token)
    except sealed.Unsealed:
        log.exception("import job %s: its stored parse or plan cannot be read", job.pk)
        _fail(job, UPLOAD_GONE)
    except Exception:
        log.exception("import job %s (%s, %s) failed", job.pk, job.kind, job.filename)
        _fail(job, JOB_FAILED)
        raise
