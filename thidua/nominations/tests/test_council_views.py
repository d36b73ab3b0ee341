"""The disclosure and council pages: what they show, who reaches them (a clerk gets 404 on
council pages, readers 403 on writes), forms that post and show errors, the printable
list and the minutes document with its tallies."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
from django.urls import reverse

from thidua.nominations import council as services
from thidua.nominations.models import Ballot, Council, Disclosure, Meeting, OfficeDayOff
from thidua.nominations.tests.conftest import YEAR
from thidua.nominations.tests.test_council import TET_START


def _page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def disclosure(users, medal):
    return services.disclosure_create(
        actor=users.officer, year=YEAR, start=TET_START, items=[medal]
    )


@pytest.fixture
def meeting(users, at_council, council):
    items = list(at_council.items.all())
    meeting = services.meeting_create(
        actor=users.officer,
        council=council.council,
        date=dt.date(2025, 3, 3),
        items=items,
        place="Hội trường Công an tỉnh",
    )
    services.attendance_set(actor=users.officer, meeting=meeting, present=council.members[:9])
    return meeting


def _ballot_data(ballot: Ballot, **counts) -> dict:
    data = {f"b{ballot.pk}-{name}": 0 for name in ("disagree", "invalid")}
    data.update({f"b{ballot.pk}-written_agree": 0, f"b{ballot.pk}-written_disagree": 0})
    data.update({f"b{ballot.pk}-{k}": v for k, v in counts.items()})
    data[f"b{ballot.pk}-version"] = ballot.version
    return data


# ── Disclosure ────────────────────────────────────────────────────────────────────────


def test_every_signed_in_user_reads_disclosures(client_for, users, disclosure):
    client = client_for(users.clerk_b)
    assert disclosure.title in _page(client.get(reverse("nominations:disclosure_list")))
    page = _page(client.get(disclosure.get_absolute_url()))
    assert "10/02/2026" in page and "02/03/2026" in page
    assert "đã hết hạn" in page and "Nguyễn Văn An" in page
    assert "Huân chương Lao động hạng Ba" in page
    assert "Ghi ý kiến" not in page  # the office records comments


def test_the_printable_list_has_the_administrative_heading_and_no_nav(
    client_for, users, disclosure
):
    page = _page(
        client_for(users.viewer).get(reverse("nominations:disclosure_print", args=[disclosure.pk]))
    )
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page
    assert "Độc lập - Tự do - Hạnh phúc" in page
    assert "@media print" in page and "mainnav" not in page
    assert "Nguyễn Văn An" in page and "02/03/2026" in page


def test_the_office_previews_the_end_then_publishes(client_for, users, medal):
    client = client_for(users.officer)
    url = reverse("nominations:disclosure_create")
    page = _page(client.get(url))
    assert "Khoản 2 Điều 46 Nghị định 98/2023/NĐ-CP" in page and "Nguyễn Văn An" in page
    data = {"year": YEAR, "start": "10/02/2026", "title": "", "items": [medal.pk]}
    preview = _page(client.post(url, {**data, "preview": "1"}))
    assert "hết hạn ngày 02/03/2026" in preview and "từ ngày 03/03/2026" in preview
    assert not Disclosure.objects.exists()
    response = client.post(url, data)
    disclosure = Disclosure.objects.get()
    assert response.status_code == 302 and response.url == disclosure.get_absolute_url()
    assert disclosure.end == dt.date(2026, 3, 2)


def test_the_disclosure_form_shows_its_errors(client_for, users, medal):
    client = client_for(users.officer)
    page = _page(client.post(reverse("nominations:disclosure_create"), {"start": "31/02/2026"}))
    assert "dd/mm/yyyy" in page and 'class="error"' in page
    assert not Disclosure.objects.exists()


def test_a_clerk_may_not_publish_or_record_comments(client_for, users, disclosure):
    client = client_for(users.clerk_a)
    assert client.get(reverse("nominations:disclosure_create")).status_code == 403
    url = reverse("nominations:disclosure_comment", args=[disclosure.pk])
    assert client.post(url, {"sender": "X"}).status_code == 403


def test_the_office_records_a_comment_and_sees_errors(client_for, users, disclosure, medal):
    client = client_for(users.officer)
    url = reverse("nominations:disclosure_comment", args=[disclosure.pk])
    page = _page(client.post(url, {"received_on": "12/02/2026", "sender": "", "content": ""}))
    assert "errorlist" in page or 'class="error"' in page
    assert not disclosure.comments.exists()
    response = client.post(
        url,
        {
            "received_on": "12/02/2026",
            "sender": "Công an xã A1",
            "item": medal.pk,
            "content": "Đề nghị làm rõ thành tích",
            "response": "Đã xác minh, giữ nguyên",
        },
    )
    assert response.status_code == 302
    page = _page(client.get(disclosure.get_absolute_url()))
    assert "Công an xã A1" in page and "12/02/2026" in page and "Đã xác minh" in page


# ── Days off ──────────────────────────────────────────────────────────────────────────


def test_days_off_list_add_and_remove(client_for, users):
    client = client_for(users.officer)
    url = reverse("nominations:days_off")
    page = _page(client.get(url + "?nam=2026"))
    assert "17/02/2026" in page and "Tết Nguyên Đán" in page
    assert client.post(url, {"date": "23/02/2026", "name": "Nghỉ bù"}).status_code == 302
    day = OfficeDayOff.objects.get()
    assert day.date == dt.date(2026, 2, 23)
    page = _page(client.post(url, {"date": "23/02/2026", "name": "Lần nữa"}))
    assert OfficeDayOff.objects.count() == 1 and 'class="error"' in page
    remove = reverse("nominations:day_off_remove", args=[day.pk])
    assert client_for(users.viewer).post(remove).status_code == 403
    client = client_for(users.officer)
    assert client.post(remove).status_code == 302
    assert not OfficeDayOff.objects.exists()


# ── Councils and meetings ─────────────────────────────────────────────────────────────


def test_a_clerk_gets_404_on_council_pages(client_for, users, meeting, council):
    client = client_for(users.clerk_a)
    for url in (
        reverse("nominations:council_list"),
        council.council.get_absolute_url(),
        meeting.get_absolute_url(),
        reverse("documents:meeting_minutes", args=[meeting.pk]),
    ):
        assert client.get(url).status_code == 404, url
    menu = _page(client.get(reverse("nominations:disclosure_list")))
    assert reverse("nominations:council_list") not in menu


def test_a_council_member_reads_but_may_not_write(client_for, users, meeting, council):
    client = client_for(users.council)
    page = _page(client.get(council.council.get_absolute_url()))
    assert "Thành viên 1" in page and "Thêm thành viên" not in page
    page = _page(client.get(meeting.get_absolute_url()))
    assert "Ghi kết quả kiểm phiếu" not in page
    ballot = meeting.ballots.first()
    url = reverse("nominations:ballot_record", args=[ballot.pk])
    assert client.post(url, _ballot_data(ballot, agree=9)).status_code == 403
    url = reverse("nominations:member_add", args=[council.council.pk])
    assert client.post(url, {"full_name": "X", "role": "member"}).status_code == 403


def test_the_council_page_shows_members_and_the_thresholds_with_their_status(
    client_for, users, council
):
    page = _page(client_for(users.officer).get(council.council.get_absolute_url()))
    assert "Chủ tịch" in page and "Ủy viên thư ký" in page
    assert "Từ 90% trở lên trên tổng số thành viên Hội đồng" in page
    assert "ít nhất 90 % tổng số thành viên" in page and "quá 50 % tổng số thành viên" in page
    assert "ít nhất 2/3 tổng số thành viên" in page
    assert "Khoản 8 Điều 45 Nghị định 91/2017/NĐ-CP" in page
    assert "quy định chưa xác minh" in page and "quy định theo văn bản cũ" in page


def test_create_a_council_and_add_members(client_for, users, units):
    client = client_for(users.officer)
    response = client.post(
        reverse("nominations:council_create"),
        {"name": "Hội đồng TĐKT 2026", "unit": units.cat.pk, "term_from": "01/01/2026"},
    )
    council = Council.objects.get()
    assert response.status_code == 302 and response.url == council.get_absolute_url()
    url = reverse("nominations:member_add", args=[council.pk])
    data = {"full_name": "Trần Văn Chủ", "position": "Giám đốc", "role": "chair"}
    assert client.post(url, {**data, "user": users.council.pk}).status_code == 302
    page = _page(client.post(url, {**data, "full_name": "Người thứ hai"}))
    assert "Hội đồng đã có Chủ tịch." in page
    assert council.members.get().user == users.council


def test_the_meeting_form_shows_the_disclosure_message(
    client_for, users, council, disclosure, medal
):
    client = client_for(users.officer)
    url = reverse("nominations:meeting_create", args=[council.council.pk])
    assert "Nguyễn Văn An" in _page(client.get(url))
    page = _page(client.post(url, {"date": "02/03/2026", "items": [medal.pk]}))
    assert "Hội đồng chỉ họp xét từ ngày sau đó" in page
    response = client.post(url, {"date": "03/03/2026", "items": [medal.pk], "place": "P1"})
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response.url == meeting.get_absolute_url()


def test_the_office_sets_attendance_and_records_a_tally(client_for, users, meeting, council):
    client = client_for(users.officer)
    page = _page(client.get(meeting.get_absolute_url()))
    assert "9/10 thành viên" in page and "chưa kiểm phiếu" in page
    members = [m.pk for m in council.members]
    url = reverse("nominations:meeting_attendance", args=[meeting.pk])
    data = {"present": members, "version": meeting.version}
    assert client.post(url, data).status_code == 302
    ballot = meeting.ballots.get(item__award_type__code="cstd_cand")
    url = reverse("nominations:ballot_record", args=[ballot.pk])
    response = client.post(url, _ballot_data(ballot, agree=9, disagree=1))
    assert response.status_code == 302
    page = _page(client.get(meeting.get_absolute_url()))
    assert "10/10 thành viên" in page and "Thông qua" in page
    assert re.search(r"Đã ghi kết quả kiểm phiếu của Nguyễn Văn An: Thông qua", page)


def test_an_impossible_tally_shows_the_message(client_for, users, meeting):
    client = client_for(users.officer)
    ballot = meeting.ballots.first()
    url = reverse("nominations:ballot_record", args=[ballot.pk])
    page = _page(client.post(url, _ballot_data(ballot, agree=9, disagree=1)))
    assert "Tổng số phiếu (10) nhiều hơn số thành viên dự họp (9)." in page
    page = _page(client.post(url, _ballot_data(ballot, agree=-1)))
    assert "Số phiếu không được âm." in page
    ballot.refresh_from_db()
    assert not ballot.counted


def test_a_stale_tally_form_says_so(client_for, users, meeting):
    client = client_for(users.officer)
    ballot = meeting.ballots.first()
    url = reverse("nominations:ballot_record", args=[ballot.pk])
    stale = _ballot_data(ballot, agree=9)
    assert client.post(url, stale).status_code == 302
    page = _page(client.post(url, {**stale, f"b{ballot.pk}-agree": 1}))
    assert "vừa được người khác thay đổi" in page
    ballot.refresh_from_db()
    assert ballot.agree == 9


# ── The minutes ───────────────────────────────────────────────────────────────────────


def _docx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read("word/document.xml").decode()
    return "".join(re.findall(r"<w:t(?: [^>]*)?>(.*?)</w:t>", xml, flags=re.DOTALL))


def test_the_minutes_carry_attendance_and_tallies(client_for, users, meeting, at_council):
    an = at_council.items.get(award_type__code="cstd_cand")
    ballot = meeting.ballots.get(item=an)
    services.ballot_record(actor=users.officer, ballot=ballot, agree=8, disagree=1, written_agree=1)
    response = client_for(users.council).get(
        reverse("documents:meeting_minutes", args=[meeting.pk])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        'attachment; filename="bien-ban-hop-hoi-dong-'
    )
    text = _docx_text(b"".join(response.streaming_content))
    assert "BIÊN BẢN" in text and "Hội trường Công an tỉnh" in text
    assert "ngày 03 tháng 3 năm 2025" in text
    assert "có mặt 9/10 thành viên Hội đồng" in text and "Vắng mặt: Thành viên 10" in text
    assert "Chủ trì: Thành viên 1" in text
    assert "Nguyễn Văn An" in text and "Chiến sĩ thi đua" in text
    assert "8 + 1 VB" in text  # agree at the meeting + in writing
    assert "9/10, cần 9; ngưỡng (1)" in text and "Thông qua" in text
    assert "Từ 90% trở lên trên tổng số thành viên Hội đồng" in text
    assert "Chưa kiểm phiếu" in text  # Bình's ballot is still open
