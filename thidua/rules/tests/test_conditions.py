"""Condition kinds the real packs use little or not at all, through a small test pack."""

from __future__ import annotations

from datetime import date

import pytest

from thidua.rules.engine import Rulebook
from thidua.rules.tests.builders import TEST_PACKS, award, discipline, explain, judge, person

BOOK = Rulebook.load(TEST_PACKS)


def verdict_for(subject, award_code: str, year: int = 2024):
    return judge(subject, year, award_code, family="test", rulebook=BOOK)


SERVICE_BY_GENDER = [
    ("nam 13 năm: chưa đủ 15", "M", date(2012, 1, 1), False, "còn thiếu 2 năm công tác"),
    ("nữ 13 năm: đủ 10", "F", date(2012, 1, 1), True, ""),
    ("nữ 9 năm 6 tháng: chưa đủ", "F", date(2015, 7, 1), False, "còn thiếu 6 tháng công tác"),
]


@pytest.mark.parametrize(
    "gender,start,eligible,missing",
    [r[1:] for r in SERVICE_BY_GENDER],
    ids=[r[0] for r in SERVICE_BY_GENDER],
)
def test_service_years_can_differ_by_gender(gender, start, eligible, missing):
    verdict = verdict_for(person(gender=gender, start=start), "knc_bao_ve_an_ninh_to_quoc")
    assert verdict.eligible is eligible, explain(verdict)
    assert missing in " | ".join(verdict.missing())
    assert verdict.unverified  # the leaf is marked unverified in the pack


def test_service_stops_at_the_end_of_service():
    left = person(gender="F", start=date(2000, 1, 1), end=date(2005, 12, 31))
    verdict = verdict_for(left, "knc_bao_ve_an_ninh_to_quoc", 2024)
    assert verdict.conditions[0].evidence == [
        "vào ngành 01/01/2000; đến 31/12/2024 có 6 năm công tác"
    ]


def test_a_person_without_a_service_start_is_not_eligible_for_seniority():
    subject = person(start=None)
    assert verdict_for(subject, "knc_bao_ve_an_ninh_to_quoc").missing() == [
        "chưa có ngày vào ngành"
    ]


DISCIPLINE_WINDOW = [
    ("cảnh cáo 3 tháng, hết từ đầu 2023: ngoài 12 tháng", date(2022, 10, 1), 3, "canh_cao", True),
    ("cảnh cáo 6 tháng, hết 03/2024: trong 12 tháng", date(2023, 9, 1), 6, "canh_cao", False),
    ("khiển trách trong năm: nhẹ hơn ngưỡng", date(2024, 5, 1), 12, "khien_trach", True),
    ("cách chức trong năm: nặng hơn ngưỡng", date(2024, 5, 1), None, "cach_chuc", False),
]


@pytest.mark.parametrize(
    "day,months,form,eligible",
    [r[1:] for r in DISCIPLINE_WINDOW],
    ids=[r[0] for r in DISCIPLINE_WINDOW],
)
def test_no_discipline_within_months(day, months, form, eligible):
    subject = person(disciplines=[discipline(form, day, months)])
    verdict = verdict_for(subject, "giay_khen_giam_doc")
    assert verdict.eligible is eligible, explain(verdict)


def test_discipline_end_date_wins_over_months():
    subject = person(disciplines=[discipline("canh_cao", date(2022, 1, 1), 36, date(2022, 6, 1))])
    assert verdict_for(subject, "giay_khen_giam_doc").eligible


def test_not_reports_the_blocking_fact():
    blocked = person(awards=[award("bang_khen_thu_tuong", 2024, "77/QĐ-TTg")])
    verdict = verdict_for(blocked, "hc_dung_cam")
    [row] = verdict.conditions
    assert (row.met, row.kind) == (False, "not")
    assert row.evidence == ["2024: QĐ 77/QĐ-TTg ngày 15/01/2025"]
    assert verdict.missing() == ["thuộc trường hợp: Có Bằng khen Thủ tướng năm xét"]
    assert verdict_for(person(), "hc_dung_cam").eligible


