"""The pack's procedure: disclosure periods and council thresholds as data, and the ballot
arithmetic at its boundaries."""

from __future__ import annotations

from fractions import Fraction

import pytest

from thidua.rules.conditions import PackError
from thidua.rules.engine import default_rulebook
from thidua.rules.procedure import parse_procedure, tally


def _pack(year: int):
    return default_rulebook().pack_for(year, "cand")


def test_orders_must_be_disclosed_ten_working_days_under_decree_98():
    rule = _pack(2025).procedure.disclosure_for("hc_bao_ve_to_quoc_3")
    assert rule.working_days == 10
    assert rule.status == "verified"
    assert "Điều 46" in rule.cited


def test_titles_of_the_unit_need_no_disclosure():
    assert _pack(2025).procedure.disclosure_for("cstd_co_so") is None


def test_highest_titles_need_ninety_percent_of_all_members_as_an_old_value():
    rule = _pack(2025).procedure.ballot_for("cstd_cand")
    assert rule.approval.share == Fraction(9, 10)
    assert rule.approval.status == "verified_old"
    assert "91/2017" in rule.approval.cited


def test_exactly_ninety_percent_passes_one_vote_less_does_not():
    rule = _pack(2025).procedure.ballot_for("cstd_cand")
    assert tally(rule, members=10, present=10, agree=9, disagree=1).passed
    assert not tally(rule, members=10, present=10, agree=8, disagree=2).passed


def test_written_votes_of_absent_members_count_toward_the_threshold():
    rule = _pack(2025).procedure.ballot_for("cstd_cand")
    outcome = tally(rule, members=10, present=8, agree=8, written_agree=1, written_disagree=1)
    assert (outcome.agree, outcome.needed, outcome.passed) == (9, 9, True)


def test_a_missing_quorum_fails_even_when_everyone_present_agrees():
    rule = _pack(2025).procedure.ballot_for("giay_khen_giam_doc")
    outcome = tally(rule, members=10, present=6, agree=6)
    assert (outcome.quorum_needed, outcome.quorum_met, outcome.passed) == (7, False, False)
    assert tally(rule, members=9, present=6, agree=6).quorum_met  # 2/3 of 9 is exactly 6


def test_more_than_half_of_all_members_by_default():
    rule = _pack(2025).procedure.ballot_for("giay_khen_giam_doc")
    assert not tally(rule, members=10, present=10, agree=5, disagree=5).passed
    assert tally(rule, members=10, present=10, agree=6, disagree=4).passed
    assert rule.approval.status == "unverified"


@pytest.mark.parametrize(
    ("counts", "problem"),
    [
        ({"members": 10, "present": 11, "agree": 0}, "present > members"),
        ({"members": 10, "present": 8, "agree": 7, "disagree": 2}, "ballots > present"),
        ({"members": 10, "present": 9, "agree": 9, "written_agree": 2}, "written > absent"),
    ],
)
def test_an_impossible_tally_is_refused(counts, problem):
    rule = _pack(2025).procedure.ballot_for("cstd_cand")
    with pytest.raises(ValueError, match=problem.replace(">", ".")):
        tally(rule, **counts)


def _ballot(approval):
    quorum = {"share": "2/3", "text": "q"}
    return {"ballot": {"default": {"quorum": quorum, "approval": approval}}}


@pytest.mark.parametrize("share", [0, 1.5, "nhiều", None])
def test_a_threshold_must_be_a_share_between_0_and_1(share):
    with pytest.raises(PackError, match="share"):
        parse_procedure(_ballot({"share": share, "text": "x"}), str, ("verified",), "test")


def test_a_threshold_needs_a_known_base():
    with pytest.raises(PackError, match="of"):
        parse_procedure(
            _ballot({"share": 0.5, "of": "voters", "text": "x"}), str, ("verified",), "t"
        )
