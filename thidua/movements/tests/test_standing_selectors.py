"""Reading the standings over the years: first in the cluster N years running (one query),
a unit's place year by year, and the clusters' results of a period for the summary."""

from __future__ import annotations

import pytest

from thidua.movements import standing_selectors as selectors
from thidua.movements.tests.standing_world import standing
from thidua.org.models import Cluster, Unit


def _cluster(name: str, year: int) -> Cluster:
    return Cluster.objects.create(name=name, year=year)


@pytest.fixture
def years(units):
    """2020–2024. CAH-A is first of Cụm 1 in 2021, 2022 and 2023 (third in 2020, second in
    2024); CAH-B is first of Cụm 2 in 2020, 2021, 2023, 2024 (second in 2022: broken);
    PV01 is first of Khối in 2020 and 2021, its cluster has no ranking in 2022, first again
    in 2023 and 2024 (the missing year breaks the run)."""
    first_of_a = {2021, 2022, 2023}
    first_of_b = {2020, 2021, 2023, 2024}
    for year in range(2020, 2025):
        one, two = _cluster("Cụm 1", year), _cluster("Cụm 2", year)
        standing(one, units.cah_a, 1 if year in first_of_a else (3 if year == 2020 else 2))
        standing(two, units.cah_b, 1 if year in first_of_b else 2)
        if year != 2022:
            standing(_cluster("Khối", year), units.pv01, 1)
    return range(2020, 2025)


def _found(streaks):
    return [(s.unit_code, s.first, s.last) for s in streaks]


def test_first_three_years_running_is_found_with_one_query(units, years, django_assert_num_queries):
    with django_assert_num_queries(1):
        streaks = selectors.leading_streaks(Unit.objects.all(), years, 3)
    assert _found(streaks) == [("CAH-A", 2021, 2023)]
    assert streaks[0].length == 3
    assert streaks[0].clusters == ("Cụm 1", "Cụm 1", "Cụm 1")


def test_a_year_in_another_place_breaks_the_run(units, years):
    streaks = selectors.leading_streaks(Unit.objects.filter(code="CAH-B"), years, 2)
    assert _found(streaks) == [("CAH-B", 2023, 2024), ("CAH-B", 2020, 2021)]
    assert selectors.leading_streaks(Unit.objects.filter(code="CAH-B"), years, 3) == []


def test_a_year_the_cluster_was_not_ranked_breaks_the_run(units, years):
    streaks = selectors.leading_streaks(Unit.objects.filter(code="PV01"), years, 2)
    assert _found(streaks) == [("PV01", 2023, 2024), ("PV01", 2020, 2021)]


def test_the_span_bounds_the_run_and_changing_cluster_does_not_break_it(units):
    for year, name in ((2021, "Cụm 1"), (2022, "Cụm 2"), (2023, "Cụm 1")):
        standing(_cluster(name, year), units.cah_a, 1)
    everyone = Unit.objects.all()
    assert _found(selectors.leading_streaks(everyone, range(2021, 2024), 3)) == [
        ("CAH-A", 2021, 2023)
    ]
    assert selectors.leading_streaks(everyone, range(2022, 2024), 3) == []


def test_only_the_units_asked_for_are_read(units, years):
    assert selectors.leading_streaks(Unit.objects.filter(code="CAX-A1"), years, 1) == []


def test_a_units_place_year_by_year_with_the_number_ranked(units, years, django_assert_num_queries):
    standing(Cluster.objects.get(name="Cụm 1", year=2024), units.cax_a1, 1)
    with django_assert_num_queries(1):
        rows = selectors.unit_standings(units.cah_a)
        places = [(s.cluster.year, s.cluster.name, s.rank, s.ranked) for s in rows]
    assert places == [
        (2024, "Cụm 1", 2, 2),
        (2023, "Cụm 1", 1, 1),
        (2022, "Cụm 1", 1, 1),
        (2021, "Cụm 1", 1, 1),
        (2020, "Cụm 1", 3, 1),
    ]


def test_the_period_results_of_a_subtree(units, years, types, django_assert_max_num_queries):
    proposed = Cluster.objects.get(name="Cụm 1", year=2023).standings.get()
    proposed.proposed_award = types.co_thi_dua_bca
    proposed.save()
    with django_assert_max_num_queries(3):
        result = selectors.period_standings(units.cah_a, 2021, 2023)
        leaders = [
            (y.year, y.clusters_ranked, [s.unit.code for s in y.leaders]) for y in result.years
        ]
    assert leaders == [(2021, 1, ["CAH-A"]), (2022, 1, ["CAH-A"]), (2023, 1, ["CAH-A"])]
    assert [s.unit.code for s in result.years[2].proposed] == ["CAH-A"]
    assert _found(result.streaks) == [("CAH-A", 2021, 2023)]
    everything = selectors.period_standings(None, 2020, 2024)
    assert [(y.year, y.clusters_ranked) for y in everything.years] == [
        (2020, 3),
        (2021, 3),
        (2022, 2),
        (2023, 3),
        (2024, 3),
    ]


def test_points_are_written_the_vietnamese_way():
    from decimal import Decimal as D

    assert [selectors.points_text(D(v)) for v in ("52.00", "52.50", "7.25", "100")] == [
        "52",
        "52,5",
        "7,25",
        "100",
    ]