SINCE_LAST = [
    ("chưa từng có: if_none unmet", (), False, "chưa được tặng Bằng khen của Bộ trưởng"),
    ("lần gần nhất 2021: đủ 3 năm", (award("bang_khen_bo_truong", 2021),), True, ""),
    (
        "lần gần nhất 2022: mới 2 năm",
        (award("bang_khen_bo_truong", 2019), award("bang_khen_bo_truong", 2022)),
        False,
        "lần Bằng khen của Bộ trưởng Bộ Công an gần nhất là năm 2022",
    ),
    (
        "quyết định theo giai đoạn 2018–2021 tính từ năm cuối",
        (award("bang_khen_bo_truong", 2021, year_from=2018),),
        True,
        "",
    ),
]


@pytest.mark.parametrize(
    "awards,eligible,missing", [r[1:] for r in SINCE_LAST], ids=[r[0] for r in SINCE_LAST]
)
def test_since_last(awards, eligible, missing):
    verdict = verdict_for(person(awards=awards), "bang_khen_ubnd_tinh")
    assert verdict.eligible is eligible, explain(verdict)
    assert missing in " | ".join(verdict.missing())


def test_any_lists_every_alternative_with_its_own_result():
    subject = person(
        titles={2023: "chien_si_tien_tien"},
        awards=[award("bang_khen_bo_truong", 2021), award("bang_khen_thu_tuong", 2023)],
    )
    verdict = verdict_for(subject, "anh_hung_llvtnd")
    kinds = [(c.kind, c.depth, c.met) for c in verdict.conditions]
    assert kinds == [
        ("any", 0, True),
        ("consecutive", 1, False),
        ("all", 1, True),
        ("holds_title", 2, True),
        ("count_awards", 2, True),  # a higher form of the same chain counts (or_higher: chain)
    ]
    # The unmet alternative keeps its own sentence, but nothing is missing overall.
    assert verdict.conditions[1].missing == (
        "còn thiếu 2 năm Chiến sĩ thi đua cơ sở liên tục (năm 2023, 2024)"
    )
    assert verdict.eligible and verdict.missing() == []


def test_when_every_alternative_fails_each_one_says_what_is_missing():
    verdict = verdict_for(person(), "anh_hung_llvtnd")
    assert verdict.missing() == [
        "còn thiếu 2 năm Chiến sĩ thi đua cơ sở liên tục (năm 2023, 2024)",
        "chưa đạt Chiến sĩ tiên tiến năm 2023",
        "còn thiếu 2 lần Bằng khen của Bộ trưởng Bộ Công an trong giai đoạn 2020–2024",
    ]


def test_the_whole_tree_is_judged_under_the_pack_of_the_year():
    with pytest.raises(Exception, match="Không có gói quy tắc nào áp dụng cho năm 1999"):
        verdict_for(person(), "hc_dung_cam", 1999)


def test_a_year_view_reads_one_subjects_years_from_the_population_sets():
    from thidua.rules.facts import YearSets, YearView

    sets = YearSets()
    sets.add_grade(2023, "tot", ["P1", "P2"])
    sets.add_grade(2024, "xuat_sac", ["P1"])
    view = YearView(sets.grades, "P1")
    assert view == {2023: "tot", 2024: "xuat_sac"}
    assert view.get(2022) is None and 2024 in view and len(view) == 2
    assert YearView(sets.grades, "P3") == {}


def test_an_interruption_of_whole_months_costs_exactly_those_months():
    from datetime import date

    from thidua.rules.conditions.personal import served_months
    from thidua.rules.tests.builders import person

    # 14 months including 29/02/2016: 160 months to 31/12/2023 without it, 146 with it.
    base = person(start=date(2010, 9, 1))
    assert served_months(base, date(2023, 12, 31)) == 160
    out = person(start=date(2010, 9, 1), interruptions=[(date(2015, 3, 1), date(2016, 4, 30))])
    assert served_months(out, date(2023, 12, 31)) == 146
    # A 10-day interruption at a month's end costs the month only when it breaks it.
    short = person(start=date(2010, 9, 1), interruptions=[(date(2023, 12, 22), date(2023, 12, 31))])
    assert served_months(short, date(2023, 12, 31)) == 159
