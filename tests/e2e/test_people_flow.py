"""The main flow of the register, driven in Debian's Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible()


def test_officer_finds_person_by_unaccented_name_edits_and_sees_audit(
    live_server, page: Page, users, people
):
    _log_in(page, live_server.url, "officer")

    page.goto(f"{live_server.url}/can-bo/")
    page.locator("input[name=q]").fill("nguyen van an")
    # HTMX swaps the table in place: only the matching person remains.
    results = page.get_by_role("link", name="Nguyễn Văn An")
    expect(results).to_be_visible()
    expect(page.get_by_role("link", name="Trần Thị Bình")).to_have_count(0)
    results.click()

    expect(page.get_by_role("heading", name="Nguyễn Văn An")).to_be_visible()
    page.get_by_role("link", name="Sửa thông tin").click()
    page.get_by_label("Chức vụ").fill("Phó Đội trưởng")
    page.get_by_role("button", name=re.compile("Lưu")).click()

    expect(page.get_by_role("heading", name="Nguyễn Văn An")).to_be_visible()
    history = page.locator("#history")
    expect(history).to_contain_text("officer")
    expect(history).to_contain_text("Cán bộ")
    expect(history).to_contain_text("Phó Đội trưởng")


def test_clerk_cannot_open_a_person_of_another_district(live_server, page: Page, users, people):
    _log_in(page, live_server.url, "clerk_a")
    response = page.goto(f"{live_server.url}/can-bo/{people.cuong.pk}/")
    assert response.status == 404
