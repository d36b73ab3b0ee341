"""Migration org 0009: a database holding clusters with several leaders is upgraded by
keeping the earliest added leader (lowest id) and making the others plain members, each
with a history row saying why; then the one-leader constraint is added."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("org", "0008_input_bounds")]
AFTER = [("org", "0009_one_leader_per_cluster")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_upgrade_keeps_the_earliest_leader_and_demotes_the_others_with_history():
    apps = _migrate(BEFORE)
    try:
        Unit = apps.get_model("org", "Unit")
        Cluster = apps.get_model("org", "Cluster")
        Membership = apps.get_model("org", "ClusterMembership")
        units = [
            Unit.objects.create(code=code, name=code, path=f"/{code}/", depth=0)
            for code in ("U1", "U2", "U3", "U4")
        ]
        crowded = Cluster.objects.create(name="Cụm 1", year=2024)
        single = Cluster.objects.create(name="Cụm 2", year=2024)
        first = Membership.objects.create(cluster=crowded, unit=units[1], role="leader")
        second = Membership.objects.create(cluster=crowded, unit=units[0], role="leader")
        deputy = Membership.objects.create(cluster=crowded, unit=units[2], role="deputy")
        alone = Membership.objects.create(cluster=single, unit=units[3], role="leader")

        apps = _migrate(AFTER)
        Membership = apps.get_model("org", "ClusterMembership")
        History = apps.get_model("org", "HistoricalClusterMembership")
        roles = dict(Membership.objects.values_list("pk", "role"))
        assert roles == {
            first.pk: "leader",
            second.pk: "member",
            deputy.pk: "deputy",
            alone.pk: "leader",
        }
        assert Membership.objects.get(pk=second.pk).version == second.version + 1
        row = History.objects.get(id=second.pk)
        assert (row.history_type, row.role) == ("~", "member")
        assert row.history_change_reason == (
            "Nâng cấp: cụm có nhiều cụm trưởng, giữ đơn vị U2 (thêm sớm nhất); "
            "đơn vị U1 chuyển thành thành viên."
        )
        assert History.objects.count() == 1
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
