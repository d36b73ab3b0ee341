"""Big uploads as background work: read once by a task, the plan kept for every preview,
written by a task after re-checking, with progress, cancelling, failures and scope."""

from __future__ import annotations

import datetime as dt
import os
import stat

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from thidua.imports import jobs
from thidua.imports.engine import runner
from thidua.imports.models import ImportJob, JobState
from thidua.imports.tests.conftest import PEOPLE_HEADERS, UNIT_HEADERS
from thidua.imports.tests.test_views import _token, _upload
from thidua.imports.uploads import cleanup_uploads, get_upload
from thidua.org.models import Person, Unit

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):
    settings.UPLOAD_DIR = tmp_path / "uploads"
    settings.THIDUA_IMPORT_INLINE_BYTES = 0  # every file goes through the queue
    return settings.UPLOAD_DIR


@pytest.fixture
def immediate(settings):
    """The library's test backend: a queued task runs at once, in the request."""
    settings.TASKS = IMMEDIATE


@pytest.fixture
def database_queue(settings):
    settings.TASKS = DATABASE


@pytest.fixture
def reads(monkeypatch):
    """How many times a file was opened and parsed."""
    calls = []
    real = runner.read_sheet

    def counted(path, spec):
        calls.append(path)
        return real(path, spec)

    monkeypatch.setattr(runner, "read_sheet", counted)
    return calls


def _page(client, token) -> str:
    response = client.get(reverse("imports:preview", args=[token]))
    assert response.status_code == 200
    return response.content.decode()


def _work(**options) -> None:
    """One worker run over everything queued, as `thidua db_worker --batch` does."""
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


def _people_rows(count: int) -> list[list[object]]:
    return [
        [
            f"BG{n:06d}",
            f"Nguyễn Văn Số {n}",
            "Nam" if n % 2 else "Nữ",
            dt.date(1980 + n % 20, 1 + n % 12, 1 + n % 28),
            dt.date(2005, 9, 1),
            "Thượng úy",
            "Cán bộ",
            "CAX-A1",
        ]
        for n in range(count)
    ]


def test_a_big_file_is_read_once_previewed_twice_and_written_through_the_queue(
    client_for, users, xlsx, immediate, reads
):
    client = client_for(users.clerk_a)
    path = xlsx([PEOPLE_HEADERS, *_people_rows(20_000)])
    token = _token(_upload(client, "people", path))
    job = ImportJob.objects.get(token=token)
    assert job.state == JobState.READY and job.task_id and job.rows_total == 20_000
    for _ in range(2):
        page = _page(client, token)
        assert "20.000" in page and "Xác nhận nhập" in page and "BG000000" in page
    assert Person.objects.filter(code__startswith="BG").count() == 0  # previews write nothing
    done = client.post(reverse("imports:confirm", args=[token]), {"action": "confirm"})
    assert done.status_code == 302 and done.url == reverse("imports:index")
    assert Person.objects.filter(code__startswith="BG").count() == 20_000
    assert len(reads) == 1  # read and parsed once: by the job, not by the previews or the apply
    job.refresh_from_db()
    assert job.state == JobState.DONE and "thêm mới: 20000" in job.message
    assert not get_upload(users.clerk_a, token)  # the file and its kept plan are gone
    index = client.get(reverse("imports:index")).content.decode()
    assert "Đã nhập" in index


