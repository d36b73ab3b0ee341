"""Individual emulation titles: one row per rule of legal-rules.md §2.1, eligible and each way
of failing. Years ≥ 2024 are judged under cand_2024 (Law 2022), 2019–2023 under cand_2019."""

from __future__ import annotations

from datetime import date

import pytest

from thidua.rules.tests.builders import (
    award,
    discipline,
    explain,
    grades,
    initiative,
    judge,
    person,
)

T = "tot"
XS = "xuat_sac"
HT = "hoan_thanh"

# (id, year, person, eligible, a phrase the "what is missing" text must contain)
CSTT = [
    (
        "Điều 24 Luật 2022 — hoàn thành tốt nhiệm vụ: đủ điều kiện",
        2024,
        person(grades=grades(2024, 2024)),
        True,
        "",
    ),
    (
        "Điều 24 Luật 2022 — chỉ hoàn thành nhiệm vụ",
        2024,
        person(grades={2024: HT}),
        False,
        # What is needed, then what the person has.
        "cần: Hoàn thành tốt nhiệm vụ trở lên; năm 2024: Hoàn thành nhiệm vụ",
    ),
    (
        "Điều 24 Luật 2022 — chưa có xếp loại năm xét",
        2024,
        person(grades={2023: T}),
        False,
        "năm 2024: chưa có xếp loại",
    ),
    (
        "TT 01/2024/TT-BNV — tuyển dụng 01/07, đủ 6 tháng",
        2024,
        person(start=date(2024, 7, 1), grades={2024: T}),
        True,
        "",
    ),
    (
        "TT 01/2024/TT-BNV — tuyển dụng dưới 6 tháng",
        2024,
        person(start=date(2024, 8, 1), grades={2024: T}),
        False,
        "còn thiếu 1 tháng công tác",
    ),
    (
        "NĐ 91/2017 (cũ) — năm 2023 cần 10 tháng, tuyển dụng 01/03 đủ",
        2023,
        person(start=date(2023, 3, 1), grades={2023: T}),
        True,
        "",
    ),
    (
        "NĐ 91/2017 (cũ) — năm 2023 tuyển dụng 01/04 chưa đủ 10 tháng",
        2023,
        person(start=date(2023, 4, 1), grades={2023: T}),
        False,
        "còn thiếu 1 tháng công tác",
    ),
    (
        "NĐ 91/2017 — bị khiển trách trong năm xét",
        2024,
        person(grades={2024: T}, disciplines=[discipline("khien_trach", date(2024, 5, 2))]),
        False,
        "bị kỷ luật Khiển trách",
    ),
    (
        "NĐ 91/2017 — kỷ luật năm trước đã hết hiệu lực",
        2024,
        person(grades={2024: T}, disciplines=[discipline("khien_trach", date(2023, 3, 1))]),
        True,
        "",
    ),
    (
        "TT 12/2019/TT-BCA Điều 2 — đang chấp hành kỷ luật tại thời điểm xét",
        2024,
        person(grades={2024: T}, disciplines=[discipline("canh_cao", date(2023, 6, 1), 24)]),
        False,
        "còn hiệu lực tại thời điểm xét",
    ),
]


@pytest.mark.parametrize(
    "year,subject,eligible,missing", [row[1:] for row in CSTT], ids=[row[0] for row in CSTT]
)
def test_chien_si_tien_tien(year, subject, eligible, missing):
    verdict = judge(subject, year, "chien_si_tien_tien")
    assert verdict.eligible is eligible, explain(verdict)
    assert missing in " | ".join(verdict.missing())


