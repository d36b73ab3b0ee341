"""The dossier pages: scope, creating, adding items by hand and from the suggestions, the
buttons and who may press them, files, rejected items, and the review panel."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.nominations import services
from thidua.nominations.models import (
    Attachment,
    Dossier,
    DossierItem,
    DossierStatus,
    ItemStatus,
)
from thidua.nominations.tests.conftest import YEAR, move

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _detail(dossier) -> str:
    return reverse("nominations:dossier_detail", args=[dossier.pk])


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _upload(client, dossier, name: str, content: bytes, kind="achievement_report"):
    dossier.refresh_from_db()
    return client.post(
        reverse("nominations:attachment_add", args=[dossier.pk]),
        {"kind": kind, "version": dossier.version, "file": SimpleUploadedFile(name, content)},
        follow=True,
    )


# ── Scope and the list ────────────────────────────────────────────────────────────────


def test_list_shows_only_the_dossiers_of_the_users_scope(client_for, dossier, users, units):
    other = services.dossier_create(actor=users.clerk_b, unit=units.cah_b, year=YEAR)
    page = client_for(users.clerk_a).get(reverse("nominations:dossier_list")).content.decode()
    assert dossier.title in page
    assert other.title not in page
    assert "Lập hồ sơ" in page


def test_a_clerk_of_another_unit_gets_404_on_the_dossier(client_for, dossier, users):
    client = client_for(users.clerk_b)
    assert client.get(_detail(dossier)).status_code == 404
    item = dossier.items.first()
    assert client.get(reverse("nominations:item_edit", args=[item.pk])).status_code == 404


def test_list_filters_by_year_status_and_unit(client_for, dossier, users, units):
    services.dossier_create(actor=users.officer, unit=units.cah_b, year=2023, title="Hồ sơ B")
    client = client_for(users.officer)
    url = reverse("nominations:dossier_list")
    assert "Hồ sơ B" not in client.get(url, {"year": YEAR}).content.decode()
    assert "Hồ sơ B" in client.get(url, {"unit": "CAH-B"}).content.decode()
    by_status = client.get(url, {"status": "submitted"}).content.decode()
    assert dossier.title not in by_status


def test_viewer_sees_no_create_button_and_may_not_create(client_for, users, units):
    client = client_for(users.viewer)
    assert "Lập hồ sơ" not in client.get(reverse("nominations:dossier_list")).content.decode()
    response = client.post(
        reverse("nominations:dossier_create"), {"unit": units.cah_a.pk, "year": YEAR}
    )
    assert response.status_code == 403


# ── Creating and adding ───────────────────────────────────────────────────────────────


def test_clerk_creates_a_dossier_for_their_unit_preselected(client_for, users, units):
    client = client_for(users.clerk_a)
    form = client.get(reverse("nominations:dossier_create")).content.decode()
    assert f'<option value="{units.cah_a.pk}" selected>' in form
    assert f'value="{units.cah_b.pk}"' not in form
    response = client.post(
        reverse("nominations:dossier_create"), {"unit": units.cah_a.pk, "year": YEAR}
    )
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response.url == _detail(dossier)
    assert dossier.unit == units.cah_a
    assert dossier.created_by == users.clerk_a


def test_clerk_adds_a_person_by_hand(client_for, users, units, people, types):
    dossier = services.dossier_create(actor=users.clerk_a, unit=units.cah_a, year=YEAR)
    client = client_for(users.clerk_a)
    response = client.post(
        reverse("nominations:item_add", args=[dossier.pk]),
        {
            "kind": "person",
            "person": "CA0002",
            "award_type": types.cstd_co_so.code,
            "year": "",
            "achievement": "Hoàn thành xuất sắc nhiệm vụ",
            "version": dossier.version,
        },
    )
    assert response.status_code == 302
    item = dossier.items.get()
    assert (item.person, item.award_type, item.year_from, item.year_to) == (
        people.binh,
        types.cstd_co_so,
        YEAR,
        YEAR,
    )
    assert "Trần Thị Bình" in client.get(_detail(dossier)).content.decode()


def test_adding_a_person_outside_the_dossiers_unit_is_refused(client_for, dossier, users, types):
    response = client_for(users.officer).post(
        reverse("nominations:item_add", args=[dossier.pk]),
        {
            "kind": "person",
            "person": "CA0004",  # Dung, of PV01-D1
            "award_type": types.cstd_co_so.code,
            "version": dossier.version,
        },
    )
    assert response.status_code == 400
    assert "không thuộc" in response.content.decode()


def test_clerk_adds_from_the_suggestions(client_for, users, units, record, types):
    dossier = services.dossier_create(actor=users.clerk_a, unit=units.cah_a, year=YEAR)
    client = client_for(users.clerk_a)
    url = reverse("nominations:dossier_from_suggestions", args=[dossier.pk])
    page = client.get(url).content.decode()
    value = f"individual|CA0001|{types.cstd_cand.code}"
    assert value in page
    response = client.post(url, {"pick": [value], "version": dossier.version})
    assert response.status_code == 302
    item = dossier.items.get()
    assert (item.person, item.award_type) == (record.an, types.cstd_cand)
    # Once added, the suggestion is marked and cannot be ticked again.
    assert value not in client.get(url).content.decode()


def test_a_stale_suggestions_page_adds_nothing(client_for, users, units, record, types):
    dossier = services.dossier_create(actor=users.clerk_a, unit=units.cah_a, year=YEAR)
    client = client_for(users.clerk_a)
    url = reverse("nominations:dossier_from_suggestions", args=[dossier.pk])
    shown = dossier.version
    services.item_add(
        actor=users.clerk_a, dossier=dossier, person=record.binh, award_type=types.cstd_co_so
    )
    response = client.post(
        url, {"pick": [f"individual|CA0001|{types.cstd_cand.code}"], "version": shown}, follow=True
    )
    assert "người khác thay đổi" in response.content.decode()
    assert dossier.items.count() == 1


def test_clerk_edits_an_item_and_removes_one_from_a_draft(client_for, dossier, users):
    client = client_for(users.clerk_a)
    item = dossier.items.get(person__code="CA0001")
    response = client.post(
        reverse("nominations:item_edit", args=[item.pk]),
        {
            "award_type": item.award_type_id,
            "year_from": 2022,
            "year_to": 2024,
            "achievement": "Ba năm liền",
            "version": item.version,
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.year_from, item.achievement) == (2022, "Ba năm liền")
    dossier.refresh_from_db()
    client.post(reverse("nominations:item_remove", args=[item.pk]), {"version": dossier.version})
    assert not DossierItem.objects.filter(pk=item.pk).exists()


# ── Buttons ───────────────────────────────────────────────────────────────────────────


def test_clerk_submits_with_the_shown_version(client_for, dossier, users):
    client = client_for(users.clerk_a)
    assert "Gửi hồ sơ" in client.get(_detail(dossier)).content.decode()
    url = reverse("nominations:dossier_transition", args=[dossier.pk])
    client.post(url, {"action": "submit", "version": dossier.version})
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED


def test_a_stale_button_is_refused_with_a_message(client_for, dossier, users, people, types):
    client = client_for(users.clerk_a)
    shown = dossier.version
    services.item_add(
        actor=users.clerk_a, dossier=dossier, person=people.binh, award_type=types.cstd_cand
    )
    url = reverse("nominations:dossier_transition", args=[dossier.pk])
    response = client.post(url, {"action": "submit", "version": shown}, follow=True)
    assert "người khác thay đổi" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DRAFT


@pytest.mark.parametrize("who", ["viewer", "council"])
def test_read_only_users_are_refused_every_button(client_for, dossier, users, who):
    client = client_for(getattr(users, who))
    assert client.get(_detail(dossier)).status_code == 200
    item = dossier.items.first()
    data = {"version": dossier.version, "action": "submit", "comment": "x", "answer": "x"}
    for name, pk in [
        ("dossier_transition", dossier.pk),
        ("dossier_from_suggestions", dossier.pk),
        ("item_add", dossier.pk),
        ("attachment_add", dossier.pk),
        ("item_edit", item.pk),
        ("item_answer", item.pk),
        ("item_remove", item.pk),
        ("item_return", item.pk),
        ("item_keep", item.pk),
    ]:
        response = client.post(reverse(f"nominations:{name}", args=[pk]), data)
        assert response.status_code == 403, name
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.DRAFT


def test_a_clerk_may_not_review(client_for, dossier, users):
    dossier = move(dossier, "submit", actor=users.clerk_a)
    dossier = move(dossier, "start_review", actor=users.officer)
    item = dossier.items.first()
    response = client_for(users.clerk_a).post(
        reverse("nominations:item_return", args=[item.pk]),
        {"comment": "Thiếu", "version": dossier.version},
    )
    assert response.status_code == 403


def test_withdraw_needs_a_reason(client_for, dossier, users):
    client = client_for(users.clerk_a)
    url = reverse("nominations:dossier_transition", args=[dossier.pk])
    response = client.post(url, {"action": "withdraw", "version": dossier.version}, follow=True)
    assert "Phải ghi rõ lý do" in response.content.decode()
    client.post(url, {"action": "withdraw", "version": dossier.version, "comment": "Nhầm năm"})
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.WITHDRAWN


def test_return_and_answer_shown_on_the_item(client_for, dossier, users):
    dossier = move(dossier, "submit", actor=users.clerk_a)
    dossier = move(dossier, "start_review", actor=users.officer)
    item = dossier.items.get(person__code="CA0001")
    officer = client_for(users.officer)
    officer.post(
        reverse("nominations:item_return", args=[item.pk]),
        {"comment": "Bổ sung báo cáo thành tích", "version": dossier.version},
    )
    dossier.refresh_from_db()
    officer.post(
        reverse("nominations:dossier_transition", args=[dossier.pk]),
        {"action": "return", "version": dossier.version},
    )
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RETURNED
    clerk = client_for(users.clerk_a)
    page = clerk.get(_detail(dossier)).content.decode()
    assert 'class="returned"' in page
    assert "Bổ sung báo cáo thành tích" in page
    item.refresh_from_db()
    clerk.post(
        reverse("nominations:item_answer", args=[item.pk]),
        {"answer": "Đã bổ sung", "version": item.version},
    )
    item.refresh_from_db()
    assert item.answer == "Đã bổ sung"
    assert "Đã bổ sung" in clerk.get(_detail(dossier)).content.decode()


def test_reviewer_takes_back_a_return(client_for, dossier, users):
    dossier = move(dossier, "submit", actor=users.clerk_a)
    dossier = move(dossier, "start_review", actor=users.officer)
    item = dossier.items.first()
    services.item_return(actor=users.officer, item=item, comment="Nhầm")
    dossier.refresh_from_db()
    client_for(users.officer).post(
        reverse("nominations:item_keep", args=[item.pk]), {"version": dossier.version}
    )
    item.refresh_from_db()
    assert item.status == ItemStatus.PROPOSED


# ── Attachments ───────────────────────────────────────────────────────────────────────


def test_a_pdf_and_a_docx_are_stored_under_a_random_name(client_for, dossier, users):
    client = client_for(users.clerk_a)
    _upload(client, dossier, "Báo cáo thành tích.pdf", PDF)
    _upload(client, dossier, "Biên bản.docx", _docx(), kind="vote_minutes")
    first, second = Attachment.objects.order_by("id")
    assert first.original_name == "Báo cáo thành tích.pdf"
    assert first.content_type == "application/pdf"
    assert first.uploaded_by == users.clerk_a
    assert "Báo cáo" not in first.file.name
    assert second.original_name == "Biên bản.docx"


def test_a_pdf_that_is_really_text_is_refused(client_for, dossier, users):
    response = _upload(client_for(users.clerk_a), dossier, "bao-cao.pdf", b"just text\n")
    assert "không phải là tệp PDF" in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_zip_named_docx_without_a_document_is_refused(client_for, dossier, users):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "x")
    response = _upload(client_for(users.clerk_a), dossier, "a.docx", buffer.getvalue())
    assert "không phải là tệp DOCX" in response.content.decode()


def test_other_extensions_are_refused(client_for, dossier, users):
    response = _upload(client_for(users.clerk_a), dossier, "run.exe", PDF)
    assert "chỉ nhận tệp" in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_file_over_the_limit_is_refused(client_for, dossier, users, settings):
    settings.THIDUA_ATTACHMENT_MAX_BYTES = 1024
    response = _upload(client_for(users.clerk_a), dossier, "lon.pdf", PDF + b"0" * 2000)
    assert "vượt giới hạn" in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_submitted_dossier_takes_no_file_from_the_unit(client_for, dossier, users):
    dossier = move(dossier, "submit", actor=users.clerk_a)
    response = _upload(client_for(users.clerk_a), dossier, "bao-cao.pdf", PDF)
    assert "không sửa được" in response.content.decode()
    assert not Attachment.objects.exists()


def test_download_keeps_the_name_and_checks_the_scope(client_for, dossier, users):
    _upload(client_for(users.clerk_a), dossier, "Báo cáo.pdf", PDF)
    url = reverse("nominations:attachment_download", args=[Attachment.objects.get().pk])
    response = client_for(users.officer).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "B%C3%A1o%20c%C3%A1o.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF
    assert client_for(users.clerk_b).get(url).status_code == 404


def test_clerk_removes_a_file_of_a_draft(client_for, dossier, users):
    client = client_for(users.clerk_a)
    _upload(client, dossier, "bao-cao.pdf", PDF)
    attachment = Attachment.objects.get()
    dossier.refresh_from_db()
    client.post(
        reverse("nominations:attachment_remove", args=[attachment.pk]),
        {"version": dossier.version},
    )
    assert not Attachment.objects.exists()


# ── Rejections and the review panel ───────────────────────────────────────────────────


def test_rejected_items_are_hidden_from_a_viewer(client_for, dossier, users):
    item = dossier.items.get(person__code="CA0002")
    DossierItem.objects.filter(pk=item.pk).update(status=ItemStatus.REJECTED)
    assert "Trần Thị Bình" not in client_for(users.viewer).get(_detail(dossier)).content.decode()
    assert "Trần Thị Bình" in client_for(users.clerk_a).get(_detail(dossier)).content.decode()
    assert "Trần Thị Bình" in client_for(users.officer).get(_detail(dossier)).content.decode()


def test_rejected_items_leave_no_trace_in_a_viewers_event_log(client_for, dossier, users):
    dossier = move(dossier, "submit", actor=users.clerk_a)
    dossier = move(dossier, "start_review", actor=users.officer)
    item = dossier.items.get(person__code="CA0002")
    services.item_return(actor=users.officer, item=item, comment="Thiếu minh chứng riêng")
    DossierItem.objects.filter(pk=item.pk).update(status=ItemStatus.REJECTED)
    page = client_for(users.viewer).get(_detail(dossier)).content.decode()
    assert "Thiếu minh chứng riêng" not in page


def test_suggestions_page_links_to_a_new_dossier_for_editors_only(client_for, users):
    url = reverse("eligibility:proposals")
    create = reverse("nominations:dossier_create")
    assert create in client_for(users.clerk_a).get(url).content.decode()
    assert create not in client_for(users.viewer).get(url).content.decode()


def test_review_panel_shows_verdicts_and_both_quota_scopes(client_for, dossier, users, record):
    dossier = move(dossier, "submit", actor=users.clerk_a)
    dossier = move(dossier, "start_review", actor=users.officer)
    page = client_for(users.officer).get(_detail(dossier)).content.decode()
    assert 'id="tham-dinh"' in page
    assert "Đủ điều kiện" in page  # An for CSTĐ CAND
    assert "Chưa đủ điều kiện" in page  # Bình for CSTĐCS
    assert "Chỉ tiêu tính trên các đề nghị của hồ sơ này" in page
    assert f"Chỉ tiêu tính trên mọi hồ sơ năm {YEAR}" in page
    assert "Trả lại" in page
    # The unit does not see the panel.
    assert 'id="tham-dinh"' not in client_for(users.clerk_a).get(_detail(dossier)).content.decode()


def test_review_panel_queries_do_not_grow_with_the_items(
    client_for, dossier, users, record, people, types
):
    client = client_for(users.officer)
    reviewing = move(
        move(dossier, "submit", actor=users.clerk_a), "start_review", actor=users.officer
    )

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_detail(reviewing)).status_code == 200
        return len(queries)

    before = count()
    for person in (record.em,):
        DossierItem.objects.create(
            dossier=reviewing,
            person=person,
            award_type=types.cstd_co_so,
            year_from=YEAR,
            year_to=YEAR,
            position=9,
        )
    DossierItem.objects.create(
        dossier=reviewing,
        person=people.an,
        award_type=types.cstd_co_so,
        year_from=YEAR,
        year_to=YEAR,
        position=10,
    )
    assert count() == before


def test_the_awaiting_review_filter_lists_submitted_and_resubmitted(client_for, users, dossier):
    from thidua.nominations.tests.conftest import move

    move(dossier, "submit", actor=users.clerk_a)
    page = client_for(users.officer).get("/de-nghi/ho-so/?status=awaiting_review")
    assert dossier.title in page.content.decode()
    page = client_for(users.officer).get("/de-nghi/ho-so/?status=draft")
    assert dossier.title not in page.content.decode()


def test_the_list_does_not_count_rejected_items_for_a_viewer(client_for, users, dossier):
    dossier.items.filter(person__code="CA0002").update(status="rejected")
    count = f'<td class="num">{dossier.year}</td><td class="num">%s</td>'
    assert count % 1 in client_for(users.viewer).get("/de-nghi/ho-so/").content.decode()
    assert count % 2 in client_for(users.officer).get("/de-nghi/ho-so/").content.decode()


def test_an_id_beyond_the_integer_range_is_an_invalid_choice_not_a_500(client_for, users):
    client = client_for(users.officer)
    response = client.post("/de-nghi/ban-hanh/", {"items": "99999999999999999999", "number": "1"})
    assert response.status_code == 400
