"""Reorganisations: each kind of edge, the day-before rule, moving people, and the refusals."""

from __future__ import annotations

import datetime as dt

import pytest

from thidua.org import selectors
from thidua.org.choices import EdgeKind, UnitKind
from thidua.org.lineage import EdgeInput, LineageState, ReorganisationRefused, reorganise
from thidua.org.models import Assignment, LineageEdge, Person, Unit, UnitName
from thidua.org.services import unit_save

MARCH = dt.date(2025, 3, 1)
JULY = dt.date(2025, 7, 1)


def _new_unit(code, name, parent, active_from=None):
    return unit_save(
        unit=Unit(
            code=code, name=name, kind=UnitKind.COMMUNE, parent=parent, active_from=active_from
        )
    )


def _refusal(day, *edges, basis="12/QĐ-BCA"):
    with pytest.raises(ReorganisationRefused) as caught:
        reorganise(effective_date=day, basis=basis, edges=list(edges))
    return " | ".join(caught.value.messages)


def _fresh(unit):
    return Unit.objects.get(pk=unit.pk)


def test_a_merger_ends_the_old_unit_the_day_before_and_keeps_it_in_its_place(units):
    done = reorganise(
        effective_date=MARCH,
        basis="12/QĐ-BCA",
        edges=[EdgeInput(EdgeKind.MERGE, units.cax_a1, units.cax_b1)],
    )
    old = _fresh(units.cax_a1)
    assert old.active_to == dt.date(2025, 2, 28)
    assert old.parent_id == units.cah_a.pk  # not moved under the unit that took it over
    assert done.reorganisation.basis == "12/QĐ-BCA"
    edge = LineageEdge.objects.get()
    assert (edge.kind, edge.old_unit_id, edge.new_unit_id) == ("merge", old.pk, units.cax_b1.pk)
    assert old.history.first().history_change_reason.startswith("Sắp xếp tổ chức theo 12/QĐ-BCA")


def test_a_merger_moves_the_open_assignments_when_asked(units, people):
    done = reorganise(
        effective_date=MARCH,
        basis="12/QĐ-BCA",
        edges=[EdgeInput(EdgeKind.MERGE, units.cax_a1, units.cax_b1, move_people=True)],
    )
    assert done.people_moved == 1
    rows = list(Assignment.objects.filter(person=people.an).order_by("start"))
    assert [(a.unit_id, a.start, a.end) for a in rows] == [
        (units.cax_a1.pk, dt.date(2016, 1, 1), dt.date(2025, 2, 28)),
        (units.cax_b1.pk, MARCH, None),
    ]
    assert rows[1].position == rows[0].position
    assert Person.objects.get(pk=people.an.pk).unit_id == units.cax_b1.pk
    assert people.an.history.count() == 2  # created, then moved (audited)
    assert LineageEdge.objects.get().people_moved == 1
    assert not selectors.people_awaiting_unit(Person.objects.all()).exists()


def test_without_moving_the_people_are_listed_as_needing_a_new_unit(units, people):
    done = reorganise(
        effective_date=MARCH,
        basis="12/QĐ-BCA",
        edges=[EdgeInput(EdgeKind.MERGE, units.cax_a1, units.cax_b1)],
    )
    assert done.people_waiting == 1
    waiting = selectors.people_awaiting_unit(Person.objects.all())
    assert [(a.person_id, a.unit_id) for a in waiting] == [(people.an.pk, units.cax_a1.pk)]
    assert Person.objects.get(pk=people.an.pk).unit_id == units.cax_a1.pk


def test_a_consolidation_ends_both_and_starts_the_new_unit_on_the_date(units):
    new = _new_unit("CAX-AB", "Công an xã An Bình", units.cat)
    reorganise(
        effective_date=JULY,
        basis="1659/NQ-UBTVQH15",
        edges=[
            EdgeInput(EdgeKind.CONSOLIDATE, units.cax_a1, new, row=2),
            EdgeInput(EdgeKind.CONSOLIDATE, units.cax_b1, new, row=3),
        ],
    )
    assert _fresh(units.cax_a1).active_to == _fresh(units.cax_b1).active_to == dt.date(2025, 6, 30)
    assert _fresh(new).active_from == JULY


