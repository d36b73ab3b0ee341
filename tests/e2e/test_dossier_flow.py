"""A nomination dossier in the browser: a unit clerk builds it from the suggestions and
submits it; the province officer starts the review and returns one item with a comment; the
clerk sees the comment on the item, answers it and resubmits; the officer sends it to the
council."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_people_flow import _log_in
from thidua.eligibility.tests.conftest import record  # noqa: F401 (a fixture)
from thidua.nominations.models import Dossier, DossierStatus

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _as(page: Page, base_url: str, username: str) -> None:
    page.context.clear_cookies()
    _log_in(page, base_url, username)


def _step(page: Page, name: str) -> None:
    page.locator("#thao-tac").get_by_role("button", name=name, exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Đã thực hiện")


@pytest.mark.usefixtures("record")  # An is eligible for CSTĐ CAND in 2024
def test_dossier_from_suggestions_through_a_return_to_the_council(
    live_server,
    page: Page,
    users,
    types,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    base = live_server.url
    _log_in(page, base, "clerk_a")
    page.get_by_role("link", name="Đề nghị khen thưởng", exact=True).click()
    page.get_by_role("link", name="Lập hồ sơ").click()
    page.get_by_label("Năm thành tích").fill("2024")
    page.get_by_role("button", name="Lập hồ sơ").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("năm 2024")
    detail = page.url

    page.get_by_role("link", name="Thêm từ danh sách đủ điều kiện").click()
    page.locator(f'input[value="individual|CA0001|{types.cstd_cand.code}"]').check()
    page.get_by_role("button", name="Thêm vào hồ sơ").first.click()
    group = page.locator("table.items tbody", has_text="Nguyễn Văn An")
    expect(group.locator("tr.group")).to_contain_text(types.cstd_cand.name)
    _step(page, "Gửi hồ sơ")

    _as(page, base, "officer")
    page.goto(detail)
    _step(page, "Nhận thẩm định")
    review = page.locator("#tham-dinh")
    expect(review).to_contain_text("Đủ điều kiện")
    expect(review).to_contain_text("Chỉ tiêu tính trên mọi hồ sơ năm 2024")
    an = review.get_by_role("row").filter(has_text="Nguyễn Văn An")
    an.get_by_label("Lý do trả lại").fill("Bổ sung báo cáo thành tích có xác nhận")
    an.get_by_role("button", name="Trả lại", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Đã đánh dấu trả lại")
    _step(page, "Trả lại hồ sơ")

    _as(page, base, "clerk_a")
    page.goto(detail)
    item = page.locator("tr.returned", has_text="Nguyễn Văn An").first
    expect(item).to_contain_text("Bổ sung báo cáo thành tích có xác nhận")
    item.get_by_label("Giải trình của đơn vị").fill("Đã bổ sung báo cáo có xác nhận")
    item.get_by_role("button", name="Ghi giải trình").click()
    expect(page.locator(".answer-note").first).to_contain_text("Đã bổ sung báo cáo")
    _step(page, "Gửi lại hồ sơ")

    _as(page, base, "officer")
    page.goto(detail)
    _step(page, "Nhận thẩm định")
    _step(page, "Trình Hội đồng")
    expect(page.locator("dl.facts")).to_contain_text("Trình Hội đồng")
    assert Dossier.objects.get().status == DossierStatus.AT_COUNCIL
