"""check_candidates: a proposed list judged by the same engine, with quotas over the list."""

from __future__ import annotations

from thidua.rules.engine import Candidate, Rulebook
from thidua.rules.facts import History
from thidua.rules.settings import PROVINCE_STATUS, Override
from thidua.rules.tests.builders import all_units, check, initiative, person, unit

T, XS = "tot", "xuat_sac"


def force(n: int, unit_code: str = "D1", year: int = 2023, prefix: str = "") -> list:
    """n people rated tốt with an initiative: CSTT-standard and CSTĐCS-eligible under 2003."""
    return [
        person(
            f"{prefix or unit_code}-{i:02d}",
            unit=unit_code,
            grades={year: T},
            initiatives=[initiative(year)],
        )
        for i in range(n)
    ]


def cstdcs(codes: list[str]) -> list[Candidate]:
    return [Candidate("individual", code, "cstd_co_so") for code in codes]


def test_nd_91_2017_quota_flags_the_candidates_beyond_15_percent_in_list_order():
    people = force(20)
    verdicts = check(History(people, all_units()), 2023, cstdcs([p.code for p in people[:4]]))
    assert [v.eligible for v in verdicts] == [True, True, True, False]
    over = verdicts[3].conditions[-1]
    assert over.kind == "quota" and not over.met and over.status == "verified_old"
    assert verdicts[3].missing() == [
        "vượt chỉ tiêu: 15% của 20 Lao động tiên tiến hoặc Chiến sĩ tiên tiến trong toàn bộ "
        "dữ liệu = tối đa 3"
    ]
    assert verdicts[0].conditions[-1].met


def test_ineligible_candidates_do_not_use_up_the_quota():
    people = force(20)
    lazy = person("LAZY", grades={2023: T})  # no initiative: not CSTĐCS under the 2003 law
    verdicts = check(
        History([*people, lazy], all_units()), 2023, cstdcs(["LAZY", *[p.code for p in people[:3]]])
    )
    assert [v.eligible for v in verdicts] == [False, True, True, True]


def test_the_quota_base_is_counted_inside_the_given_unit():
    people = force(10, "D1") + force(10, "D2")
    candidates = cstdcs([p.code for p in people[:2]])
    history = History(people, all_units())
    assert [v.eligible for v in check(history, 2023, candidates, unit_code="D1")] == [True, False]
    assert [v.eligible for v in check(history, 2023, candidates)] == [True, True]


def test_recorded_base_titles_count_even_when_the_holder_would_not_qualify_today():
    holders = [person(f"H{i}", titles={2023: "chien_si_tien_tien"}) for i in range(7)]
    candidates = force(2)
    history = History([*holders, *candidates], all_units())
    # base = 7 recorded + 2 eligible = 9 -> floor(1.35) = 1
    assert [v.eligible for v in check(history, 2023, cstdcs(["D1-00", "D1-01"]))] == [True, False]


def test_the_2022_cstdcs_quota_is_the_province_setting_with_the_old_15_percent_by_default():
    people = force(20, year=2024)
    candidates = cstdcs([p.code for p in people[:5]])
    history = History(people, all_units())
    verdicts = check(history, 2024, candidates)
    assert [v.eligible for v in verdicts] == [True, True, True, False, False]
    over = verdicts[3].conditions[-1]
    assert over.kind == "quota" and over.status == "verified_old"
    assert "Nghị định 91/2017/NĐ-CP — văn bản cũ" in over.citation
    assert verdicts[3].missing() == [
        "vượt chỉ tiêu: 15% của 20 Lao động tiên tiến hoặc Chiến sĩ tiên tiến trong toàn bộ "
        "dữ liệu = tối đa 3"
    ]
    book = Rulebook.load(overrides={"cstd_co_so_share": Override(25, "Kế hoạch 5/KH-CAT")})
    verdicts = check(history, 2024, candidates, rulebook=book)
    assert [v.eligible for v in verdicts] == [True] * 5
    row = verdicts[0].conditions[-1]
    assert row.status == PROVINCE_STATUS
    assert row.citation == "Giá trị do Công an tỉnh quy định: Kế hoạch 5/KH-CAT"
    assert row.text.startswith("Tổng số Chiến sĩ thi đua cơ sở không quá 25% số cá nhân")


