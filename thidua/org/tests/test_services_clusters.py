"""org.services for cluster members: role changes and removals are validated, atomic and
audited with the user and a reason."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from thidua.org.models import Cluster, ClusterMembership
from thidua.org.services import (
    cluster_member_add,
    cluster_member_remove,
    cluster_member_set_role,
    cluster_save,
)


@pytest.fixture
def membership(units):
    cluster = cluster_save(
        cluster=Cluster(name="Cụm thi đua số 1", year=2024),
        members=[(units.cah_a, "leader"), (units.cah_b, "member")],
    )
    return cluster.memberships.get(unit=units.cah_b)


def test_set_role_saves_the_role_with_a_history_row_by_the_user_and_reason(users, membership):
    cluster_member_set_role(
        membership=membership,
        role="deputy",
        user=users.officer,
        reason="  Theo Quyết định 12/QĐ-CAT  ",
    )

    assert ClusterMembership.objects.get(pk=membership.pk).role == "deputy"
    row = membership.history.first()
    assert (row.history_type, row.role, row.history_user) == ("~", "deputy", users.officer)
    assert row.history_change_reason == "Theo Quyết định 12/QĐ-CAT"
    assert row.prev_record.role == "member"


def test_set_role_without_a_reason_records_which_unit_changed(users, membership):
    cluster_member_set_role(membership=membership, role="deputy", user=users.admin)
    row = membership.history.first()
    assert row.history_change_reason == "Đổi vai trò của đơn vị CAH-B trong cụm."
    assert row.history_user == users.admin


def test_set_role_to_the_same_role_writes_no_history(users, membership):
    before = membership.history.count()
    cluster_member_set_role(membership=membership, role="member", user=users.officer)
    assert membership.history.count() == before


@pytest.mark.parametrize("role", ["chief", "", "Cụm trưởng", None])
def test_set_role_refuses_an_unknown_role_in_vietnamese_and_changes_nothing(
    users, membership, role
):
    before = membership.history.count()
    with pytest.raises(ValidationError) as exc:
        cluster_member_set_role(membership=membership, role=role, user=users.officer)

    assert exc.value.message_dict == {
        "role": [f"Vai trò «{role}» không hợp lệ. Chỉ được chọn: Cụm trưởng, Cụm phó, Thành viên."]
    }
    assert ClusterMembership.objects.get(pk=membership.pk).role == "member"
    assert membership.history.count() == before


def test_add_refuses_an_unknown_role_with_the_same_message(units, membership):
    with pytest.raises(ValidationError) as exc:
        cluster_member_add(cluster=membership.cluster, unit=units.pv01, role="chief")
    assert exc.value.message_dict["role"] == [
        "Vai trò «chief» không hợp lệ. Chỉ được chọn: Cụm trưởng, Cụm phó, Thành viên."
    ]
    assert not membership.cluster.memberships.filter(unit=units.pv01).exists()


def test_remove_deletes_the_membership_with_a_history_row_by_the_user_and_reason(users, membership):
    pk = membership.pk
    cluster_member_remove(membership=membership, user=users.officer, reason="Sáp nhập đơn vị")

    assert not ClusterMembership.objects.filter(pk=pk).exists()
    row = ClusterMembership.history.filter(id=pk).first()
    assert (row.history_type, row.history_user) == ("-", users.officer)
    assert row.history_change_reason == "Sáp nhập đơn vị"


def test_remove_without_a_reason_records_which_unit_left(users, membership):
    pk = membership.pk
    cluster_member_remove(membership=membership, user=users.officer)
    row = ClusterMembership.history.filter(id=pk).first()
    assert row.history_change_reason == "Bỏ đơn vị CAH-B khỏi cụm."


def test_remove_of_a_membership_already_gone_says_so_in_vietnamese(users, membership):
    cluster_member_remove(membership=membership, user=users.officer)
    with pytest.raises(ValidationError) as exc:
        cluster_member_remove(membership=membership, user=users.officer)
    assert exc.value.messages == ["Đơn vị này không còn trong cụm, khối thi đua."]
