"""A district clerk enters an initiative (sáng kiến) and a disciplinary measure (kỷ luật) by
hand in the browser on a person's record page: a refused entry keeps what was typed, then
both are listed with their history lines."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_clerk_adds_an_initiative_and_a_discipline_and_sees_them_listed(
    live_server, page: Page, users, people
):
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("clerk_b")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible()

    page.goto(f"{live_server.url}/khen-thuong/ca-nhan/{people.cuong.code}/")
    form = page.locator("#initiative-form")
    expect(form.get_by_role("heading", name="Thêm sáng kiến")).to_be_visible()
    form.get_by_label("Tên sáng kiến").fill("Số hoá hồ sơ cư trú")
    form.get_by_label("Năm công nhận").fill("2023")
    form.get_by_label("Phạm vi").select_option(label="Bộ, tỉnh")
    form.get_by_label("Số quyết định công nhận").fill("45/QĐ-CAT")
    form.get_by_label("Mã đồng tác giả").fill("CA0001")  # CAH-A: outside clerk_b's scope
    form.get_by_role("button", name="Thêm sáng kiến").click()
    form = page.locator("#initiative-form")
    expect(form).to_contain_text("nằm ngoài phạm vi được phân quyền")
    expect(form.get_by_label("Tên sáng kiến")).to_have_value("Số hoá hồ sơ cư trú")

    form.get_by_label("Mã đồng tác giả").fill("")
    form.get_by_role("button", name="Thêm sáng kiến").click()
    expect(page.locator(".messages")).to_contain_text("Đã thêm sáng kiến “Số hoá hồ sơ cư trú”")
    row = page.locator("#initiatives").get_by_role("row").filter(has_text="Số hoá hồ sơ cư trú")
    expect(row).to_contain_text("Bộ, tỉnh")
    expect(row).to_contain_text("45/QĐ-CAT")

    form = page.locator("#discipline-form")
    form.get_by_label("Hình thức kỷ luật").select_option(label="Khiển trách")
    form.get_by_label("Số quyết định").fill("15/QĐ-CAT")
    form.get_by_label("Ngày quyết định").fill("01/06/2024")
    form.get_by_label("Thời hạn (tháng)").fill("12")
    form.get_by_role("button", name="Thêm kỷ luật").click()
    expect(page.locator(".messages")).to_contain_text(
        "Đã thêm kỷ luật theo quyết định 15/QĐ-CAT ngày 01/06/2024."
    )
    row = page.locator("#disciplines").get_by_role("row").filter(has_text="15/QĐ-CAT")
    expect(row).to_contain_text("Khiển trách")
    expect(row).to_contain_text("01/06/2025")

    line = page.locator("#history .history-entry").first
    expect(line).to_contain_text("clerk_b")
    expect(line).to_contain_text("15/QĐ-CAT")
