"""Who locks, unlocks and reads a cluster year's ranking, for every role (accounts.scope)."""

from __future__ import annotations

import pytest

from thidua.accounts import scope
from thidua.movements.tests.standing_world import cluster_year


@pytest.fixture
def cluster(units):
    return cluster_year(units)[0]  # CAH-A leads, CAH-B is deputy, PV01 a member


@pytest.mark.parametrize(
    ("who", "locks", "unlocks"),
    [
        ("admin", True, True),
        ("officer", True, True),
        ("clerk_a", True, False),  # the leader unit's clerk
        ("clerk_b", False, False),  # a member's clerk
        ("council", False, False),
        ("viewer", False, False),
    ],
)
def test_who_locks_and_unlocks(users, cluster, who, locks, unlocks):
    user = getattr(users, who)
    assert scope.can_lock_standings(user, cluster) is locks
    assert scope.can_unlock_standings(user) is unlocks


def test_nobody_and_an_inactive_leader_clerk_lock_nothing(users, cluster):
    assert scope.can_lock_standings(None, cluster) is False
    users.clerk_a.is_active = False
    assert scope.can_lock_standings(users.clerk_a, cluster) is False


def test_the_live_ranking_before_the_lock(users, cluster):
    assert scope.sees_live_ranking(users.officer, cluster)
    assert scope.sees_live_ranking(users.clerk_a, cluster)
    assert not scope.sees_live_ranking(users.clerk_b, cluster)
    assert not scope.sees_live_ranking(users.viewer, cluster)  # no unit of the cluster
    assert not scope.sees_live_ranking(users.council, cluster)
