"""A district clerk enters a yearly result (xếp loại) by hand in the browser: from the
person's page to their record, a refused year, then the saved result listed with its
history line."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_clerk_adds_a_yearly_result_and_sees_it_listed_and_audited(
    live_server, page: Page, users, people
):
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("clerk_b")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible()

    page.goto(f"{live_server.url}/can-bo/{people.cuong.pk}/")
    page.get_by_role("link", name="Thêm kết quả xếp loại năm").click()
    form = page.locator("#result-form")
    expect(form.get_by_role("heading", name="Thêm kết quả xếp loại năm")).to_be_visible()

    form.get_by_label("Năm").fill("1900")
    form.get_by_label("Xếp loại").select_option(label="Hoàn thành xuất sắc nhiệm vụ")
    form.get_by_label("Ghi chú").fill("Theo biên bản bình xét cuối năm")
    form.get_by_role("button", name="Thêm kết quả").click()
    form = page.locator("#result-form")
    expect(form).to_contain_text("Năm 1900 không hợp lệ")
    expect(form.get_by_label("Ghi chú")).to_have_value("Theo biên bản bình xét cuối năm")

    form.get_by_label("Năm").fill("2024")
    form.get_by_label("Danh hiệu").select_option(label="Chiến sĩ tiên tiến")
    form.get_by_role("button", name="Thêm kết quả").click()

    expect(page.locator(".messages")).to_contain_text("Đã thêm kết quả xếp loại năm 2024.")
    row = page.locator("#results").get_by_role("row").filter(has_text="2024")
    expect(row).to_contain_text("Hoàn thành xuất sắc nhiệm vụ")
    expect(row).to_contain_text("Chiến sĩ tiên tiến")
    line = page.locator("#history .history-entry").first
    expect(line).to_contain_text("clerk_b")
    expect(line).to_contain_text("Chiến sĩ tiên tiến")
