"""The demo's emulation clusters and their scoring, 2021 to the reference year (within the
history window): "Cụm thi đua số 1" of the districts (of the communes in a year whose end no
district saw: 2025, when the districts ended on 28/02) and "Cụm thi đua số 2" of the
departments — the province's own: the absorbed force (LG-…) had clusters of its own before
it merged in — each with a leader (cụm trưởng) and a deputy (cụm phó) rotating year by year
(the demo clerk's unit leads the cluster in the reference year), an agreement signed
by every member, the 2021 scoring table copied year to year (one line added in 2023), and
self-, cross- and final scores drawn from ctx.rng("cluster_scoring"). The reference year is
still being scored: every self-score, the cross-scores of half the members, no final score;
the earlier years are complete, ready for their standings to be locked (a later step).

Bulk writes with history rows (lib.bulk); the copies go through scoring_services.table_copy,
as the page's button does.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from thidua.accounts.scope import SYSTEM
from thidua.demo.context import DemoContext
from thidua.demo.units import CLERK_DISTRICT, CLERK_UNIT, HISTORY_REASON, PROVINCE_CODE
from thidua.lib.bulk import insert_with_history
from thidua.movements.choices import CriterionKind
from thidua.movements.models import Agreement, Criterion, Score, ScoringTable
from thidua.movements.scoring_services import LEAF_KINDS, renumber, table_copy
from thidua.org.choices import ClusterRole, UnitKind
from thidua.org.models import Cluster, ClusterMembership, Unit

FIRST_YEAR = 2021
CLUSTERS = [
    ("Cụm thi đua số 1", UnitKind.DISTRICT, "Khối Công an các huyện, thị xã, thành phố"),
    ("Cụm thi đua số 2", UnitKind.DEPARTMENT, "Khối các phòng nghiệp vụ"),
]
TIE_BREAKS = ["cross_total", "penalty_total", "previous_rank"]

G, C, B, P = (CriterionKind.GROUP, CriterionKind.CRITERION, CriterionKind.BONUS,
              CriterionKind.PENALTY)  # fmt: skip
# (kind, name, max, evidence, children)
TREE = [
    (G, "Công tác tham mưu, xây dựng lực lượng", 30, "", [
        (C, "Thực hiện chế độ thông tin, báo cáo đúng hạn, đúng nội dung", 5,
         "Sổ theo dõi văn bản đến của Phòng Tham mưu"),
        (C, "Xây dựng Đảng, xây dựng lực lượng trong sạch, vững mạnh", 10,
         "Kết quả đánh giá, xếp loại tổ chức đảng"),
        (C, "Công tác thi đua, khen thưởng", 5, "Báo cáo tổng kết phong trào thi đua"),
        (C, "Đào tạo, bồi dưỡng, huấn luyện, rèn luyện điều lệnh", 10,
         "Kết quả kiểm tra điều lệnh, võ thuật, bắn súng"),
    ]),
    (G, "Kết quả thực hiện nhiệm vụ chuyên môn", 60, "", [
        (C, "Bảo đảm an ninh chính trị, trật tự, an toàn xã hội", 15,
         "Báo cáo tình hình, kết quả công tác"),
        (C, "Đấu tranh phòng, chống tội phạm, tỷ lệ điều tra khám phá", 15,
         "Số liệu thống kê hình sự"),
        (C, "Phong trào toàn dân bảo vệ an ninh Tổ quốc", 10, "Mô hình tự quản được công nhận"),
        (C, "Cải cách hành chính, phục vụ nhân dân", 10, "Kết quả khảo sát mức độ hài lòng"),
        (C, "Công tác hậu cần, bảo đảm điều kiện hoạt động", 10, "Biên bản kiểm tra"),
    ]),
    (G, "Hoạt động của cụm thi đua", 10, "", [
        (C, "Tham gia đầy đủ các hoạt động do cụm tổ chức", 5, "Biên bản các buổi sinh hoạt cụm"),
        (C, "Trao đổi kinh nghiệm, nhân rộng mô hình hay", 5, "Văn bản trao đổi"),
    ]),
    (G, "Điểm thưởng", 5, "", [
        (B, "Được Bộ Công an, Chính phủ khen thưởng trong năm", 3, "Quyết định khen thưởng"),
        (B, "Có sáng kiến, mô hình được công nhận và nhân rộng", 2, "Quyết định công nhận"),
    ]),
    (G, "Điểm trừ", 10, "", [
        (P, "Có cán bộ, chiến sĩ vi phạm kỷ luật bị xử lý", 5, "Quyết định kỷ luật"),
        (P, "Chậm hoặc sai sót trong báo cáo", 3, "Thông báo của Phòng Tham mưu"),
        (P, "Để xảy ra vụ việc phức tạp gây dư luận xấu", 5, "Báo cáo vụ việc"),
    ]),
]  # fmt: skip
ADDED_2023 = (C, "Triển khai Đề án 06 về dữ liệu dân cư, định danh điện tử", 5,
              "Số liệu thu nhận hồ sơ định danh điện tử")  # fmt: skip


# The note of Cụm thi đua số 1 in a year of communes.
COMMUNES_NOTE = "Khối Công an các xã, phường"


def _members(kind: str, year: int) -> tuple[list[Unit], str]:
    """The province's units of `kind` working on the year's last day, and the kind used:
    the districts' cluster is the communes' once the districts have ended."""
    last = dt.date(year, 12, 31)
    own = Unit.objects.filter(path__startswith=f"/{PROVINCE_CODE}/").order_by("code")

    def working(of_kind: str) -> list[Unit]:
        return [u for u in own.filter(kind=of_kind) if u.is_active_on(last)]

    units = working(kind)
    if not units and kind == UnitKind.DISTRICT:
        return working(UnitKind.COMMUNE), UnitKind.COMMUNE
    return units, kind


def _first_table(cluster: Cluster, ctx: DemoContext) -> ScoringTable:
    table = ScoringTable.objects.create(
        cluster=cluster,
        title=f"Bảng điểm thi đua {cluster.name} năm {cluster.year}",
        tie_breaks=TIE_BREAKS,
        note="Tổng điểm tối đa 100 điểm, cộng tối đa 5 điểm thưởng, trừ tối đa 10 điểm.",
    )
    groups = [
        Criterion(table=table, kind=k, code=str(i + 1), name=n, max_points=m, evidence=e,
                  position=i)
        for i, (k, n, m, e, _) in enumerate(TREE)
    ]  # fmt: skip
    _insert(Criterion, groups, ctx)
    leaves = [
        Criterion(table=table, parent=g, kind=k, code=f"{g.code}.{j + 1}", name=n,
                  max_points=m, evidence=e, position=j)
        for g, (*_, children) in zip(groups, TREE, strict=True)
        for j, (k, n, m, e) in enumerate(children)
    ]  # fmt: skip
    _insert(Criterion, leaves, ctx)
    return table


def _insert(model, objs, ctx: DemoContext):
    return insert_with_history(
        model, objs, reason=HISTORY_REASON, date=ctx.stamp, history=ctx.history
    )


def _points(rng: random.Random, line: Criterion, strength: float) -> Decimal:
    top = float(line.max_points)
    if line.kind == CriterionKind.CRITERION:
        value = top * min(1.0, max(0.4, rng.gauss(strength, 0.06)))
    elif line.kind == CriterionKind.BONUS:
        value = top * rng.choice([0, 0, 0.5, 1]) if rng.random() < strength else 0
    else:  # a penalty: now and then
        value = rng.choice([0.5, 1, 2]) if rng.random() > strength else 0
    return (Decimal(str(round(value * 2) / 2))).min(line.max_points)


def _scores(
    rng: random.Random, table: ScoringTable, members: list[Unit], complete: bool
) -> list[Score]:
    leaves = list(
        table.criteria.filter(kind__in=LEAF_KINDS, children__isnull=True).order_by("code")
    )
    rows = []
    for i, unit in enumerate(members):
        strength = rng.uniform(0.78, 0.97)
        crossed = complete or i % 2 == 0
        for line in leaves:
            own = _points(rng, line, strength)
            # The cluster marks a little harder than the unit itself, in half points.
            cross = max(Decimal(0), own - Decimal(rng.choice([0, 0, 0, 0.5, 1]))).min(own)
            if line.kind == CriterionKind.PENALTY:
                cross = own + (Decimal("0.5") if rng.random() < 0.1 else 0)
                cross = cross.min(line.max_points)
            final = None
            if complete:  # the cluster's meeting settles a line now and then in between
                final = cross
                if own != cross and rng.random() < 0.3:
                    final = Decimal(round(float(own + cross))) / 2

            rows.append(
                Score(
                    criterion=line,
                    unit=unit,
                    self_score=own,
                    cross_score=cross if crossed else None,
                    final_score=final,
                    evidence=line.evidence and f"{line.evidence} năm {table.cluster.year}",
                )
            )
    return rows


def build_cluster_scoring(ctx: DemoContext) -> str:
    """The clusters of FIRST_YEAR … the reference year (inside the history window)."""
    rng = ctx.rng("cluster_scoring")
    years = range(max(FIRST_YEAR, ctx.first_year), ctx.reference_year + 1)
    clusters = scores = 0
    for number, (name, kind, note) in enumerate(CLUSTERS, start=1):
        table: ScoringTable | None = None
        for year in years:
            members, of_kind = _members(kind, year)
            if len(members) < 2:
                continue
            note_then = COMMUNES_NOTE if of_kind != kind else note
            cluster = Cluster.objects.create(name=name, year=year, note=note_then)
            codes = [u.code for u in members]
            clerk = next((c for c in (CLERK_UNIT, CLERK_DISTRICT) if c in codes), None)
            start = codes.index(clerk) if clerk else 0
            lead = (start + year - ctx.reference_year) % len(members)
            roles = {lead: ClusterRole.LEADER, (lead + 1) % len(members): ClusterRole.DEPUTY}
            _insert(
                ClusterMembership,
                [
                    ClusterMembership(
                        cluster=cluster, unit=u, role=roles.get(i, ClusterRole.MEMBER)
                    )
                    for i, u in enumerate(members)
                ],
                ctx,
            )
            leader = members[lead]
            agreement = Agreement.objects.create(
                cluster=cluster,
                document_number=f"{number:02d}/GƯ-CTĐ{number}",
                signed_on=dt.date(year, 2, 10 + number),
                place=f"Trụ sở {leader.name}",
                content=(
                    f"Các đơn vị {name.lower()} năm {year} giao ước thi đua thực hiện thắng lợi "
                    "nhiệm vụ công tác công an năm, phong trào thi đua “Vì an ninh Tổ quốc”:\n"
                    "1. Hoàn thành xuất sắc các chỉ tiêu, nhiệm vụ được giao.\n"
                    "2. Xây dựng đơn vị trong sạch, vững mạnh, không có cán bộ vi phạm kỷ luật.\n"
                    "3. Chấm điểm theo bảng điểm thi đua của cụm; cụm trưởng tổng hợp, "
                    "suy tôn đơn vị dẫn đầu."
                ),
            )
            agreement.signatories.set(members)
            if table is None:
                table = _first_table(cluster, ctx)
            else:
                table = table_copy(cluster=cluster, source=table, user=SYSTEM)
                if year == 2023:
                    k, n, m, e = ADDED_2023
                    group = table.criteria.get(parent__isnull=True, position=1)
                    line = Criterion(table=table, parent=group, kind=k, code="~new", name=n,
                                     max_points=m, evidence=e, position=99)  # fmt: skip
                    _insert(Criterion, [line], ctx)
                    renumber(table)
            rows = _scores(rng, table, members, complete=year < ctx.reference_year)
            _insert(Score, rows, ctx)
            clusters += 1
            scores += len(rows)
    return f"Đã tạo {clusters} cụm thi đua theo năm, giao ước, bảng điểm và {scores} điểm chấm."
