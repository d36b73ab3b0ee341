"""A cluster year to rank, for the standing tests: three members of a 2024 cluster (CAH-A
leads it), a table of two criteria under a group, a bonus and a penalty line, and scores
that leave CAH-A and CAH-B equal on 52 points (CAH-A has the bonus) and PV01 third."""

from __future__ import annotations

from decimal import Decimal as D

from thidua.movements.models import Criterion, Score, ScoringTable, Standing
from thidua.org.models import Cluster, ClusterMembership


def cluster_year(units, *, year: int = 2024, tie_breaks=("bonus_total",), name="Cụm thi đua số 1"):
    cluster = Cluster.objects.create(name=name, year=year)
    for unit, role in ((units.cah_a, "leader"), (units.cah_b, "deputy"), (units.pv01, "member")):
        ClusterMembership.objects.create(cluster=cluster, unit=unit, role=role)
    table = ScoringTable.objects.create(
        cluster=cluster, title=f"Bảng điểm {name} năm {year}", tie_breaks=list(tie_breaks)
    )
    group = Criterion.objects.create(
        table=table, kind="group", code="1", name="Công tác chuyên môn", max_points=60, position=1
    )
    c11 = Criterion.objects.create(
        table=table,
        parent=group,
        kind="criterion",
        code="1.1",
        name="Phòng ngừa tội phạm",
        max_points=30,
        position=2,
    )
    c12 = Criterion.objects.create(
        table=table,
        parent=group,
        kind="criterion",
        code="1.2",
        name="=SUM(A1:A9) xây dựng lực lượng",
        max_points=30,
        position=3,
    )
    bonus = Criterion.objects.create(
        table=table, kind="bonus", code="2", name="Điểm thưởng", max_points=5, position=4
    )
    penalty = Criterion.objects.create(
        table=table, kind="penalty", code="3", name="-Vi phạm điều lệnh", max_points=5, position=5
    )
    points = {
        units.cah_a: {c11: "25", c12: "25", bonus: "2"},
        units.cah_b: {c11: "30", c12: "22"},
        units.pv01: {c11: "20", c12: "20", penalty: "3"},
    }
    for unit, lines in points.items():
        for line, value in lines.items():
            Score.objects.create(
                criterion=line,
                unit=unit,
                self_score=D(value) + 1,
                final_score=D(value),
                evidence="+1 theo biên bản" if line is bonus else "",
            )
    return cluster, table


def standing(cluster: Cluster, unit, rank: int, total: str = "90") -> Standing:
    """A locked result written directly (the streak and summary tests craft their years)."""
    ScoringTable.objects.get_or_create(cluster=cluster, defaults={"title": f"Bảng điểm {cluster}"})
    return Standing.objects.create(cluster=cluster, unit=unit, rank=rank, total=D(total))
