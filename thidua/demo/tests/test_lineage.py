"""The demo's history of reorganisations: recorded as events through org.lineage, the tree
as it stood before and after, the people's careers following it, the same for a seed."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import transaction

from thidua.demo.builder import build_demo
from thidua.org.choices import EdgeKind, UnitKind
from thidua.org.models import Assignment, LineageEdge, Reorganisation, Unit
from thidua.org.selectors import tree_on

DISTRICTS_END = dt.date(2025, 2, 28)
MERGED = dt.date(2025, 7, 1)


def _build(**options):
    return build_demo(stdout=io.StringIO(), **{"people": 300, "seed": 7, **options})


def _tree(day: dt.date) -> dict[str, str | None]:
    """{code: parent code} of the tree as it stood on `day` (org.selectors.tree_on)."""
    parents: dict[str, str | None] = {}
    stack: list[Unit] = []
    for unit in tree_on(day, Unit.objects.all()):
        del stack[unit.depth :]
        parents[unit.code] = stack[-1].code if stack else None
        stack.append(unit)
    return parents


def _edges():
    return sorted(
        LineageEdge.objects.values_list(
            "reorganisation__effective_date",
            "reorganisation__basis",
            "kind",
            "old_unit__code",
            "new_unit__code",
            "new_parent__code",
        ),
        key=str,
    )


@pytest.mark.django_db
def test_the_reorganisations_are_events_with_their_basis_and_edges():
    _build()
    events = list(Reorganisation.objects.order_by("effective_date", "basis"))
    assert [(e.effective_date, e.basis) for e in events] == [
        (dt.date(2020, 1, 1), "856/NQ-UBTVQH14"),
        (dt.date(2025, 3, 1), "02/2025/NĐ-CP"),
        (dt.date(2025, 3, 1), "1155/QĐ-BCA"),
        (MERGED, "1680/NQ-UBTVQH15"),
        (MERGED, "202/2025/QH15"),
    ]
    edges = _edges()
    kinds = {(day, kind, old, new or parent) for day, _b, kind, old, new, parent in edges}
    assert (dt.date(2025, 3, 1), EdgeKind.DISSOLVE, "CAH02", None) in kinds
    assert (dt.date(2025, 3, 1), EdgeKind.MOVE, "CAH02-X01", "CAT") in kinds
    assert (dt.date(2025, 3, 1), EdgeKind.MOVE, "LG-CAH01-X01", "LG-CAT") in kinds
    assert (dt.date(2025, 3, 1), EdgeKind.MERGE, "PC05", "PC03-D1") in kinds
    assert (MERGED, EdgeKind.CONSOLIDATE, "CAH02-X01", "CAX-DONGSON") in kinds
    assert (MERGED, EdgeKind.MERGE, "LG-CAT", "CAT") in kinds
    assert (MERGED, EdgeKind.MERGE, "LG-PC02", "PC02") in kinds
    assert (MERGED, EdgeKind.MOVE, "LG-CAH01-X01", "CAT") in kinds
    dissolved = {old for _d, _b, kind, old, _n, _p in edges if kind == EdgeKind.DISSOLVE}
    assert dissolved == set(
        Unit.objects.filter(kind=UnitKind.DISTRICT).values_list("code", flat=True)
    )
    # Every district ended the day before 01/03/2025; the units merged on 01/07 on 30/06.
    assert set(Unit.objects.filter(kind=UnitKind.DISTRICT).values_list("active_to", flat=True)) == {
        DISTRICTS_END
    }
    assert Unit.objects.get(code="LG-CAT").active_to == dt.date(2025, 6, 30)
    assert Unit.objects.get(code="CAX-DONGSON").active_from == MERGED


@pytest.mark.django_db
def test_the_tree_on_28_02_2025_has_two_forces_with_their_districts():
    _build()
    tree = _tree(DISTRICTS_END)
    assert tree["CAT"] is None and tree["LG-CAT"] is None
    assert tree["CAH02"] == "CAT" and tree["CAH02-X01"] == "CAH02"
    assert tree["LG-CAH02"] == "LG-CAT" and tree["LG-CAH02-X01"] == "LG-CAH02"
    assert tree["PC05"] == "CAT" and tree["LG-PC02"] == "LG-CAT"
    assert "CAH02-X04" not in tree  # merged into Đông Thịnh in 2020
    assert "CAX-DONGSON" not in tree and "PC03-D1" not in tree  # not yet set up
    districts = [c for c, p in tree.items() if Unit.objects.get(code=c).kind == UnitKind.DISTRICT]
    assert len(districts) == 11


@pytest.mark.django_db
def test_between_the_two_dates_the_communes_stand_under_their_own_province():
    _build()
    tree = _tree(dt.date(2025, 4, 1))
    assert not any(code.startswith("CAH") and "-" not in code for code in tree)
    assert tree["CAH02-X01"] == "CAT" and tree["LG-CAH02-X01"] == "LG-CAT"
    assert tree["PC03-D1"] == "PC03" and "PC05" not in tree


@pytest.mark.django_db
def test_the_tree_on_02_07_2025_is_one_province_with_communes_under_it():
    _build()
    tree = _tree(dt.date(2025, 7, 2))
    assert [code for code, parent in tree.items() if parent is None] == ["CAT"]
    assert not any(code.startswith(("LG-CAT", "LG-P")) for code in tree)
    assert tree["CAX-DONGSON"] == "CAT" and tree["CAX-BAOLAM"] == "CAT"
    assert tree["LG-CAH01-X01"] == "CAT"  # the absorbed force's commune, moved under Sơn Hà
    for old in ("CAH02-X01", "CAH02-X02", "CAH02-X03", "CAH04-X01", "LG-CAH02-X01"):
        assert old not in tree  # merged into the new communes
    assert tree == _tree(dt.date(2025, 12, 31))


@pytest.mark.django_db
def test_careers_follow_the_reorganisations():
    _build()
    # Some of Đông Sơn's people were at Đông Thịnh until 30/06 and at the district until 28/02.
    came = Assignment.objects.filter(unit__code="CAX-DONGSON", start=MERGED).values("person_id")
    before = Assignment.objects.filter(person_id__in=came, end=dt.date(2025, 6, 30))
    assert set(before.values_list("unit__code", flat=True)) <= {
        "CAH02-X01",
        "CAH02-X02",
        "CAH02-X03",
    }
    assert before.exists()
    assert Assignment.objects.filter(unit__code="CAH02", end=DISTRICTS_END).exists()
    # The absorbed force's Phòng handed their people to Sơn Hà's on 01/07.
    assert Assignment.objects.filter(unit__code="PC08", start=MERGED).exists()
    assert Assignment.objects.filter(unit__code="LG-PC08", end=dt.date(2025, 6, 30)).exists()
    assert not Assignment.objects.filter(unit__kind=UnitKind.DISTRICT, end__isnull=True).exists()


@pytest.mark.django_db
def test_the_same_seed_records_the_same_history():
    def snapshot():
        with transaction.atomic():
            _build()
            edges = _edges()
            units = sorted(
                Unit.objects.values_list("code", "parent__code", "active_from", "active_to")
            )
            transaction.set_rollback(True)
        return edges, units

    assert snapshot() == snapshot()


@pytest.mark.django_db
def test_the_demo_clerk_reads_the_communes_it_took_over_not_the_dissolved_district():
    from thidua.accounts import scope
    from thidua.demo.accounts import ensure_demo_accounts

    _build(people=120)
    clerk = next(
        user for spec, user, _ in ensure_demo_accounts() if spec.username == "vanthu_cah02"
    )
    readable = set(scope.readable_units(clerk).values_list("code", flat=True))
    assert readable == {"CAX-DONGSON", "CAH02-X01", "CAH02-X02", "CAH02-X03", "CAH02-X04"}