def test_a_consolidation_of_one_unit_is_refused(units):
    new = _new_unit("CAX-AB", "Công an xã An Bình", units.cat)
    message = _refusal(JULY, EdgeInput(EdgeKind.CONSOLIDATE, units.cax_a1, new, row=4))
    assert "Dòng 4: Hợp nhất cần ít nhất hai đơn vị" in message
    assert _fresh(units.cax_a1).active_to is None  # nothing written


def test_a_consolidation_into_a_unit_that_existed_before_is_refused(units):
    message = _refusal(
        JULY,
        EdgeInput(EdgeKind.CONSOLIDATE, units.cax_a1, units.pv01, row=2),
        EdgeInput(EdgeKind.CONSOLIDATE, units.cax_b1, units.pv01, row=3),
    )
    assert "phải có hiệu lực từ 01/07/2025 (đang ghi 01/01/2015)" in message
    assert "dùng Sáp nhập" in message


def test_a_split_needs_two_new_units_and_moves_people_to_one_of_them(units, people):
    east = _new_unit("CAX-D", "Công an xã An Đông", units.cah_a)
    west = _new_unit("CAX-T", "Công an xã An Tây", units.cah_a)
    message = _refusal(JULY, EdgeInput(EdgeKind.SPLIT, units.cax_a1, east, row=2))
    assert "Chia tách cần ít nhất hai đơn vị mới" in message
    message = _refusal(
        JULY,
        EdgeInput(EdgeKind.SPLIT, units.cax_a1, east, move_people=True, row=2),
        EdgeInput(EdgeKind.SPLIT, units.cax_a1, west, move_people=True, row=3),
    )
    assert "Dòng 3: Cán bộ của đơn vị CAX-A1 chỉ chuyển sang một đơn vị kế thừa" in message
    reorganise(
        effective_date=JULY,
        basis="5/QĐ",
        edges=[
            EdgeInput(EdgeKind.SPLIT, units.cax_a1, east, move_people=True),
            EdgeInput(EdgeKind.SPLIT, units.cax_a1, west),
        ],
    )
    assert _fresh(units.cax_a1).active_to == dt.date(2025, 6, 30)
    assert Person.objects.get(pk=people.an.pk).unit_id == east.pk
    assert _fresh(west).active_from == JULY


def test_a_rename_keeps_the_old_name_for_the_days_before(units):
    reorganise(
        effective_date=JULY,
        basis="7/QĐ",
        edges=[EdgeInput(EdgeKind.RENAME, units.cax_a1, new_name="Công an phường An Lạc")],
    )
    unit = _fresh(units.cax_a1)
    assert unit.name == "Công an phường An Lạc"
    assert unit.active_to is None
    assert UnitName.objects.get().valid_to == dt.date(2025, 6, 30)
    assert selectors.unit_name_on(unit, dt.date(2025, 6, 30)) == "Công an xã An Lạc"
    assert selectors.unit_name_on(unit, JULY) == "Công an phường An Lạc"
    assert LineageEdge.objects.get().old_name == "Công an xã An Lạc"


def test_two_renames_keep_each_name_for_its_own_days(units):
    for day, name in ((MARCH, "Tên hai"), (JULY, "Tên ba")):
        reorganise(
            effective_date=day,
            basis=f"QĐ {day}",
            edges=[EdgeInput(EdgeKind.RENAME, units.cax_a1, new_name=name)],
        )
    names = [
        selectors.unit_name_on(_fresh(units.cax_a1), d)
        for d in (dt.date(2020, 1, 1), MARCH, dt.date(2025, 6, 30), JULY)
    ]
    assert names == ["Công an xã An Lạc", "Tên hai", "Tên hai", "Tên ba"]
    message = _refusal(
        MARCH, EdgeInput(EdgeKind.RENAME, units.cax_a1, new_name="Tên bốn"), basis="x"
    )
    assert "đã đổi tên ngày 01/07/2025" in message


def test_a_dissolution_has_no_successor(units):
    message = _refusal(MARCH, EdgeInput(EdgeKind.DISSOLVE, units.cah_a, units.cah_b, row=5))
    assert "Dòng 5: Giải thể là không có đơn vị kế thừa" in message
    message = _refusal(MARCH, EdgeInput(EdgeKind.DISSOLVE, units.cah_a, move_people=True, row=5))
    assert "Chuyển cán bộ chỉ dùng khi có đơn vị kế thừa" in message
    reorganise(
        effective_date=MARCH, basis="ND 02/2025", edges=[EdgeInput(EdgeKind.DISSOLVE, units.cah_a)]
    )
    assert _fresh(units.cah_a).active_to == dt.date(2025, 2, 28)


