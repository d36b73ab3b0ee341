"""A unit's record page shows the collective awards of the units it took over, marked as
theirs; a person's record never changes with a reorganisation."""

from __future__ import annotations

import datetime as dt

from thidua.awards.history import build_history
from thidua.awards.selectors import person_records, unit_records
from thidua.awards.services import Recipient, decision_create
from thidua.org.choices import EdgeKind
from thidua.org.lineage import EdgeInput, reorganise
from thidua.org.tests.lineage_steps import new_unit, take_over

MARCH = dt.date(2025, 3, 1)


def _give(types, year, **recipient):
    return decision_create(
        number=f"{year}/QĐ-L-{next(iter(recipient))}",
        date=dt.date(year, 12, 20),
        award_type=types.don_vi_quyet_thang if "unit" in recipient else types.chien_si_tien_tien,
        recipients=[Recipient(year_from=year, year_to=year, **recipient)],
    )


def _history_lines(history):
    return [(e.period, e.label, e.decision_text) for e in history.entries]


def test_the_successors_page_lists_the_predecessors_awards_as_theirs(
    types, units, people, client_for, users
):
    _give(types, 2023, unit=units.cah_a)
    _give(types, 2024, unit=units.cah_b)
    reorganise(
        effective_date=MARCH,
        basis="12/QĐ-BCA",
        edges=[EdgeInput(EdgeKind.MERGE, units.cah_a, units.cah_b)],
    )
    history = build_history(unit_records(units.cah_b))
    assert [e.period for e in history.entries] == ["2024"]  # its own record is its own
    (pred,) = history.predecessors
    assert pred.unit == units.cah_a
    assert pred.owner == "của Công an huyện An Phú (đã sáp nhập 01/03/2025)"
    assert [(e.period, e.label) for e in pred.entries] == [("2023", "Đơn vị quyết thắng")]
    page = client_for(users.officer).get("/khen-thuong/don-vi/CAH-B/").content.decode()
    assert "Khen thưởng của đơn vị tiền thân" in page
    assert "của Công an huyện An Phú (đã sáp nhập 01/03/2025)" in page
    # The old unit's own page is unchanged: its awards, no predecessor.
    old = build_history(unit_records(units.cah_a))
    assert [e.period for e in old.entries] == ["2023"] and old.predecessors == []


def test_a_chain_of_consolidations_is_followed_and_named_by_its_kind(types, units):
    _give(types, 2022, unit=units.cax_a1)
    new = new_unit("CAX-N", "Công an xã Mới", units.cah_a, MARCH)
    take_over(EdgeKind.CONSOLIDATE, MARCH, "13/QĐ-BCA", [units.cax_a1, units.cax_b1], new)
    take_over(EdgeKind.MERGE, dt.date(2025, 7, 1), "14/QĐ-BCA", [new], units.cah_b)
    history = build_history(unit_records(units.cah_b))
    # CAX-N has no awards of its own: only CAX-A1's are listed, named by their own edge.
    assert [p.owner for p in history.predecessors] == [
        "của Công an xã An Lạc (đã hợp nhất 01/03/2025)"
    ]


def test_a_persons_record_does_not_change_with_a_reorganisation(types, units, people):
    _give(types, 2023, person=people.an)
    before = _history_lines(build_history(person_records(people.an)))
    reorganise(
        effective_date=MARCH,
        basis="12/QĐ-BCA",
        edges=[EdgeInput(EdgeKind.MERGE, units.cax_a1, units.cax_b1, move_people=True)],
    )
    after = build_history(person_records(people.an))
    assert _history_lines(after) == before
    assert after.predecessors == []
