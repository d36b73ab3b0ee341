"""People pages: HTMX search, Vietnamese order, filters, detail, create/edit, assignments."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from conftest import version_of
from thidua.org.models import Assignment, Person
from thidua.org.services import person_save

HTMX = {"HTTP_HX_REQUEST": "true"}
LIST = reverse("org:person_list")


def names_in(response) -> list[str]:
    return [p.full_name for p in response.context["page_obj"]]


def search(client, q: str, **params):
    return client.get(LIST, {"q": q, **params}, **HTMX)


def person_post(unit, **overrides) -> dict:
    data = {
        "code": "CA0100",
        "full_name": "Nguyễn Văn An",
        "gender": "M",
        "birth_date": "12/04/1988",
        "citizen_id": "",
        "service_start": "01/09/2010",
        "service_end": "",
        "rank": "Đại úy",
        "position": "Cán bộ",
        "unit": unit.pk,
        "start": "",
    }
    return {**data, **overrides}


def test_htmx_search_returns_only_the_results_fragment(client_for, users, people):
    r = search(client_for(users.officer), "nguyen van an")

    html = r.content.decode()
    assert r.status_code == 200
    assert "<html" not in html and 'id="people-table"' in html
    assert "Nguyễn Văn An" in html
    assert "HX-Request" in r["Vary"]


def test_plain_request_returns_the_whole_page_with_the_search_box(client_for, users, people):
    html = client_for(users.officer).get(LIST).content.decode()
    assert (
        "<html" in html
        and 'name="q"' in html
        and 'hx-trigger="input changed delay:300ms, search"' in html
    )


@pytest.mark.parametrize("q", ["nguyen van an", "NGUYEN", "Nguyễn Văn An", "van an", "CA0001"])
def test_search_ignores_accents_and_case(client_for, users, people, q):
    assert "Nguyễn Văn An" in names_in(search(client_for(users.officer), q))


def test_d_and_dj_match_each_other(client_for, users, people):
    client = client_for(users.officer)
    assert names_in(search(client, "duc")) == ["Lê Đức Cường"]
    assert names_in(search(client, "Đung")) == ["Phạm Thị Dung"]


def test_people_are_listed_in_vietnamese_order(client_for, users, people, units):
    for code, name in [("V1", "Hoàng Văn Đạt"), ("V2", "Vũ Thị Ánh"), ("V3", "Đỗ Văn Ân")]:
        person_save(person=Person(code=code, full_name=name, gender="M"), unit=units.cat)

    # Given name first, then a < ă < â, d < đ; family names do not lead.
    assert names_in(client_for(users.officer).get(LIST)) == [
        "Nguyễn Văn An",
        "Vũ Thị Ánh",
        "Đỗ Văn Ân",
        "Trần Thị Bình",
        "Lê Đức Cường",
        "Phạm Thị Dung",
        "Hoàng Văn Đạt",
    ]


def test_unit_filter_includes_the_subtree_only_when_asked(client_for, users, people, units):
    client = client_for(users.officer)
    assert names_in(client.get(LIST, {"unit": units.cah_a.code})) == ["Trần Thị Bình"]
    assert names_in(client.get(LIST, {"unit": units.cah_a.code, "subtree": "true"})) == [
        "Nguyễn Văn An",
        "Trần Thị Bình",
    ]


def test_gender_and_rank_filters(client_for, users, people):
    client = client_for(users.officer)
    assert names_in(client.get(LIST, {"gender": "F"})) == ["Trần Thị Bình", "Phạm Thị Dung"]
    assert names_in(client.get(LIST, {"rank": "Thiếu tá"})) == []


def test_people_list_pages_by_fifty_without_a_query_per_row(
    client_for, users, units, django_assert_max_num_queries
):
    Person.objects.bulk_create(
        [
            Person(
                code=f"B{i:04}",
                full_name=f"Người Thứ {i}",
                gender="M",
                unit=units.cah_b,
                sort_key=f"{i:04}",
                search_key=f"nguoi thu {i}",
            )
            for i in range(120)
        ]
    )
    client = client_for(users.officer)
    with django_assert_max_num_queries(8):
        r = client.get(LIST, {"page": 2})
    assert len(r.context["page_obj"]) == 50 and r.context["page_obj"].paginator.num_pages == 3


def test_person_page_shows_facts_and_assignment_history(client_for, users, people, units):
    person_save(person=people.an, unit=units.cah_a, start=dt.date(2022, 3, 1))

    html = (
        client_for(users.clerk_a)
        .get(reverse("org:person_detail", args=[people.an.pk]))
        .content.decode()
    )
    assert "12/04/1988" in html and "Công an xã An Lạc" in html and "28/02/2022" in html
    assert 'id="history"' in html


def test_person_page_warns_about_a_likely_duplicate_with_a_link(client_for, users, people, units):
    twin = person_save(
        person=Person(
            code="CA0999", full_name="Nguyen Van An", gender="M", birth_date=dt.date(1988, 4, 12)
        ),
        unit=units.cah_a,
    )

    html = (
        client_for(users.clerk_a).get(reverse("org:person_detail", args=[twin.pk])).content.decode()
    )
    assert "Có thể trùng với" in html
    assert reverse("org:person_detail", args=[people.an.pk]) in html


def test_creating_a_person_saves_the_first_assignment(client_for, users, units):
    r = client_for(users.clerk_a).post(
        reverse("org:person_create"),
        person_post(units.cax_a1, full_name="Lò Thị Mai", code="CA0200"),
    )

    person = Person.objects.get(code="CA0200")
    assert r.status_code == 302 and r["Location"] == reverse("org:person_detail", args=[person.pk])
    assert person.birth_date == dt.date(1988, 4, 12)
    assert person.assignments.get().unit == units.cax_a1


def test_creating_a_likely_duplicate_warns_but_never_merges(client_for, users, people, units):
    r = client_for(users.clerk_a).post(
        reverse("org:person_create"), person_post(units.cah_a), follow=True
    )

    assert "Có thể trùng với Nguyễn Văn An (CA0001" in r.content.decode()
    assert Person.objects.filter(search_key="nguyen van an").count() == 2


def test_a_duplicate_outside_scope_is_counted_not_shown(client_for, users, people, units):
    r = client_for(users.clerk_b).post(
        reverse("org:person_create"), person_post(units.cax_b1), follow=True
    )

    html = r.content.decode()
    assert "1 hồ sơ ngoài phạm vi của bạn" in html and "CA0001" not in html


def test_form_reports_a_bad_date_in_vietnamese(client_for, users, units):
    r = client_for(users.clerk_a).post(
        reverse("org:person_create"), person_post(units.cah_a, birth_date="31/02/1990")
    )
    assert r.status_code == 200
    assert "Nhập ngày theo dạng dd/mm/yyyy" in r.content.decode()
    assert not Person.objects.filter(code="CA0100").exists()


def test_edit_form_shows_dates_as_dd_mm_yyyy(client_for, users, people):
    html = (
        client_for(users.clerk_a)
        .get(reverse("org:person_edit", args=[people.an.pk]))
        .content.decode()
    )
    assert 'value="12/04/1988"' in html and '<label for="id_full_name">Họ và tên' in html


def test_changing_the_unit_on_the_form_closes_the_old_assignment(client_for, users, people, units):
    data = person_post(
        units.cah_a, code="CA0001", start="01/07/2023", version=version_of(people.an)
    )
    client_for(users.clerk_a).post(reverse("org:person_edit", args=[people.an.pk]), data)

    old, new = people.an.assignments.order_by("start")
    assert (old.unit, old.end) == (units.cax_a1, dt.date(2023, 6, 30))
    assert (new.unit, new.start, new.end) == (units.cah_a, dt.date(2023, 7, 1), None)


def test_adding_an_assignment_from_the_person_page(client_for, users, people, units):
    old = people.an.assignments.get()
    client = client_for(users.clerk_a)
    r = client.post(
        reverse("org:assignment_create", args=[people.an.pk]),
        {"unit": units.cah_a.pk, "start": "01/01/2020", "end": "", "position": "Phó trưởng"},
    )
    client.post(
        reverse("org:assignment_end", args=[old.pk]),
        {"end": "31/12/2019", "version": version_of(old)},
    )

    assert r.status_code == 302
    people.an.refresh_from_db()
    assert people.an.unit == units.cah_a
    assert Assignment.objects.get(pk=old.pk).end == dt.date(2019, 12, 31)


def test_ending_before_the_start_is_refused(client_for, users, people):
    current = people.an.assignments.get()
    r = client_for(users.clerk_a).post(
        reverse("org:assignment_end", args=[current.pk]), {"end": "01/01/2000"}
    )
    assert "Ngày kết thúc phải sau ngày bắt đầu." in r.content.decode()


def test_deleting_an_assignment_resyncs_the_current_unit(client_for, users, people, units):
    person_save(person=people.binh, unit=units.cax_a1, start=dt.date(2021, 1, 1))
    newest = people.binh.assignments.get(end__isnull=True)
    people.binh.assignments.exclude(pk=newest.pk).update(end=None)

    client_for(users.clerk_a).post(reverse("org:assignment_delete", args=[newest.pk]))

    people.binh.refresh_from_db()
    assert people.binh.unit == units.cah_a


def test_duplicates_page_lists_name_and_birth_date_groups_in_scope(
    client_for, users, people, units
):
    person_save(
        person=Person(
            code="CA0999", full_name="NGUYỄN VĂN AN", gender="M", birth_date=dt.date(1988, 4, 12)
        ),
        unit=units.cah_a,
    )
    person_save(
        person=Person(
            code="CA0998", full_name="Lê Đức Cường", gender="M", birth_date=dt.date(1985, 1, 30)
        ),
        unit=units.cat,
    )

    r = client_for(users.clerk_a).get(reverse("org:duplicates"))
    groups = r.context["groups"]
    assert [[p.code for p in g["people"]] for g in groups] == [["CA0001", "CA0999"]]
    assert reverse("org:duplicates") in client_for(users.clerk_a).get(LIST).content.decode()


def test_clerk_gets_404_for_another_units_person(client_for, users, people):
    client = client_for(users.clerk_a)
    assert client.get(reverse("org:person_detail", args=[people.cuong.pk])).status_code == 404
    assert search(client, "cuong").context["page_obj"].paginator.count == 0
