"""A worker killed midway (kill -9, power cut) leaves its job running with no progress: the
job is shown as interrupted, can be restarted or cancelled, and `thidua cleanup-uploads`
marks it failed. A dead worker is simulated by backdating the job's last progress."""

from __future__ import annotations

import datetime as dt
import io
import uuid

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from thidua.imports import jobs
from thidua.imports.models import ImportJob, JobState
from thidua.imports.tests.conftest import UNIT_HEADERS
from thidua.imports.tests.test_views import _token, _upload
from thidua.imports.uploads import get_upload
from thidua.org.models import Unit

ROW = ["CAX-A9", "Công an xã A9", "Công an xã", "CAH-A"]


@pytest.fixture(autouse=True)
def background(settings, tmp_path):
    settings.UPLOAD_DIR = tmp_path / "uploads"
    settings.THIDUA_IMPORT_INLINE_BYTES = 0  # every file goes through the queue
    settings.THIDUA_IMPORT_STALE_MINUTES = 10
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _checked(client, xlsx) -> ImportJob:
    """An upload read and checked, waiting for confirmation."""
    token = _token(_upload(client, "units", xlsx([UNIT_HEADERS, ROW])))
    job = ImportJob.objects.get(token=token)
    assert job.state == JobState.READY
    return job


def _worker_died(job: ImportJob, state: str, minutes: float = 11) -> ImportJob:
    """The job in `state`, its last progress `minutes` ago, as a killed worker leaves it (with
    the id of its task in the database queue, a UUID)."""
    ImportJob.objects.filter(pk=job.pk).update(
        state=state,
        updated_at=timezone.now() - dt.timedelta(minutes=minutes),
        task_id=str(uuid.uuid4()),
    )
    job.refresh_from_db()
    return job


def _page(client, job) -> str:
    response = client.get(reverse("imports:preview", args=[job.token]))
    assert response.status_code == 200
    return response.content.decode()


def _post(client, job, action):
    return client.post(reverse("imports:confirm", args=[job.token]), {"action": action})


def test_a_running_job_with_recent_progress_is_not_interrupted(client_for, users, xlsx):
    job = _worker_died(_checked(client_for(users.clerk_a), xlsx), JobState.WRITING, minutes=9)
    assert not job.interrupted
    page = _page(client_for(users.clerk_a), job)
    assert "Bị gián đoạn" not in page and 'hx-trigger="every 1s"' in page


def test_a_job_whose_worker_died_while_reading_is_shown_interrupted(client_for, users, xlsx):
    client = client_for(users.clerk_a)
    job = _worker_died(_checked(client, xlsx), JobState.READING)
    assert job.interrupted
    page = _page(client, job)
    assert "Bị gián đoạn" in page
    assert "Tiến trình xử lý nền đã dừng khi đang đọc, kiểm tra tệp" in page
    assert "bước đọc và kiểm tra không ghi gì vào dữ liệu" in page
    assert 'value="restart"' in page and 'value="cancel"' in page
    assert "hx-trigger" not in page  # no polling of a job nobody works on
    poll = client.get(reverse("imports:progress", args=[job.token]))
    assert poll["HX-Refresh"] == "true"  # a page polling when it stopped reloads into this
    assert "Bị gián đoạn" in client.get(reverse("imports:index")).content.decode()


def test_an_interrupted_write_says_nothing_was_written_and_restarts_into_the_write(
    client_for, users, xlsx
):
    client = client_for(users.clerk_a)
    job = _worker_died(_checked(client, xlsx), JobState.WRITING)
    page = _page(client, job)
    assert "Tiến trình xử lý nền đã dừng khi đang ghi" in page
    assert "Không dòng nào được ghi: việc ghi chạy trong một giao dịch" in page
    assert not Unit.objects.filter(code="CAX-A9").exists()
    response = _post(client, job, "restart")
    assert response.url == reverse("imports:preview", args=[job.token])
    job.refresh_from_db()
    assert job.state == JobState.DONE and "Đã nhập đơn vị" in job.message
    assert Unit.objects.filter(code="CAX-A9").count() == 1
    assert get_upload(users.clerk_a, job.token) is None  # done: its files are gone


def test_an_interrupted_read_restarts_from_the_file(client_for, users, xlsx):
    client = client_for(users.clerk_a)
    job = _worker_died(_checked(client, xlsx), JobState.CHECKING)
    _post(client, job, "restart")
    job.refresh_from_db()
    assert job.state == JobState.READY and not job.interrupted
    assert "Xác nhận nhập" in _page(client, job)


def test_a_live_job_is_neither_restarted_nor_cancelled_while_writing(client_for, users, xlsx):
    client = client_for(users.clerk_a)
    job = _worker_died(_checked(client, xlsx), JobState.WRITING, minutes=1)
    assert not jobs.restart(job, get_upload(users.clerk_a, job.token))
    _post(client, job, "cancel")
    job.refresh_from_db()
    assert job.state == JobState.WRITING
    assert get_upload(users.clerk_a, job.token) is not None


def test_an_interrupted_write_can_be_cancelled(client_for, users, xlsx):
    client = client_for(users.clerk_a)
    job = _worker_died(_checked(client, xlsx), JobState.WRITING)
    assert _post(client, job, "cancel").url == reverse("imports:index")
    job.refresh_from_db()
    assert job.state == JobState.CANCELLED
    assert get_upload(users.clerk_a, job.token) is None
    assert not Unit.objects.filter(code="CAX-A9").exists()


def test_the_rows_and_the_jobs_done_commit_together(users, client_for, xlsx, monkeypatch):
    # A worker taken for dead and restarted (or cancelled) by another process while it still
    # writes finds its job no longer "writing" when it records DONE: its rows roll back with
    # it, and the files stay for the new run.
    client = client_for(users.clerk_a)
    job = _checked(client, xlsx)
    ImportJob.objects.filter(pk=job.pk).update(state=JobState.APPLY_QUEUED)
    real_move = jobs._move
    written = []

    def moved_by_another_process(job, sources, target, **fields):
        if target == JobState.DONE:
            written.append(Unit.objects.filter(code="CAX-A9").exists())
            return False  # the conditional UPDATE matched nothing
        return real_move(job, sources, target, **fields)

    monkeypatch.setattr(jobs, "_move", moved_by_another_process)
    jobs.write_upload(job.pk)
    assert written == [True]  # the rows were written in the transaction…
    assert not Unit.objects.filter(code="CAX-A9").exists()  # …and rolled back with it
    assert get_upload(users.clerk_a, job.token) is not None


def test_cleanup_uploads_marks_interrupted_jobs_failed_and_keeps_live_ones(client_for, users, xlsx):
    client = client_for(users.clerk_a)
    dead = _worker_died(_checked(client, xlsx), JobState.WRITING)
    live = _worker_died(_checked(client, xlsx), JobState.READING, minutes=2)
    out = io.StringIO()
    call_command("cleanup-uploads", stdout=out)
    assert "Đã ghi 1 lượt nhập bị gián đoạn" in out.getvalue()
    dead.refresh_from_db()
    live.refresh_from_db()
    assert dead.state == JobState.FAILED and "đã dừng giữa chừng" in dead.message
    assert get_upload(users.clerk_a, dead.token) is None  # out of the quota
    assert live.state == JobState.READING
    assert get_upload(users.clerk_a, live.token) is not None
    page = _page(client, dead)
    assert "không dòng nào được ghi. Hãy tải tệp lên lại." in page
    assert 'value="restart"' not in page