def test_a_successor_that_is_missing_is_refused(units):
    message = _refusal(MARCH, EdgeInput(EdgeKind.MERGE, units.cah_a, row=3))
    assert "Dòng 3: Sáp nhập cần đơn vị mới" in message


def test_a_move_puts_the_unit_and_its_subtree_under_the_new_parent(units):
    reorganise(
        effective_date=MARCH,
        basis="ND 02/2025",
        edges=[EdgeInput(EdgeKind.MOVE, units.cax_a1, new_parent=units.cat)],
    )
    moved = _fresh(units.cax_a1)
    assert moved.parent_id == units.cat.pk
    assert moved.path == "/CAT/CAX-A1/"
    assert LineageEdge.objects.get().old_parent_id == units.cah_a.pk


def test_a_move_into_its_own_subtree_is_refused_as_a_cycle(units):
    message = _refusal(MARCH, EdgeInput(EdgeKind.MOVE, units.cah_a, new_parent=units.cax_a1, row=2))
    assert "Dòng 2: Chuyển CAH-A vào CAX-A1 tạo thành vòng lặp" in message
    assert _fresh(units.cah_a).parent_id == units.cat.pk


def test_two_moves_of_one_event_that_loop_are_refused(units):
    message = _refusal(
        MARCH,
        EdgeInput(EdgeKind.MOVE, units.pv01, new_parent=units.cah_b, row=2),
        EdgeInput(EdgeKind.MOVE, units.cah_b, new_parent=units.pv01_d1, row=3),
    )
    assert "Dòng 3: Chuyển CAH-B vào PV01-D1 tạo thành vòng lặp" in message


def test_a_lineage_cycle_is_refused(units):
    reorganise(
        effective_date=JULY,
        basis="B vào A",
        edges=[EdgeInput(EdgeKind.MERGE, units.cax_b1, units.cax_a1)],
    )
    # Entered afterwards with an earlier date: A into B while B still existed.
    message = _refusal(MARCH, EdgeInput(EdgeKind.MERGE, units.cax_a1, units.cax_b1, row=7))
    assert "Dòng 7: Quan hệ kế thừa tạo thành vòng lặp (CAX-A1 → CAX-B1 → CAX-A1)" in message


def test_two_units_taking_each_other_over_in_one_event_are_refused_as_a_cycle(units):
    message = _refusal(
        MARCH,
        EdgeInput(EdgeKind.MERGE, units.cax_a1, units.cax_b1, row=2),
        EdgeInput(EdgeKind.MERGE, units.cax_b1, units.cax_a1, row=3),
    )
    assert "Dòng 2: Quan hệ kế thừa tạo thành vòng lặp (CAX-A1 → CAX-B1 → CAX-A1)" in message


def test_a_successor_ending_in_the_same_event_is_refused(units):
    message = _refusal(
        MARCH,
        EdgeInput(EdgeKind.MERGE, units.cax_a1, units.cax_b1, row=2),
        EdgeInput(EdgeKind.DISSOLVE, units.cax_b1, row=3),
    )
    assert "Dòng 2: Đơn vị kế thừa CAX-B1 (Công an xã Bình Minh) cũng kết thúc" in message


def test_a_date_outside_the_old_units_period_is_refused(units):
    message = _refusal(
        dt.date(2015, 1, 1), EdgeInput(EdgeKind.MERGE, units.cax_a1, units.cax_b1, row=2)
    )
    assert "Dòng 2: Ngày hiệu lực 01/01/2015 nằm ngoài thời gian hiệu lực" in message
    units.cax_a1.active_to = dt.date(2025, 2, 28)
    unit_save(unit=units.cax_a1)
    message = _refusal(
        dt.date(2025, 3, 2), EdgeInput(EdgeKind.MERGE, units.cax_a1, units.cax_b1, row=2)
    )
    assert "nằm ngoài thời gian hiệu lực của đơn vị CAX-A1" in message


def test_the_day_after_a_recorded_end_is_accepted_and_keeps_it(units):
    units.cax_a1.active_to = dt.date(2025, 2, 28)
    unit_save(unit=units.cax_a1)
    reorganise(
        effective_date=MARCH,
        basis="ND 02/2025",
        edges=[EdgeInput(EdgeKind.MERGE, units.cax_a1, units.cax_b1)],
    )
    assert _fresh(units.cax_a1).active_to == dt.date(2025, 2, 28)


