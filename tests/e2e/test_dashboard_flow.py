"""The home page's dashboard in the browser: the charts draw on their canvases from the
project's own Chart.js, the tables stand beneath them, and a chart's Excel download opens."""

from __future__ import annotations

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from thidua.reports.tests.test_summary import record  # noqa: F401 (fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Whether each canvas holds a Chart.js chart and any painted pixel.
DRAWN = """() => [...document.querySelectorAll("canvas")].map(c => {
  const pixels = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
  return [c.id, !!Chart.getChart(c), pixels.some(v => v !== 0)];
})"""


@pytest.mark.usefixtures("record")
def test_officer_sees_the_dashboard_charts_and_downloads_a_table(
    live_server, page: Page, users, tmp_path
):
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("officer")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible()

    page.get_by_label("Từ năm").fill("2015")
    page.get_by_label("Đến năm").fill("2020")
    page.get_by_role("button", name="Xem", exact=True).click()
    expect(page.get_by_text("Giai đoạn 2015–2020:")).to_be_visible()
    expect(page.locator("#chart-nam")).to_be_visible()
    assert page.evaluate(DRAWN) == [
        [f"chart-{slug}", True, True] for slug in ("cap", "hinh-thuc", "don-vi", "nam")
    ]
    expect(page.locator("#bieu-don-vi tbody tr").first).to_contain_text("Công an huyện An Phú")

    with page.expect_download() as download:
        page.locator("#bieu-nam").get_by_role("link", name="Tải Excel").click()
    assert download.value.suggested_filename == "tong-quan-nam-2015-2020.xlsx"
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    book = openpyxl.load_workbook(target, read_only=True)
    try:
        rows = list(book["Theo năm"].iter_rows(values_only=True))
    finally:
        book.close()
    assert rows[3] == ("2016", 1, 2, 1, 2) and rows[-1][1:] == (3, 4, 7, 6)
