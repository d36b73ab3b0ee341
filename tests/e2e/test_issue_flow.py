"""Issuing the decision of approved items in the browser: tick, number, date; the decision's
page follows, and the person's page shows the nomination with its decision (HTMX)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from thidua.nominations import services
from thidua.nominations.models import ItemStatus

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_officer_issues_a_decision_from_approved_items(
    live_server, page: Page, users, units, people, types
):
    dossier = services.dossier_create(actor=users.clerk_a, unit=units.cah_a, year=2024)
    item = services.item_add(
        actor=users.clerk_a, dossier=dossier, person=people.binh, award_type=types.cstd_co_so
    )
    for actor, step in [(users.clerk_a, "submit"), (users.officer, "start_review")]:
        dossier = services.transition(actor=actor, dossier=dossier, action=step)
    services.transition(actor=users.officer, dossier=dossier, action="to_council")
    item.refresh_from_db()
    item.status = ItemStatus.APPROVED
    item.save()

    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("officer")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="đề nghị đã thông qua chờ ban hành quyết định").click()

    page.get_by_label("Trần Thị Bình").check()
    page.get_by_label("Số quyết định").fill("31/QĐ-CAT")
    page.get_by_label("Ngày quyết định").fill("10/01/2025")
    page.get_by_role("button", name="Ban hành quyết định").click()

    expect(
        page.get_by_role("heading", name="Quyết định số 31/QĐ-CAT ngày 10/01/2025")
    ).to_be_visible()
    expect(page.locator(".messages")).to_contain_text("Đã ban hành quyết định số 31/QĐ-CAT")

    page.goto(f"{live_server.url}/can-bo/{people.binh.pk}/")
    section = page.locator("#qua-trinh-de-nghi")
    expect(section).to_contain_text("Đã khen thưởng: quyết định số 31/QĐ-CAT")
