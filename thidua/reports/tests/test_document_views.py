"""The "Tải văn bản (Word)" buttons of the decision and person pages, and the downloads
behind them, within the user's scope."""

from __future__ import annotations

import re

from django.urls import reverse

from thidua.awards.services import decision_revoke
from thidua.reports.documents.render import DOCX_MIME
from thidua.reports.tests.conftest import open_docx, people_by_unit, text_of


def _links(body: str, name: str, **kwargs) -> str:
    url = reverse(name, kwargs=kwargs)
    assert f'href="{url}"' in body, url
    return url


def _download(client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_MIME
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return open_docx(b"".join(response.streaming_content)), response


def test_the_decision_pages_buttons_download_the_decision_and_the_submission(
    client_for, users, decided
):
    client = client_for(users.officer)
    body = client.get(reverse("awards:decision_detail", args=[decided.gk.pk])).content.decode()
    assert "Tải văn bản:" in body
    doc, response = _download(client, _links(body, "documents:decision", pk=decided.gk.pk))
    assert re.search(
        r'filename="quyet-dinh-15qd-cat-px01-2024-12-20\.docx"', response["Content-Disposition"]
    )
    assert "Số: 15/QĐ-CAT-PX01" in text_of(doc) and "IV. Đội Tổng hợp" in people_by_unit(doc)
    doc, _ = _download(client, _links(body, "documents:submission", pk=decided.gk.pk))
    assert "TỜ TRÌNH" in text_of(doc)


def test_a_clerks_download_lists_only_its_scope(client_for, users, decided):
    client = client_for(users.clerk_a)
    doc, _ = _download(client, reverse("documents:decision", args=[decided.gk.pk]))
    text = text_of(doc)
    assert "Nguyễn Văn An" in text and "Lê Đức Cường" not in text
    doc, _ = _download(client, reverse("documents:submission", args=[decided.gk.pk]))
    assert "CÔNG AN HUYỆN AN PHÚ" in text_of(doc) and "Phạm Thị Dung" not in text_of(doc)


def test_the_person_pages_button_downloads_the_achievement_summary(
    client_for, users, people, decided
):
    client = client_for(users.clerk_a)
    for page in (
        reverse("org:person_detail", args=[people.an.pk]),
        reverse("awards:person_history", args=[people.an.code]),
    ):
        body = client.get(page).content.decode()
        assert "Tải văn bản (Word)" in body
        url = _links(body, "documents:achievement", code=people.an.code)
    doc, response = _download(client, url)
    assert "bao-cao-thanh-tich-nguyen-van-an-ca0001.docx" in response["Content-Disposition"]
    assert "- Họ và tên: Nguyễn Văn An" in text_of(doc)


def test_outside_the_scope_the_downloads_are_404(client_for, users, people, decided):
    client = client_for(users.clerk_b)
    assert client.get(reverse("documents:achievement", args=[people.an.code])).status_code == 404
    assert client.get(reverse("documents:achievement", args=["KHONG-CO"])).status_code == 404
    assert client.get(reverse("documents:decision", args=[decided.cstdcs.pk])).status_code == 404


def test_a_revoked_decision_offers_no_documents_and_the_download_says_why(
    client_for, users, decided
):
    decision_revoke(decision=decided.gk, reason="Sai thẩm quyền")
    client = client_for(users.officer)
    page = reverse("awards:decision_detail", args=[decided.gk.pk])
    assert "Tải văn bản:" not in client.get(page).content.decode()
    response = client.get(reverse("documents:decision", args=[decided.gk.pk]), follow=True)
    assert response.redirect_chain == [(page, 302)]
    assert "Không lập được văn bản: Quyết định số 15/QĐ-CAT-PX01 ngày 20/12/2024 đã bị hủy bỏ" in (
        response.content.decode()
    )
