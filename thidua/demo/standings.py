"""The demo's cluster results: after the scoring step has filled the clusters' tables and
scores, the years 2021–2024 are locked (their standings written from the scores) and each
cluster's first unit is proposed for a flag: the best of the year's cluster leaders for the
Government's flag, the other leaders for the Ministry's. All through the standing
services, as the system actor: what a user sees is what the pages would have produced.
"""

from __future__ import annotations

from thidua.accounts.scope import SYSTEM
from thidua.awards.models import AwardType
from thidua.demo.context import DemoContext
from thidua.movements import standing_services as services
from thidua.movements.models import ScoringTable, Standing
from thidua.movements.standing_selectors import FLAG_CODES

LOCKED_YEARS = range(2021, 2025)


def build_standings(ctx: DemoContext) -> str:
    tables = list(
        ScoringTable.objects.filter(cluster__year__in=LOCKED_YEARS, locked_at__isnull=True)
        .select_related("cluster")
        .order_by("cluster__year", "cluster__name")
    )
    for table in tables:
        services.standings_lock(actor=SYSTEM, cluster=table.cluster, when=ctx.stamp)
    flags = AwardType.objects.in_bulk(FLAG_CODES, field_name="code")
    leaders = (
        Standing.objects.filter(cluster__scoring_table__in=tables, rank=1)
        .select_related("cluster", "unit")
        .order_by("cluster__year", "-total", "cluster__name", "unit__path")
    )
    proposed = 0
    best_of_year: set[int] = set()
    for standing in leaders:
        year = standing.cluster.year
        code = "co_thi_dua_bca" if year in best_of_year else "co_thi_dua_chinh_phu"
        best_of_year.add(year)
        note = "Dẫn đầu cụm, được cụm suy tôn tại hội nghị tổng kết."
        services.standing_propose(
            actor=SYSTEM, standing=standing, award_type=flags[code], note=note
        )
        proposed += 1
    return (
        f"Đã khóa kết quả {len(tables)} cụm, khối thi đua năm {LOCKED_YEARS[0]}–"
        f"{LOCKED_YEARS[-1]} và suy tôn {proposed} đơn vị dẫn đầu."
    )
