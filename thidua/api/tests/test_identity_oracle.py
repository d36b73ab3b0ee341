"""A clerk cannot test a national ID (CCCD) against the whole province: a CCCD held outside
the clerk's scope gets the very answer an unused one gets, and the clash is shown to the
officers who see both records (the duplicates page)."""

from __future__ import annotations

from django.urls import reverse

from thidua.org.models import Person

URL = "/api/people/"
HELD_IN_CAH_B = "001088000123"


def _new(code, citizen_id, name="Đỗ Văn Mới"):
    return {
        "code": code,
        "full_name": name,
        "gender": "M",
        "birth_date": "1990-01-01",
        "service_start": "2012-09-01",
        "citizen_id": citizen_id,
        "unit": "CAX-A1",
    }


def _without_identity(body: dict) -> dict:
    return {k: v for k, v in body.items() if k not in ("code", "citizen_id", "full_name")}


def test_a_cccd_held_outside_the_scope_answers_like_an_unused_one(api_as, users, people):
    Person.objects.filter(pk=people.cuong.pk).update(citizen_id=HELD_IN_CAH_B)
    api = api_as(users.clerk_a)
    held = api.post(URL, _new("CA0201", HELD_IN_CAH_B))
    unused = api.post(URL, _new("CA0202", "001088000999", name="Đỗ Văn Khác"))
    assert (held.status_code, unused.status_code) == (201, 201)
    assert _without_identity(held.json()) == _without_identity(unused.json())
    assert held.json()["likely_duplicates_outside_scope"] == 0


def test_the_clash_is_shown_to_an_officer_who_sees_both(api_as, client_for, users, people):
    Person.objects.filter(pk=people.cuong.pk).update(citizen_id=HELD_IN_CAH_B)
    api_as(users.clerk_a).post(URL, _new("CA0201", HELD_IN_CAH_B))
    page = client_for(users.officer).get(reverse("org:duplicates")).content.decode()
    assert "Trùng số CCCD" in page and HELD_IN_CAH_B in page
    assert "CA0003" in page and "CA0201" in page
    clerk_page = client_for(users.clerk_a).get(reverse("org:duplicates")).content.decode()
    assert HELD_IN_CAH_B not in clerk_page


def test_a_cccd_held_inside_the_scope_is_refused_naming_the_holder(api_as, users, people):
    Person.objects.filter(pk=people.binh.pk).update(citizen_id=HELD_IN_CAH_B)
    r = api_as(users.clerk_a).post(URL, _new("CA0201", HELD_IN_CAH_B))
    assert r.status_code == 400
    assert r.json()["citizen_id"] == [
        f"Số CCCD {HELD_IN_CAH_B} đã được dùng cho cán bộ CA0002 Trần Thị Bình."
    ]


def test_an_officer_is_refused_any_clash(api_as, users, people):
    Person.objects.filter(pk=people.cuong.pk).update(citizen_id=HELD_IN_CAH_B)
    r = api_as(users.officer).post(URL, _new("CA0201", HELD_IN_CAH_B))
    assert r.status_code == 400 and "CA0003" in r.json()["citizen_id"][0]
