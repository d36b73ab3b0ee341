"""Collective titles (legal-rules.md §2.2), computed from the members in the same History."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from thidua.rules.engine import evaluate
from thidua.rules.facts import History
from thidua.rules.tests.builders import (
    RULEBOOK,
    all_units,
    discipline,
    explain,
    judge,
    person,
    unit,
)

T, XS, HT, KHONG = "tot", "xuat_sac", "hoan_thanh", "khong"


def team(*member_grades: str, unit_code: str = "D1", **extra) -> list:
    """Members of a unit, one per grade given; `extra` maps a member index to changes."""
    people = []
    for i, grade in enumerate(member_grades):
        kwargs = {"unit": unit_code, "grades": {2024: grade}, **extra.get(f"m{i}", {})}
        people.append(person(f"{unit_code}-{i}", **kwargs))
    return people


D1_XS = unit("D1", grades={2024: XS})
D1_T = unit("D1", grades={2024: T})

# 10 members: one xuất sắc (so one CSTĐCS), six tốt, three hoàn thành -> 70% CSTT.
GOOD_TEAM = team(XS, T, T, T, T, T, T, HT, HT, HT)

DVQT = [
    ("Điều 27 Luật 2022 — đủ điều kiện Đơn vị quyết thắng", D1_XS, GOOD_TEAM, True, ""),
    (
        "Điều 27 Luật 2022 — đơn vị chỉ hoàn thành tốt nhiệm vụ",
        D1_T,
        GOOD_TEAM,
        False,
        "năm 2024: Hoàn thành tốt nhiệm vụ",
    ),
    (
        "Điều 27 Luật 2022 — có người không hoàn thành nhiệm vụ",
        D1_XS,
        team(XS, T, T, T, T, T, T, HT, HT, KHONG),
        False,
        "mới là 90%",
    ),
    (
        "Điều 27 Luật 2022 — chỉ 60% Chiến sĩ tiên tiến",
        D1_XS,
        team(XS, T, T, T, T, T, HT, HT, HT, HT),
        False,
        "mới là 60% (cần từ 70%)",
    ),
    (
        "Điều 27 Luật 2022 — không có Chiến sĩ thi đua cơ sở",
        D1_XS,
        team(T, T, T, T, T, T, T, HT, HT, HT),
        False,
        "còn thiếu 1 cá nhân đạt Chiến sĩ thi đua cơ sở",
    ),
    (
        "Điều 27 Luật 2022 — CSTĐCS đã ghi nhận thay cho người xuất sắc",
        D1_XS,
        team(T, T, T, T, T, T, T, HT, HT, HT, m0={"titles": {2024: "cstd_co_so"}}),
        True,
        "",
    ),
]


@pytest.mark.parametrize(
    "subject,members,eligible,missing", [r[1:] for r in DVQT], ids=[r[0] for r in DVQT]
)
def test_don_vi_quyet_thang(subject, members, eligible, missing):
    verdict = judge(subject, 2024, "don_vi_quyet_thang", others=members)
    assert verdict.eligible is eligible, explain(verdict)
    assert missing in " | ".join(verdict.missing())


DVTT = [
    (
        "Luật 2003 Điều 28 (giá trị cũ) — trên 50% Chiến sĩ tiên tiến",
        D1_T,
        team(T, T, T, T, T, T, HT, HT, HT, HT),
        True,
        "",
    ),
    (
        "Luật 2003 Điều 28 (giá trị cũ) — đúng 50% là chưa đủ",
        D1_T,
        team(T, T, T, T, T, HT, HT, HT, HT, HT),
        False,
        "cần trên 50%",
    ),
    (
        "Luật 2003 Điều 28 (giá trị cũ) — có người bị cảnh cáo trong năm",
        D1_T,
        team(
            T,
            T,
            T,
            T,
            T,
            T,
            HT,
            HT,
            HT,
            HT,
            m9={"disciplines": [discipline("canh_cao", date(2024, 3, 1))]},
        ),
        False,
        "có 1 cán bộ, chiến sĩ bị kỷ luật từ cảnh cáo trở lên",
    ),
    (
        "Luật 2003 Điều 28 (giá trị cũ) — khiển trách không chặn danh hiệu tập thể",
        D1_T,
        team(
            T,
            T,
            T,
            T,
            T,
            T,
            HT,
            HT,
            HT,
            HT,
            m9={"disciplines": [discipline("khien_trach", date(2024, 3, 1))]},
        ),
        True,
        "",
    ),
]


@pytest.mark.parametrize(
    "subject,members,eligible,missing", [r[1:] for r in DVTT], ids=[r[0] for r in DVTT]
)
def test_don_vi_tien_tien(subject, members, eligible, missing):
    verdict = judge(subject, 2024, "don_vi_tien_tien", others=members)
    assert verdict.eligible is eligible, explain(verdict)
    assert missing in " | ".join(verdict.missing())
    assert verdict.unverified  # CAND ratios are not confirmed in TT 04/2024


def test_members_of_sub_units_count_for_the_unit_above():
    members = team(XS, T, T, unit_code="D1") + team(T, HT, HT, HT, unit_code="D2")
    pv01 = unit("PV01", grades={2024: T})
    verdict = judge(pv01, 2024, "don_vi_tien_tien", others=members)
    share = next(c for c in verdict.conditions if "50%" in c.text)
    assert share.evidence == ["4/7 cán bộ, chiến sĩ đạt Chiến sĩ tiên tiến (57.1%)"]
    assert verdict.eligible, explain(verdict)


def test_a_member_counts_in_the_unit_of_that_year():
    moved = person("M", unit="D2", grades={2024: T})
    moved = replace(moved, unit_by_year={2024: "D1"})
    verdict = judge(D1_T, 2024, "don_vi_tien_tien", others=[moved])
    share = next(c for c in verdict.conditions if "50%" in c.text)
    assert share.evidence[0].startswith("1/1 ")


def test_a_unit_without_members_is_not_eligible():
    verdict = judge(D1_XS, 2024, "don_vi_quyet_thang")
    assert not verdict.eligible
    assert "đơn vị không có cán bộ, chiến sĩ trong năm 2024" in verdict.missing()


CO_BCA = [
    ("Điều 26 Luật 2022 — đạt Đơn vị quyết thắng trong năm", D1_XS, GOOD_TEAM, True, ""),
    (
        "Điều 26 Luật 2022 — chưa đạt Đơn vị quyết thắng",
        D1_T,
        GOOD_TEAM,
        False,
        "chưa đạt Đơn vị quyết thắng năm 2024",
    ),
]


@pytest.mark.parametrize(
    "subject,members,eligible,missing", [r[1:] for r in CO_BCA], ids=[r[0] for r in CO_BCA]
)
def test_co_thi_dua_bo_cong_an(subject, members, eligible, missing):
    verdict = judge(subject, 2024, "co_thi_dua_bca", others=members)
    assert verdict.eligible is eligible, explain(verdict)
    assert missing in " | ".join(verdict.missing())
    assert any(c.manual for c in verdict.conditions)  # "suy tôn dẫn đầu cụm" is the council's


def test_co_thi_dua_chinh_phu_needs_the_recorded_ministry_flag():
    flagged = unit("D1", titles={2024: "co_thi_dua_bca"})
    assert judge(flagged, 2024, "co_thi_dua_chinh_phu").eligible
    assert not judge(D1_XS, 2024, "co_thi_dua_chinh_phu", others=GOOD_TEAM).eligible


def test_units_outside_their_active_range_are_not_swept():
    closed = replace(unit("D2"), active_to=date(2022, 6, 30))
    history = History([], [u for u in all_units() if u.code != "D2"] + [closed])
    codes = {
        v.recipient_code
        for v in evaluate(history, 2024, award_codes=["don_vi_tien_tien"], rulebook=RULEBOOK)
    }
    assert codes == {"CAT", "PV01", "D1"}
