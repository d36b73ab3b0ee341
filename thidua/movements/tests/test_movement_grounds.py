"""Awards given in a themed movement or a peak drive are not grounds for a higher merit
award where the pack says so (luat_2022 `movement_awards`: the ND 152/2025 principle,
status partial), judged from legal scenarios without a database."""

from __future__ import annotations

from dataclasses import replace

import pytest

from thidua.rules.engine import evaluate
from thidua.rules.facts import History
from thidua.rules.tests.builders import RULEBOOK, all_units, award, explain, grades, judge, person

TTG = "bang_khen_thu_tuong"


def _bang_khen(year: int = 2022, kind: str = "", name: str = ""):
    return replace(award("bang_khen_bo_truong", year), movement_kind=kind, movement=name)


def _candidate(*awards, code: str = "P1"):
    """Meets point b clause 1 Art 73 Law 2022 for 2025 but for the Bằng khen cấp Bộ."""
    return person(
        code,
        grades=grades(2021, 2025, "tot"),
        titles={2022: "cstd_co_so", 2023: "cstd_co_so", 2024: "cstd_co_so"},
        awards=awards,
    )


SCENARIOS = [
    ("Điều 73 Luật 2022 — Bằng khen cấp Bộ ngoài phong trào: đủ", 2025, [_bang_khen()], True),
    (
        "Điều 73 Luật 2022 — Bằng khen cấp Bộ của phong trào thường xuyên: đủ",
        2025,
        [_bang_khen(kind="regular", name="Vì an ninh Tổ quốc")],
        True,
    ),
    (
        "NĐ 152/2025 — Bằng khen cấp Bộ trong phong trào chuyên đề: không là căn cứ",
        2025,
        [_bang_khen(kind="themed", name="Sáng tạo")],
        False,
    ),
    (
        "NĐ 152/2025 — Bằng khen cấp Bộ trong đợt cao điểm: không là căn cứ",
        2025,
        [_bang_khen(kind="peak", name="Cao điểm tấn công trấn áp tội phạm")],
        False,
    ),
    (
        "NĐ 152/2025 — một Bằng khen chuyên đề và một Bằng khen khác: đủ",
        2025,
        [_bang_khen(kind="themed", name="Sáng tạo"), _bang_khen(2023)],
        True,
    ),
    (
        "NĐ 152/2025 — cùng năm một Bằng khen chuyên đề và một Bằng khen khác: đủ",
        2025,
        [_bang_khen(kind="themed", name="Sáng tạo"), replace(_bang_khen(), decision_number="7")],
        True,
    ),
    (
        "NĐ 152/2025 chưa có hiệu lực ngày 31/12/2024 — Bằng khen chuyên đề vẫn được tính",
        2024,
        [_bang_khen(kind="themed", name="Sáng tạo")],
        True,
    ),
]


def _subject(year: int, awards, code: str = "P1"):
    subject = _candidate(*awards, code=code)
    if year == 2024:  # the same record one year earlier
        subject = replace(
            subject,
            appraisals=grades(2020, 2024, "tot"),
            titles={2021: "cstd_co_so", 2022: "cstd_co_so", 2023: "cstd_co_so"},
        )
    return subject


@pytest.mark.parametrize(
    "year,awards,eligible", [s[1:] for s in SCENARIOS], ids=[s[0] for s in SCENARIOS]
)
def test_movement_awards_as_grounds_for_the_prime_ministers_certificate(year, awards, eligible):
    verdict = judge(_subject(year, awards), year, TTG)
    assert verdict.eligible is eligible, explain(verdict)


@pytest.mark.parametrize(
    "year,awards,eligible", [s[1:] for s in SCENARIOS], ids=[s[0] for s in SCENARIOS]
)
def test_the_sweep_agrees_with_the_single_verdict(year, awards, eligible):
    other = _subject(year, [_bang_khen()], code="P2")  # the same record outside any movement
    history = History([_subject(year, awards), other], all_units())
    found = evaluate(history, year, award_codes=[TTG], only_eligible=True, rulebook=RULEBOOK)
    assert {v.recipient_code for v in found} == ({"P1", "P2"} if eligible else {"P2"})


def test_the_why_not_says_the_award_was_given_in_a_themed_movement():
    verdict = judge(_candidate(_bang_khen(kind="themed", name="Sáng tạo")), 2025, TTG)
    missing = " | ".join(verdict.missing())
    assert "còn thiếu 1 lần Bằng khen" in missing
    assert "không tính 2022: QĐ 2022/QĐ-bang_khen_bo_truong" in missing
    assert "phong trào thi đua theo chuyên đề “Sáng tạo”" in missing
    assert "không được tính làm căn cứ đề nghị khen thưởng công trạng cao hơn" in missing
    assert "Nghị định 152/2025/NĐ-CP" in missing


def test_the_pack_says_which_movements_and_how_sure_it_is():
    rule = RULEBOOK.pack_for(2025, "cand").movement_grounds
    assert set(rule.kinds) == {"themed", "peak"}
    assert rule.status == "partial"
    assert rule.kinds_in(2024) == frozenset()