# The worker closes connections between tasks as in production: real transactions, not a
# test's own transaction around everything.
@pytest.mark.django_db(transaction=True)
def test_a_job_really_runs_through_the_database_queue_and_its_worker(
    client_for, users, xlsx, database_queue, reads
):
    client = client_for(users.clerk_a)
    path = xlsx([UNIT_HEADERS, ["CAX-A9", "Công an xã A9", "Công an xã", "CAH-A"]])
    token = _token(_upload(client, "units", path))
    job = ImportJob.objects.get(token=token)
    assert job.state == JobState.QUEUED
    assert DBTaskResult.objects.get(id=job.task_id).status == "READY"
    page = _page(client, token)  # the progress page, polling while the job waits
    assert "Đang chờ xử lý" in page and 'hx-trigger="every 1s"' in page
    assert reads == []

    _work()
    job.refresh_from_db()
    assert job.state == JobState.READY
    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"
    poll = client.get(reverse("imports:progress", args=[token]))
    assert poll["HX-Refresh"] == "true"  # the step is over: the page reloads into the preview
    assert "Xác nhận nhập" in _page(client, token)

    response = client.post(reverse("imports:confirm", args=[token]), {"action": "confirm"})
    assert response.url == reverse("imports:preview", args=[token])  # back to the progress
    job.refresh_from_db()
    assert job.state == JobState.APPLY_QUEUED
    assert "Chờ ghi" in _page(client, token)
    assert not Unit.objects.filter(code="CAX-A9").exists()
    _work()
    job.refresh_from_db()
    assert job.state == JobState.DONE
    assert Unit.objects.get(code="CAX-A9").history.get().history_user == users.clerk_a
    assert "Đã nhập đơn vị" in _page(client, token)
    assert len(reads) == 1


def test_the_progress_bar_counts_the_rows_read(client_for, users, units):
    job = ImportJob.objects.create(
        token="t" * 32,
        owner=users.clerk_a,
        kind="people",
        state=JobState.READING,
        rows_done=4_000,
        rows_total=20_000,
    )
    client = client_for(users.clerk_a)
    fragment = client.get(reverse("imports:progress", args=[job.token])).content.decode()
    assert '<progress max="20000" value="4000">' in fragment
    assert "Đã đọc 4.000 / 20.000 dòng (20%)" in fragment
    assert "HX-Refresh" not in client.get(reverse("imports:progress", args=[job.token]))


def test_a_failure_in_the_job_shows_a_clear_message_and_writes_nothing(
    client_for, users, xlsx, immediate, monkeypatch, upload_dir
):
    def broken(self, records, ctx, plan):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(type(runner.get_spec("units")), "plan", broken)
    client = client_for(users.clerk_a)
    path = xlsx([UNIT_HEADERS, ["CAX-A9", "Công an xã A9", "Công an xã", "CAH-A"]])
    token = _token(_upload(client, "units", path))
    job = ImportJob.objects.get(token=token)
    assert job.state == JobState.FAILED
    page = _page(client, token)
    assert "Không xử lý được tệp do một lỗi của hệ thống; không dòng nào được ghi" in page
    assert "disk on fire" not in page  # the technical text goes to the log only
    assert not Unit.objects.filter(code="CAX-A9").exists()
    assert not any((upload_dir / str(users.clerk_a.pk)).iterdir())  # out of the quota
    index = client.get(reverse("imports:index")).content.decode()
    assert "Không thành công" in index


# The worker closes connections between tasks as in production: real transactions, not a
# test's own transaction around everything.
@pytest.mark.django_db(transaction=True)
def test_a_failure_of_the_queued_task_is_recorded_on_the_task_too(
    client_for, users, xlsx, database_queue, monkeypatch
):
    monkeypatch.setattr(runner, "read_sheet", lambda path, spec: 1 / 0)
    client = client_for(users.clerk_a)
    path = xlsx([UNIT_HEADERS, ["CAX-A9", "Công an xã A9", "Công an xã", "CAH-A"]])
    token = _token(_upload(client, "units", path))
    _work()
    job = ImportJob.objects.get(token=token)
    assert job.state == JobState.FAILED and "lỗi của hệ thống" in job.message
    result = DBTaskResult.objects.get(id=job.task_id)
    assert result.status == "FAILED" and "ZeroDivisionError" in result.exception_class_path


