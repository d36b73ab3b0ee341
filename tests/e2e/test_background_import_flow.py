"""A big upload in the browser: queued, the page polls its progress (htmx, no inline script)
and turns into the preview by itself once the worker has read the file; confirmed, it is
written by the worker and the page says so."""

from __future__ import annotations

import pytest
import xlsxwriter
from django.core.management import call_command
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from thidua.org.models import Unit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _workbook(path) -> str:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    rows = [
        ["Mã đơn vị", "Tên đơn vị", "Loại", "Mã đơn vị cấp trên", "Hiệu lực từ", "Hiệu lực đến"],
        ["CAX-A9", "Công an xã A9", "Công an xã", "CAH-A", "", ""],
    ]
    for r, row in enumerate(rows):
        sheet.write_row(r, 0, row)
    book.close()
    return str(path)


def _worker() -> None:
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


def test_a_queued_upload_shows_its_progress_then_its_preview_then_its_result(
    live_server, page: Page, users, tmp_path, settings
):
    settings.THIDUA_IMPORT_INLINE_BYTES = 0  # through the queue, whatever its size
    settings.UPLOAD_DIR = tmp_path / "uploads"
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("clerk_a")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"{live_server.url}/nhap-xuat/")
    section = page.locator("#sheet-units")
    section.locator("input[type=file]").set_input_files(_workbook(tmp_path / "don-vi.xlsx"))
    section.get_by_role("button", name="Nhập").click()

    expect(page.get_by_role("heading", name="Đang chờ xử lý")).to_be_visible()
    _worker()  # the page polls, sees the step is over and reloads into the preview
    expect(page.get_by_role("button", name="Xác nhận nhập")).to_be_visible(timeout=10_000)
    page.get_by_role("button", name="Xác nhận nhập").click()
    expect(page.get_by_role("heading", name="Chờ ghi")).to_be_visible()
    assert not Unit.objects.filter(code="CAX-A9").exists()
    _worker()
    expect(page.get_by_role("heading", name="Đã nhập")).to_be_visible(timeout=10_000)
    expect(page.locator("#job-message")).to_contain_text("thêm mới: 1")
    assert Unit.objects.filter(code="CAX-A9").exists()
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e]
