"""Commendation forms (legal-rules.md §3): Bằng khen, Huân chương Lao động hạng Ba, and the
seniority medals (HCCSVV, HC Vì an ninh Tổ quốc) with their automatic proposals."""

from __future__ import annotations

from datetime import date

import pytest

from thidua.rules.engine import seniority_proposals
from thidua.rules.facts import History
from thidua.rules.tests.builders import (
    RULEBOOK,
    all_units,
    award,
    discipline,
    explain,
    grades,
    initiative,
    judge,
    person,
)

T, XS, HT = "tot", "xuat_sac", "hoan_thanh"

BANG_KHEN_BO = [
    (
        "Điểm d khoản 1 Điều 74 Luật 2022 — 2 lần liên tục CSTĐCS (lần 2 là năm xét)",
        2024,
        person(grades={2023: T, 2024: XS}, titles={2023: "cstd_co_so"}),
        True,
        "",
    ),
    (
        "Điểm d khoản 1 Điều 74 Luật 2022 — 2 năm xuất sắc và 2 sáng kiến cơ sở",
        2024,
        person(grades={2023: XS, 2024: XS}, initiatives=[initiative(2023), initiative(2024)]),
        True,
        "",
    ),
    (
        "Điểm d khoản 1 Điều 74 Luật 2022 — mới 1 lần CSTĐCS, 1 sáng kiến",
        2024,
        person(grades={2023: T, 2024: XS}, initiatives=[initiative(2024)]),
        False,
        "còn thiếu 1 năm Chiến sĩ thi đua cơ sở liên tục (năm 2023)",
    ),
    (
        "Khoản 9 Điều 30 NĐ 98/2023 — thành tích đã tính cho Bằng khen năm trước",
        2024,
        person(
            grades={2023: T, 2024: XS},
            titles={2023: "cstd_co_so"},
            awards=[award("bang_khen_bo_truong", 2023)],
        ),
        False,
        "gần nhất là năm 2023; cần cách ít nhất 2 năm",
    ),
    (
        "Khoản 9 Điều 30 NĐ 98/2023 — Bằng khen năm 2022, 2 lần CSTĐCS tính sau đó (2023, 2024)",
        2024,
        person(
            grades={2023: T, 2024: XS},
            titles={2023: "cstd_co_so"},
            awards=[award("bang_khen_bo_truong", 2022)],
        ),
        True,
        "",
    ),
]


@pytest.mark.parametrize(
    "year,subject,eligible,missing", [r[1:] for r in BANG_KHEN_BO], ids=[r[0] for r in BANG_KHEN_BO]
)
def test_bang_khen_bo_truong(year, subject, eligible, missing):
    verdict = judge(subject, year, "bang_khen_bo_truong")
    assert verdict.eligible is eligible, explain(verdict)
    assert missing in " | ".join(verdict.missing())


def _thu_tuong_candidate(**changes):
    base = {
        "grades": grades(2020, 2024, T),
        "titles": {2021: "cstd_co_so", 2022: "cstd_co_so", 2023: "cstd_co_so"},
        "awards": [award("bang_khen_bo_truong", 2021)],
    }
    base.update(changes)
    return person(**base)


BANG_KHEN_TTG = [
    ("Khoản 1 Điều 73 Luật 2022 — đủ điều kiện", _thu_tuong_candidate(), True, ""),
    (
        "Khoản 1 Điều 73 Luật 2022 — chưa có Bằng khen cấp Bộ",
        _thu_tuong_candidate(awards=[]),
        False,
        "còn thiếu 1 lần Bằng khen",
    ),
    (
        "Khoản 1 Điều 73 Luật 2022 — năm 2022 chỉ hoàn thành nhiệm vụ",
        _thu_tuong_candidate(grades=grades(2020, 2024, T, y2022=HT)),
        False,
        "còn thiếu 3 năm liên tục xếp loại Hoàn thành tốt nhiệm vụ trở lên (năm 2022",
    ),
    (
        "Khoản 1 Điều 73 Luật 2022 — mới 2 lần CSTĐCS trong 5 năm",
        _thu_tuong_candidate(titles={2022: "cstd_co_so", 2023: "cstd_co_so"}),
        False,
        "còn thiếu 1 lần Chiến sĩ thi đua cơ sở trong giai đoạn 2020–2024",
    ),
    (
        "Khoản 9 Điều 30 NĐ 98/2023 — Bằng khen Thủ tướng năm 2021",
        _thu_tuong_candidate(
            awards=[award("bang_khen_bo_truong", 2019), award("bang_khen_thu_tuong", 2021)]
        ),
        False,
        "gần nhất là năm 2021",
    ),
    (
        "Khoản 9 Điều 30 NĐ 98/2023 — Bằng khen Thủ tướng năm 2020: chưa đủ 5 năm sau đó",
        _thu_tuong_candidate(
            awards=[award("bang_khen_bo_truong", 2019), award("bang_khen_thu_tuong", 2020)]
        ),
        False,
        "gần nhất là năm 2020; cần cách ít nhất 5 năm (xét từ năm 2025)",
    ),
    (
        "Khoản 9 Điều 30 NĐ 98/2023 — Bằng khen Thủ tướng năm 2019: 5 năm 2020–2024 tính sau đó",
        _thu_tuong_candidate(
            awards=[award("bang_khen_bo_truong", 2018), award("bang_khen_thu_tuong", 2019)]
        ),
        True,
        "",
    ),
    (
        "Điểm b khoản 1 Điều 73 Luật 2022 — Bằng khen cấp Bộ năm 2023, trong 5 năm xét: vẫn đủ",
        _thu_tuong_candidate(awards=[award("bang_khen_bo_truong", 2023)]),
        True,
        "",
    ),
]


