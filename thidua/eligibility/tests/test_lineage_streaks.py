"""The loader reads collectives through lineage, as the pack says (Pack.reorganisation): a
renamed unit keeps its streak; a merged unit's streak follows the pack; a unit closed in a
reorganisation is not proposed after its end."""

from __future__ import annotations

import datetime as dt

from thidua.awards.services import yearly_result_save
from thidua.eligibility.loader import load_history
from thidua.org.choices import EdgeKind
from thidua.org.lineage import EdgeInput, reorganise
from thidua.org.tests.lineage_steps import new_unit, take_over
from thidua.rules.engine import Candidate, check_candidates, evaluate
from thidua.rules.tests.test_reorganisation_pack import book

MARCH = dt.date(2024, 3, 1)


def _titles(types, unit, *years):
    for year in years:
        yearly_result_save(year=year, unit=unit, title=types.don_vi_quyet_thang)


def _judge(rulebook, unit, year=2024):
    loaded = load_history(year, unit=unit, family="test", rulebook=rulebook)
    (verdict,) = check_candidates(
        loaded.history,
        year,
        [Candidate("collective", unit.code, "co_thi_dua_bca")],
        family="test",
        rulebook=rulebook,
    )
    return verdict


def test_a_renamed_units_streak_is_kept(tmp_path, types, units):
    _titles(types, units.cah_a, 2022, 2023, 2024)
    reorganise(
        effective_date=dt.date(2023, 7, 1),
        basis="3/QĐ-BCA",
        edges=[EdgeInput(EdgeKind.RENAME, units.cah_a, new_name="Công an huyện An Phú Mới")],
    )
    verdict = _judge(book(tmp_path), units.cah_a)
    assert verdict.eligible
    assert "tính cả năm 2022 của đơn vị cũ Công an huyện An Phú (đổi tên)" in (
        verdict.conditions[0].evidence
    )


def test_a_merged_units_streak_follows_the_pack(tmp_path, types, units):
    _titles(types, units.cah_a, 2022, 2023)
    _titles(types, units.cah_b, 2024)
    reorganise(
        effective_date=MARCH,
        basis="4/QĐ-BCA",
        edges=[EdgeInput(EdgeKind.MERGE, units.cah_a, units.cah_b)],
    )
    by_default = _judge(book(tmp_path), units.cah_b)
    assert not by_default.eligible
    assert (
        "chuỗi năm không tiếp nối qua sáp nhập ngày 01/03/2024 (đơn vị cũ Công an huyện An Phú)"
        in by_default.conditions[0].missing
    )
    carried = _judge(book(_other(tmp_path), "[rename, merge]"), units.cah_b)
    assert carried.eligible
    assert (
        "tính cả năm 2022, 2023 của đơn vị cũ Công an huyện An Phú (sáp nhập 01/03/2024)"
        in carried.conditions[0].evidence
    )


def test_a_chain_counts_only_when_the_pack_carries_every_edge(tmp_path, types, units):
    _titles(types, units.cax_a1, 2022, 2023)
    _titles(types, units.cah_b, 2024)
    jan = dt.date(2024, 1, 1)
    new = new_unit("CAX-N", "Công an xã Mới", units.cah_a, jan)
    take_over(EdgeKind.CONSOLIDATE, jan, "5/QĐ-BCA", [units.cax_a1, units.cax_b1], new)
    take_over(EdgeKind.MERGE, MARCH, "6/QĐ-BCA", [new], units.cah_b)
    assert not _judge(book(tmp_path, "[rename, merge]"), units.cah_b).eligible
    assert _judge(book(_other(tmp_path), "[rename, merge, consolidate]"), units.cah_b).eligible


def test_a_unit_closed_in_a_reorganisation_is_not_proposed_after_its_end(tmp_path, types, units):
    _titles(types, units.cah_a, 2021, 2022, 2023, 2024)
    _titles(types, units.cah_b, 2022, 2023, 2024)
    reorganise(
        effective_date=dt.date(2024, 7, 1),
        basis="7/QĐ-BCA",
        edges=[EdgeInput(EdgeKind.DISSOLVE, units.cah_a)],
    )
    rulebook = book(tmp_path)
    loaded = load_history(2024, within=units.cat.path, family="test", rulebook=rulebook)
    proposed = evaluate(loaded.history, 2024, only_eligible=True, family="test", rulebook=rulebook)
    assert [v.recipient_code for v in proposed] == ["CAH-B"]
    closed = _judge(rulebook, units.cah_a)
    assert not closed.eligible
    assert closed.conditions[-1].citation == "Thông tư 15/2025/TT-BNV"
    assert "(giải thể)" in closed.conditions[-1].missing
    assert _judge(rulebook, units.cah_a, 2023).eligible  # 2023 ended in service


def _other(tmp_path):
    other = tmp_path / "other"
    other.mkdir(exist_ok=True)
    return other
