"""Downloading a decision's Word documents and a person's achievement summary from their
pages in the browser: the buttons give .docx files that open and hold the expected text."""

from __future__ import annotations

import datetime as dt

import pytest
from docx import Document
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from thidua.awards.services import Recipient, decision_create

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _text(path) -> str:
    doc = Document(path)
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_officer_downloads_the_decision_the_submission_and_an_achievement_summary(
    live_server, page: Page, users, people, types, tmp_path
):
    decision = decision_create(
        number="31/QĐ-CAT-PX01",
        date=dt.date(2024, 12, 20),
        award_type=types.giay_khen_giam_doc,
        signer="Thiếu tướng Nguyễn Văn Tỉnh",
        recipients=[Recipient(person=people.an, year_from=2024)],
    )
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("officer")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Tổng quan")).to_be_visible()

    page.goto(f"{live_server.url}{decision.get_absolute_url()}")
    expect(page.locator("#ca-nhan tr.group")).to_contain_text("Công an xã An Lạc")
    for name, expected in (("Quyết định", "Số: 31/QĐ-CAT-PX01"), ("Tờ trình", "TỜ TRÌNH")):
        with page.expect_download() as download:
            page.locator("#van-ban").get_by_role("link", name=name, exact=True).click()
        assert download.value.suggested_filename.endswith(".docx")
        target = tmp_path / download.value.suggested_filename
        download.value.save_as(target)
        assert expected in _text(target)

    page.goto(f"{live_server.url}/can-bo/{people.an.pk}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải văn bản (Word)").click()
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    assert "BÁO CÁO THÀNH TÍCH" in _text(target) and "Nguyễn Văn An" in _text(target)
