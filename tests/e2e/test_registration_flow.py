"""A clerk registers a commune for the year in the browser: the unit and year first, then one
select per person, "Chọn cho tất cả" changing every select at once, one save for the whole
unit; the registration's page lists the people with their titles."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_people_flow import _log_in
from thidua.movements.models import Registration
from thidua.org.choices import Gender
from thidua.org.models import Person
from thidua.org.services import person_save

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_clerk_registers_a_whole_unit_in_one_form(live_server, page: Page, users, units, people):
    for n in range(3):
        person_save(
            person=Person(
                code=f"XA{n:04d}",
                full_name=f"Cán bộ Số {n}",
                gender=Gender.MALE,
                birth_date=dt.date(1990, 1, 1),
                service_start=dt.date(2012, 1, 1),
            ),
            unit=units.cax_a1,
            start=dt.date(2016, 1, 1),
        )
    _log_in(page, live_server.url, "clerk_a")
    page.goto(f"{live_server.url}/thi-dua/dang-ky/")
    page.get_by_role("link", name="Lập bản đăng ký").click()
    page.get_by_label("Đơn vị đăng ký").select_option(label="— — Công an xã An Lạc (CAX-A1)")
    page.get_by_label("Năm").fill("2025")
    page.get_by_role("button", name="Tiếp tục").click()

    selects = page.locator("select.person-title")
    expect(selects).to_have_count(4)
    page.get_by_label("Chọn cho tất cả:").select_option(label="Chiến sĩ thi đua cơ sở")
    for i in range(4):
        expect(selects.nth(i).locator("option:checked")).to_have_text("Chiến sĩ thi đua cơ sở")
    page.get_by_label("Nguyễn Văn An").select_option(label="— Không đăng ký —")
    page.get_by_label("Danh hiệu tập thể đăng ký").select_option(label="Đơn vị tiên tiến")
    page.get_by_role("button", name="Lưu bản đăng ký").click()

    expect(page.locator(".messages")).to_contain_text("Đã tạo bản đăng ký thi đua.")
    expect(page.locator("h1")).to_have_text("Đăng ký thi đua năm 2025 — Công an xã An Lạc")
    registration = Registration.objects.get(unit=units.cax_a1, year=2025)
    assert registration.collective_title.code == "don_vi_tien_tien"
    assert sorted(registration.entries.values_list("person__code", "title__code")) == [
        ("XA0000", "cstd_co_so"),
        ("XA0001", "cstd_co_so"),
        ("XA0002", "cstd_co_so"),
    ]
