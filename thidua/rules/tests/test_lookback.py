"""How far back a pack reads (Condition.years_read, Pack.years_read).

Each condition kind declares, from its parameters, how many years of the record up to the
year judged it reads (None: the whole record); the loader reads the most that the conditions
of the award types judged declare, award forms and service interruptions being read whole
anyway. The contract: judging the record cut to that window (builders.as_loaded, what the
loader reads) gives the verdicts the whole record gives.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thidua.rules.conditions import CONDITIONS
from thidua.rules.engine import Rulebook, evaluate
from thidua.rules.facts import AwardFact, DisciplineFact, History, InitiativeFact
from thidua.rules.tests.builders import (
    RULEBOOK,
    TEST_PACKS,
    all_units,
    as_loaded,
    award,
    award_forms,
    explain,
    judge,
    person,
    unit,
)

BOOK = Rulebook.load(TEST_PACKS)
SCALES = BOOK.packs["test_pack"].scales
YEAR = 2024

# (id, kind, parameters, years read up to the year judged; None: the whole record)
DECLARED = [
    ("holds_title: năm xét", "holds_title", {"award": "cstd_co_so"}, 1),
    ("holds_title: năm trước", "holds_title", {"award": "cstd_co_so", "years_before": 1}, 2),
    ("consecutive: 3 năm liên tục", "consecutive", {"award": "cstd_co_so", "years": 3}, 3),
    (
        "consecutive: 2 lần liên tục trong 3 năm",
        "consecutive",
        {"award": "cstd_cand", "years": 2, "within": 3},
        3,
    ),
    (
        "consecutive: 2 năm kết thúc năm trước",
        "consecutive",
        {"award": "cstd_co_so", "years": 2, "years_before": 1},
        3,
    ),
    (
        "count_awards: 3 lần trong 5 năm",
        "count_awards",
        {"award": "cstd_co_so", "at_least": 3, "window": 5},
        5,
    ),
    (
        "count_awards: trong 20 năm tính đến năm trước",
        "count_awards",
        {"award": "cstd_cand", "at_least": 1, "window": 20, "years_before": 1},
        21,
    ),
    (
        "count_awards: không thời hạn",
        "count_awards",
        {"award": "cstd_toan_quoc", "at_least": 1},
        None,
    ),
    (
        "since_last: lần gần nhất ở năm nào cũng được",
        "since_last",
        {"award": "cstd_cand", "years": 5},
        None,
    ),
    ("not_already_held: không thời hạn", "not_already_held", {"award": "hccsvv_3"}, None),
    ("meets: tự nó chỉ đọc năm xét", "meets", {"award": "chien_si_tien_tien"}, 1),
    ("appraisal_at_least: 5 năm", "appraisal_at_least", {"grade": "tot", "years": 5}, 5),
    (
        "appraisal_at_least: 2 năm đến năm trước",
        "appraisal_at_least",
        {"grade": "tot", "years": 2, "years_before": 1},
        3,
    ),
    ("initiative_scope: trong 6 năm", "initiative_scope", {"scope": "toan_quoc", "window": 6}, 6),
    ("service_years: ngày vào ngành, gián đoạn luôn đủ", "service_years", {"years": 10}, 1),
    ("no_discipline: quyết định trong năm", "no_discipline", {"when": "decided_in_year"}, 1),
    (
        "no_discipline: còn hiệu lực trong năm (không ghi thời hạn: 12 tháng từ năm trước)",
        "no_discipline",
        {"when": "in_force_in_year"},
        2,
    ),
    (
        "no_discipline: còn hiệu lực sau 31/12",
        "no_discipline",
        {"when": "in_force_at_year_end"},
        1,
    ),
    (
        "no_discipline: trong 6 tháng đến 31/12",
        "no_discipline",
        {"when": "within_months", "months": 6},
        2,
    ),
    (
        "no_discipline: trong 12 tháng đến 31/12",
        "no_discipline",
        {"when": "within_months", "months": 12},
        3,
    ),
    (
        "member_share: tỷ lệ danh hiệu của năm xét",
        "member_share",
        {"measure": "title_share", "award": "chien_si_tien_tien", "share": 70},
        1,
    ),
    (
        "member_share: không ai bị kỷ luật còn hiệu lực trong năm",
        "member_share",
        {"measure": "discipline_none", "when": "in_force_in_year"},
        2,
    ),
    ("council_judgement", "council_judgement", {}, 1),
    ("registered: năm xét", "registered", {}, 1),
    ("registered: năm trước", "registered", {"award": "cstd_co_so", "years_before": 1}, 2),
    ("quota", "quota", {"base": "chien_si_tien_tien", "share": 15}, 1),
]


@pytest.mark.parametrize(
    "kind,params,years", [r[1:] for r in DECLARED], ids=[r[0] for r in DECLARED]
)
def test_each_kind_declares_the_years_it_reads_from_its_parameters(kind, params, years):
    assert CONDITIONS[kind](params, SCALES).years_read() == years


def test_every_kind_declares_its_years():
    assert {row[1] for row in DECLARED} == set(CONDITIONS)


def test_a_discipline_without_an_end_date_lasts_the_packs_default():
    """The default duration is the pack's (scales.discipline_default_months), not code's."""
    longer = replace(SCALES, discipline_default_months=24)
    assert CONDITIONS["no_discipline"]({"when": "in_force_in_year"}, longer).years_read() == 3
    assert CONDITIONS["no_discipline"]({"when": "in_force_at_year_end"}, longer).years_read() == 2


# (id with the rule's citation, award type of the test pack, record judged in 2024,
#  eligible, eligible if only 15 years were read — the former loader's cut when a condition
#  without a window looked at titles)
LOOK_BACK = [
    (
        "Điều 11 Văn bản thử nghiệm — CSTĐ CAND năm 2006 (18 năm trước), trong 20 năm: đạt",
        "cstd_toan_quoc",
        person(titles={2006: "cstd_cand"}),
        True,
        False,
    ),
    (
        "Điều 11 Văn bản thử nghiệm — quyết định CSTĐ CAND năm 2006: đạt",
        "cstd_toan_quoc",
        person(awards=[award("cstd_cand", 2006)]),
        True,
        False,
    ),
    (
        "Điều 11 Văn bản thử nghiệm — CSTĐ CAND năm 2004 (20 năm trước): ngoài 20 năm",
        "cstd_toan_quoc",
        person(titles={2004: "cstd_cand"}),
        False,
        False,
    ),
    (
        "Điều 11 Văn bản thử nghiệm — CSTĐ CAND năm 2012: đạt",
        "cstd_toan_quoc",
        person(titles={2012: "cstd_cand"}),
        True,
        True,
    ),
    (
        "Điều 12 Văn bản thử nghiệm — CSTĐ toàn quốc năm 2006 (18 năm trước), không thời hạn",
        "hc_bao_ve_to_quoc_3",
        person(awards=[award("cstd_toan_quoc", 2006)]),
        True,
        False,
    ),
    (
        "Điều 12 Văn bản thử nghiệm — CSTĐ toàn quốc năm 1994 (30 năm trước)",
        "hc_bao_ve_to_quoc_3",
        person(start=date(1990, 1, 1), titles={1994: "cstd_toan_quoc"}),
        True,
        False,
    ),
    (
        "Điều 12 Văn bản thử nghiệm — chưa từng đạt CSTĐ toàn quốc",
        "hc_bao_ve_to_quoc_3",
        person(titles={2006: "cstd_cand"}),
        False,
        False,
    ),
]


@pytest.mark.parametrize(
    "code,subject,eligible,within_15",
    [r[1:] for r in LOOK_BACK],
    ids=[r[0] for r in LOOK_BACK],
)
def test_the_pack_reads_as_far_back_as_its_conditions_say(code, subject, eligible, within_15):
    def verdict(record):
        return judge(record, YEAR, code, family="test", rulebook=BOOK)

    whole = verdict(subject)
    assert whole.eligible is eligible, explain(whole)
    years = BOOK.years_read(YEAR, [code], family="test", read_whole=award_forms(BOOK.catalogue))
    loaded = verdict(as_loaded(subject, YEAR, years, BOOK.catalogue))
    assert (loaded.eligible, loaded.missing()) == (whole.eligible, whole.missing())
    assert verdict(as_loaded(subject, YEAR, 15, BOOK.catalogue)).eligible is within_15


FORMS = award_forms(RULEBOOK.catalogue)

# (id with the citation, family, year judged, award types judged, years the pack reads)
PACK_READS = [
    ("Điều 11 Văn bản thử nghiệm — trong 20 năm", "test", 2024, ["cstd_toan_quoc"], 20),
    (
        "Điều 12 Văn bản thử nghiệm — không thời hạn: cả hồ sơ",
        "test",
        2024,
        ["hc_bao_ve_to_quoc_3"],
        None,
    ),
    (
        "Điều 7 Văn bản thử nghiệm — lần Bằng khen gần nhất: hình thức, đã đọc cả đời",
        "test",
        2024,
        ["bang_khen_ubnd_tinh"],
        1,
    ),
    ("Điều 24 Luật 2022 — Chiến sĩ tiên tiến: năm xét", "cand", 2024, ["chien_si_tien_tien"], 1),
    (
        "Điều 22 Luật 2022 — CSTĐ CAND: 3 lần CSTĐCS, sáng kiến trong 3 năm",
        "cand",
        2024,
        ["cstd_cand"],
        3,
    ),
    (
        "Điều 21 Luật 2022 — CSTĐ toàn quốc: sáng kiến toàn quốc trong 6 năm",
        "cand",
        2024,
        ["cstd_toan_quoc"],
        6,
    ),
    (
        "khoản 1 Điều 73 Luật 2022 — Bằng khen Thủ tướng: 5 năm",
        "cand",
        2024,
        ["bang_khen_thu_tuong"],
        5,
    ),
    (
        "Điều 57 Luật 2022 — HCCSVV: niên hạn, chưa có hạng đó (hình thức)",
        "cand",
        2024,
        ["hccsvv_3"],
        1,
    ),
    ("Thông tư 04/2024/TT-BCA — cả gói cand_2024", "cand", 2024, None, 6),
    ("Thông tư 12/2019/TT-BCA — cả gói cand_2019", "cand", 2023, None, 6),
    ("Luật 2003 — cả gói luat_2003", "general", 2018, None, 6),
    ("Luật 2022 — cả gói luat_2022", "general", 2024, None, 6),
]


@pytest.mark.parametrize(
    "family,year,codes,years", [r[1:] for r in PACK_READS], ids=[r[0] for r in PACK_READS]
)
def test_what_the_packs_ask_the_loader_to_read(family, year, codes, years):
    book = BOOK if family == "test" else RULEBOOK
    read_whole = award_forms(book.catalogue)
    assert book.years_read(year, codes, family=family, read_whole=read_whole) == years


def test_without_forms_read_whole_a_condition_with_no_time_limit_reads_everything():
    assert RULEBOOK.years_read(2024, ["hccsvv_3"]) is None  # "not already held", no limit
    assert RULEBOOK.years_read(2024, ["hccsvv_3"], read_whole=FORMS) == 1


def _pack_with(tmp_path: Path, awards: dict) -> Rulebook:
    raw = yaml.safe_load((TEST_PACKS / "test_pack.yaml").read_text(encoding="utf-8"))
    (tmp_path / "pack.yaml").write_text(
        yaml.safe_dump({**raw, "awards": awards}, allow_unicode=True), encoding="utf-8"
    )
    return Rulebook.load(tmp_path)


def _leaf(kind: str, article: int, **params) -> dict:
    return {
        "kind": kind,
        **params,
        "text": kind,
        "citation": {"document": "doc", "article": article},
        "status": "verified",
    }


REFERRED = [
    ("include_current", {"award": "cstd_co_so", "include_current": True}, "holds_title"),
    ("meets", {"award": "cstd_co_so"}, "meets"),
]


@pytest.mark.parametrize(
    "params,kind", [r[1:] for r in REFERRED], ids=[f"Điều 1 — {r[0]}" for r in REFERRED]
)
def test_an_award_type_referred_to_counts_with_its_own_look_back(tmp_path, params, kind):
    book = _pack_with(
        tmp_path,
        {
            "cstd_cand": {"recipient": "individual", "conditions": [_leaf(kind, 1, **params)]},
            "cstd_co_so": {
                "recipient": "individual",
                "conditions": [_leaf("appraisal_at_least", 2, grade="tot", years=4)],
            },
        },
    )
    pack = book.packs["test_pack"]
    assert [r.code for r in pack.rules_reached(["cstd_cand"])] == ["cstd_cand", "cstd_co_so"]
    assert book.years_read(YEAR, ["cstd_cand"], family="test") == 4


def test_a_quota_counting_the_eligible_reads_what_the_base_title_reads(tmp_path):
    base = {
        "recipient": "individual",
        "conditions": [_leaf("appraisal_at_least", 2, grade="tot", years=3)],
    }
    quota = {"base": "chien_si_tien_tien", "share": 15, "text": "chỉ tiêu"}
    quota |= {"citation": {"document": "doc", "article": 3}, "status": "verified"}
    rule = {"recipient": "individual", "conditions": [_leaf("council_judgement", 1)]}
    counted = _pack_with(
        tmp_path, {"cstd_co_so": {**rule, "quotas": [quota]}, "chien_si_tien_tien": base}
    )
    assert counted.years_read(YEAR, ["cstd_co_so"], family="test") == 3
    recorded = _pack_with(
        tmp_path,
        {
            "cstd_co_so": {**rule, "quotas": [{**quota, "count_eligible": False}]},
            "chien_si_tien_tien": base,
        },
    )
    assert recorded.years_read(YEAR, ["cstd_co_so"], family="test") == 1


# Careers over 40 years: titles and awards of any age, grades, initiatives, disciplines with
# and without a duration, interruptions; units with their own results and awards.
TITLES = ["chien_si_tien_tien", "cstd_co_so", "cstd_cand", "cstd_toan_quoc"]
GIVEN = [*TITLES, "bang_khen_bo_truong", "bang_khen_thu_tuong", "hccsvv_3", "hccsvv_2"]
GRADE = st.sampled_from(["khong", "hoan_thanh", "tot", "xuat_sac"])
ANY_YEAR = st.integers(1985, YEAR)
RECENT = st.integers(YEAR - 12, YEAR)
awards_of = st.lists(
    st.builds(
        lambda code, y, span: AwardFact(code, y - span, y, f"{y}/QĐ-{code}"),
        st.sampled_from(GIVEN),
        st.one_of(ANY_YEAR, RECENT),
        st.integers(0, 2),
    ),
    max_size=5,
)
careers = st.builds(
    lambda titles, grades, held, found, measures, start, gender, unit_code: replace(
        person(
            start=start,
            gender=gender,
            unit=unit_code,
            grades=grades,
            titles=titles,
            awards=tuple(held),
            initiatives=tuple(found),
            disciplines=tuple(measures),
        ),
        service_interruptions=((date(start.year + 2, 3, 1), date(start.year + 3, 4, 30)),)
        if start.year % 3 == 0
        else (),
    ),
    st.dictionaries(st.one_of(ANY_YEAR, RECENT), st.sampled_from(TITLES), max_size=10),
    st.dictionaries(RECENT, GRADE, max_size=12),
    awards_of,
    st.lists(
        st.builds(
            InitiativeFact,
            st.integers(YEAR - 10, YEAR),
            st.sampled_from(["co_so", "bo_tinh", "toan_quoc"]),
        ),
        max_size=3,
    ),
    st.lists(
        st.builds(
            DisciplineFact,
            st.sampled_from(["khien_trach", "canh_cao", "cach_chuc"]),
            st.just("KL"),
            st.dates(date(YEAR - 5, 1, 1), date(YEAR, 12, 31)),
            st.one_of(st.none(), st.integers(1, 36)),
        ),
        max_size=2,
    ),
    st.dates(date(1985, 1, 1), date(YEAR, 6, 30)),
    st.sampled_from(["M", "F"]),
    st.sampled_from(["D1", "D2", "PV01"]),
)
unit_records = st.fixed_dictionaries(
    {
        code: st.tuples(
            st.dictionaries(RECENT, GRADE, max_size=6),
            st.dictionaries(
                st.one_of(ANY_YEAR, RECENT),
                st.sampled_from(["don_vi_tien_tien", "don_vi_quyet_thang", "co_thi_dua_bca"]),
                max_size=6,
            ),
        )
        for code in ("PV01", "D1", "D2")
    }
)
# (family, year judged, rulebook): every pack, in a year it covers.
JUDGED = [
    ("cand", 2024, RULEBOOK),
    ("cand", 2023, RULEBOOK),
    ("general", 2018, RULEBOOK),
    ("general", 2024, RULEBOOK),
    ("test", 2024, BOOK),
]


def _verdicts(persons, units, year, codes, family, book):
    found = evaluate(History(persons, units), year, award_codes=codes, family=family, rulebook=book)
    return [(v.recipient_code, v.award_code, v.eligible, v.missing()) for v in found]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(careers, min_size=1, max_size=5), unit_records)
def test_the_record_cut_to_what_the_pack_reads_gives_the_same_verdicts(crowd, records):
    crowd = [replace(p, code=f"P{i}") for i, p in enumerate(crowd)]
    units = all_units(**{code: unit(code, grades=g, titles=t) for code, (g, t) in records.items()})
    for family, year, book in JUDGED:
        read_whole = award_forms(book.catalogue)
        pack = book.pack_for(year, family)
        for codes in [None, *([code] for code in pack.awards)]:
            years = book.years_read(year, codes, family=family, read_whole=read_whole)
            cut = [as_loaded(s, year, years, book.catalogue) for s in crowd]
            cut_units = [as_loaded(u, year, years, book.catalogue) for u in units]
            assert _verdicts(cut, cut_units, year, codes, family, book) == _verdicts(
                crowd, units, year, codes, family, book
            ), (family, year, codes, years)


def _rows(persons, units, year, codes, family, book):
    found = evaluate(History(persons, units), year, award_codes=codes, family=family, rulebook=book)
    return [
        (v.recipient_code, v.award_code, v.eligible)
        + tuple((c.text, c.met, tuple(c.evidence), c.missing) for c in v.conditions)
        for v in found
    ]


def _edges(year: int) -> tuple[list, list]:
    """One person per kind of fact and age (0 to 8 years before `year`, 18 and 30), alone
    or as a streak up to `year`: every window of the packs has its edge among them."""
    people = []
    for age in (*range(9), 18, 30):
        first = year - age
        since = range(first, year + 1)
        people += [person(titles=dict.fromkeys(since, code)) for code in TITLES]
        people += [person(titles={first: code}) for code in TITLES]
        people += [person(awards=[award(code, first)]) for code in GIVEN]
        people += [
            person(grades=dict.fromkeys(since, "xuat_sac")),
            person(grades={**dict.fromkeys(since, "tot"), first: "xuat_sac"}),
        ]
        people += [
            person(initiatives=[InitiativeFact(first, scope)])
            for scope in ("co_so", "bo_tinh", "toan_quoc")
        ]
        people += [
            person(disciplines=[DisciplineFact(form, "KL", date(first, *day), months)])
            for form in ("khien_trach", "canh_cao")
            for day in ((1, 1), (6, 30), (12, 31))
            for months in (None, 6, 24)
        ]
    people = [replace(p, code=f"P{i}") for i, p in enumerate(people)]
    units = all_units(
        D1=unit("D1", titles=dict.fromkeys(range(year - 8, year + 1), "co_thi_dua_bca")),
        D2=unit("D2", grades=dict.fromkeys(range(year - 8, year + 1), "xuat_sac")),
        PV01=unit("PV01", awards=[award("co_thi_dua_bca", year - 5)]),
    )
    return people, units


@pytest.mark.parametrize("family,year,book", JUDGED, ids=[f"{f} {y}" for f, y, _ in JUDGED])
def test_facts_at_the_edge_of_each_window_are_judged_as_on_the_whole_record(family, year, book):
    people, units = _edges(year)
    read_whole = award_forms(book.catalogue)
    for codes in [None, *([code] for code in book.pack_for(year, family).awards)]:
        years = book.years_read(year, codes, family=family, read_whole=read_whole)
        cut = [as_loaded(s, year, years, book.catalogue) for s in people]
        cut_units = [as_loaded(u, year, years, book.catalogue) for u in units]
        assert _rows(cut, cut_units, year, codes, family, book) == _rows(
            people, units, year, codes, family, book
        ), (codes, years)
