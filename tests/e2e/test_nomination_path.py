"""The whole path of a nomination in the browser, from the unit's dossier to the signed
decision: the clerk builds a dossier from the suggestions (An, CSTĐ CAND) and by hand (Bình,
a Huân chương, which must be disclosed) and submits it; the officer returns Bình's item; the
clerk answers and resubmits; the officer sends it to the council; the list is disclosed and
its period runs out; the council's tallies pass both; the decision is issued; An's record
shows the new award and the next year's eligibility counts it."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_dossier_flow import _as, _step
from tests.e2e.test_people_flow import _log_in
from thidua.eligibility.tests.conftest import record  # noqa: F401 (a fixture)
from thidua.nominations.models import Ballot, Council, Dossier, DossierStatus, ItemStatus
from thidua.nominations.tests.conftest import council  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.usefixtures("record")
def test_a_nomination_from_the_units_dossier_to_the_signed_decision(
    live_server,
    page: Page,
    users,
    types,
    council,  # noqa: F811 (the fixture)
):
    base = live_server.url
    today = dt.date.today()

    # The clerk: a dossier from the suggestions and one nominee by hand.
    _log_in(page, base, "clerk_a")
    page.goto(f"{base}/de-nghi/ho-so/them/")
    page.get_by_label("Năm thành tích").fill("2024")
    page.get_by_role("button", name="Lập hồ sơ").click()
    detail = page.url
    page.get_by_role("link", name="Thêm từ danh sách đủ điều kiện").click()
    page.locator(f'input[value="individual|CA0001|{types.cstd_cand.code}"]').check()
    page.get_by_role("button", name="Thêm vào hồ sơ").first.click()
    page.get_by_role("link", name="Thêm cá nhân, tập thể").click()
    page.get_by_label("Cán bộ (số hiệu hoặc họ tên)").fill("CA0002")
    page.get_by_label("Hình thức khen thưởng").select_option(types.hc_bao_ve_to_quoc_3.code)
    page.get_by_label("Thành tích", exact=True).fill(
        "Có thành tích xuất sắc trong bảo vệ an ninh Tổ quốc"
    )
    page.get_by_role("button", name="Thêm vào hồ sơ").click()
    expect(page.locator("table.items")).to_contain_text("Trần Thị Bình")
    _step(page, "Gửi hồ sơ")

    # The officer returns Bình's item; the clerk answers and resubmits.
    _as(page, base, "officer")
    page.goto(detail)
    _step(page, "Nhận thẩm định")
    binh = page.locator("#tham-dinh").get_by_role("row").filter(has_text="Trần Thị Bình")
    binh.get_by_label("Lý do trả lại").fill("Ghi rõ thành tích của năm 2024")
    binh.get_by_role("button", name="Trả lại", exact=True).click()
    _step(page, "Trả lại hồ sơ")

    _as(page, base, "clerk_a")
    page.goto(detail)
    returned = page.locator("tr.returned", has_text="Trần Thị Bình").first
    expect(returned).to_contain_text("Ghi rõ thành tích của năm 2024")
    returned.get_by_label("Giải trình của đơn vị").fill("Đã ghi thành tích năm 2024")
    returned.get_by_role("button", name="Ghi giải trình").click()
    _step(page, "Gửi lại hồ sơ")

    _as(page, base, "officer")
    page.goto(detail)
    _step(page, "Nhận thẩm định")
    _step(page, "Trình Hội đồng")

    # Disclosure: published 30 days ago, so its ten working days have run out.
    page.goto(f"{base}/de-nghi/cong-khai/them/")
    page.get_by_label("Năm thành tích").fill("2024")
    page.get_by_label("Ngày công khai").fill(f"{today - dt.timedelta(days=30):%d/%m/%Y}")
    page.get_by_label("Trần Thị Bình", exact=False).check()
    page.get_by_role("button", name="Công khai", exact=True).click()
    expect(page.locator("main")).to_contain_text("Trần Thị Bình")
    expect(page.locator("main")).to_contain_text("hết hạn")

    # The council: a meeting today, ten members present, the tallies.
    page.goto(f"{base}{Council.objects.get().get_absolute_url()}")
    page.get_by_role("link", name="Lập phiên họp").click()
    page.get_by_label("Ngày họp").fill(f"{today:%d/%m/%Y}")
    page.get_by_label("Nguyễn Văn An", exact=False).check()
    page.get_by_label("Trần Thị Bình", exact=False).check()
    page.get_by_role("button", name="Lập phiên họp").click()
    for box in page.locator('input[name="present"]').all():
        box.check()
    page.get_by_role("button", name="Lưu danh sách dự họp").click()
    for ballot in Ballot.objects.order_by("pk"):
        form = page.locator(f'form[action="/de-nghi/phieu/{ballot.pk}/"]')
        form.get_by_label("Đồng ý", exact=True).fill("9")
        form.get_by_label("Không đồng ý", exact=True).fill("1")
        form.get_by_role("button", name="Ghi kết quả kiểm phiếu").click()
        expect(page.locator(".messages")).to_be_visible()
    assert set(Dossier.objects.get().items.values_list("status", flat=True)) == {
        ItemStatus.APPROVED
    }
    expect(page.locator("main")).to_contain_text("Thông qua")

    # Issuing the decision of both approved items.
    page.goto(f"{base}/de-nghi/ban-hanh/")
    page.get_by_label("Nguyễn Văn An").check()
    page.get_by_label("Trần Thị Bình").check()
    page.get_by_label("Số quyết định").fill("45/QĐ-CAT")
    page.get_by_label("Ngày quyết định").fill(f"{today:%d/%m/%Y}")
    page.get_by_role("button", name="Ban hành quyết định").click()
    expect(page.locator(".messages")).to_contain_text("Đã ban hành quyết định số 45/QĐ-CAT")
    assert Dossier.objects.get().status == DossierStatus.DECIDED

    # An's record shows the award; the next year's eligibility counts it.
    page.goto(f"{base}/khen-thuong/ca-nhan/CA0001/")
    expect(page.locator("main")).to_contain_text("45/QĐ-CAT")
    page.goto(f"{base}/xet-khen-thuong/ca-nhan/CA0001/?year=2025")
    expect(page.locator("main")).to_contain_text("45/QĐ-CAT")
