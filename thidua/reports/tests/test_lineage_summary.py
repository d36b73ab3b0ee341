"""The period summary read through lineage: a report over a unit covers the units it took
over (Sáp nhập, Hợp nhất, Chia tách), by default; `own_only` keeps its own subtree."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from thidua.accounts.scope import SYSTEM
from thidua.movements.tests.standing_world import standing
from thidua.org.choices import EdgeKind, UnitKind
from thidua.org.lineage import EdgeInput, reorganise
from thidua.org.models import Cluster, Person, Unit
from thidua.org.services import person_save, unit_save
from thidua.org.tests.lineage_steps import new_unit, split, take_over
from thidua.reports.summary import COUNTS, period_summary
from thidua.reports.tests.test_summary import give, record  # noqa: F401 (fixture)

JULY = dt.date(2025, 7, 1)
MARCH = dt.date(2025, 3, 1)
SERVED = {"service_start": dt.date(2012, 1, 1), "birth_date": dt.date(1990, 1, 1)}


def _unit(code, name, kind, parent=None, active_from=dt.date(2015, 1, 1)):
    return unit_save(
        unit=Unit(code=code, name=name, kind=kind, parent=parent, active_from=active_from)
    )


@pytest.fixture
def bac_giang(record, types):  # noqa: F811
    """A second provincial force with a district and a commune, its people and awards of
    2016–2020, merged into CAT (Công an tỉnh Hưng Yên) on 01/07/2025."""
    cat = _unit("CAT-BG", "Công an tỉnh Bắc Giang", UnitKind.PROVINCE)
    cah = _unit("CAH-BG1", "Công an huyện Lục Nam", UnitKind.DISTRICT, cat)
    cax = _unit("CAX-BG11", "Công an xã Bảo Đài", UnitKind.COMMUNE, cah)
    giang = person_save(
        person=Person(code="BG0001", full_name="Đỗ Văn Giang", gender="M", **SERVED),
        unit=cax,
        start=dt.date(2016, 1, 1),
    )
    hoa = person_save(
        person=Person(code="BG0002", full_name="Vũ Thị Hoa", gender="F", **SERVED),
        unit=cah,
        start=dt.date(2016, 1, 1),
    )
    give(types.chien_si_tien_tien, 2017, giang, hoa)
    give(types.giay_khen_giam_doc, 2018, giang, cax)
    for year in (2018, 2019, 2020):
        give(types.don_vi_quyet_thang, year, cah)
    reorganise(
        effective_date=JULY,
        basis="1047/QĐ-BCA",
        edges=[EdgeInput(EdgeKind.MERGE, cat, Unit.objects.get(code="CAT"))],
    )
    return cat


def _counts(summary) -> dict[str, tuple[int, ...]]:
    return {
        line["award"]["code"]: tuple(line[k] for k in COUNTS)
        for line in summary.as_json()["by_award"]
    }


def _added(*summaries) -> dict[str, tuple[int, ...]]:
    total: dict[str, tuple[int, ...]] = {}
    for summary in summaries:
        for code, counts in _counts(summary).items():
            before = total.get(code, (0,) * len(COUNTS))
            total[code] = tuple(a + b for a, b in zip(before, counts, strict=True))
    return total


def _summary(code, **kwargs):
    return period_summary(user=SYSTEM, year_from=2015, year_to=2020, unit_code=code, **kwargs)


def test_a_merged_province_reports_the_sum_of_its_predecessors(bac_giang):
    merged = _summary("CAT")
    own = _summary("CAT", own_only=True)
    absorbed = _summary("CAT-BG")
    assert _counts(merged) == _added(own, absorbed)
    totals = merged.as_json()["totals"]
    assert totals == {
        k: own.as_json()["totals"][k] + absorbed.as_json()["totals"][k] for k in COUNTS
    }
    by_year = {y["year"]: y for y in merged.as_json()["by_year"]}
    for y in absorbed.as_json()["by_year"]:
        mine = next((x for x in own.as_json()["by_year"] if x["year"] == y["year"]), None)
        assert by_year[y["year"]]["individual_times"] == y["individual_times"] + (
            mine["individual_times"] if mine else 0
        )
    # The collective titles of the absorbed district are in the merged province's report.
    assert "Công an huyện Lục Nam" in {
        r["unit"]["name"] for r in merged.as_json()["collective_titles"]
    }
    assert "Công an huyện Lục Nam" not in {
        r["unit"]["name"] for r in own.as_json()["collective_titles"]
    }


def test_units_included_name_each_unit_and_the_edge_that_brought_it_in(bac_giang):
    data = _summary("CAT").as_json()
    assert data["own_only"] is False
    assert data["units_included"] == [
        {"code": "CAT", "name": "Công an tỉnh Hưng Yên", "edge": None},
        {
            "code": "CAT-BG",
            "name": "Công an tỉnh Bắc Giang",
            "edge": {
                "kind": "merge",
                "kind_name": "Sáp nhập",
                "date": "2025-07-01",
                "basis": "1047/QĐ-BCA",
                "successor": {"code": "CAT", "name": "Công an tỉnh Hưng Yên"},
            },
        },
    ]
    own = _summary("CAT", own_only=True).as_json()
    assert own["own_only"] is True
    assert own["units_included"] == [{"code": "CAT", "name": "Công an tỉnh Hưng Yên", "edge": None}]


def test_a_consolidation_reports_both_old_units_and_a_chain_is_followed(record, units):  # noqa: F811
    new = new_unit("CAH-AB", "Công an huyện An Bình", units.cat, JULY, UnitKind.DISTRICT)
    take_over(EdgeKind.CONSOLIDATE, JULY, "5/QĐ-BCA", [units.cah_a, units.cah_b], new)
    day = dt.date(2026, 1, 1)
    later = new_unit("CAH-Z", "Công an khu vực Z", units.cat, day, UnitKind.DISTRICT)
    take_over(EdgeKind.MERGE, day, "6/QĐ-BCA", [new], later)
    summary = _summary("CAH-Z")
    assert _counts(summary) == _added(_summary("CAH-A"), _summary("CAH-B"))
    codes = [u["code"] for u in summary.as_json()["units_included"]]
    assert codes == ["CAH-Z", "CAH-AB", "CAH-A", "CAH-B"]
    assert _counts(_summary("CAH-Z", own_only=True)) == {}


def test_a_split_predecessor_counts_under_each_successor(record, units):  # noqa: F811
    north = new_unit("CAH-A1", "Công an khu vực Bắc", units.cat, MARCH, UnitKind.DISTRICT)
    south = new_unit("CAH-A2", "Công an khu vực Nam", units.cat, MARCH, UnitKind.DISTRICT)
    split(MARCH, "7/QĐ-BCA", units.cah_a, [north, south])
    old = _counts(_summary("CAH-A"))
    assert _counts(_summary("CAH-A1")) == old
    assert _counts(_summary("CAH-A2")) == old
    # The whole province counts the old district once.
    assert _counts(_summary("CAT")) == _counts(_summary("CAT", own_only=True))


def test_a_rename_or_a_dissolution_brings_nothing_in(record, units):  # noqa: F811
    reorganise(
        effective_date=MARCH,
        basis="8/QĐ-BCA",
        edges=[
            EdgeInput(EdgeKind.RENAME, units.cah_b, new_name="Công an huyện Bình Sơn mới"),
            EdgeInput(EdgeKind.DISSOLVE, units.cah_a),
        ],
    )
    assert [u["code"] for u in _summary("CAH-B").as_json()["units_included"]] == ["CAH-B"]


def test_the_command_reports_through_lineage_unless_own_only(bac_giang):
    def run(*extra):
        out = io.StringIO()
        call_command(
            "report",
            "summary",
            "--from",
            "2015",
            "--to",
            "2020",
            "--unit",
            "CAT",
            *extra,
            stdout=out,
        )
        return json.loads(out.getvalue())

    through = run()
    own = run("--own-only")
    assert [u["code"] for u in through["units_included"]] == ["CAT", "CAT-BG"]
    assert [u["code"] for u in own["units_included"]] == ["CAT"]
    assert through["totals"]["individuals"] == own["totals"]["individuals"] + 2


def test_the_summary_page_has_the_checkbox_and_lists_the_predecessors(bac_giang, users, client_for):
    client = client_for(users.officer)
    query = {"year_from": 2015, "year_to": 2020, "unit": "CAT"}
    page = client.get("/bao-cao/tong-ket/", query).content.decode()
    assert 'name="own_only"' in page
    assert "Công an tỉnh Bắc Giang" in page
    own = client.get("/bao-cao/tong-ket/", {**query, "own_only": "on"}).content.decode()
    assert "Đơn vị tiền thân được tính" not in own
    data = json.loads(client.get("/bao-cao/tong-ket/", {**query, "tai": "json"}).content)
    assert [u["code"] for u in data["units_included"]] == ["CAT", "CAT-BG"]


def test_a_merged_units_summary_has_its_predecessors_cluster_standings(bac_giang):
    """A district of the absorbed province first of its cluster two years running: its
    standings come into the merged province's summary with the awards, not with own_only."""
    district = Unit.objects.get(code="CAH-BG1")
    for year in (2019, 2020):
        standing(Cluster.objects.create(name="Cụm Bắc Giang", year=year), district, 1)

    def leaders(data):
        return [(y["year"], [u["code"] for u in y["leaders"]]) for y in data["years"]]

    merged = _summary("CAT").as_json()["cluster_standings"]
    assert leaders(merged) == [(2019, ["CAH-BG1"]), (2020, ["CAH-BG1"])]
    assert [(s["unit"]["code"], s["from"], s["to"]) for s in merged["streaks"]] == [
        ("CAH-BG1", 2019, 2020)
    ]
    own = _summary("CAT", own_only=True).as_json()["cluster_standings"]
    assert own == {"years": [], "streaks": []}
