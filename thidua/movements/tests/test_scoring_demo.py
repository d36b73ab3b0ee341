"""The demo's clusters: two per year 2021–2025, each with a leader and a deputy, an agreement
signed by every member, the 2021 table copied year to year, complete scores for the past
years and the reference year still being scored."""

from __future__ import annotations

import io

import pytest

from thidua.demo.builder import build_demo
from thidua.movements.models import Agreement, Score, ScoringTable
from thidua.movements.scoring_selectors import table_results
from thidua.org.models import Cluster

pytestmark = pytest.mark.django_db


def test_the_demo_has_scored_clusters_for_each_year():
    build_demo(people=120, years=5, stdout=io.StringIO())
    clusters = list(Cluster.objects.order_by("name", "year"))
    assert [(c.name, c.year) for c in clusters][:5] == [
        ("Cụm thi đua số 1", y) for y in range(2021, 2026)
    ]
    assert len(clusters) == 10
    for cluster in clusters:
        roles = sorted(cluster.memberships.exclude(role="member").values_list("role", flat=True))
        assert roles == ["deputy", "leader"]
        agreement = Agreement.objects.get(cluster=cluster)
        assert agreement.signatories.count() == cluster.memberships.count()
    first = ScoringTable.objects.get(cluster__name="Cụm thi đua số 1", cluster__year=2021)
    chain = ScoringTable.objects.get(cluster__name="Cụm thi đua số 1", cluster__year=2025)
    seen = []
    while chain.copied_from_id:
        seen.append(chain.cluster.year)
        chain = chain.copied_from
    assert chain == first and seen == [2025, 2024, 2023, 2022]
    leader_2025 = Cluster.objects.get(name="Cụm thi đua số 1", year=2025).memberships.get(
        role="leader"
    )
    # The districts ended on 28/02/2025: that year the cluster is the communes', led by the
    # demo clerk's commune; before, the province's own districts (not the absorbed force's).
    assert leader_2025.unit.code == "CAX-DONGSON"
    assert leader_2025.cluster.note == "Khối Công an các xã, phường"
    members_2024 = Cluster.objects.get(name="Cụm thi đua số 1", year=2024).memberships
    codes_2024 = set(members_2024.values_list("unit__code", flat=True))
    assert codes_2024 == {f"CAH0{n}" for n in range(1, 9)}
    departments_2024 = Cluster.objects.get(name="Cụm thi đua số 2", year=2024).memberships
    assert not departments_2024.filter(unit__code__startswith="LG-").exists()
    past = Score.objects.filter(criterion__table__cluster__year=2024)
    assert not past.filter(final_score__isnull=True).exists()
    now = Score.objects.filter(criterion__table__cluster__year=2025)
    assert not now.filter(final_score__isnull=False).exists()
    assert (
        now.filter(cross_score__isnull=True).exists()
        and now.filter(cross_score__isnull=False).exists()
    )
    ranked = table_results(ScoringTable.objects.get(cluster=leader_2025.cluster))
    assert len(ranked) == leader_2025.cluster.memberships.count()
    assert ranked[0].totals.total > ranked[-1].totals.total > 0
