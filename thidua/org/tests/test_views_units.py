"""Unit pages: tree list with filters, detail (people, year panel, clusters), create/edit/close."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from conftest import version_of
from thidua.org.models import Cluster, ClusterMembership, Person, Unit
from thidua.org.services import person_move, person_save, unit_save

LIST = reverse("org:unit_list")


def codes_in(response) -> list[str]:
    return [u.code for u in response.context["page_obj"]]


def unit_post(**overrides) -> dict:
    data = {
        "code": "CAX-A2",
        "name": "Công an xã An Hoà",
        "kind": "commune",
        "parent": "",
        "active_from": "01/01/2020",
        "active_to": "",
        "note": "",
    }
    return {**data, **overrides}


def test_units_are_listed_in_tree_order(client_for, users):
    assert codes_in(client_for(users.officer).get(LIST)) == [
        "CAT",
        "CAH-A",
        "CAX-A1",
        "CAH-B",
        "CAX-B1",
        "PV01",
        "PV01-D1",
    ]


def test_unit_search_ignores_accents_and_returns_a_fragment_for_htmx(client_for, users):
    r = client_for(users.officer).get(LIST, {"q": "an phu"}, HTTP_HX_REQUEST="true")
    assert codes_in(r) == ["CAH-A"] and "<html" not in r.content.decode()


def test_kind_and_active_filters(client_for, users, units):
    units.cax_b1.active_to = dt.date(2020, 12, 31)
    unit_save(unit=units.cax_b1)
    client = client_for(users.officer)

    assert codes_in(client.get(LIST, {"kind": "commune"})) == ["CAX-A1", "CAX-B1"]
    assert codes_in(client.get(LIST, {"active": "false"})) == ["CAX-B1"]
    assert "CAX-B1" not in codes_in(client.get(LIST, {"active": "true"}))
    assert "đã hết hiệu lực" in client.get(LIST, {"active": "false"}).content.decode()


def test_unit_page_shows_breadcrumb_children_people_and_clusters(client_for, users, units, people):
    cluster = Cluster.objects.create(name="Cụm thi đua số 1", year=2024)
    ClusterMembership.objects.create(cluster=cluster, unit=units.cah_a, role="leader")

    html = (
        client_for(users.officer)
        .get(reverse("org:unit_detail", args=[units.cah_a.pk]))
        .content.decode()
    )
    assert "Công an tỉnh Hưng Yên" in html  # breadcrumb
    assert "Công an xã An Lạc" in html  # child
    assert "Trần Thị Bình" in html  # person currently here
    assert "Cụm thi đua số 1" in html and "Cụm trưởng" in html
    assert 'id="history"' in html


def test_year_panel_lists_who_was_in_the_unit_that_year(client_for, users, units, people):
    person_move(person=people.binh, unit=units.cah_b, start=dt.date(2020, 1, 1))
    url = reverse("org:unit_detail", args=[units.cah_a.pk])
    client = client_for(users.officer)

    def names(**params):
        return [p.full_name for p in client.get(url, params).context["year_page"]]

    assert names(year=2019) == ["Trần Thị Bình"]
    assert names(year=2021) == []
    assert names(year=2019, subtree="1") == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert "31/12/2019" in client.get(url, {"year": 2019}).content.decode()


def test_year_panel_names_people_who_left_the_scope_without_a_link(
    client_for, users, units, people
):
    person_move(person=people.binh, unit=units.cah_b, start=dt.date(2020, 1, 1))
    r = client_for(users.clerk_a).get(
        reverse("org:unit_detail", args=[units.cah_a.pk]), {"year": 2019}
    )

    html = r.content.decode()
    assert "Trần Thị Bình" in html
    assert reverse("org:person_detail", args=[people.binh.pk]) not in html


def test_officer_creates_a_unit_through_the_service(client_for, users, units):
    r = client_for(users.officer).post(reverse("org:unit_create"), unit_post(parent=units.cah_a.pk))

    unit = Unit.objects.get(code="CAX-A2")
    assert r.status_code == 302
    assert unit.path == "/CAT/CAH-A/CAX-A2/" and unit.active_from == dt.date(2020, 1, 1)


def test_clerk_creates_units_only_inside_their_subtree(client_for, users, units):
    client = client_for(users.clerk_a)
    r = client.post(reverse("org:unit_create"), unit_post(parent=units.cah_b.pk))
    assert r.status_code == 200 and not Unit.objects.filter(code="CAX-A2").exists()

    r = client.post(reverse("org:unit_create"), unit_post())  # no parent: a new root
    assert r.status_code == 200 and "parent" in r.context["form"].errors

    client.post(reverse("org:unit_create"), unit_post(parent=units.cah_a.pk))
    assert Unit.objects.get(code="CAX-A2").parent == units.cah_a


def test_clerk_cannot_move_a_unit_outside_their_subtree(client_for, users, units):
    data = unit_post(code="CAX-A1", name="Công an xã An Lạc", parent=units.cah_b.pk)
    r = client_for(users.clerk_a).post(reverse("org:unit_edit", args=[units.cax_a1.pk]), data)

    assert r.status_code == 200
    assert Unit.objects.get(code="CAX-A1").parent == units.cah_a


def test_clerk_cannot_rename_recode_or_close_their_own_unit(client_for, users, units):
    client = client_for(users.clerk_a)
    for code, name in (("CAH-A", "Công an huyện An Phú Mới"), ("CAH-A9", "Công an huyện An Phú")):
        data = unit_post(code=code, name=name, kind="district", parent=units.cat.pk)
        assert client.post(reverse("org:unit_edit", args=[units.cah_a.pk]), data).status_code == 403
    close = client.post(
        reverse("org:unit_close", args=[units.cah_a.pk]), {"active_to": "28/02/2025"}
    )
    assert close.status_code == 403
    page = client.get(reverse("org:unit_detail", args=[units.cah_a.pk])).content.decode()
    assert reverse("org:unit_edit", args=[units.cah_a.pk]) not in page
    assert reverse("org:person_create") in page  # people of the unit stay the clerk's
    unit = Unit.objects.get(pk=units.cah_a.pk)
    assert (unit.code, unit.name, unit.active_to) == ("CAH-A", "Công an huyện An Phú", None)


def test_clerk_renames_a_unit_below_their_own(client_for, users, units):
    data = unit_post(
        code="CAX-A1",
        name="Công an xã An Lạc Mới",
        kind="commune",
        parent=units.cah_a.pk,
        version=version_of(units.cax_a1),
    )
    r = client_for(users.clerk_a).post(reverse("org:unit_edit", args=[units.cax_a1.pk]), data)
    assert r.status_code == 302
    assert Unit.objects.get(code="CAX-A1").name == "Công an xã An Lạc Mới"


def test_a_unit_cannot_be_moved_under_its_own_child(client_for, users, units):
    data = unit_post(
        code="CAH-A", name="Công an huyện An Phú", kind="district", parent=units.cax_a1.pk
    )
    r = client_for(users.officer).post(reverse("org:unit_edit", args=[units.cah_a.pk]), data)
    assert r.status_code == 200 and Unit.objects.get(code="CAH-A").parent == units.cat


def test_editing_a_unit_code_moves_its_subtree(client_for, users, units):
    data = unit_post(
        code="CAH-AP",
        name="Công an huyện An Phú",
        kind="district",
        parent=units.cat.pk,
        version=version_of(units.cah_a),
    )
    client_for(users.officer).post(reverse("org:unit_edit", args=[units.cah_a.pk]), data)
    assert Unit.objects.get(code="CAX-A1").path == "/CAT/CAH-AP/CAX-A1/"


def test_closing_a_unit_sets_active_to_and_keeps_it(client_for, users, units):
    r = client_for(users.clerk_a).post(
        reverse("org:unit_close", args=[units.cax_a1.pk]),
        {"active_to": "30/06/2025", "version": version_of(units.cax_a1)},
    )

    assert r.status_code == 302
    assert Unit.objects.get(code="CAX-A1").active_to == dt.date(2025, 6, 30)


def test_closing_page_warns_about_people_still_there(client_for, users, units, people):
    html = (
        client_for(users.clerk_a)
        .get(reverse("org:unit_close", args=[units.cax_a1.pk]))
        .content.decode()
    )
    assert "còn 1 cán bộ đang công tác" in html


def test_clerk_gets_404_for_another_units_page(client_for, users, units):
    client = client_for(users.clerk_a)
    assert client.get(reverse("org:unit_detail", args=[units.cah_b.pk])).status_code == 404
    assert codes_in(client.get(LIST)) == ["CAH-A", "CAX-A1"]


def test_unit_page_links_people_count_to_the_filtered_people_list(client_for, users, units):
    person_save(person=Person(code="Z1", full_name="Lý Thị Hoa", gender="F"), unit=units.cah_a)
    html = (
        client_for(users.clerk_a)
        .get(reverse("org:unit_detail", args=[units.cah_a.pk]))
        .content.decode()
    )
    assert "?unit=CAH-A&amp;subtree=true" in html
