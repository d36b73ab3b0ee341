"""The pages and the API apply one cluster rule (accounts.scope): the same clusters are
listed and opened, and the same users may create them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from thidua.accounts.models import Role, User
from thidua.org.models import Cluster
from thidua.org.services import cluster_save

CLUSTERS = "/api/clusters/"


@pytest.fixture
def clusters(units):
    def make(name, *members):
        return cluster_save(
            cluster=Cluster(name=name, year=2024), members=[(unit, "member") for unit in members]
        )

    return [
        make("Cụm huyện", units.cah_a, units.pv01),
        make("Cụm Bình Sơn", units.cah_b),
        make("Cụm xã", units.cax_a1),
        make("Khối tỉnh", units.cat),
    ]


@pytest.fixture
def account(users, units):
    """account(name) → one of the shared cast, or a reader bound to a unit."""
    bound = {
        "viewer_commune": (Role.VIEWER, units.cax_a1),
        "council_district": (Role.COUNCIL_MEMBER, units.cah_b),
    }

    def get(name):
        if name in bound:
            role, unit = bound[name]
            return User.objects.create_user(username=name, role=role, unit=unit)
        return getattr(users, name)

    return get


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("admin", {"Cụm huyện", "Cụm Bình Sơn", "Cụm xã", "Khối tỉnh"}),
        ("officer", {"Cụm huyện", "Cụm Bình Sơn", "Cụm xã", "Khối tỉnh"}),
        ("viewer", {"Cụm huyện", "Cụm Bình Sơn", "Cụm xã", "Khối tỉnh"}),
        ("clerk_a", {"Cụm huyện", "Cụm xã"}),
        ("clerk_b", {"Cụm Bình Sơn"}),
        ("viewer_commune", {"Cụm xã"}),
        ("council_district", {"Cụm Bình Sơn"}),
    ],
)
def test_pages_and_api_list_and_open_the_same_clusters(
    client_for, api_as, account, clusters, who, expected
):
    user = account(who)
    page_client, api = client_for(user), api_as(user)

    on_page = {c.name for c in page_client.get(reverse("org:cluster_list")).context["page_obj"]}
    in_api = {c["name"] for c in api.get(CLUSTERS).json()["results"]}
    assert on_page == in_api == expected

    for cluster in clusters:
        page_status = page_client.get(reverse("org:cluster_detail", args=[cluster.pk])).status_code
        api_status = api.get(f"{CLUSTERS}{cluster.pk}/").status_code
        assert page_status == api_status == (200 if cluster.name in expected else 404)


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("admin", True),
        ("officer", True),
        ("clerk_a", False),
        ("viewer", False),
        ("council", False),
        ("viewer_commune", False),
    ],
)
def test_pages_and_api_let_the_same_users_create_clusters(
    client_for, api_as, account, units, who, allowed
):
    user = account(who)
    # An empty name: an allowed user gets the form or a 400 back, so nothing is written.
    page = client_for(user).post(reverse("org:cluster_create"), {"name": "", "year": 2025})
    api = api_as(user).post(CLUSTERS, {"name": "", "year": 2025})

    assert page.status_code == (200 if allowed else 403)
    assert api.status_code == (400 if allowed else 403)
    assert not Cluster.objects.exists()


def test_api_refuses_an_unknown_member_role_in_vietnamese(api_as, users, units):
    r = api_as(users.officer).post(
        CLUSTERS, {"name": "Cụm mới", "year": 2025, "members": [{"unit": "CAH-A", "role": "chief"}]}
    )
    assert r.status_code == 400
    assert r.json() == {"members": {"0": {"role": ["«chief» không phải là giá trị hợp lệ."]}}}
    assert not Cluster.objects.filter(name="Cụm mới").exists()
