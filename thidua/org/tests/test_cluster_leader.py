"""One leader (cụm trưởng) per cluster and year: the service refuses a second one naming the
leader, the database refuses it whatever writes it, and the leader is changed in one audited
step that the cluster page asks to confirm."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from conftest import version_of
from thidua.lib.versioning import STALE_MESSAGE, StaleVersion, expect_version
from thidua.org.models import Cluster, ClusterMembership
from thidua.org.services import (
    cluster_member_add,
    cluster_member_make_leader,
    cluster_member_set_role,
    cluster_save,
)

TAKEN = (
    "Cụm đã có cụm trưởng: Công an huyện An Phú (CAH-A). Đổi cụm trưởng thì chọn “Đặt làm cụm "
    "trưởng” ở đơn vị mới trên trang của cụm (cụm trưởng cũ chuyển thành thành viên)."
)


@pytest.fixture
def cluster(units):
    return cluster_save(
        cluster=Cluster(name="Cụm thi đua số 1", year=2024),
        members=[(units.cah_a, "leader"), (units.cah_b, "member")],
    )


def _roles(cluster) -> dict[str, str]:
    return dict(cluster.memberships.values_list("unit__code", "role"))


# The database


def test_the_database_refuses_a_second_leader_in_a_cluster(cluster, units):
    with pytest.raises(IntegrityError), transaction.atomic():
        cluster.memberships.filter(unit=units.cah_b).update(role="leader")
    with pytest.raises(IntegrityError), transaction.atomic():
        ClusterMembership.objects.bulk_create(
            [ClusterMembership(cluster=cluster, unit=units.pv01, role="leader")]
        )
    assert _roles(cluster) == {"CAH-A": "leader", "CAH-B": "member"}


def test_the_database_allows_one_leader_in_each_cluster_and_year(cluster, units):
    next_year = cluster_save(cluster=Cluster(name="Cụm thi đua số 1", year=2025))
    other = cluster_save(cluster=Cluster(name="Cụm thi đua số 2", year=2024))
    ClusterMembership.objects.create(cluster=next_year, unit=units.cah_a, role="leader")
    ClusterMembership.objects.create(cluster=other, unit=units.pv01, role="leader")
    ClusterMembership.objects.create(cluster=other, unit=units.cax_a1, role="deputy")
    ClusterMembership.objects.create(cluster=next_year, unit=units.cah_b, role="deputy")
    assert ClusterMembership.objects.filter(role="leader").count() == 3


# The services


def test_set_role_refuses_a_second_leader_naming_the_leader_and_changes_nothing(users, cluster):
    membership = cluster.memberships.get(unit__code="CAH-B")
    before = ClusterMembership.history.count()
    with pytest.raises(ValidationError) as exc:
        cluster_member_set_role(membership=membership, role="leader", user=users.officer)
    assert exc.value.message_dict == {"role": [TAKEN]}
    assert _roles(cluster) == {"CAH-A": "leader", "CAH-B": "member"}
    assert ClusterMembership.history.count() == before


def test_set_role_makes_the_leader_when_the_cluster_has_none(users, cluster):
    leader = cluster.memberships.get(unit__code="CAH-A")
    cluster_member_set_role(membership=leader, role="deputy", user=users.officer)
    membership = cluster.memberships.get(unit__code="CAH-B")
    cluster_member_set_role(membership=membership, role="leader", user=users.officer)
    assert _roles(cluster) == {"CAH-A": "deputy", "CAH-B": "leader"}


def test_set_role_refuses_the_version_of_a_stale_page(users, cluster):
    membership = cluster.memberships.get(unit__code="CAH-B")
    seen = version_of(membership)
    cluster_member_set_role(membership=membership, role="deputy", user=users.admin)
    expect_version(membership, seen)
    with pytest.raises(StaleVersion):
        cluster_member_set_role(membership=membership, role="member", user=users.officer)
    assert _roles(cluster)["CAH-B"] == "deputy"


def test_add_refuses_a_second_leader_naming_the_leader(cluster, units):
    with pytest.raises(ValidationError) as exc:
        cluster_member_add(cluster=cluster, unit=units.pv01, role="leader")
    assert exc.value.message_dict == {"members": [TAKEN]}
    assert not cluster.memberships.filter(unit=units.pv01).exists()


def test_make_leader_replaces_the_leader_in_one_step_with_history_for_both(users, cluster):
    old = cluster.memberships.get(unit__code="CAH-A")
    new = cluster.memberships.get(unit__code="CAH-B")
    cluster_member_make_leader(membership=new, user=users.officer)

    assert _roles(cluster) == {"CAH-A": "member", "CAH-B": "leader"}
    demoted, promoted = old.history.first(), new.history.first()
    assert (demoted.history_type, demoted.role, demoted.history_user) == (
        "~",
        "member",
        users.officer,
    )
    assert demoted.history_change_reason == (
        "Đơn vị CAH-A thôi làm cụm trưởng; đơn vị CAH-B làm cụm trưởng."
    )
    assert (promoted.history_type, promoted.role, promoted.history_user) == (
        "~",
        "leader",
        users.officer,
    )
    assert promoted.history_change_reason == "Đặt đơn vị CAH-B làm cụm trưởng thay đơn vị CAH-A."


def test_make_leader_of_a_cluster_without_one_changes_only_that_unit(users, cluster):
    cluster_member_set_role(
        membership=cluster.memberships.get(unit__code="CAH-A"), role="member", user=users.admin
    )
    new = cluster.memberships.get(unit__code="CAH-B")
    cluster_member_make_leader(membership=new, user=users.officer, reason="QĐ 5/QĐ-CAT")
    assert _roles(cluster) == {"CAH-A": "member", "CAH-B": "leader"}
    assert new.history.first().history_change_reason == "QĐ 5/QĐ-CAT"


def test_make_leader_refuses_when_the_leader_is_no_longer_the_one_shown(users, cluster, units):
    shown = cluster.memberships.get(unit__code="CAH-A")
    expect_version(shown, version_of(shown))
    third = cluster_member_add(cluster=cluster, unit=units.pv01, role="member")
    cluster_member_make_leader(membership=third, user=users.admin)  # someone else, meanwhile
    before = ClusterMembership.history.count()

    new = cluster.memberships.get(unit__code="CAH-B")
    with pytest.raises(StaleVersion):
        cluster_member_make_leader(membership=new, user=users.officer, shown_leader=shown)
    with pytest.raises(StaleVersion):  # the page said there was no leader
        cluster_member_make_leader(membership=new, user=users.officer, shown_leader=None)
    assert _roles(cluster) == {"CAH-A": "member", "CAH-B": "member", "PV01": "leader"}
    assert ClusterMembership.history.count() == before


def test_make_leader_refuses_a_stale_version_of_the_shown_leader(users, cluster):
    shown = cluster.memberships.get(unit__code="CAH-A")
    seen = version_of(shown)
    cluster_member_set_role(membership=shown, role="deputy", user=users.admin)
    cluster_member_set_role(membership=shown, role="leader", user=users.admin)
    expect_version(shown, seen)
    with pytest.raises(StaleVersion):
        cluster_member_make_leader(
            membership=cluster.memberships.get(unit__code="CAH-B"),
            user=users.officer,
            shown_leader=shown,
        )
    assert _roles(cluster) == {"CAH-A": "leader", "CAH-B": "member"}


# The cluster page


def test_the_role_dropdown_has_a_save_button_and_no_script(client_for, users, cluster):
    html = (
        client_for(users.officer)
        .get(reverse("org:cluster_detail", args=[cluster.pk]))
        .content.decode()
    )
    members = html[html.index('<table id="members">') : html.index("</table>")]
    assert "onchange" not in members and "style=" not in members and "<script" not in members
    assert members.count('<button type="submit" class="secondary">Lưu vai trò</button>') == 2
    member = cluster.memberships.get(unit__code="CAH-B")
    assert reverse("org:membership_make_leader", args=[member.pk]) in members
    leader = cluster.memberships.get(unit__code="CAH-A")
    assert reverse("org:membership_make_leader", args=[leader.pk]) not in members


def test_choosing_leader_while_another_leads_asks_first_and_changes_nothing(
    client_for, users, cluster
):
    member = cluster.memberships.get(unit__code="CAH-B")
    before = ClusterMembership.history.count()
    r = client_for(users.officer).post(
        reverse("org:membership_role", args=[member.pk]),
        {"role": "leader", "version": version_of(member)},
    )
    assert r.status_code == 200
    html = r.content.decode()
    assert (
        "<strong>Công an huyện An Phú</strong> sẽ thôi làm cụm trưởng (chuyển thành thành viên), "
        "<strong>Công an huyện Bình Sơn</strong> làm cụm trưởng."
    ) in html
    assert 'name="confirm" value="1"' in html
    assert _roles(cluster) == {"CAH-A": "leader", "CAH-B": "member"}
    assert ClusterMembership.history.count() == before


def test_confirming_the_leader_change_does_it_with_history_by_the_user(client_for, users, cluster):
    client = client_for(users.officer)
    old = cluster.memberships.get(unit__code="CAH-A")
    member = cluster.memberships.get(unit__code="CAH-B")
    url = reverse("org:membership_make_leader", args=[member.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["leader"] == old and page.context["version"] == version_of(member)

    unconfirmed = {
        "version": version_of(member),
        "leader": old.pk,
        "leader_version": version_of(old),
    }
    assert client.post(url, unconfirmed).status_code == 200  # only the question again
    assert _roles(cluster) == {"CAH-A": "leader", "CAH-B": "member"}

    r = client.post(url, {**unconfirmed, "confirm": "1"})
    assert r.status_code == 302 and r["Location"] == reverse(
        "org:cluster_detail", args=[cluster.pk]
    )
    assert _roles(cluster) == {"CAH-A": "member", "CAH-B": "leader"}
    assert old.history.first().history_user == users.officer
    assert member.history.first().history_user == users.officer
    html = client.get(r["Location"]).content.decode()
    assert "Đã đặt Công an huyện Bình Sơn làm cụm trưởng." in html


def test_confirming_after_the_leader_changed_meanwhile_is_refused_as_stale(
    client_for, users, cluster
):
    client = client_for(users.officer)
    old = cluster.memberships.get(unit__code="CAH-A")
    member = cluster.memberships.get(unit__code="CAH-B")
    shown = {"version": version_of(member), "leader": old.pk, "leader_version": version_of(old)}
    cluster_member_set_role(membership=old, role="deputy", user=users.admin)  # meanwhile

    r = client.post(
        reverse("org:membership_make_leader", args=[member.pk]), {**shown, "confirm": "1"}
    )
    assert r.status_code == 400
    assert str(STALE_MESSAGE) in r.content.decode()
    assert _roles(cluster) == {"CAH-A": "deputy", "CAH-B": "member"}


def test_confirming_with_a_stale_row_version_from_the_role_form_is_refused(
    client_for, users, cluster
):
    client = client_for(users.officer)
    old = cluster.memberships.get(unit__code="CAH-A")
    member = cluster.memberships.get(unit__code="CAH-B")
    seen = version_of(member)
    cluster_member_set_role(membership=member, role="deputy", user=users.admin)  # meanwhile

    page = client.post(
        reverse("org:membership_role", args=[member.pk]), {"role": "leader", "version": seen}
    )
    assert page.context["version"] == seen  # the confirmation carries the version seen
    r = client.post(
        reverse("org:membership_make_leader", args=[member.pk]),
        {"version": seen, "leader": old.pk, "leader_version": version_of(old), "confirm": "1"},
    )
    assert r.status_code == 400
    assert str(STALE_MESSAGE) in r.content.decode()
    assert _roles(cluster) == {"CAH-A": "leader", "CAH-B": "deputy"}


def test_the_role_form_refuses_a_stale_version(client_for, users, cluster):
    member = cluster.memberships.get(unit__code="CAH-B")
    seen = version_of(member)
    cluster_member_set_role(membership=member, role="deputy", user=users.admin)
    r = client_for(users.officer).post(
        reverse("org:membership_role", args=[member.pk]), {"role": "member", "version": seen}
    )
    assert r.status_code == 400
    assert str(STALE_MESSAGE) in r.content.decode()
    assert _roles(cluster)["CAH-B"] == "deputy"


def test_adding_a_second_leader_on_the_page_names_the_leader(client_for, users, cluster, units):
    r = client_for(users.officer).post(
        reverse("org:membership_add", args=[cluster.pk]), {"unit": units.pv01.pk, "role": "leader"}
    )
    assert r.status_code == 200
    assert "Cụm đã có cụm trưởng: Công an huyện An Phú (CAH-A)." in r.content.decode()
    assert not cluster.memberships.filter(unit=units.pv01).exists()


@pytest.mark.parametrize("who", ["clerk_a", "viewer", "council"])
def test_only_admin_and_officer_change_the_leader(client_for, users, cluster, who):
    member = cluster.memberships.get(unit__code="CAH-B")
    client = client_for(getattr(users, who))
    url = reverse("org:membership_make_leader", args=[member.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"confirm": "1", "version": version_of(member)}).status_code == 403
    assert _roles(cluster) == {"CAH-A": "leader", "CAH-B": "member"}
