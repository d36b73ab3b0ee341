"""Hand entry of a person's initiatives (sáng kiến) on their record page: the initiatives
import's rules, scope and audit, and the eligibility check sees the entry at once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from thidua.awards.models import Initiative, InitiativeAuthor
from thidua.awards.services import initiative_create
from thidua.eligibility.services import eligibility_report

pytestmark = pytest.mark.django_db

TITLE = "Ứng dụng bản đồ số trong quản lý cư trú"


def _page(person):
    return reverse("awards:person_history", args=[person.code])


def _add(client, person, **data):
    fields = {"title": TITLE, "year": "2023", "scope": "co_so", **data}
    return client.post(reverse("awards:person_initiative_save", args=[person.code]), fields)


def test_a_clerk_adds_an_initiative_with_a_co_author(client_for, users, people):
    client = client_for(users.officer)
    page = client.get(_page(people.cuong)).content.decode()
    assert 'id="initiative-form"' in page and "Chưa có sáng kiến nào." in page
    response = _add(
        client, people.cuong, scope="bo_tinh", decision_number="45/QĐ-CAT", co_authors="CA0001"
    )
    assert response.status_code == 302
    assert response.url == _page(people.cuong) + "#sang-kien"
    initiative = Initiative.objects.get()
    assert (initiative.title, initiative.year, initiative.scope, initiative.decision_number) == (
        TITLE,
        2023,
        "bo_tinh",
        "45/QĐ-CAT",
    )
    assert set(initiative.authors.all()) == {people.cuong, people.an}
    page = client.get(_page(people.cuong)).content.decode()
    assert f"Đã thêm sáng kiến “{TITLE}” năm 2023." in page
    table = page[page.index('id="initiatives"') :]
    assert TITLE in table and "Bộ, tỉnh" in table and "Nguyễn Văn An" in table
    # The co-author's page lists it too.
    assert TITLE in client.get(_page(people.an)).content.decode()


def test_the_entry_is_audited_with_the_clerk_and_shown_in_the_history(client_for, users, people):
    client = client_for(users.clerk_b)
    _add(client, people.cuong)
    (record,) = Initiative.history.all()
    assert (record.history_type, record.history_user) == ("+", users.clerk_b)
    assert InitiativeAuthor.history.get().history_user == users.clerk_b
    page = client.get(_page(people.cuong)).content.decode()
    history = page[page.index('id="history"') :]
    assert "clerk_b" in history and TITLE in history and "sáng kiến" in history


def test_an_initiative_already_recorded_is_refused(client_for, users, people):
    initiative_create(title=TITLE, year=2023, scope="co_so", authors=[people.an])
    response = _add(
        client_for(users.clerk_b), people.cuong, title="ung dung ban do so trong QUAN LY cu tru"
    )
    assert response.status_code == 400
    assert "đã được ghi nhận" in response.content.decode()
    assert Initiative.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": "1900"}, "Năm 1900 không hợp lệ: phải từ 1945 đến"),
        ({"year": str(dt.date.today().year + 1)}, f"Năm {dt.date.today().year + 1} không hợp lệ"),
        ({"title": ""}, "Trường này là bắt buộc."),
        ({"scope": "the_gioi"}, "Hãy chọn một lựa chọn hợp lệ. the_gioi"),
        ({"co_authors": "CA 9"}, "Mã tác giả &#x27;CA 9&#x27; không hợp lệ."),
        ({"co_authors": "CA9999"}, "Không có cán bộ mã &#x27;CA9999&#x27; trong hệ thống."),
        (
            # CA0001 works in CAH-A: outside clerk_b's CAH-B, as the import refuses it.
            {"co_authors": "CA0001"},
            "Cán bộ mã &#x27;CA0001&#x27; thuộc đơn vị nằm ngoài phạm vi được phân quyền.",
        ),
    ],
)
def test_bad_input_is_refused_on_the_form_and_nothing_is_written(
    client_for, users, people, data, message
):
    response = _add(client_for(users.clerk_b), people.cuong, decision_number="giữ lại", **data)
    assert response.status_code == 400
    page = response.content.decode()
    form = page[page.index('id="initiative-form"') :]
    assert message in form
    assert "giữ lại" in form  # what the user typed stays in the form
    assert not Initiative.objects.exists()
    assert not Initiative.history.exists()


def test_a_clerk_of_another_subtree_gets_404_and_writes_nothing(client_for, users, people):
    client = client_for(users.clerk_a)
    assert client.get(_page(people.cuong)).status_code == 404
    assert _add(client, people.cuong).status_code == 404
    assert not Initiative.objects.exists()


@pytest.mark.parametrize("role", ["viewer", "council"])
def test_readers_see_the_list_but_no_form_and_are_refused_the_post(client_for, users, people, role):
    initiative_create(title=TITLE, year=2022, scope="co_so", authors=[people.cuong])
    client = client_for(getattr(users, role))
    page = client.get(_page(people.cuong)).content.decode()
    assert TITLE in page and 'id="initiative-form"' not in page
    assert _add(client, people.cuong, year="2023").status_code == 403
    assert Initiative.objects.count() == 1


def test_the_save_is_post_only(client_for, users, people):
    url = reverse("awards:person_initiative_save", args=[people.cuong.code])
    assert client_for(users.clerk_b).get(url).status_code == 405


def _scope_condition(user, person, year):
    (verdict,) = eligibility_report(
        user=user, year=year, award="cstd_cand", person_code=person.code
    ).verdicts
    return next(c for c in verdict.conditions if c.kind == "initiative_scope")


def test_the_eligibility_check_sees_a_ministry_scope_initiative_at_once(client_for, users, people):
    year = dt.date.today().year - 1
    assert not _scope_condition(users.clerk_b, people.cuong, year).met
    _add(client_for(users.clerk_b), people.cuong, year=str(year), scope="bo_tinh")
    assert _scope_condition(users.clerk_b, people.cuong, year).met


def test_a_correction_changes_the_initiative_in_place_and_keeps_its_authors(
    client_for, users, people
):
    initiative = initiative_create(
        title=TITLE, year=2022, scope="co_so", authors=[people.cuong, people.an]
    )
    client = client_for(users.clerk_b)
    form = client.get(_page(people.cuong), {"sua-sang-kien": initiative.pk}).content.decode()
    form = form[form.index('id="initiative-form"') :]
    assert f"Sửa sáng kiến “{TITLE}”" in form and 'name="version" value="1"' in form
    assert "Mã đồng tác giả" not in form
    response = _add(
        client,
        people.cuong,
        year="2022",
        scope="toan_quoc",
        editing=str(initiative.pk),
        version="1",
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert (initiative.scope, initiative.version) == ("toan_quoc", 2)
    assert set(initiative.authors.all()) == {people.cuong, people.an}
    assert Initiative.objects.count() == 1
    assert "Đã sửa sáng kiến" in client.get(_page(people.cuong)).content.decode()


def test_a_stale_correction_of_an_initiative_is_refused(client_for, users, people):
    initiative = initiative_create(title=TITLE, year=2022, scope="co_so", authors=[people.cuong])
    client = client_for(users.clerk_b)
    edit = {"year": "2022", "editing": str(initiative.pk), "version": "1"}
    assert _add(client, people.cuong, scope="bo_tinh", **edit).status_code == 302
    second = _add(client, people.cuong, scope="toan_quoc", decision_number="mới", **edit)
    assert second.status_code == 400
    page = second.content.decode()
    assert "vừa được người khác thay đổi" in page and "mới" in page
    initiative.refresh_from_db()
    assert initiative.scope == "bo_tinh"


def test_a_correction_may_not_take_another_initiatives_name(client_for, users, people):
    initiative_create(title=TITLE, year=2022, scope="co_so", authors=[people.cuong])
    other = initiative_create(title="Khác", year=2022, scope="co_so", authors=[people.cuong])
    response = _add(
        client_for(users.clerk_b), people.cuong, year="2022", editing=str(other.pk), version="1"
    )
    assert response.status_code == 400
    assert "đã được ghi nhận" in response.content.decode()


def test_a_correction_of_someone_elses_initiative_is_not_found(client_for, users, people):
    theirs = initiative_create(title=TITLE, year=2022, scope="co_so", authors=[people.an])
    response = _add(client_for(users.officer), people.cuong, editing=str(theirs.pk), version="1")
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.year == 2022
