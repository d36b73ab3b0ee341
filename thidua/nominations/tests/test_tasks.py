"""The home page's task list, the calendar, notifications and a person's or unit's
nominations."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from thidua.nominations import services
from thidua.nominations.models import Deadline, ItemStatus, Notification
from thidua.nominations.selectors import tasks_for
from thidua.nominations.tests.conftest import move

pytestmark = pytest.mark.django_db


def counts(tasks):
    return {t.text: t.count for t in tasks if t.count is not None}


def draft(users, units, people, types, year=2024):
    d = services.dossier_create(actor=users.clerk_a, unit=units.cax_a1, year=year)
    services.item_add(actor=users.clerk_a, dossier=d, person=people.an, award_type=types.cstd_co_so)
    return d


# ── Task list ─────────────────────────────────────────────────────────────────────────


def test_the_office_sees_what_waits_for_review_the_council_and_the_decision(
    at_council, users, units, people, types, django_assert_num_queries
):
    item = at_council.items.first()
    item.status = ItemStatus.APPROVED
    item.save()
    move(draft(users, units, people, types), "submit", actor=users.clerk_a)
    with django_assert_num_queries(3):  # dossiers by status, approved items, deadlines
        tasks = tasks_for(users.officer)
    assert counts(tasks) == {
        "hồ sơ chờ thẩm định": 1,
        "hồ sơ trình Hội đồng chưa họp xét": 1,
        "đề nghị đã thông qua chờ ban hành quyết định": 1,
    }
    links = {t.text: t.url for t in tasks}
    assert links["hồ sơ chờ thẩm định"].endswith("?status=awaiting_review")
    assert links["đề nghị đã thông qua chờ ban hành quyết định"] == reverse(
        "nominations:issue_decision"
    )


def test_a_clerk_sees_returned_dossiers_and_drafts_of_their_scope(
    dossier, users, units, people, types, django_assert_num_queries
):
    other = move(draft(users, units, people, types), "submit", actor=users.clerk_a)
    other = move(other, "start_review", actor=users.officer)
    services.item_return(actor=users.officer, item=other.items.get(), comment="Thiếu minh chứng")
    move(other, "return", actor=users.officer)
    with django_assert_num_queries(2):
        tasks = tasks_for(users.clerk_a)
    assert counts(tasks) == {"hồ sơ bị trả lại": 1, "hồ sơ đang soạn": 1}
    assert tasks_for(users.clerk_b) == []
    assert tasks_for(users.viewer) == []


def test_the_next_submission_deadline_with_the_days_left(users):
    year = timezone.localdate().year
    Deadline.objects.create(
        year=year, level="province", kind="submission", date=dt.date(year, 12, 15)
    )
    Deadline.objects.create(year=year, level="unit", kind="submission", date=dt.date(year, 12, 20))
    tasks = tasks_for(users.officer, today=dt.date(year, 12, 4))
    assert [t.text for t in tasks] == [f"Hạn gửi hồ sơ cấp Tỉnh: 15/12/{year} — còn 11 ngày"]


def test_a_passed_deadline_is_overdue_while_the_unit_has_drafts(users, units, people, types):
    year = timezone.localdate().year
    Deadline.objects.create(
        year=year, level="province", kind="submission", date=dt.date(year, 1, 2)
    )
    today = dt.date(year, 12, 31)
    assert tasks_for(users.clerk_a, today=today) == []
    draft(users, units, people, types, year=year)
    overdue = [t for t in tasks_for(users.clerk_a, today=today) if t.overdue]
    assert [t.text for t in overdue] == [
        f"Hạn gửi hồ sơ cấp Tỉnh: 02/01/{year} — đã quá hạn, còn hồ sơ đang soạn"
    ]
    assert tasks_for(users.clerk_b, today=today) == []  # no draft in CAH-B


def test_the_home_page_shows_the_tasks(client_for, dossier, users):
    html = client_for(users.clerk_a).get(reverse("home")).content.decode()
    assert "hồ sơ đang soạn" in html


# ── Calendar ──────────────────────────────────────────────────────────────────────────


def test_the_office_adds_changes_and_removes_a_deadline(client_for, users):
    client = client_for(users.officer)
    data = {"year": 2026, "level": "province", "kind": "submission", "date": "15/12/2026"}
    assert client.post(reverse("nominations:deadlines"), data).status_code == 302
    deadline = Deadline.objects.get()
    assert deadline.date == dt.date(2026, 12, 15)
    again = client.post(reverse("nominations:deadlines"), {**data, "date": "16/12/2026"})
    assert again.status_code == 400
    assert "đã có mốc" in again.content.decode()
    edit = reverse("nominations:deadline_edit", args=[deadline.pk])
    assert (
        client.post(edit, {**data, "date": "10/12/2026", "note": "Theo công văn"}).status_code
        == 302
    )
    deadline.refresh_from_db()
    assert (deadline.date, deadline.note) == (dt.date(2026, 12, 10), "Theo công văn")
    page = client.get(reverse("nominations:deadlines") + "?nam=2026").content.decode()
    assert "10/12/2026" in page
    client.post(reverse("nominations:deadline_delete", args=[deadline.pk]))
    assert not Deadline.objects.exists()


@pytest.mark.parametrize("who", ["clerk_a", "council", "viewer"])
def test_others_read_the_calendar_but_do_not_change_it(client_for, users, who):
    deadline = Deadline.objects.create(
        year=2024, level="province", kind="submission", date=dt.date(2024, 12, 15)
    )
    client = client_for(getattr(users, who))
    page = client.get(reverse("nominations:deadlines") + "?nam=2024")
    assert page.status_code == 200
    html = page.content.decode()
    assert "15/12/2024" in html and "quá hạn" in html
    assert "Thêm mốc thời gian" not in html
    data = {"year": 2024, "level": "unit", "kind": "submission", "date": "01/12/2024"}
    assert client.post(reverse("nominations:deadlines"), data).status_code == 403
    delete = reverse("nominations:deadline_delete", args=[deadline.pk])
    assert client.post(delete).status_code == 403
    assert Deadline.objects.count() == 1


# ── Notifications ─────────────────────────────────────────────────────────────────────


def test_notifications_newest_first_unread_in_bold_and_marked_read(client_for, dossier, users):
    services.notify([users.officer], None, "Thông báo cũ đã đọc")
    Notification.objects.filter(text="Thông báo cũ đã đọc").update(read_at=timezone.now())
    move(dossier, "submit", actor=users.clerk_a)
    client = client_for(users.officer)
    html = client.get(reverse("nominations:notifications")).content.decode()
    assert html.index("chờ thẩm định") < html.index("Thông báo cũ đã đọc")  # newest first
    assert "<strong><a" in html
    assert 'class="badge warn">1</span>' in html  # the header's counter
    notice = Notification.objects.get(user=users.officer, read_at__isnull=True)
    # another user cannot mark it
    client_for(users.clerk_b).post(reverse("nominations:notifications"), {"id": notice.pk})
    notice.refresh_from_db()
    assert notice.read_at is None
    client = client_for(users.officer)
    assert client.post(reverse("nominations:notifications"), {"id": notice.pk}).status_code == 302
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert 'class="badge warn">' not in client.get(reverse("home")).content.decode()


def test_mark_all_read(client_for, dossier, users):
    services.notify([users.officer, users.clerk_a], dossier, "Một")
    services.notify([users.officer], dossier, "Hai")
    client_for(users.officer).post(reverse("nominations:notifications"), {"all": "1"})
    assert not Notification.objects.filter(user=users.officer, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=users.clerk_a, read_at__isnull=True).count() == 1


def test_an_empty_post_is_refused(client_for, users):
    assert client_for(users.viewer).post(reverse("nominations:notifications")).status_code == 400


def test_the_counter_is_one_query(client_for, users, django_assert_num_queries):
    from thidua.nominations.context_processors import notifications

    request = type("R", (), {"user": users.officer})()
    with django_assert_num_queries(1):
        assert str(notifications(request)["unread_notifications"]) == "0"
    anonymous = type("R", (), {"user": type("A", (), {"is_authenticated": False})()})()
    with django_assert_num_queries(0):
        assert notifications(anonymous) == {}


# ── A person's or unit's nominations ──────────────────────────────────────────────────


def test_a_person_s_nominations_out_of_scope_are_404(client_for, dossier, users, people):
    url = reverse("nominations:person_nominations", args=[people.an.code])
    assert client_for(users.clerk_b).get(url).status_code == 404
    assert client_for(users.clerk_a).get(url).status_code == 200
    unit_url = reverse("nominations:unit_nominations", args=["CAH-A"])
    assert client_for(users.clerk_b).get(unit_url).status_code == 404


def test_a_rejection_is_hidden_from_a_viewer_and_shown_to_the_clerk(
    client_for, at_council, users, people
):
    item = at_council.items.get(person=people.binh)
    item.status = ItemStatus.REJECTED
    item.save()
    url = reverse("nominations:person_nominations", args=[people.binh.code])
    assert "Không được thông qua" in client_for(users.clerk_a).get(url).content.decode()
    viewer = client_for(users.viewer).get(url).content.decode()
    assert "Không được thông qua" not in viewer
    assert "Chưa có đề nghị khen thưởng nào" in viewer


def test_an_awarded_nomination_links_its_decision(client_for, at_council, users, people):
    item = at_council.items.get(person=people.binh)
    item.status = ItemStatus.APPROVED
    item.save()
    decision = services.decision_issue(
        actor=users.officer, items=[item], number="12/QĐ-CAT", date=dt.date(2025, 1, 10)
    )
    url = reverse("nominations:person_nominations", args=[people.binh.code])
    response = client_for(users.viewer).get(url, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html  # the fragment
    assert reverse("awards:decision_detail", args=[decision.pk]) in html
    assert "Đã khen thưởng" in html


def test_the_person_and_unit_pages_load_the_fragment(client_for, users, people, units):
    client = client_for(users.officer)
    person = client.get(reverse("org:person_detail", args=[people.an.pk])).content.decode()
    url = reverse("nominations:person_nominations", args=[people.an.code])
    assert f'hx-get="{url}"' in person and f'href="{url}"' in person
    unit = client.get(reverse("org:unit_detail", args=[units.cah_a.pk])).content.decode()
    assert reverse("nominations:unit_nominations", args=["CAH-A"]) in unit


def test_last_year_s_january_deadline_counts_this_year(users, units, people, types):
    """Achievements of a year are sent up until early the next year."""
    year = timezone.localdate().year
    Deadline.objects.create(
        year=year - 1, level="ministry", kind="submission", date=dt.date(year, 1, 20)
    )
    assert [t.text for t in tasks_for(users.officer, today=dt.date(year, 1, 5))] == [
        f"Hạn gửi hồ sơ cấp Bộ: 20/01/{year} — còn 15 ngày"
    ]
    draft(users, units, people, types, year=year - 1)
    overdue = [t for t in tasks_for(users.clerk_a, today=dt.date(year, 2, 1)) if t.overdue]
    assert len(overdue) == 1 and f"/de-nghi/ho-so/?status=draft&year={year - 1}" in overdue[0].url
