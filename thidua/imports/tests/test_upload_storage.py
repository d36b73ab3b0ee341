"""Uploads on disk: the service user's only, a quota of unconfirmed uploads per user, expired
ones cleaned up (at the next upload and by `thidua cleanup-uploads`), crafted files refused
at upload with nothing kept or written."""

from __future__ import annotations

import io
import os
import shutil
import stat
import time

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from thidua.imports.engine import run_import
from thidua.imports.models import ImportJob
from thidua.imports.tests.conftest import UNIT_HEADERS
from thidua.imports.uploads import QuotaExceeded, cleanup_uploads, pending_uploads, save_upload
from thidua.lib.tests.test_crafted_files import good_xls
from thidua.org.models import Unit

ROW = ["CAX-A9", "Công an xã A9", "Công an xã", "CAH-A"]


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):
    settings.UPLOAD_DIR = tmp_path / "uploads"
    settings.THIDUA_PENDING_UPLOADS = 2
    settings.THIDUA_PENDING_UPLOAD_BYTES = 300_000_000
    settings.THIDUA_PENDING_UPLOAD_HOURS = 24
    return settings.UPLOAD_DIR


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _file(name="don-vi.xlsx", data=b"PK\x03\x04"):
    return SimpleUploadedFile(name, data)


def _post(client, path, kind="units"):
    with path.open("rb") as f:
        return client.post(reverse("imports:upload", args=[kind]), {"file": f})


def _age(upload, hours: float) -> None:
    past = time.time() - hours * 3600
    for path in (upload.path, upload.path.with_suffix(".json")):
        os.utime(path, (past, past))


@pytest.mark.usefixtures("umask_022")
def test_uploads_and_their_folders_are_the_service_users_only(users, upload_dir):
    upload = save_upload(users.clerk_a, "units", _file(), ".xlsx")
    assert _mode(upload.path) == 0o600
    assert _mode(upload.path.with_suffix(".json")) == 0o600
    assert _mode(upload.path.parent) == 0o700
    assert _mode(upload_dir) == 0o700


@pytest.mark.usefixtures("umask_022")
def test_attachments_saved_through_django_storage_are_private(settings, tmp_path):
    from django.core.files.base import ContentFile
    from django.core.files.storage import FileSystemStorage

    storage = FileSystemStorage(location=tmp_path / "media")
    name = storage.save("dossiers/2024/tep.pdf", ContentFile(b"%PDF-1.4"))
    assert settings.FILE_UPLOAD_PERMISSIONS == 0o600
    assert _mode(tmp_path / "media" / name) == 0o600
    assert _mode(tmp_path / "media" / "dossiers" / "2024") == 0o700


def test_a_user_keeps_at_most_the_quota_of_unconfirmed_uploads(users):
    first = save_upload(users.clerk_a, "units", _file(), ".xlsx")
    save_upload(users.clerk_a, "units", _file(), ".xlsx")
    with pytest.raises(QuotaExceeded, match=r"có 2 tệp tải lên chưa xác nhận \(tối đa 2\)"):
        save_upload(users.clerk_a, "units", _file(), ".xlsx")
    save_upload(users.clerk_b, "units", _file(), ".xlsx")  # another user's quota is their own
    first.delete()
    save_upload(users.clerk_a, "units", _file(), ".xlsx")
    assert len(pending_uploads(users.clerk_a)) == 2


def test_the_count_message_says_how_many_are_pending_and_the_limit_apart(settings, users):
    settings.THIDUA_PENDING_UPLOADS = 1
    save_upload(users.clerk_a, "units", _file(), ".xlsx")
    with pytest.raises(QuotaExceeded) as refused:
        save_upload(users.clerk_a, "units", _file(), ".xlsx")
    assert "Bạn đang có 1 tệp tải lên chưa xác nhận (tối đa 1)" in str(refused.value)
    # 3 kept, the limit lowered to 2 meanwhile: the count is the pending one, not the limit.
    settings.THIDUA_PENDING_UPLOADS = 5
    for _ in range(2):
        save_upload(users.clerk_a, "units", _file(), ".xlsx")
    settings.THIDUA_PENDING_UPLOADS = 2
    with pytest.raises(QuotaExceeded, match=r"có 3 tệp .* \(tối đa 2\)"):
        save_upload(users.clerk_a, "units", _file(), ".xlsx")


def test_a_user_keeps_at_most_the_quota_of_bytes_of_unconfirmed_uploads(
    settings, users, upload_dir
):
    settings.THIDUA_PENDING_UPLOADS = 10
    settings.THIDUA_PENDING_UPLOAD_BYTES = 5_000
    first = save_upload(users.clerk_a, "units", _file(data=b"x" * 3_000), ".xlsx")
    before = sorted(p.name for p in upload_dir.rglob("*"))
    with pytest.raises(QuotaExceeded) as refused:
        save_upload(users.clerk_a, "units", _file(data=b"x" * 2_500), ".xlsx")
    message = str(refused.value)
    # What is pending (the file and its metadata), the new file's size and the limit.
    assert "đang chiếm 3,1 KB" in message
    assert "thêm tệp này (2,5 KB) sẽ vượt giới hạn 5 KB" in message
    assert sorted(p.name for p in upload_dir.rglob("*")) == before  # nothing written
    assert ImportJob.objects.filter(owner=users.clerk_a).count() == 1
    save_upload(users.clerk_b, "units", _file(data=b"x" * 2_500), ".xlsx")  # b's own quota
    save_upload(users.clerk_a, "units", _file(data=b"x" * 1_000), ".xlsx")  # still fits
    first.delete()
    save_upload(users.clerk_a, "units", _file(data=b"x" * 2_500), ".xlsx")  # room again


