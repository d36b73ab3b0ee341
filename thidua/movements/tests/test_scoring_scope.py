"""Every rule of the clusters' scoring (accounts.scope, "Cluster scoring") for every role: the
office, the clerk of the leader unit, the clerk of a member, a clerk outside the cluster, the
read-only accounts (a viewer and a council member without a unit, a viewer of a member)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from thidua.accounts import scope
from thidua.accounts.models import Role, User
from thidua.movements.tests.scoring_world import make_world

pytestmark = pytest.mark.django_db

# role → (sees the table, edits agreement and table, cross/final scores, self-scores of
# CAH-B, self-scores of CAH-A, units shown line by line before the lock, all totals before)
RULES = {
    "admin": (True, True, True, True, True, {"CAH-A", "CAH-B", "PV01"}, True),
    "officer": (True, True, True, True, True, {"CAH-A", "CAH-B", "PV01"}, True),
    "clerk_a": (True, True, True, False, True, {"CAH-A", "CAH-B", "PV01"}, True),
    "clerk_b": (True, False, False, True, False, {"CAH-B"}, False),
    "clerk_out": (False, False, False, False, False, set(), False),
    "viewer": (True, False, False, False, False, set(), False),
    "council": (True, False, False, False, False, set(), False),
    "viewer_b": (True, False, False, False, False, {"CAH-B"}, False),
}


@pytest.fixture
def w(units, users):
    world = make_world(units, users)
    world.users.viewer_b = User.objects.create_user(
        username="viewer_b", password="x", role=Role.VIEWER, unit=units.cah_b
    )
    world.users.clerk_out = world.clerk_out
    return world


@pytest.mark.parametrize("role", sorted(RULES))
def test_each_role_sees_and_writes_what_its_rules_say(w, role):
    user = getattr(w.users, role)
    sees, edits, cross, self_b, self_a, shown, totals = RULES[role]
    cluster, units = w.cluster, w.units
    assert scope.visible_scoring_tables(user).filter(pk=w.table.pk).exists() is sees
    assert scope.can_edit_agreement(user, cluster) is edits
    assert scope.can_edit_scoring_table(user, cluster) is edits
    assert scope.can_cross_score(user, cluster) is cross
    assert scope.can_self_score(user, units.cah_b) is self_b
    assert scope.can_self_score(user, units.cah_a) is self_a
    members = {u.pk: u.code for u in (units.cah_a, units.cah_b, units.pv01)}
    got = scope.score_units_shown(user, cluster, list(members))
    assert {members[pk] for pk in got} == shown
    assert scope.sees_all_totals(user, cluster, locked=False) is totals


@pytest.mark.parametrize("role", sorted(r for r, rule in RULES.items() if rule[0]))
def test_once_locked_everyone_who_sees_the_cluster_sees_every_total(w, role):
    w.table.locked_at = timezone.now()
    w.table.save()
    assert scope.sees_all_totals(getattr(w.users, role), w.cluster, locked=True)


def test_a_cluster_without_a_leader_is_edited_by_the_office_only(w):
    w.cluster.memberships.filter(role="leader").update(role="member")
    assert scope.cluster_leader_unit(w.cluster) is None
    assert not scope.can_edit_agreement(w.users.clerk_a, w.cluster)
    assert not scope.can_cross_score(w.users.clerk_a, w.cluster)
    assert not scope.sees_all_scores(w.users.clerk_a, w.cluster)
    assert scope.can_edit_agreement(w.users.officer, w.cluster)


def test_the_new_leader_takes_over_when_the_role_moves(w):
    w.cluster.memberships.filter(role="leader").update(role="member")
    w.cluster.memberships.filter(unit=w.units.cah_b).update(role="leader")
    assert scope.can_cross_score(w.users.clerk_b, w.cluster)
    assert not scope.can_cross_score(w.users.clerk_a, w.cluster)


def test_nobody_is_no_user(w):
    assert not scope.visible_scoring_tables(None).exists()
    assert not scope.can_edit_agreement(None, w.cluster)
    assert not scope.can_cross_score(None, w.cluster)
    assert not scope.can_self_score(None, w.units.cah_b)
    assert scope.score_units_shown(None, w.cluster, [w.units.cah_b.pk]) == set()
    assert not scope.sees_all_totals(None, w.cluster, locked=True)
