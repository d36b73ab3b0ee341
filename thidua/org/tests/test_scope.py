"""Scope on every page: a clerk works only in their subtree (404 outside it); viewers and
council members read but never write (403, and no edit buttons)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from thidua.org.models import Person, Unit


def test_clerk_lists_only_their_subtree(client_for, users, people):
    client = client_for(users.clerk_a)
    units = client.get(reverse("org:unit_list")).context["page_obj"]
    persons = client.get(reverse("org:person_list")).context["page_obj"]

    assert {u.code for u in units} == {"CAH-A", "CAX-A1"}
    assert {p.code for p in persons} == {"CA0001", "CA0002"}


def test_clerk_unit_filter_cannot_reach_another_unit(client_for, users, people, units):
    r = client_for(users.clerk_a).get(
        reverse("org:person_list"), {"unit": units.cah_b.code, "subtree": "on"}
    )
    assert list(r.context["page_obj"]) == []


@pytest.mark.parametrize("name", ["org:person_detail", "org:person_edit", "org:assignment_create"])
def test_clerk_gets_404_for_another_units_person(client_for, users, people, name):
    r = client_for(users.clerk_a).get(reverse(name, args=[people.cuong.pk]))
    assert r.status_code == 404


@pytest.mark.parametrize("name", ["org:assignment_edit", "org:assignment_end"])
def test_clerk_gets_404_for_another_units_assignment(client_for, users, people, name):
    assignment = people.cuong.assignments.get()
    assert client_for(users.clerk_a).get(reverse(name, args=[assignment.pk])).status_code == 404
    assert (
        client_for(users.clerk_a)
        .post(reverse("org:assignment_delete", args=[assignment.pk]))
        .status_code
        == 404
    )
    assert people.cuong.assignments.exists()


@pytest.mark.parametrize("name", ["org:unit_detail", "org:unit_edit", "org:unit_close"])
def test_clerk_gets_404_for_another_unit(client_for, users, units, name):
    assert client_for(users.clerk_a).get(reverse(name, args=[units.cah_b.pk])).status_code == 404


def test_clerk_cannot_edit_a_person_out_of_scope_by_post(client_for, users, people, units):
    r = client_for(users.clerk_a).post(
        reverse("org:person_edit", args=[people.cuong.pk]),
        {"code": "CA0003", "full_name": "Hacked", "gender": "M", "unit": units.cah_a.pk},
    )
    assert r.status_code == 404
    assert Person.objects.get(pk=people.cuong.pk).full_name == "Lê Đức Cường"


def test_clerk_cannot_create_a_person_in_another_unit(client_for, users, units):
    data = {"code": "CA0500", "full_name": "Đinh Văn Nam", "gender": "M", "unit": units.cah_b.pk}
    r = client_for(users.clerk_a).post(reverse("org:person_create"), data)

    assert r.status_code == 200 and "unit" in r.context["form"].errors
    assert not Person.objects.filter(code="CA0500").exists()


def test_clerk_cannot_move_a_person_out_of_their_subtree(client_for, users, people, units):
    data = {"code": "CA0001", "full_name": "Nguyễn Văn An", "gender": "M", "unit": units.cah_b.pk}
    r = client_for(users.clerk_a).post(reverse("org:person_edit", args=[people.an.pk]), data)
    assert r.status_code == 200
    assert Person.objects.get(pk=people.an.pk).unit == units.cax_a1


def test_clerk_cannot_add_an_assignment_in_another_unit(client_for, users, people, units):
    r = client_for(users.clerk_a).post(
        reverse("org:assignment_create", args=[people.an.pk]),
        {"unit": units.cah_b.pk, "start": "01/01/2024"},
    )
    assert r.status_code == 200 and people.an.assignments.count() == 1


@pytest.mark.parametrize("who", ["viewer", "council"])
def test_read_only_roles_get_403_on_edits(client_for, users, people, units, who):
    client = client_for(getattr(users, who))
    assignment = people.an.assignments.get()
    assert client.get(reverse("org:person_detail", args=[people.an.pk])).status_code == 200
    for url in [
        reverse("org:person_edit", args=[people.an.pk]),
        reverse("org:person_create"),
        reverse("org:unit_edit", args=[units.cah_a.pk]),
        reverse("org:unit_create"),
        reverse("org:unit_close", args=[units.cah_a.pk]),
        reverse("org:assignment_create", args=[people.an.pk]),
        reverse("org:assignment_edit", args=[assignment.pk]),
    ]:
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("org:assignment_delete", args=[assignment.pk])).status_code == 403
    assert (
        client.post(
            reverse("org:unit_close", args=[units.cah_a.pk]), {"active_to": "01/01/2025"}
        ).status_code
        == 403
    )
    assert Unit.objects.get(pk=units.cah_a.pk).active_to is None


@pytest.mark.parametrize("who", ["viewer", "council"])
def test_read_only_roles_see_no_edit_buttons(client_for, users, people, units, who):
    client = client_for(getattr(users, who))
    person_page = client.get(reverse("org:person_detail", args=[people.an.pk])).content.decode()
    unit_page = client.get(reverse("org:unit_detail", args=[units.cah_a.pk])).content.decode()
    people_page = client.get(reverse("org:person_list")).content.decode()

    assert reverse("org:person_edit", args=[people.an.pk]) not in person_page
    assert reverse("org:unit_edit", args=[units.cah_a.pk]) not in unit_page
    assert reverse("org:person_create") not in people_page


def test_clerk_sees_edit_buttons_only_in_scope(client_for, users, people):
    client = client_for(users.clerk_a)
    page = client.get(reverse("org:person_detail", args=[people.an.pk])).content.decode()
    assert reverse("org:person_edit", args=[people.an.pk]) in page


def test_viewer_scoped_to_a_unit_gets_404_outside_it(client_for, users, people, units):
    users.viewer.unit = units.cah_b
    users.viewer.save()
    assert (
        client_for(users.viewer).get(reverse("org:person_detail", args=[people.an.pk])).status_code
        == 404
    )


def test_duplicates_page_stays_within_scope(client_for, users, people, units):
    from thidua.org.services import person_save

    person_save(
        person=Person(
            code="CA0700", full_name="Le Duc Cuong", gender="M", birth_date=people.cuong.birth_date
        ),
        unit=units.cat,
    )
    assert client_for(users.clerk_a).get(reverse("org:duplicates")).context["groups"] == []
    assert len(client_for(users.officer).get(reverse("org:duplicates")).context["groups"]) == 1


@pytest.mark.parametrize(
    "name", ["org:unit_list", "org:person_list", "org:cluster_list", "org:duplicates"]
)
def test_anonymous_users_are_sent_to_login(client, name):
    r = client.get(reverse(name))
    assert r.status_code == 302 and r["Location"].startswith(reverse("login"))


def test_django_admin_is_for_administrators_only(client_for, users, people):
    users.clerk_a.is_staff = True
    users.clerk_a.save()
    assert client_for(users.clerk_a).get(reverse("admin:org_person_changelist")).status_code == 403
    assert client_for(users.admin).get(reverse("admin:org_person_changelist")).status_code == 200
    assert (
        client_for(users.admin)
        .get(reverse("admin:accounts_user_change", args=[users.clerk_a.pk]))
        .status_code
        == 200
    )