def test_the_upload_page_refuses_past_the_bytes_quota_with_the_sizes(
    settings, client_for, users, xlsx
):
    settings.THIDUA_PENDING_UPLOAD_BYTES = 1_000
    client = client_for(users.clerk_a)
    refused = _post(client, xlsx([UNIT_HEADERS, ROW]))
    page = refused.content.decode()
    assert refused.status_code == 400
    assert "Các tệp tải lên chưa xác nhận của bạn đang chiếm 0 byte" in page
    assert "sẽ vượt giới hạn 1 KB" in page
    assert not pending_uploads(users.clerk_a)


def test_the_upload_page_refuses_past_the_quota_and_lists_the_pending_ones(
    client_for, users, xlsx, upload_dir
):
    client = client_for(users.clerk_a)
    path = xlsx([UNIT_HEADERS, ROW])
    for _ in range(2):
        assert _post(client, path).status_code == 302
    refused = _post(client, path)
    page = refused.content.decode()
    assert refused.status_code == 400
    assert "Bạn đang có 2 tệp tải lên chưa xác nhận (tối đa 2)" in page
    assert "Tệp đã tải lên" in page and "Chờ xác nhận" in page
    kept = pending_uploads(users.clerk_a)
    assert len(kept) == 2 and len(list(upload_dir.rglob("*.json"))) == 2
    for upload in kept:
        assert reverse("imports:preview", args=[upload.token]) in page


def test_an_expired_upload_is_deleted_at_the_owners_next_upload(users):
    old = save_upload(users.clerk_a, "units", _file(), ".xlsx")
    second = save_upload(users.clerk_a, "units", _file(), ".xlsx")
    _age(old, 25)
    assert [u.token for u in pending_uploads(users.clerk_a)] == [second.token]
    save_upload(users.clerk_a, "units", _file(), ".xlsx")  # the expired one made room
    assert not old.path.exists()


def test_cleanup_uploads_deletes_every_users_expired_uploads_and_keeps_the_rest(users, upload_dir):
    old_a = save_upload(users.clerk_a, "units", _file(data=b"x" * 1000), ".xlsx")
    old_b = save_upload(users.clerk_b, "people", _file(), ".xls")
    fresh = save_upload(users.clerk_a, "units", _file(), ".xlsx")
    stray = upload_dir / "tmpabc.xlsx"  # an Excel check's temporary file, its process dead
    stray.write_bytes(b"x")
    _age(old_a, 30)
    _age(old_b, 25)
    os.utime(stray, (time.time() - 48 * 3600,) * 2)
    out = io.StringIO()
    call_command("cleanup-uploads", stdout=out)
    assert "Đã xoá 5 tệp tải lên chưa xác nhận" in out.getvalue()
    assert not old_a.path.exists() and not old_b.path.exists() and not stray.exists()
    assert fresh.path.exists()
    call_command("cleanup-uploads", "--hours", "0", stdout=io.StringIO())
    assert not fresh.path.exists()
    assert cleanup_uploads().files == 0


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("cu-doi-ten.xlsx", "Tệp có đuôi .xlsx nhưng nội dung là bảng tính Excel 97–2003 (.xls)"),
        ("trang-web.xls", "Tệp không phải bảng tính Excel hay LibreOffice"),
    ],
)
def test_a_crafted_file_is_refused_at_upload_and_nothing_is_kept(
    client_for, units, users, tmp_path, upload_dir, name, expected
):
    path = tmp_path / name
    if name.endswith(".xlsx"):
        shutil.copy(good_xls(tmp_path / "goc.xls"), path)
    else:
        path.write_bytes(b"<html><body><table><tr><td>M\xc3\xa3</td></tr></table>")
    count = Unit.objects.count()
    response = _post(client_for(users.clerk_a), path)
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert not [p for p in upload_dir.rglob("*") if p.is_file()]
    assert Unit.objects.count() == count


def test_a_formula_in_the_imported_sheet_is_refused_at_preview_and_nothing_is_written(
    client_for, units, users, tmp_path
):
    path = tmp_path / "cong-thuc.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Đơn vị")
    sheet.write_row(0, 0, UNIT_HEADERS)
    sheet.write_row(1, 0, ROW)
    sheet.write_formula(1, 1, '="Công an xã "&"A9"', None, "Công an xã A9")
    book.close()
    client = client_for(users.clerk_a)
    response = _post(client, path)
    assert response.status_code == 302
    preview = client.get(response.url).content.decode()
    assert "Trang &#x27;Đơn vị&#x27; ô B2 (dòng 2, cột B) chứa công thức" in preview
    assert "Xác nhận nhập" not in preview
    plan = run_import("units", path, user=users.clerk_a)
    assert [(e.row, e.column) for e in plan.errors] == [(2, "Tên đơn vị")]
    token = response.url.rstrip("/").rsplit("/", 1)[-1]
    confirm = client.post(reverse("imports:confirm", args=[token]), {"action": "confirm"})
    assert confirm.status_code == 400
    assert not Unit.objects.filter(code="CAX-A9").exists()