def test_an_earlier_end_is_moved_to_the_day_before(units):
    units.cax_a1.active_to = dt.date(2025, 12, 31)
    unit_save(unit=units.cax_a1)
    reorganise(
        effective_date=MARCH,
        basis="ND 02/2025",
        edges=[EdgeInput(EdgeKind.DISSOLVE, units.cax_a1)],
    )
    assert _fresh(units.cax_a1).active_to == dt.date(2025, 2, 28)


def test_a_unit_ended_by_one_event_cannot_end_again(units):
    reorganise(effective_date=JULY, basis="A", edges=[EdgeInput(EdgeKind.DISSOLVE, units.cax_a1)])
    message = _refusal(JULY, EdgeInput(EdgeKind.MERGE, units.cax_a1, units.cax_b1), basis="B")
    assert "đã kết thúc theo đợt sắp xếp A ngày 01/07/2025" in message


def test_the_state_checks_a_later_event_against_an_earlier_one_in_memory(units):
    state = LineageState.load()
    first = [EdgeInput(EdgeKind.DISSOLVE, units.cax_a1)]
    assert state.check(MARCH, "A", first) == []
    state.advance(MARCH, "A", first)
    second = [EdgeInput(EdgeKind.MOVE, units.cax_a1, new_parent=units.cat)]
    problems = state.check(JULY, "B", second)
    assert [p.field for p in problems] == ["effective_date"]
    assert Unit.objects.get(pk=units.cax_a1.pk).active_to is None  # nothing written


def test_the_tree_on_a_date_has_the_units_names_and_parents_of_that_day(units):
    reorganise(
        effective_date=MARCH,
        basis="ND 02/2025",
        edges=[
            EdgeInput(EdgeKind.MOVE, units.cax_a1, new_parent=units.cat),
            EdgeInput(EdgeKind.DISSOLVE, units.cah_a),
            EdgeInput(EdgeKind.RENAME, units.cax_b1, new_name="Công an phường Bình Minh"),
        ],
    )
    before = {u.code: u for u in selectors.tree_on(dt.date(2025, 2, 1), Unit.objects.all())}
    after = {u.code: u for u in selectors.tree_on(MARCH, Unit.objects.all())}
    assert "CAH-A" in before and "CAH-A" not in after
    assert before["CAX-A1"].depth == 2 and after["CAX-A1"].depth == 1
    assert [u.code for u in selectors.tree_on(dt.date(2025, 2, 1), Unit.objects.all())][:5] == [
        "CAT",
        "CAH-A",
        "CAX-A1",
        "CAH-B",
        "CAX-B1",
    ]
    assert before["CAX-B1"].name == "Công an xã Bình Minh"
    assert after["CAX-B1"].name == "Công an phường Bình Minh"
    assert not selectors.tree_on(dt.date(2014, 12, 31), Unit.objects.all())


def test_the_unit_timeline_lists_predecessors_and_successors(units):
    reorganise(
        effective_date=MARCH,
        basis="12/QĐ",
        edges=[EdgeInput(EdgeKind.MERGE, units.cax_a1, units.cax_b1)],
    )
    out = selectors.unit_timeline(units.cax_a1)
    into = selectors.unit_timeline(units.cax_b1)
    assert [(s.direction, s.other.code) for s in out] == [("out", "CAX-B1")]
    assert [(s.direction, s.other.code) for s in into] == [("in", "CAX-A1")]


def test_ending_a_unit_that_keeps_units_in_force_under_it_is_warned(units):
    done = reorganise(
        effective_date=MARCH, basis="A", edges=[EdgeInput(EdgeKind.DISSOLVE, units.cah_a)]
    )
    assert [w.message for w in done.warnings] == [
        "Đơn vị CAH-A kết thúc nhưng còn 1 đơn vị trực thuộc đang hoạt động (CAX-A1): hãy "
        "chuyển hoặc sắp xếp các đơn vị đó."
    ]
    done = reorganise(
        effective_date=MARCH,
        basis="B",
        edges=[
            EdgeInput(EdgeKind.MOVE, units.cax_b1, new_parent=units.cat),
            EdgeInput(EdgeKind.DISSOLVE, units.cah_b),
        ],
    )
    assert done.warnings == []
