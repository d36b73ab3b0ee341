"""Property tests (hypothesis): monotonicity in awards, streak counting, quota limits."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thidua.rules.conditions.awards import Consecutive
from thidua.rules.conditions.quota import quota_limit
from thidua.rules.engine import Candidate, Rulebook, check_candidates, evaluate
from thidua.rules.evaluator import Evaluator
from thidua.rules.facts import AwardFact, DisciplineFact, History, InitiativeFact
from thidua.rules.tests.builders import RULEBOOK, TEST_PACKS, all_units, person, unit

TEST_BOOK = Rulebook.load(TEST_PACKS)
YEAR = 2024
CODES = [
    "chien_si_tien_tien",
    "cstd_co_so",
    "cstd_cand",
    "bang_khen_bo_truong",
    "bang_khen_thu_tuong",
    "hccsvv_3",
    "hccsvv_2",
    "co_thi_dua_bca",
]
AWARD_KINDS = {"holds_title", "consecutive", "count_awards"}

years = st.integers(YEAR - 8, YEAR)
awards = st.builds(
    lambda code, y, span: AwardFact(code, y - span, y, f"{y}/QĐ"),
    st.sampled_from(CODES),
    years,
    st.integers(0, 2),
)
people = st.builds(
    lambda titles, grades, held: person(titles=titles, grades=grades, awards=tuple(held)),
    st.dictionaries(years, st.sampled_from(CODES[:3]), max_size=6),
    st.dictionaries(years, st.sampled_from(["khong", "hoan_thanh", "tot", "xuat_sac"]), max_size=9),
    st.lists(awards, max_size=4),
)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _rows(subject, book, family, year):
    history = History([subject], all_units())
    return evaluate(
        history, year, recipients=[("individual", subject.code)], family=family, rulebook=book
    )


@FAST
@given(people, awards)
def test_adding_an_award_never_unmeets_an_award_based_condition(subject, extra):
    richer = replace(subject, awards=(*subject.awards, extra))
    for year in (2023, 2024):
        before = _rows(subject, RULEBOOK, "cand", year)
        after = _rows(richer, RULEBOOK, "cand", year)
        for old, new in zip(before, after, strict=True):
            for a, b in zip(old.conditions, new.conditions, strict=True):
                if a.kind in AWARD_KINDS and a.met:
                    assert b.met, (old.award_code, a.text)


@FAST
@given(people, awards)
def test_adding_an_award_never_loses_eligibility_for_award_only_rules(subject, extra):
    rule = TEST_BOOK.packs["test_pack"].awards["anh_hung_llvtnd"]
    assert {leaf.condition.kind for leaf in rule.conditions.leaves()} <= AWARD_KINDS
    richer = replace(subject, awards=(*subject.awards, extra))
    before = _rows(subject, TEST_BOOK, "test", YEAR)
    after = _rows(richer, TEST_BOOK, "test", YEAR)
    for old, new in zip(before, after, strict=True):
        if old.award_code == rule.code and old.eligible:
            assert new.eligible


@settings(max_examples=200, deadline=None)
@given(st.sets(st.integers(YEAR - 12, YEAR)), st.integers(1, 6))
def test_a_streak_of_n_ending_in_y_exists_iff_every_year_is_held(held, n):
    pack = TEST_BOOK.packs["test_pack"]
    condition = Consecutive({"award": "cstd_co_so", "years": n}, pack.scales)
    subject = person(titles=dict.fromkeys(held, "cstd_co_so"))
    ev = Evaluator(History([subject]), YEAR, pack, TEST_BOOK.catalogue)
    outcome = condition.evaluate(ev, subject, ev.index(subject))
    assert outcome.met == all(y in held for y in range(YEAR - n + 1, YEAR + 1))
    if not outcome.met:
        lacking = [y for y in range(YEAR - n + 1, YEAR + 1) if y not in held]
        assert f"còn thiếu {len(lacking)} năm" in outcome.missing


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 100), st.integers(0, 5000), st.sampled_from(["floor", "ceil", "half_up"]))
def test_quota_limit_follows_the_rounding_rule(share, base, rounding):
    exact = Fraction(share * base, 100)
    limit = quota_limit(share, base, rounding)
    assert {
        "floor": limit <= exact < limit + 1,
        "ceil": limit - 1 < exact <= limit,
        "half_up": abs(exact - limit) <= Fraction(1, 2),
    }[rounding]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 30), st.integers(0, 12), st.data())
def test_a_checked_list_never_passes_more_than_the_quota(base_only, candidates, data):
    # test pack: CSTĐCS (xuất sắc) capped at ceil(15% of CSTT holders); every candidate is
    # also a CSTT holder, so the base is base_only + candidates.
    holders = [person(f"B{i}", grades={YEAR: "tot"}) for i in range(base_only)]
    stars = [person(f"S{i}", grades={YEAR: "xuat_sac"}) for i in range(candidates)]
    order = data.draw(st.permutations([p.code for p in stars]))
    verdicts = check_candidates(
        History([*holders, *stars], all_units()),
        YEAR,
        [Candidate("individual", code, "cstd_co_so") for code in order],
        family="test",
        rulebook=TEST_BOOK,
    )
    limit = quota_limit(15, base_only + candidates, "ceil")
    passed = [v.recipient_code for v in verdicts if v.eligible]
    assert len(passed) == min(limit, candidates)
    assert passed == list(order[: len(passed)])  # the list order decides who is over


GRADE = st.sampled_from(["khong", "hoan_thanh", "tot", "xuat_sac"])
members = st.builds(
    lambda base, team, start, inits, kl: replace(
        base,
        unit_code=team,
        unit_path=f"/CAT/PV01/{team}/",
        service_start=start,
        initiatives=tuple(inits),
        disciplines=tuple(kl),
    ),
    people,
    st.sampled_from(["D1", "D2"]),
    st.dates(date(1995, 1, 1), date(2024, 12, 1)),
    st.lists(
        st.builds(InitiativeFact, years, st.sampled_from(["co_so", "bo_tinh", "toan_quoc"])),
        max_size=3,
    ),
    st.lists(
        st.builds(
            DisciplineFact,
            st.sampled_from(["khien_trach", "canh_cao", "cach_chuc"]),
            st.just("KL"),
            st.dates(date(2021, 1, 1), date(2024, 12, 31)),
            st.one_of(st.none(), st.integers(1, 24)),
        ),
        max_size=1,
    ),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(members, min_size=1, max_size=8),
    st.dictionaries(st.sampled_from(["D1", "D2", "PV01"]), GRADE),
    st.sampled_from([2023, 2024]),
)
def test_the_sweep_the_single_question_and_the_explanation_agree(crowd, unit_grades, year):
    crowd = [replace(p, code=f"P{i}") for i, p in enumerate(crowd)]
    units = [
        unit(c, grades={year: unit_grades[c]}) if c in unit_grades else unit(c)
        for c in ("CAT", "PV01", "D1", "D2")
    ]
    history = History(crowd, units)
    sweep = evaluate(history, year, rulebook=RULEBOOK)
    for verdict in sweep:
        assert verdict.conditions  # building the rows re-checks the fast path's answer
    asked = [(s.kind, s.code) for s in (*crowd, *units)]
    single = evaluate(History(crowd, units), year, recipients=asked, rulebook=RULEBOOK)
    key = sorted((v.recipient_kind, v.recipient_code, v.award_code, v.eligible) for v in sweep)
    assert key == sorted(
        (v.recipient_kind, v.recipient_code, v.award_code, v.eligible)
        for v in single
        if v.recipient_code in {k[1] for k in key}
    )
