"""A cluster year for the scoring tests, on the shared cast (conftest.py):

Cụm thi đua số 1 (2024): CAH-A leads (clerk_a), CAH-B is the deputy (clerk_b), PV01 a member.
Its table:  1 group max 60 (1.1 criterion max 40, 1.2 criterion max 30)
            2 group "Điểm thưởng" max 5 (2.1 bonus max 3, 2.2 bonus max 4)
            3 group "Điểm trừ" max 10 (3.1 penalty max 8)
tie-breaks: cross_total, previous_rank. `clerk_out` is a clerk of CAX-B1, whose subtree
holds no member: the cluster is not theirs.
"""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

from thidua.accounts.models import Role, User
from thidua.movements.models import Criterion, ScoringTable
from thidua.org.models import Cluster
from thidua.org.services import cluster_save


def make_world(units, users) -> SimpleNamespace:
    cluster = cluster_save(
        cluster=Cluster(name="Cụm thi đua số 1", year=2024),
        members=[(units.cah_a, "leader"), (units.cah_b, "deputy"), (units.pv01, "member")],
    )
    table = ScoringTable.objects.create(
        cluster=cluster,
        title="Bảng điểm thi đua Cụm thi đua số 1 năm 2024",
        tie_breaks=["cross_total", "previous_rank"],
    )

    def line(code, kind, name, max_points, parent=None, position=0):
        return Criterion.objects.create(
            table=table,
            parent=parent,
            kind=kind,
            code=code,
            name=name,
            max_points=None if max_points is None else Decimal(max_points),
            position=position,
            evidence=f"Minh chứng {code}",
        )

    g1 = line("1", "group", "Công tác chuyên môn", 60, position=0)
    c11 = line("1.1", "criterion", "Kết quả phòng, chống tội phạm", 40, g1, 0)
    c12 = line("1.2", "criterion", "Phong trào toàn dân bảo vệ an ninh Tổ quốc", 30, g1, 1)
    g2 = line("2", "group", "Điểm thưởng", 5, position=1)
    b21 = line("2.1", "bonus", "Được Bộ khen", 3, g2, 0)
    b22 = line("2.2", "bonus", "Sáng kiến được công nhận", 4, g2, 1)
    g3 = line("3", "group", "Điểm trừ", 10, position=2)
    p31 = line("3.1", "penalty", "Vi phạm kỷ luật", 8, g3, 0)
    clerk_out = User.objects.create_user(
        username="clerk_out", password="x", role=Role.UNIT_CLERK, unit=units.cax_b1
    )
    return SimpleNamespace(
        cluster=cluster,
        table=table,
        g1=g1,
        c11=c11,
        c12=c12,
        g2=g2,
        b21=b21,
        b22=b22,
        g3=g3,
        p31=p31,
        clerk_out=clerk_out,
        units=units,
        users=users,
    )