CSTDCS = [
    (
        "Điều 23 Luật 2022 — hoàn thành xuất sắc, không cần sáng kiến",
        2024,
        person(grades={2024: XS}),
        True,
        "",
    ),
    (
        "Điều 23 Luật 2022 — hoàn thành tốt và có sáng kiến cơ sở",
        2024,
        person(grades={2024: T}, initiatives=[initiative(2024)]),
        True,
        "",
    ),
    (
        "Điều 23 Luật 2022 — hoàn thành tốt, không sáng kiến",
        2024,
        person(grades={2024: T}),
        False,
        "còn thiếu 1 sáng kiến được công nhận cấp cơ sở",
    ),
    (
        "Điều 23 Luật 2022 — sáng kiến năm trước không tính",
        2024,
        person(grades={2024: T}, initiatives=[initiative(2023)]),
        False,
        "sáng kiến",
    ),
    (
        "Điều 23 Luật 2022 — chưa đạt tiêu chuẩn Chiến sĩ tiên tiến",
        2024,
        person(grades={2024: HT}, initiatives=[initiative(2024)]),
        False,
        "chưa đạt tiêu chuẩn Chiến sĩ tiên tiến",
    ),
    (
        "Luật 2003 (năm 2023) — xuất sắc nhưng thiếu sáng kiến bắt buộc",
        2023,
        person(grades={2023: XS}),
        False,
        "còn thiếu 1 sáng kiến",
    ),
    (
        "Luật 2003 (năm 2023) — có sáng kiến cơ sở",
        2023,
        person(grades={2023: T}, initiatives=[initiative(2023)]),
        True,
        "",
    ),
]


@pytest.mark.parametrize(
    "year,subject,eligible,missing", [row[1:] for row in CSTDCS], ids=[row[0] for row in CSTDCS]
)
def test_chien_si_thi_dua_co_so(year, subject, eligible, missing):
    verdict = judge(subject, year, "cstd_co_so")
    assert verdict.eligible is eligible, explain(verdict)
    assert missing in " | ".join(verdict.missing())


def _cstdcs(*years: int) -> dict[int, str]:
    return dict.fromkeys(years, "cstd_co_so")


CSTD_BO = [
    (
        "Điều 22 Luật 2022 — 2 CSTĐCS đã ghi nhận + năm xét đủ điều kiện + sáng kiến cấp Bộ",
        2024,
        person(
            grades=grades(2022, 2024, XS),
            titles=_cstdcs(2022, 2023),
            initiatives=[initiative(2023, "bo_tinh")],
        ),
        True,
        "",
    ),
    (
        "Điều 22 Luật 2022 — 3 CSTĐCS đã ghi nhận, sáng kiến toàn quốc (cao hơn cấp Bộ)",
        2024,
        person(
            grades={2024: T},
            titles=_cstdcs(2022, 2023, 2024),
            initiatives=[initiative(2024, "toan_quoc")],
        ),
        True,
        "",
    ),
    (
        "Điều 22 Luật 2022 — chuỗi bị gián đoạn năm 2022",
        2024,
        person(
            grades=grades(2021, 2024, XS),
            titles=_cstdcs(2021, 2023),
            initiatives=[initiative(2023, "bo_tinh")],
        ),
        False,
        "còn thiếu 1 năm Chiến sĩ thi đua cơ sở liên tục",
    ),
    (
        "Điều 22 Luật 2022 — thiếu sáng kiến cấp Bộ",
        2024,
        person(grades={2024: XS}, titles=_cstdcs(2022, 2023), initiatives=[initiative(2023)]),
        False,
        "sáng kiến được công nhận cấp Bộ, tỉnh",
    ),
    (
        "Điều 22 Luật 2022 — sáng kiến cấp Bộ ngoài 3 năm",
        2024,
        person(
            grades={2024: XS}, titles=_cstdcs(2022, 2023), initiatives=[initiative(2021, "bo_tinh")]
        ),
        False,
        "giai đoạn 2022–2024",
    ),
    (
        "NĐ 91/2017 (năm 2023) — xét vào năm đạt CSTĐCS lần thứ ba",
        2023,
        person(
            grades={2023: T}, titles=_cstdcs(2021, 2022), initiatives=[initiative(2023, "bo_tinh")]
        ),
        True,
        "",
    ),
    (
        "NĐ 91/2017 (năm 2023) — năm xét không đủ CSTĐCS (thiếu sáng kiến cơ sở)",
        2023,
        person(
            grades={2023: XS}, titles=_cstdcs(2021, 2022), initiatives=[initiative(2021, "bo_tinh")]
        ),
        False,
        "còn thiếu 1 năm Chiến sĩ thi đua cơ sở liên tục (năm 2023)",
    ),
]


