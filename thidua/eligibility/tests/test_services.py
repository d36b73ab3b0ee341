"""The service functions the nomination workflow will call."""

from __future__ import annotations

import pytest

from thidua.accounts.scope import SYSTEM
from thidua.eligibility.services import (
    EligibilityError,
    OutOfScope,
    check_candidate_list,
    eligibility_report,
    eligibility_run,
)
from thidua.rules.engine import Candidate

from .conftest import YEAR


def test_a_candidate_list_gets_one_verdict_per_line_in_order(record, users):
    verdicts = check_candidate_list(
        user=users.clerk_a,
        year=YEAR,
        candidates=[
            Candidate("individual", "CA0001", "cstd_cand"),
            Candidate("individual", "CA0003", "cstd_co_so"),  # CAH-B: outside clerk_a's subtree
            Candidate("individual", "CA0001", "cstd_cand"),  # listed twice
            Candidate("collective", "CAH-A", "cstd_co_so"),  # wrong kind of recipient
        ],
    )
    assert [(v.recipient_code, v.eligible) for v in verdicts] == [
        ("CA0001", True),
        ("CA0003", False),
        ("CA0001", False),
        ("CAH-A", False),
    ]
    assert verdicts[1].recipient_name == ""
    assert "không tìm thấy mã 'CA0003'" in verdicts[1].missing()
    assert any("đã có trong danh sách" in m for m in verdicts[2].missing())


def test_eligibility_run_returns_the_verdicts(record, users):
    verdicts = eligibility_run(user=users.clerk_a, year=YEAR, award="cstd_cand")
    assert [(v.recipient_code, v.eligible) for v in verdicts] == [("CA0001", True)]


def test_a_sweep_of_a_subtree_within_the_scope(record, users):
    run = eligibility_report(user=users.officer, year=YEAR, within="CAX-A1")
    assert {v.recipient_code for v in run.verdicts} == {"CA0001"}
    with pytest.raises(OutOfScope):
        eligibility_report(user=users.clerk_b, year=YEAR, within="CAX-A1")


def test_a_scoped_account_without_a_unit_sees_nothing(record, users):
    users.clerk_a.unit = None
    users.clerk_a.save()
    with pytest.raises(EligibilityError):
        eligibility_run(user=users.clerk_a, year=YEAR)


def test_person_and_unit_together_must_match(record, users):
    with pytest.raises(EligibilityError, match="không thuộc đơn vị"):
        eligibility_run(user=SYSTEM, year=YEAR, person_code="CA0001", unit_code="CAH-B")
    verdicts = eligibility_run(user=SYSTEM, year=YEAR, person_code="CA0001", unit_code="CAH-A")
    assert {v.recipient_code for v in verdicts} == {"CA0001"}
