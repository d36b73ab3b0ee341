"""Entering a paper decision by hand in the browser: the decision, then one recipient, who then
appears on the decision's page and in their own history."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_officer_enters_a_decision_and_a_recipient_by_hand(live_server, page: Page, users, people):
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("officer")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible()

    page.goto(f"{live_server.url}/khen-thuong/")
    page.get_by_role("link", name="Thêm quyết định").click()
    page.get_by_label("Số quyết định").fill("208/QĐ-CAT-PX01")
    page.get_by_label("Ngày quyết định").fill("2024-12-25")
    page.get_by_label("Hình thức khen thưởng").select_option(
        label="Giấy khen của Giám đốc Công an tỉnh"
    )
    page.get_by_role("button", name="Lưu quyết định").click()

    expect(
        page.get_by_role("heading", name="Quyết định số 208/QĐ-CAT-PX01 ngày 25/12/2024")
    ).to_be_visible()
    expect(page.locator("dl.facts")).to_contain_text(
        "Giám đốc Công an tỉnh"
    )  # the type's authority

    form = page.locator("#them-nguoi-duoc-khen")
    form.get_by_label("Cán bộ (số hiệu hoặc họ tên)").fill("nguyen van an")
    form.get_by_label("Năm").fill("2020-2024")
    form.get_by_label("Thành tích").fill("Năm năm liền hoàn thành xuất sắc nhiệm vụ")
    form.get_by_role("button", name="Thêm vào quyết định").click()

    expect(page.locator(".messages")).to_contain_text("Nguyễn Văn An")
    # The recipients' table: the change log below it names the new recipient too.
    row = page.locator("#ca-nhan").get_by_role("row").filter(has_text="CA0001")
    expect(row).to_contain_text("2020–2024")
    expect(row).to_contain_text("Năm năm liền hoàn thành xuất sắc nhiệm vụ")

    row.get_by_role("link", name="Nguyễn Văn An").click()
    expect(page.get_by_role("heading", name="Nguyễn Văn An")).to_be_visible()
    expect(page.get_by_role("link", name="208/QĐ-CAT-PX01").first).to_be_visible()