def test_another_user_can_neither_see_nor_confirm_nor_cancel_my_job(
    client_for, users, xlsx, database_queue
):
    mine = client_for(users.clerk_a)
    path = xlsx([UNIT_HEADERS, ["CAX-A9", "Công an xã A9", "Công an xã", "CAH-A"]])
    token = _token(_upload(mine, "units", path))
    for other in (users.clerk_b, users.admin):
        client = Client()
        client.force_login(other)
        assert client.get(reverse("imports:preview", args=[token])).status_code == 404
        assert client.get(reverse("imports:progress", args=[token])).status_code == 404
        for action in ("confirm", "cancel"):
            url = reverse("imports:confirm", args=[token])
            assert client.post(url, {"action": action}).status_code == 404
        assert token not in client.get(reverse("imports:index")).content.decode()
    assert ImportJob.objects.get(token=token).state == JobState.QUEUED


# The worker closes connections between tasks as in production: real transactions, not a
# test's own transaction around everything.
@pytest.mark.django_db(transaction=True)
def test_cancelling_a_queued_job_drops_its_task_and_files(client_for, users, xlsx, database_queue):
    client = client_for(users.clerk_a)
    path = xlsx([UNIT_HEADERS, ["CAX-A9", "Công an xã A9", "Công an xã", "CAH-A"]])
    token = _token(_upload(client, "units", path))
    job = ImportJob.objects.get(token=token)
    assert 'value="cancel"' in _page(client, token)
    response = client.post(reverse("imports:confirm", args=[token]), {"action": "cancel"})
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == JobState.CANCELLED
    assert not DBTaskResult.objects.filter(id=job.task_id).exists()
    assert get_upload(users.clerk_a, token) is None
    _work()
    assert not Unit.objects.filter(code="CAX-A9").exists()
    assert "Đã huỷ" in client.get(reverse("imports:index")).content.decode()


