"""A district clerk launches a movement in the browser: the menu's "Thi đua" leads to the
list, the form takes dd/mm/yyyy dates and the unit picker, the page then takes the
participating units and a file. Screenshots of the three pages go to tmp_path."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_people_flow import _log_in
from thidua.movements.models import Movement

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_clerk_launches_a_movement_with_its_units_and_plan(
    live_server, page: Page, users, units, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    _log_in(page, live_server.url, "clerk_a")
    page.get_by_role("link", name="Thi đua", exact=True).click()
    expect(page.locator("h1")).to_have_text("Phong trào thi đua")
    page.get_by_role("link", name="Thêm phong trào").click()

    page.get_by_label("Tên phong trào").fill("An Phú chung sức vì an ninh")
    page.get_by_label("Loại phong trào").select_option("peak")
    page.get_by_label("Từ ngày").fill("15/12/2024")
    page.get_by_label("Đến ngày").fill("28/02/2025")
    page.get_by_label("Đơn vị phát động").select_option(label="— Công an huyện An Phú (CAH-A)")
    page.get_by_label("Mục tiêu, chỉ tiêu").fill("Bảo đảm an ninh, trật tự dịp Tết.")
    page.screenshot(path=tmp_path / "movement_form.png", full_page=True)
    page.get_by_role("button", name="Lưu").click()

    expect(page.locator(".messages")).to_contain_text("Đã thêm phong trào.")
    page.get_by_label("Đơn vị tham gia").select_option(label="— Công an huyện An Phú (CAH-A)")
    page.get_by_label("Kèm các đơn vị trực thuộc").check()
    page.get_by_role("button", name="Thêm", exact=True).click()
    expect(page.locator("#participants")).to_contain_text("Công an xã An Lạc")
    page.get_by_label("Tệp (DOCX, JPEG, PDF, PNG)").set_input_files(
        files=[{"name": "ke-hoach.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n"}]
    )
    page.get_by_role("button", name="Tải lên").click()
    expect(page.locator("#attachments")).to_contain_text("ke-hoach.pdf")
    page.screenshot(path=tmp_path / "movement_detail.png", full_page=True)

    movement = Movement.objects.get()
    assert (movement.kind, movement.launching_unit.code) == ("peak", "CAH-A")
    assert set(movement.participations.values_list("unit__code", flat=True)) == {
        "CAH-A",
        "CAX-A1",
    }
    page.goto(f"{live_server.url}/thi-dua/phong-trao/?q=an+phu")
    expect(page.locator("#movements tbody tr")).to_have_count(1)
    page.screenshot(path=tmp_path / "movement_list.png", full_page=True)
