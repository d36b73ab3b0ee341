"""The demo's standings step locks the cluster years 2021–2024 and proposes each year's
leading units for the flags, through the standing services."""

from __future__ import annotations

import io

from thidua.demo.context import DemoContext
from thidua.demo.standings import build_standings
from thidua.movements.models import ScoringTable, Standing
from thidua.movements.tests.standing_world import cluster_year


def _ctx() -> DemoContext:
    return DemoContext(people_count=0, seed=1, years=10, reference_year=2025, stdout=io.StringIO())


def test_the_years_2021_to_2024_are_locked_and_their_leaders_proposed(units, types):
    cluster_year(units, year=2023)
    cluster_year(units, year=2023, name="Cụm thi đua số 2", tie_breaks=())
    cluster_year(units, year=2025)
    ctx = _ctx()
    summary = build_standings(ctx)
    assert summary.startswith("Đã khóa kết quả 2 cụm")
    locked = ScoringTable.objects.filter(locked_at=ctx.stamp)
    assert sorted(locked.values_list("cluster__year", "cluster__name")) == [
        (2023, "Cụm thi đua số 1"),
        (2023, "Cụm thi đua số 2"),
    ]
    assert not Standing.objects.filter(cluster__year=2025).exists()
    proposals = sorted(
        Standing.objects.filter(proposed_award__isnull=False).values_list(
            "cluster__name", "unit__code", "proposed_award__code"
        )
    )
    # Cụm 1 has one leader (CAH-A, parted by its bonus), Cụm 2 two equal first units.
    assert proposals == [
        ("Cụm thi đua số 1", "CAH-A", "co_thi_dua_chinh_phu"),
        ("Cụm thi đua số 2", "CAH-A", "co_thi_dua_bca"),
        ("Cụm thi đua số 2", "CAH-B", "co_thi_dua_bca"),
    ]
    assert build_standings(_ctx()).startswith("Đã khóa kết quả 0 cụm")  # nothing twice
