"""Cluster pages: list by year, detail with members, edits by administrators and officers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from thidua.org.models import Cluster, ClusterMembership
from thidua.org.services import unit_save


@pytest.fixture
def cluster(units):
    c = Cluster.objects.create(name="Cụm thi đua các huyện", year=2024)
    ClusterMembership.objects.create(cluster=c, unit=units.cah_a, role="leader")
    return c


@pytest.fixture
def other_cluster(units):
    c = Cluster.objects.create(name="Khối các phòng", year=2024)
    ClusterMembership.objects.create(cluster=c, unit=units.pv01)
    return c


def test_list_filters_by_year(client_for, users, cluster):
    Cluster.objects.create(name="Cụm thi đua các huyện", year=2023)
    client = client_for(users.viewer)
    assert [c.year for c in client.get(reverse("org:cluster_list")).context["page_obj"]] == [
        2024,
        2023,
    ]
    assert [
        c.year for c in client.get(reverse("org:cluster_list"), {"year": 2023}).context["page_obj"]
    ] == [2023]


def test_officer_creates_a_cluster_and_adds_members(client_for, users, units):
    client = client_for(users.officer)
    r = client.post(reverse("org:cluster_create"), {"name": "Cụm số 2", "year": 2025, "note": ""})
    cluster = Cluster.objects.get(name="Cụm số 2")
    assert r["Location"] == reverse("org:cluster_detail", args=[cluster.pk])

    client.post(
        reverse("org:membership_add", args=[cluster.pk]), {"unit": units.cah_b.pk, "role": "deputy"}
    )
    assert list(cluster.memberships.values_list("unit__code", "role")) == [("CAH-B", "deputy")]


def test_a_unit_is_in_one_cluster_per_year(client_for, users, units, cluster, other_cluster):
    r = client_for(users.officer).post(
        reverse("org:membership_add", args=[other_cluster.pk]),
        {"unit": units.cah_a.pk, "role": "member"},
    )
    assert "đã thuộc Cụm thi đua các huyện năm 2024" in r.content.decode()
    assert not other_cluster.memberships.filter(unit=units.cah_a).exists()


def test_a_closed_unit_is_not_offered(client_for, users, units, cluster):
    units.cah_b.active_to = dt.date(2020, 1, 1)
    unit_save(unit=units.cah_b)
    form = (
        client_for(users.officer)
        .get(reverse("org:cluster_detail", args=[cluster.pk]))
        .context["member_form"]
    )
    assert units.cah_b not in form.fields["unit"].queryset


def test_role_change_and_removal(client_for, users, cluster):
    membership = cluster.memberships.get()
    client = client_for(users.admin)
    client.post(reverse("org:membership_role", args=[membership.pk]), {"role": "member"})
    assert ClusterMembership.objects.get(pk=membership.pk).role == "member"

    client.post(reverse("org:membership_remove", args=[membership.pk]))
    assert not cluster.memberships.exists()


def test_detail_shows_members_and_history(client_for, users, cluster):
    html = (
        client_for(users.officer)
        .get(reverse("org:cluster_detail", args=[cluster.pk]))
        .content.decode()
    )
    assert "Công an huyện An Phú" in html and "Cụm trưởng" in html and 'id="history"' in html


@pytest.mark.parametrize("who", ["clerk_a", "viewer", "council"])
def test_only_admin_and_officer_edit_clusters(client_for, users, cluster, who):
    client = client_for(getattr(users, who))
    assert client.get(reverse("org:cluster_edit", args=[cluster.pk])).status_code == 403
    assert (
        client.post(reverse("org:cluster_create"), {"name": "X", "year": 2024}).status_code == 403
    )
    assert (
        client.post(
            reverse("org:membership_remove", args=[cluster.memberships.get().pk])
        ).status_code
        == 403
    )
    assert (
        "Sửa cụm, khối"
        not in client.get(reverse("org:cluster_detail", args=[cluster.pk])).content.decode()
    )


def test_clerk_gets_404_for_a_cluster_without_their_units(
    client_for, users, cluster, other_cluster
):
    client = client_for(users.clerk_a)
    assert client.get(reverse("org:cluster_detail", args=[other_cluster.pk])).status_code == 404
    assert client.get(reverse("org:cluster_detail", args=[cluster.pk])).status_code == 200
    assert list(client.get(reverse("org:cluster_list")).context["page_obj"]) == [cluster]
