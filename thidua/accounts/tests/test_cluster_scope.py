"""accounts.scope: which clusters a user sees, who changes clusters, which duplicates they open.

Clusters of 2024 used below: north (CAH-A, PV01), south (CAH-B), commune (CAX-A1 only, inside
CAH-A's subtree) and province (CAT only, above every clerk's unit).
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from thidua.accounts import scope
from thidua.accounts.models import Role, User
from thidua.org.models import Cluster, Person
from thidua.org.services import cluster_save, person_save

ALL = {"north", "south", "commune", "province"}


@pytest.fixture
def clusters(units):
    def make(name, *members):
        return cluster_save(
            cluster=Cluster(name=name, year=2024), members=[(unit, "member") for unit in members]
        )

    return SimpleNamespace(
        north=make("north", units.cah_a, units.pv01),
        south=make("south", units.cah_b),
        commune=make("commune", units.cax_a1),
        province=make("province", units.cat),
    )


@pytest.fixture
def more_users(users, units):
    """Accounts the shared cast lacks: readers bound to a unit, a clerk with no unit,
    a superuser whose stored role is viewer, and a deactivated province officer."""

    def make(username, role, unit=None, **extra):
        return User.objects.create_user(username=username, role=role, unit=unit, **extra)

    return SimpleNamespace(
        viewer_commune=make("viewer_commune", Role.VIEWER, units.cax_a1),
        council_team=make("council_team", Role.COUNCIL_MEMBER, units.pv01_d1),
        clerk_no_unit=make("clerk_no_unit", Role.UNIT_CLERK),
        superuser_viewer=make("superuser_viewer", Role.VIEWER, is_superuser=True),
        inactive_officer=make("inactive_officer", Role.PROVINCE_OFFICER, is_active=False),
    )


def _user(users, more_users, name):
    return getattr(users, name, None) or getattr(more_users, name)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("admin", ALL),
        ("officer", ALL),
        ("viewer", ALL),
        ("council", ALL),
        ("superuser_viewer", ALL),
        ("clerk_a", {"north", "commune"}),
        ("clerk_b", {"south"}),
        ("viewer_commune", {"commune"}),
        ("council_team", set()),  # PV01 is above the team, not inside its subtree
        ("clerk_no_unit", set()),
        ("inactive_officer", set()),
    ],
)
def test_visible_clusters_are_those_holding_a_unit_of_the_scope(
    users, more_users, clusters, who, expected
):
    user = _user(users, more_users, who)
    assert {c.name for c in scope.visible_clusters(user)} == expected


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("admin", True),
        ("officer", True),
        ("superuser_viewer", True),
        ("clerk_a", False),
        ("clerk_no_unit", False),
        ("viewer", False),
        ("council", False),
        ("viewer_commune", False),
        ("inactive_officer", False),
    ],
)
def test_only_active_province_level_editors_edit_clusters(users, more_users, who, allowed):
    assert scope.can_edit_clusters(_user(users, more_users, who)) is allowed


def test_split_duplicates_keeps_order_and_counts_only_hidden_name_twins(users, people, units):
    twin = person_save(
        person=Person(
            code="CA0009", full_name="Nguyễn Văn An", gender="M", birth_date=dt.date(1988, 4, 12)
        ),
        unit=units.cax_b1,
    )
    # Cường is listed as if he shared An's CCCD: outside clerk_a's scope, he is not counted.
    listed = [twin, people.binh, people.cuong, people.an]

    assert scope.split_duplicates(users.clerk_a, people.an, listed) == (
        [people.binh, people.an],
        1,
    )
    assert scope.split_duplicates(users.officer, people.an, listed) == (listed, 0)
