"""Award types that are alternatives for one achievement are one suggestion with a choice."""

from __future__ import annotations

from thidua.eligibility.presenters import group_by_award
from thidua.rules.engine import default_rulebook
from thidua.rules.results import Verdict

MINISTER, CHAIRMAN = "Bằng khen của Bộ trưởng Bộ Công an", "Bằng khen của Chủ tịch UBND tỉnh"


def _verdict(code: str, award: str, name: str) -> Verdict:
    return Verdict("individual", code, "Người " + code, award, name, True, [])


def test_the_ministers_and_the_chairmans_bang_khen_are_one_suggestion_with_a_choice():
    alternatives = default_rulebook().packs["cand_2024"].alternatives
    verdicts = [
        _verdict("A", "bang_khen_bo_truong", MINISTER),
        _verdict("B", "bang_khen_bo_truong", MINISTER),
        _verdict("A", "bang_khen_ubnd_tinh", CHAIRMAN),
        _verdict("C", "cstd_co_so", "Chiến sĩ thi đua cơ sở"),
    ]
    groups = group_by_award(verdicts, alternatives)
    assert [g.name for g in groups] == [f"{MINISTER} hoặc {CHAIRMAN}", "Chiến sĩ thi đua cơ sở"]
    both = groups[0]
    assert [v.recipient_code for v in both.verdicts] == ["A", "B"]  # each person once
    assert both.options_of(both.verdicts[0]) == [MINISTER, CHAIRMAN]
    assert both.options_of(both.verdicts[1]) == [MINISTER]
    assert "Điều 5 Luật Thi đua, khen thưởng 2022" in both.rule


def test_a_single_award_type_of_an_alternative_stays_its_own_group():
    alternatives = default_rulebook().packs["cand_2024"].alternatives
    groups = group_by_award([_verdict("A", "bang_khen_bo_truong", MINISTER)], alternatives)
    assert [(g.code, g.choices) for g in groups] == [("bang_khen_bo_truong", [])]


def test_a_pack_naming_an_unknown_alternative_is_refused():
    import pytest

    from thidua.rules.conditions import PackError
    from thidua.rules.packs import PACKS_DIR, build_pack, merged, read_raw

    data = merged(read_raw(PACKS_DIR), "luat_2022")
    data["alternatives"] = [{"awards": ["bang_khen_bo_truong", "khong_co"], "text": "x"}]
    with pytest.raises(PackError, match="không có"):
        build_pack(data)
