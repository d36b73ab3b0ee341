"""Importing a workbook of decisions in the browser: upload, preview, confirm, open a recipient."""

from __future__ import annotations

import pytest
import xlsxwriter
from playwright.sync_api import Page, expect

from conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HEADER = [
    "Số quyết định",
    "Ngày quyết định",
    "Thẩm quyền",
    "Hình thức khen thưởng",
    "Đối tượng",
    "Mã",
    "Họ và tên / Tên tập thể",
    "Mã đơn vị",
    "Năm",
    "Thành tích",
]


def _workbook(path) -> str:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    rows = [
        ["DANH SÁCH KHEN THƯỞNG NĂM 2024"],  # a title row above the header, as offices make them
        HEADER,
        [
            "125/QĐ-BCA-X06",
            "15/12/2024",
            "Bộ trưởng Bộ Công an",
            "Bằng khen Bộ trưởng",
            "Cá nhân",
            "CA0001",
            "Nguyễn Văn An",
            "CAX-A1",
            2024,
            "Có thành tích xuất sắc trong phong trào",
        ],
        [
            "125/QĐ-BCA-X06",
            "15/12/2024",
            "Bộ trưởng Bộ Công an",
            "Bằng khen Bộ trưởng",
            "Tập thể",
            "CAH-A",
            "Công an huyện An Phú",
            "CAT",
            2024,
            "Hoàn thành xuất sắc nhiệm vụ năm 2024",
        ],
    ]
    for r, row in enumerate(rows):
        sheet.write_row(r, 0, row)
    book.close()
    return str(path)


def test_officer_imports_decisions_in_the_browser(live_server, page: Page, users, people, tmp_path):
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("officer")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    page.goto(f"{live_server.url}/nhap-xuat/")
    section = page.locator("#sheet-awards")
    section.locator("input[type=file]").set_input_files(_workbook(tmp_path / "khen-thuong.xlsx"))
    section.get_by_role("button", name="Nhập").click()

    expect(page.get_by_role("heading", name="Thêm mới (2)")).to_be_visible()
    expect(page.get_by_text("Nguyễn Văn An").first).to_be_visible()
    page.get_by_role("button", name="Xác nhận nhập").click()
    expect(page.locator(".messages")).to_contain_text("2")

    page.goto(f"{live_server.url}/can-bo/?q=nguyen+van+an")
    page.get_by_role("link", name="Nguyễn Văn An").click()
    expect(page.get_by_role("heading", name="Nguyễn Văn An")).to_be_visible()
    expect(page.get_by_role("link", name="125/QĐ-BCA-X06").first).to_be_visible()