@pytest.mark.parametrize(
    "subject,eligible,missing", [r[1:] for r in BANG_KHEN_TTG], ids=[r[0] for r in BANG_KHEN_TTG]
)
def test_bang_khen_thu_tuong(subject, eligible, missing):
    verdict = judge(subject, 2024, "bang_khen_thu_tuong")
    assert verdict.eligible is eligible, explain(verdict)
    assert missing in " | ".join(verdict.missing())


def _old_thu_tuong_candidate(**changes):
    """Meets point c clause 1 Art 38 ND 91/2017 for 2023 except where `changes` say."""
    base = {
        "grades": grades(2018, 2024, XS),
        "initiatives": [initiative(y) for y in range(2019, 2024)],
        "titles": {2021: "cstd_co_so", 2022: "cstd_co_so", 2023: "cstd_co_so"},
        "awards": [award("bang_khen_bo_truong", 2018)],
    }
    base.update(changes)
    return person(**base)


# Before 2024 (luat_2003 via cand_2019): "đã được tặng Bằng khen cấp bộ…, 05 năm TIẾP THEO liên
# tục hoàn thành xuất sắc nhiệm vụ, trong thời gian đó có 05 sáng kiến…". From 2024 the Law's
# point b of clause 1 Art 73 counts 5 years "đến thời điểm đề nghị", the Bằng khen may lie inside.
BANG_KHEN_TTG_OLD = [
    (
        "Điểm c khoản 1 Điều 38 NĐ 91/2017 — Bằng khen 2018, 5 năm tiếp theo 2019–2023: đủ",
        2023,
        _old_thu_tuong_candidate(),
        True,
        "",
    ),
    (
        "Điểm c khoản 1 Điều 38 NĐ 91/2017 — Bằng khen 2021 nằm trong 5 năm: chưa đủ",
        2023,
        _old_thu_tuong_candidate(awards=[award("bang_khen_bo_truong", 2021)]),
        False,
        "còn thiếu Bằng khen cấp Bộ, ngành, tỉnh có thành tích kết thúc trước 5 năm",
    ),
    (
        "Khoản 1 Điều 73 Luật 2022 — cùng hồ sơ, Bằng khen 2021, xét năm 2024: đủ",
        2024,
        _old_thu_tuong_candidate(awards=[award("bang_khen_bo_truong", 2021)]),
        True,
        "",
    ),
    (
        "Điểm c khoản 1 Điều 38 NĐ 91/2017 — mới 4 sáng kiến trong 5 năm",
        2023,
        _old_thu_tuong_candidate(initiatives=[initiative(y) for y in range(2020, 2024)]),
        False,
        "còn thiếu 1 sáng kiến được công nhận cấp cơ sở trở lên (giai đoạn 2019–2023)",
    ),
    (
        "Điểm c khoản 1 Điều 38 NĐ 91/2017 — năm 2020 chỉ hoàn thành tốt",
        2023,
        _old_thu_tuong_candidate(grades=grades(2018, 2024, XS, y2020=T)),
        False,
        "Hoàn thành xuất sắc nhiệm vụ",
    ),
]


@pytest.mark.parametrize(
    "year,subject,eligible,missing",
    [r[1:] for r in BANG_KHEN_TTG_OLD],
    ids=[r[0] for r in BANG_KHEN_TTG_OLD],
)
def test_bang_khen_thu_tuong_sequencing_before_and_after_2024(year, subject, eligible, missing):
    verdict = judge(subject, year, "bang_khen_thu_tuong")
    assert verdict.pack_id == ("cand_2019" if year == 2023 else "cand_2024")
    assert verdict.eligible is eligible, explain(verdict)
    assert missing in " | ".join(verdict.missing())


HC_LAO_DONG_3 = [
    (
        "Điểm e khoản 1 Điều 44 Luật 2022 — đủ điều kiện",
        _thu_tuong_candidate(
            grades=grades(2020, 2024, T, y2023=XS), awards=[award("bang_khen_thu_tuong", 2019)]
        ),
        True,
        "",
    ),
    (
        "Điểm e khoản 1 Điều 44 Luật 2022 — không có năm xuất sắc",
        _thu_tuong_candidate(awards=[award("bang_khen_thu_tuong", 2019)]),
        False,
        "còn thiếu 1 năm xếp loại Hoàn thành xuất sắc nhiệm vụ",
    ),
    (
        "Điểm e khoản 1 Điều 44 Luật 2022 — chưa có Bằng khen Thủ tướng",
        _thu_tuong_candidate(grades=grades(2020, 2024, T, y2023=XS)),
        False,
        "Bằng khen của Thủ tướng",
    ),
]


