"""Downloading a decision's Word documents, its certificates and a person's achievement
summary from their pages in the browser: the buttons give .docx and .pdf files that open and
hold the expected text."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

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


def test_officer_downloads_the_decision_submission_certificates_and_achievement_summary(
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

    with page.expect_download() as download:
        page.locator("#van-ban").get_by_role("link", name="In giấy khen (PDF)").click()
    assert download.value.suggested_filename == "giay-khen-31qd-cat-px01-2024-12-20.pdf"
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "GIẤY KHEN" in text and "Đại úy Nguyễn Văn An" in text

    page.goto(f"{live_server.url}/can-bo/{people.an.pk}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải văn bản (Word)").click()
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    assert "BÁO CÁO THÀNH TÍCH" in _text(target) and "Nguyễn Văn An" in _text(target)