def test_government_flag_quota_is_20_percent_of_the_ministry_flags():
    flagged = [
        unit(f"U{i}", titles={2024: "co_thi_dua_bca"}, path=f"/CAT/U{i}/") for i in range(10)
    ]
    history = History([], [*all_units(), *flagged])
    candidates = [Candidate("collective", f"U{i}", "co_thi_dua_chinh_phu") for i in range(3)]
    assert [v.eligible for v in check(history, 2024, candidates)] == [True, True, False]


def test_unknown_wrong_kind_uncovered_and_duplicate_candidates_are_flagged():
    history = History([person("A", grades={2024: XS})], all_units())
    # Not about the CSTĐCS ceiling: the province lifts it (a list of one has a ceiling of 0).
    book = Rulebook.load(overrides={"cstd_co_so_share": Override(100, "phép thử")})
    verdicts = check(
        history,
        2024,
        [
            Candidate("individual", "NOBODY", "cstd_co_so"),
            Candidate("collective", "D1", "cstd_co_so"),
            Candidate("individual", "A", "hc_sao_vang"),
            Candidate("individual", "A", "cstd_co_so"),
            Candidate("individual", "A", "cstd_co_so"),
        ],
        rulebook=book,
    )
    assert [v.eligible for v in verdicts] == [False, False, False, True, False]
    assert [v.missing()[0] for v in verdicts if not v.eligible] == [
        "không tìm thấy mã 'NOBODY'",
        "Chiến sĩ thi đua cơ sở không xét cho đối tượng này",
        "gói cand_2024 không có tiêu chuẩn cho Huân chương Sao vàng",
        "cá nhân/tập thể này đã có trong danh sách cho cùng loại khen thưởng",
    ]


def test_a_sweep_reports_each_quota_against_its_eligible_suggestions():
    from thidua.rules.engine import evaluate_with_quotas
    from thidua.rules.tests.builders import RULEBOOK

    people = force(20)  # 20 CSTT-standard, all CSTĐCS-eligible under the 2003 law
    verdicts, quotas = evaluate_with_quotas(
        History(people, all_units()), 2023, award_codes=["cstd_co_so"], rulebook=RULEBOOK
    )
    (line,) = quotas
    assert sum(v.eligible for v in verdicts) == line.count == 20
    assert (line.share, line.base, line.limit, line.over) == (15, 20, 3, 17)
    assert line.status == "verified_old" and "91/2017" in line.citation


def test_a_sweep_without_quotas_reports_none():
    from thidua.rules.engine import evaluate_with_quotas
    from thidua.rules.tests.builders import RULEBOOK

    people = [person(f"X{i}", grades={2024: XS}) for i in range(3)]
    _, quotas = evaluate_with_quotas(
        History(people, all_units()), 2024, award_codes=["chien_si_tien_tien"], rulebook=RULEBOOK
    )
    assert quotas == []


def test_a_quotad_list_comes_strongest_first_by_the_packs_ranking():
    from datetime import date

    from thidua.rules.engine import evaluate_with_quotas
    from thidua.rules.ranking import ranked
    from thidua.rules.tests.builders import RULEBOOK

    plain = force(3, prefix="P")  # one year tốt, one grassroots initiative
    strong = person(
        "S", grades={2021: XS, 2022: XS, 2023: XS}, initiatives=[initiative(2023, "bo_tinh")]
    )
    veteran = person("V", grades={2023: T}, initiatives=[initiative(2023)], start=date(1990, 1, 1))
    history = History([*plain, veteran, strong], all_units())
    verdicts, _ = evaluate_with_quotas(history, 2023, award_codes=["cstd_co_so"], rulebook=RULEBOOK)
    pack = RULEBOOK.pack_for(2023)
    order = [v.recipient_code for v in ranked(verdicts, history, 2023, pack)]
    # Three top grades first, then the longest service; the rest keep their order.
    assert order[:2] == ["S", "V"] and order[2:] == [p.code for p in plain]
