"""Collectives across a reorganisation, as pack data (Pack.reorganisation): whether a title
streak continues across an edge, what the why/why-not says, and units closed in a
reorganisation kept from collective awards."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from thidua.rules.conditions import PackError
from thidua.rules.engine import Candidate, Rulebook, check_candidates, evaluate
from thidua.rules.facts import AwardFact, History, PredecessorFact
from thidua.rules.tests.builders import RULEBOOK, unit

PACK = """
id: p
family: test
effective_from: 2000-01-01
documents:
  doc: {name: "Văn bản", short: "Văn bản"}
  tt15: {name: "Thông tư 15/2025/TT-BNV", short: "Thông tư 15/2025/TT-BNV"}
scales:
  appraisal: [{code: tot, name: "Tốt"}]
  initiative_scope: [{code: co_so, name: "cơ sở"}]
  discipline: [{code: khien_trach, name: "Khiển trách"}]
  discipline_default_months: 12
awards:
  co_thi_dua_bca:
    recipient: collective
    conditions:
      - kind: consecutive
        award: don_vi_quyet_thang
        years: 3
        text: "3 năm liền Đơn vị quyết thắng"
        citation: {document: doc}
        status: verified
reorganisation:
  streaks:
    across: ACROSS
    text: "Chuỗi năm chỉ tiếp nối qua các hình thức của gói"
    status: unverified
  closed_units:
    text: "Không khen thưởng tập thể đã giải thể trong sắp xếp tổ chức bộ máy"
    citation: {document: tt15}
    status: verified
"""


def book(tmp_path: Path, across: str = "[rename]") -> Rulebook:
    (tmp_path / "p.yaml").write_text(PACK.replace("ACROSS", across), encoding="utf-8")
    return Rulebook.load(tmp_path)


def judge(history: History, code: str, rulebook: Rulebook, year: int = 2024):
    (verdict,) = check_candidates(
        history,
        year,
        [Candidate("collective", code, "co_thi_dua_bca")],
        family="test",
        rulebook=rulebook,
    )
    return verdict


def test_a_renamed_units_streak_is_kept_and_says_whose_years_they_were(tmp_path):
    renamed = unit(
        "D1",
        titles={2022: "don_vi_quyet_thang", 2023: "don_vi_quyet_thang", 2024: "don_vi_quyet_thang"},
    )
    renamed = replace(renamed, former_names=(("Đội Cũ", date(2023, 6, 30)),))
    verdict = judge(History([], [renamed]), "D1", book(tmp_path))
    assert verdict.eligible
    (row,) = verdict.conditions
    assert "tính cả năm 2022 của đơn vị cũ Đội Cũ (đổi tên)" in row.evidence


def test_a_merged_units_streak_breaks_by_default_and_says_why(tmp_path):
    successor = unit("D2", titles={2024: "don_vi_quyet_thang"})
    successor = replace(
        successor,
        predecessors=(PredecessorFact("D1", "Đội Một", "merge", date(2024, 3, 1), counted=False),),
    )
    verdict = judge(History([], [successor]), "D2", book(tmp_path))
    assert not verdict.eligible
    (row,) = verdict.conditions
    assert (
        "chuỗi năm không tiếp nối qua sáp nhập ngày 01/03/2024 (đơn vị cũ Đội Một)" in row.missing
    )
    assert "Chuỗi năm chỉ tiếp nối qua các hình thức của gói" in row.missing


def test_a_merged_units_carried_years_count_and_are_named(tmp_path):
    via = "đơn vị cũ Đội Một (sáp nhập 01/03/2024)"
    carried = tuple(AwardFact("don_vi_quyet_thang", y, y, via=via) for y in (2022, 2023))
    successor = unit("D2", titles={2024: "don_vi_quyet_thang"}, awards=carried)
    successor = replace(
        successor,
        predecessors=(PredecessorFact("D1", "Đội Một", "merge", date(2024, 3, 1), counted=True),),
    )
    rulebook = book(tmp_path, "[rename, merge]")
    verdict = judge(History([], [successor]), "D2", rulebook)
    assert verdict.eligible
    (row,) = verdict.conditions
    assert f"tính cả năm 2022, 2023 của {via}" in row.evidence
    assert any(e.startswith("2022:") and f"(của {via})" in e for e in row.evidence)
    # The sweep agrees with the single verdict.
    swept = evaluate(History([], [successor]), 2024, family="test", rulebook=rulebook)
    assert [(v.recipient_code, v.eligible) for v in swept] == [("D2", True)]


def test_a_unit_closed_in_a_reorganisation_is_not_proposed_after_its_end(tmp_path):
    titles = dict.fromkeys((2022, 2023, 2024), "don_vi_quyet_thang")
    closed = unit("D1", titles=titles)
    closed = replace(
        closed,
        active_to=date(2024, 6, 30),
        closed_on=date(2024, 7, 1),
        closed_kind="merge",
    )
    open_one = unit("D2", titles=titles)
    rulebook = book(tmp_path)
    history = History([], [closed, open_one])
    swept = evaluate(history, 2024, family="test", rulebook=rulebook)
    assert [v.recipient_code for v in swept] == ["D2"]
    # Still judged for the year before, which it ended in service.
    assert {
        v.recipient_code
        for v in evaluate(History([], [closed]), 2023, family="test", rulebook=rulebook)
    } == {"D1"}
    verdict = judge(history, "D1", rulebook)
    assert not verdict.eligible
    row = verdict.conditions[-1]
    assert row.text == "Không khen thưởng tập thể đã giải thể trong sắp xếp tổ chức bộ máy"
    assert (row.citation, row.status) == ("Thông tư 15/2025/TT-BNV", "verified")
    assert "đã kết thúc hoạt động từ ngày 01/07/2024 (sáp nhập)" in row.missing


def test_the_real_packs_continue_streaks_only_across_a_rename_and_cite_tt_15():
    for pack_id in ("luat_2022", "cand_2024"):
        rules = RULEBOOK.packs[pack_id].reorganisation
        assert rules.streaks_across == {"rename"}
        assert rules.streaks.status == "unverified"
        assert rules.closed_units.cited == "Thông tư 15/2025/TT-BNV"
    assert RULEBOOK.packs["cand_2024"].reorganisation.closed_units.status == "unverified"
    assert RULEBOOK.packs["luat_2022"].reorganisation.closed_units.status == "verified"


@pytest.mark.parametrize(
    "across,message",
    [
        ("[merge]", "có rename"),
        ("[rename, move]", "không có: \\['move'\\]"),
        ("rename", "danh sách"),
    ],
)
def test_a_wrong_reorganisation_entry_is_refused(tmp_path, across, message):
    with pytest.raises(PackError, match=message):
        book(tmp_path, across)
