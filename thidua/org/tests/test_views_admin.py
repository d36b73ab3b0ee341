"""Django admin: administrators only, and its saves go through org.services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from thidua.org.models import Cluster, Person, Unit


@pytest.fixture
def cluster(units):
    return Cluster.objects.create(name="Cụm số 1", year=2024)


@pytest.mark.parametrize(
    "name, arg",
    [
        ("admin:org_unit_changelist", None),
        ("admin:org_unit_add", None),
        ("admin:org_unit_change", "unit"),
        ("admin:org_person_changelist", None),
        ("admin:org_person_add", None),
        ("admin:org_person_change", "person"),
        ("admin:org_cluster_change", "cluster"),
        ("admin:org_assignment_changelist", None),
        ("admin:accounts_user_changelist", None),
        ("admin:accounts_user_add", None),
        ("admin:org_person_history", "person"),
    ],
)
def test_admin_pages_open_for_the_administrator(
    client_for, users, people, units, cluster, name, arg
):
    obj = {"unit": units.cah_a, "person": people.an, "cluster": cluster}.get(arg)
    url = reverse(name, args=[obj.pk] if obj else [])
    assert client_for(users.admin).get(url).status_code == 200


@pytest.mark.parametrize("who", ["officer", "clerk_a", "viewer"])
def test_admin_is_closed_to_other_roles_even_with_staff_status(client_for, users, people, who):
    user = getattr(users, who)
    user.is_staff = True
    user.save()
    client = client_for(user)
    assert client.get(reverse("admin:org_person_change", args=[people.cuong.pk])).status_code == 403
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403


def test_admin_search_finds_people_without_accents(client_for, users, people):
    r = client_for(users.admin).get(reverse("admin:org_person_changelist"), {"q": "nguyen van an"})
    assert list(r.context["cl"].result_list) == [people.an]


def test_a_unit_saved_in_the_admin_moves_its_subtree(client_for, users, units):
    data = {
        "code": "CAH-A",
        "name": "Công an huyện An Phú",
        "kind": "district",
        "parent": units.pv01.pk,
        "active_from": "2015-01-01",
        "active_to": "",
        "note": "",
    }
    r = client_for(users.admin).post(reverse("admin:org_unit_change", args=[units.cah_a.pk]), data)
    assert r.status_code == 302
    assert Unit.objects.get(code="CAX-A1").path == "/CAT/PV01/CAH-A/CAX-A1/"


def test_a_person_added_in_the_admin_takes_the_unit_of_the_open_assignment(
    client_for, users, units
):
    data = {
        "code": "AD01",
        "full_name": "Bùi Thị Lan",
        "gender": "F",
        "birth_date": "",
        "service_start": "",
        "service_end": "",
        "rank": "",
        "position": "",
        "citizen_id": "",
        "assignments-TOTAL_FORMS": "1",
        "assignments-INITIAL_FORMS": "0",
        "assignments-0-unit": units.cah_b.pk,
        "assignments-0-start": "2020-01-01",
        "assignments-0-end": "",
        "assignments-0-position": "",
    }
    r = client_for(users.admin).post(reverse("admin:org_person_add"), data)

    assert r.status_code == 302, r.context["adminform"].errors if r.context else r
    person = Person.objects.get(code="AD01")
    assert person.unit == units.cah_b and person.assignments.get().start == dt.date(2020, 1, 1)


def test_the_admin_cannot_delete_a_person(client_for, users, people):
    client = client_for(users.admin)
    url = reverse("admin:org_person_delete", args=[people.an.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    bulk = client.post(
        reverse("admin:org_person_changelist"),
        {"action": "delete_selected", "_selected_action": [people.an.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302)
    assert Person.objects.filter(pk=people.an.pk).exists()
