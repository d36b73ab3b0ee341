"""Cluster pages: list by year, detail with members, edits by administrators and officers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from conftest import version_of
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


def test_role_change_and_removal_are_audited_with_the_user(client_for, users, cluster):
    membership = cluster.memberships.get()
    client = client_for(users.admin)
    r = client.post(
        reverse("org:membership_role", args=[membership.pk]),
        {"role": "member", "version": version_of(membership)},
    )
    assert r.status_code == 302
    assert ClusterMembership.objects.get(pk=membership.pk).role == "member"
    changed = membership.history.first()
    assert (changed.history_type, changed.history_user) == ("~", users.admin)

    client.post(reverse("org:membership_remove", args=[membership.pk]))
    assert not cluster.memberships.exists()
    removed = ClusterMembership.history.filter(id=membership.pk).first()
    assert (removed.history_type, removed.history_user) == ("-", users.admin)
    assert removed.history_change_reason == "Bỏ đơn vị CAH-A khỏi cụm."
    # The cluster's page names the unit that left, though a deleted row shows no values.
    html = client.get(reverse("org:cluster_detail", args=[cluster.pk])).content.decode()
    assert "Bỏ đơn vị CAH-A khỏi cụm." in html


@pytest.mark.parametrize("role", ["chief", ""])
def test_unknown_role_is_refused_with_a_vietnamese_message_and_changes_nothing(
    client_for, users, cluster, role
):
    membership = cluster.memberships.get()
    before = membership.history.count()
    r = client_for(users.officer).post(
        reverse("org:membership_role", args=[membership.pk]),
        {"role": role, "version": version_of(membership)},
    )
    assert r.status_code == 400
    assert (
        f"Vai trò «{role}» không hợp lệ. Chỉ được chọn: Cụm trưởng, Cụm phó, Thành viên."
        in r.content.decode()
    )
    assert ClusterMembership.objects.get(pk=membership.pk).role == "leader"
    assert membership.history.count() == before


def test_unknown_role_message_is_translated_in_english(client_for, users, cluster):
    client = client_for(users.officer)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    membership = cluster.memberships.get()
    r = client.post(
        reverse("org:membership_role", args=[membership.pk]),
        {"role": "chief", "version": version_of(membership)},
    )
    assert r.status_code == 400
    assert (
        "Invalid role «chief». Choose one of: Cluster leader, Deputy cluster leader, Member."
    ) in r.content.decode()


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
    membership = cluster.memberships.get()
    assert client.post(reverse("org:membership_remove", args=[membership.pk])).status_code == 403
    assert (
        client.post(
            reverse("org:membership_role", args=[membership.pk]), {"role": "member"}
        ).status_code
        == 403
    )
    assert ClusterMembership.objects.get(pk=membership.pk).role == "leader"
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


def test_clerk_gets_404_for_members_of_a_cluster_without_their_units(
    client_for, users, other_cluster
):
    client = client_for(users.clerk_a)
    membership = other_cluster.memberships.get()
    assert client.post(reverse("org:membership_remove", args=[membership.pk])).status_code == 404
    assert (
        client.post(
            reverse("org:membership_role", args=[membership.pk]), {"role": "leader"}
        ).status_code
        == 404
    )
    assert ClusterMembership.objects.get(pk=membership.pk).role == "member"