@pytest.mark.parametrize(
    "subject,eligible,missing", [r[1:] for r in HC_LAO_DONG_3], ids=[r[0] for r in HC_LAO_DONG_3]
)
def test_huan_chuong_lao_dong_hang_ba_in_the_general_pack(subject, eligible, missing):
    verdict = judge(subject, 2024, "hc_lao_dong_3", family="general")
    assert verdict.eligible is eligible, explain(verdict)
    assert missing in " | ".join(verdict.missing())


# (id, person, the HCCSVV classes it is eligible for in 2024)
MEDALS = [
    (
        "Điều 57 Luật 2022 — đủ 10 năm: hạng Ba",
        person(start=date(2015, 1, 1), grades={2024: T}),
        {"hccsvv_3"},
    ),
    (
        "Điều 57 Luật 2022 — 9 năm 11 tháng: chưa đủ",
        person(start=date(2015, 1, 2), grades={2024: T}),
        set(),
    ),
    (
        "Điều 57 Luật 2022 — 12 năm trừ 2 năm gián đoạn: hạng Ba",
        person(
            start=date(2013, 1, 1),
            grades={2024: T},
            interruptions=[(date(2015, 1, 1), date(2016, 12, 31))],
        ),
        {"hccsvv_3"},
    ),
    (
        "Điều 57 Luật 2022 — 12 năm trừ 3 năm gián đoạn: chưa đủ",
        person(
            start=date(2013, 1, 1),
            grades={2024: T},
            interruptions=[(date(2015, 1, 1), date(2017, 12, 31))],
        ),
        set(),
    ),
    (
        "Điều 57 Luật 2022 — đã có hạng Ba, mới 12 năm",
        person(start=date(2013, 1, 1), grades={2024: T}, awards=[award("hccsvv_3", 2023)]),
        set(),
    ),
    (
        "Điều 57 Luật 2022 — 16 năm, đã có hạng Ba: hạng Nhì",
        person(start=date(2009, 1, 1), grades={2024: T}, awards=[award("hccsvv_3", 2019)]),
        {"hccsvv_2"},
    ),
    (
        "Điều 57 Luật 2022 — 22 năm, chưa có hạng nào: hạng Nhất",
        person(start=date(2003, 1, 1), grades={2024: T}),
        {"hccsvv_1"},
    ),
    (
        "Điều 57 Luật 2022 — đã có hạng Nhất",
        person(start=date(2003, 1, 1), grades={2024: T}, awards=[award("hccsvv_1", 2023)]),
        set(),
    ),
    (
        "Điều 57 Luật 2022 — không hoàn thành tốt nhiệm vụ năm xét",
        person(start=date(2015, 1, 1), grades={2024: HT}),
        set(),
    ),
    (
        "TT 12/2019/TT-BCA Điều 2 — đang chấp hành kỷ luật",
        person(
            start=date(2015, 1, 1),
            grades={2024: T},
            disciplines=[discipline("canh_cao", date(2024, 9, 1), 12)],
        ),
        set(),
    ),
    (
        "Điều 56 Luật 2022 — đủ 25 năm: HC Vì an ninh Tổ quốc và HCCSVV hạng Nhất",
        person(start=date(1999, 1, 1), grades={2024: T}),
        {"hccsvv_1", "hc_vi_an_ninh_to_quoc"},
    ),
]


@pytest.mark.parametrize("subject,expected", [r[1:] for r in MEDALS], ids=[r[0] for r in MEDALS])
def test_seniority_proposals(subject, expected):
    proposals = seniority_proposals(History([subject], all_units()), 2024, rulebook=RULEBOOK)
    assert {v.award_code for v in proposals} == expected
    assert all(v.eligible for v in proposals)


def test_seniority_proposals_list_only_seniority_awards_and_only_the_eligible():
    people = [
        person("A", start=date(2014, 1, 1), grades={2024: XS}),
        person("B", start=date(2020, 1, 1), grades={2024: XS}),
    ]
    proposals = seniority_proposals(History(people, all_units()), 2024, rulebook=RULEBOOK)
    assert [(v.recipient_code, v.award_code) for v in proposals] == [("A", "hccsvv_3")]


def test_a_missing_medal_says_how_long_is_left():
    verdict = judge(person(start=date(2015, 3, 1), grades={2024: T}), 2024, "hccsvv_3")
    assert verdict.missing() == ["còn thiếu 2 tháng công tác"]
    assert verdict.conditions[0].evidence == [
        "vào ngành 01/03/2015; đến 31/12/2024 có 9 năm 10 tháng công tác"
    ]