def test_a_job_cancelled_while_reading_stops_at_its_next_progress_report(
    users, units, xlsx, monkeypatch, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from thidua.imports.uploads import save_upload

    monkeypatch.setattr(runner, "PROGRESS_EVERY", 1)
    path = xlsx([PEOPLE_HEADERS, *_people_rows(50)])
    upload = save_upload(
        users.clerk_a, "people", SimpleUploadedFile("a.xlsx", path.read_bytes()), ".xlsx"
    )
    job = ImportJob.objects.get(token=upload.token)
    spec = runner.get_spec("people")
    real = type(spec).parse_row
    seen = []

    def parse_and_cancel(self, row):
        seen.append(row)
        if len(seen) == 10:
            ImportJob.objects.filter(pk=job.pk).update(state=JobState.CANCELLED)
        return real(self, row)

    monkeypatch.setattr(type(spec), "parse_row", parse_and_cancel)
    jobs.read_upload(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.CANCELLED and len(seen) < 50
    assert not upload.parsed_path.exists() and not upload.plan_path.exists()


def test_a_job_cancelled_while_checking_leaves_no_file_behind(users, units, xlsx, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from thidua.imports.uploads import save_upload

    path = xlsx([UNIT_HEADERS, ["CAX-A9", "Công an xã A9", "Công an xã", "CAH-A"]])
    upload = save_upload(
        users.clerk_a, "units", SimpleUploadedFile("a.xlsx", path.read_bytes()), ".xlsx"
    )
    job = ImportJob.objects.get(token=upload.token)
    spec = runner.get_spec("units")
    real = type(spec).plan

    def plan_while_cancelled(self, records, ctx, plan):
        assert jobs.cancel(ImportJob.objects.get(pk=job.pk))  # the owner cancels meanwhile
        return real(self, records, ctx, plan)

    monkeypatch.setattr(type(spec), "plan", plan_while_cancelled)
    jobs.read_upload(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.CANCELLED
    assert not list(upload.path.parent.iterdir())  # the parse and plan written late are gone


def test_data_changed_since_the_preview_is_not_written_and_the_new_plan_is_shown(
    client_for, users, people, xlsx, immediate
):
    client = client_for(users.clerk_a)
    row = ["CA0002", "Trần Thị Bình", "Nữ", "03/07/1990", "01/09/2010", "Thiếu tá", "Cán bộ", ""]
    token = _token(_upload(client, "people", xlsx([PEOPLE_HEADERS, row])))
    assert "<del>Đại úy</del> → <ins>Thiếu tá</ins>" in _page(client, token)
    Person.objects.filter(code="CA0002").update(rank="Trung tá")  # someone else, meanwhile
    client.post(reverse("imports:confirm", args=[token]), {"action": "confirm"})
    assert Person.objects.get(code="CA0002").rank == "Trung tá"  # nothing written
    job = ImportJob.objects.get(token=token)
    assert job.state == JobState.READY
    page = _page(client, token)
    assert "Dữ liệu trong hệ thống đã thay đổi từ lúc xem trước nên chưa ghi gì" in page
    assert "<del>Trung tá</del> → <ins>Thiếu tá</ins>" in page
    done = client.post(reverse("imports:confirm", args=[token]), {"action": "confirm"})
    assert done.url == reverse("imports:index")
    assert Person.objects.get(code="CA0002").rank == "Thiếu tá"


def test_a_kept_plan_edited_on_disk_is_never_loaded(client_for, users, xlsx, immediate):
    client = client_for(users.clerk_a)
    path = xlsx([UNIT_HEADERS, ["CAX-A9", "Công an xã A9", "Công an xã", "CAH-A"]])
    token = _token(_upload(client, "units", path))
    upload = get_upload(users.clerk_a, token)
    for kept in (upload.parsed_path, upload.plan_path):
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    data = bytearray(upload.plan_path.read_bytes())
    data[-5] ^= 0xFF
    upload.plan_path.write_bytes(bytes(data))
    page = _page(client, token)
    assert "Tệp đã tải lên không còn trên máy chủ" in page and "Xác nhận nhập" not in page


def test_cleanup_removes_the_kept_plans_and_the_jobs(client_for, users, xlsx, immediate):
    client = client_for(users.clerk_a)
    path = xlsx([UNIT_HEADERS, ["CAX-A9", "Công an xã A9", "Công an xã", "CAH-A"]])
    token = _token(_upload(client, "units", path))
    upload = get_upload(users.clerk_a, token)
    assert upload.plan_path.exists() and upload.parsed_path.exists()
    past = upload.path.stat().st_mtime - 48 * 3600
    for old in (upload.path, upload.path.with_suffix(".json")):
        os.utime(old, (past, past))  # the upload is two days old, its plan written just now
    ImportJob.objects.filter(token=token).update(
        created_at=ImportJob.objects.get(token=token).created_at - dt.timedelta(hours=48)
    )
    done = cleanup_uploads()
    assert done.files == 4
    assert not upload.plan_path.exists() and not upload.parsed_path.exists()
    assert not ImportJob.objects.filter(token=token).exists()


def test_the_command_line_import_stays_synchronous(units, xlsx, database_queue, capsys):
    path = xlsx([UNIT_HEADERS, ["CAX-A9", "Công an xã A9", "Công an xã", "CAH-A"]])
    call_command("import", "units", str(path))
    assert Unit.objects.filter(code="CAX-A9").exists()
    assert not ImportJob.objects.exists() and not DBTaskResult.objects.exists()


def test_a_small_file_is_read_within_the_request_with_no_worker(
    client_for, users, xlsx, database_queue, settings
):
    settings.THIDUA_IMPORT_INLINE_BYTES = 1_000_000
    client = client_for(users.clerk_a)
    path = xlsx([UNIT_HEADERS, ["CAX-A9", "Công an xã A9", "Công an xã", "CAH-A"]])
    token = _token(_upload(client, "units", path))
    assert "Xác nhận nhập" in _page(client, token)
    done = client.post(reverse("imports:confirm", args=[token]), {"action": "confirm"})
    assert done.url == reverse("imports:index")
    assert Unit.objects.filter(code="CAX-A9").exists()
    assert not DBTaskResult.objects.exists()