@pytest.mark.parametrize(
    "year,subject,eligible,missing", [row[1:] for row in CSTD_BO], ids=[row[0] for row in CSTD_BO]
)
def test_chien_si_thi_dua_cap_bo(year, subject, eligible, missing):
    verdict = judge(subject, year, "cstd_cand")
    assert verdict.eligible is eligible, explain(verdict)
    assert missing in " | ".join(verdict.missing())


def _cstd_cand(*years: int) -> dict[int, str]:
    return dict.fromkeys(years, "cstd_cand")


CSTD_TQ = [
    (
        "Điều 21 Luật 2022 — 2 lần liên tục CSTĐ cấp Bộ, sáng kiến toàn quốc",
        2024,
        person(
            grades={2024: T},
            titles=_cstd_cand(2022, 2023),
            initiatives=[initiative(2021, "toan_quoc")],
        ),
        True,
        "",
    ),
    (
        "Điều 21 Luật 2022 — mới 1 lần CSTĐ cấp Bộ",
        2024,
        person(
            grades={2024: T}, titles=_cstd_cand(2023), initiatives=[initiative(2021, "toan_quoc")]
        ),
        False,
        "còn thiếu 1 năm",
    ),
    (
        "Điều 21 Luật 2022 — sáng kiến chỉ cấp Bộ",
        2024,
        person(
            grades={2024: T},
            titles=_cstd_cand(2022, 2023),
            initiatives=[initiative(2023, "bo_tinh")],
        ),
        False,
        "toàn quốc",
    ),
    (
        "Điều 21 Luật 2022 — 2 lần CSTĐ cấp Bộ không liên tục",
        2024,
        person(
            grades={2024: T},
            titles=_cstd_cand(2021, 2023),
            initiatives=[initiative(2023, "toan_quoc")],
        ),
        False,
        "liên tục",
    ),
]


@pytest.mark.parametrize(
    "year,subject,eligible,missing", [row[1:] for row in CSTD_TQ], ids=[row[0] for row in CSTD_TQ]
)
def test_chien_si_thi_dua_toan_quoc(year, subject, eligible, missing):
    verdict = judge(subject, year, "cstd_toan_quoc")
    assert verdict.eligible is eligible, explain(verdict)
    assert missing in " | ".join(verdict.missing())


def test_lao_dong_tien_tien_is_judged_in_the_general_pack_only():
    subject = person(grades={2024: T})
    verdict = judge(subject, 2024, "lao_dong_tien_tien", family="general")
    assert verdict.eligible and verdict.pack_id == "luat_2022"
    with pytest.raises(AssertionError):
        judge(subject, 2024, "lao_dong_tien_tien")  # removed from cand_2024


def test_the_cand_level_title_keeps_its_older_name_in_2023():
    subject = person(grades={2023: T})
    assert judge(subject, 2023, "cstd_cand").award_name == (
        "Chiến sĩ thi đua toàn lực lượng Công an nhân dân"
    )
    assert judge(subject, 2024, "cstd_cand").award_name == "Chiến sĩ thi đua Công an nhân dân"


def test_a_recorded_higher_title_counts_in_the_streak():
    # CSTĐ cấp Bộ in 2023 implies the CSTĐCS standard that year (or_higher: titles).
    subject = person(
        grades={2024: XS},
        titles={2022: "cstd_co_so", 2023: "cstd_cand"},
        initiatives=[initiative(2024, "bo_tinh")],
    )
    assert judge(subject, 2024, "cstd_cand").eligible


def test_evidence_names_the_decisions_and_years():
    subject = person(
        grades={2024: XS},
        awards=[award("cstd_co_so", 2022, "15/QĐ-CAT"), award("cstd_co_so", 2023, "9/QĐ-CAT")],
        initiatives=[initiative(2024, "bo_tinh")],
    )
    verdict = judge(subject, 2024, "cstd_cand")
    streak = verdict.conditions[0]
    assert verdict.eligible
    assert streak.evidence[0].startswith("2022: QĐ 15/QĐ-CAT ngày 15/01/2023")
    assert streak.evidence[2] == "2024: đủ điều kiện Chiến sĩ thi đua cơ sở (đang xét)"
    assert streak.citation == "Điều 22 Luật Thi đua, khen thưởng 2022"
