"""The rule packs as data: loading, inheritance, year selection, validation and output shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from thidua.rules.conditions import PackError
from thidua.rules.engine import Rulebook, evaluate
from thidua.rules.facts import History
from thidua.rules.packs import STATUSES
from thidua.rules.tests.builders import RULEBOOK, all_units, grades, person

REAL_PACKS = ("luat_2003", "luat_2022", "cand_2019", "cand_2024")


def test_the_four_packs_load_and_use_only_catalogue_codes():
    assert set(REAL_PACKS) <= set(RULEBOOK.packs)
    assert RULEBOOK.problems() == []


@pytest.mark.parametrize("pack_id", REAL_PACKS)
def test_every_condition_has_wording_a_citation_and_a_status(pack_id):
    pack = RULEBOOK.packs[pack_id]
    for rule in pack.awards.values():
        for leaf in [*rule.conditions.leaves(), *(q.node for q in rule.quotas)]:
            assert leaf.text and leaf.status in STATUSES, (rule.code, leaf.text)
            assert pack.cite(leaf.citation), (rule.code, leaf.text)


PACK_BY_YEAR = [
    ("cand", 2015, "luat_2003"),  # no CAND pack before TT 12/2019: the general one
    ("cand", 2019, "cand_2019"),
    ("cand", 2023, "cand_2019"),
    ("cand", 2024, "cand_2024"),
    ("cand", 2031, "cand_2024"),
    ("general", 2023, "luat_2003"),
    ("general", 2024, "luat_2022"),
]


@pytest.mark.parametrize(
    "family,year,pack_id", PACK_BY_YEAR, ids=[f"{f} {y} → {p}" for f, y, p in PACK_BY_YEAR]
)
def test_the_pack_is_picked_by_the_year_judged(family, year, pack_id):
    assert RULEBOOK.pack_for(year, family).id == pack_id


def test_the_cand_pack_extends_the_general_one_and_overrides_it():
    cand, general = RULEBOOK.packs["cand_2024"], RULEBOOK.packs["luat_2022"]
    assert cand.lineage == ("cand_2024", "luat_2022")
    assert "lao_dong_tien_tien" in general.awards and "lao_dong_tien_tien" not in cand.awards
    assert "hc_vi_an_ninh_to_quoc" in cand.awards
    assert "tt_04_2024_bca" in cand.documents and "luat_2022" in cand.documents
    # the redefined CSTT standard reaches the inherited CSTĐCS rule through `meets`
    meets = next(rule for rule in cand.awards["cstd_co_so"].conditions.leaves())
    assert meets.condition.code == "chien_si_tien_tien"
    # an entry naming only `note` keeps the parent's conditions
    assert cand.awards["chien_si_tien_tien"].conditions.leaves()
    assert cand.awards["chien_si_tien_tien"].note.startswith("Cán bộ, chiến sĩ")


def test_unverified_rules_are_flagged_in_every_verdict_that_uses_them():
    history = History([person(grades=grades(2019, 2024))], all_units())
    for year in (2023, 2024):
        for verdict in evaluate(history, year, rulebook=RULEBOOK):
            used = {c.status for c in verdict.conditions}
            assert verdict.unverified == ("unverified" in used)
            assert verdict.to_dict()["unverified"] == verdict.unverified


def test_the_json_shape_is_the_cli_contract():
    history = History([person(grades={2024: "xuat_sac"})], all_units())
    [verdict] = evaluate(history, 2024, award_codes=["cstd_co_so"], rulebook=RULEBOOK)
    data = json.loads(json.dumps(verdict.to_dict(), ensure_ascii=False))
    assert data["recipient"] == {"kind": "individual", "code": "P1", "name": "Cán bộ P1"}
    assert data["award"] == {"code": "cstd_co_so", "name": "Chiến sĩ thi đua cơ sở"}
    assert data["eligible"] is True and data["pack"] == "cand_2024"
    first = data["conditions"][0]
    assert {"text", "met", "evidence", "citation", "status", "missing"} <= set(first)
    assert first["citation"] == "Điều 23 Luật Thi đua, khen thưởng 2022"


def test_the_sweep_can_drop_the_ineligible():
    history = History(
        [person("A", grades={2024: "xuat_sac"}), person("B", grades={2024: "khong"})], all_units()
    )
    everyone = evaluate(history, 2024, award_codes=["cstd_co_so"], rulebook=RULEBOOK)
    eligible = evaluate(
        history, 2024, award_codes=["cstd_co_so"], only_eligible=True, rulebook=RULEBOOK
    )
    assert [(v.recipient_code, v.eligible) for v in everyone] == [("A", True), ("B", False)]
    assert [v.to_dict() for v in eligible] == [everyone[0].to_dict()]


def test_catalogue_resolves_names_and_aliases_without_accents():
    cat = RULEBOOK.catalogue
    assert cat.resolve("chien si thi dua co so") == "cstd_co_so"
    assert cat.resolve("CSTĐCS") == "cstd_co_so"
    assert cat.resolve("Huy chương Chiến sĩ vẻ vang hạng Ba") == "hccsvv_3"
    assert cat.resolve("không có") is None


HEADER = """
id: bad
family: test
effective_from: 2000-01-01
documents: {doc: {name: "Văn bản", short: "Văn bản"}}
scales:
  appraisal: [{code: tot, name: "Tốt"}]
  initiative_scope: [{code: co_so, name: "cơ sở"}]
  discipline: [{code: khien_trach, name: "Khiển trách"}]
  discipline_default_months: 12
"""
LEAF = 'text: "x", citation: {document: doc}, status: verified'
SETTING_BASIS = "citation: {document: doc}, status: verified_old"
BAD_PACKS = [
    (
        "unknown kind",
        f"awards: {{cstd_co_so: {{conditions: [{{kind: magic, {LEAF}}}]}}}}",
        "loại điều kiện 'magic'",
    ),
    (
        "no citation",
        "awards: {cstd_co_so: {conditions: [{kind: appraisal_at_least, "
        'grade: tot, text: "x", status: verified}]}}',
        "cần text và citation",
    ),
    (
        "no status",
        "awards: {cstd_co_so: {conditions: [{kind: appraisal_at_least, "
        'grade: tot, text: "x", citation: {document: doc}}]}}',
        "status None",
    ),
    (
        "unknown grade",
        "awards: {cstd_co_so: {conditions: [{kind: appraisal_at_least, "
        f"grade: gioi, {LEAF}}}]}}}}",
        "mã 'gioi' không có trong thang",
    ),
    (
        "unknown parameter",
        "awards: {cstd_co_so: {conditions: [{kind: appraisal_at_least, "
        f"grade: tot, yeras: 3, {LEAF}}}]}}}}",
        "tham số không hợp lệ ['yeras']",
    ),
    (
        "unknown document",
        "awards: {cstd_co_so: {conditions: [{kind: appraisal_at_least, "
        'grade: tot, text: "x", citation: {document: nope}, status: verified}]}}',
        "document phải là một văn bản",
    ),
    (
        "ref loop",
        "definitions: {a: {ref: a}}\nawards: {cstd_co_so: {conditions: {ref: a}}}",
        "ref 'a' không tồn tại hoặc lặp vòng",
    ),
    (
        "unknown setting",
        "awards: {cstd_co_so: {conditions: [], quotas: [{base: chien_si_tien_tien, "
        'share: {setting: nope}, text: "x"}]}}',
        "không có setting ['nope'] trong settings của gói",
    ),
    (
        "setting default out of range",
        f"settings: {{s: {{text: t, default: 150, min: 0, max: 100, {SETTING_BASIS}}}}}",
        "settings.s: default 150 nằm ngoài khoảng 0..100",
    ),
    (
        "setting without a citation",
        "settings: {s: {text: t, default: 15, min: 0, max: 100, status: verified}}",
        "settings.s: thiếu ['citation']",
    ),
    (
        "a leaf citing beside its setting",
        f"settings: {{s: {{text: t, default: 15, min: 0, max: 100, {SETTING_BASIS}}}}}\n"
        "awards: {cstd_co_so: {conditions: [], quotas: [{base: chien_si_tien_tien, "
        f"share: {{setting: s}}, {LEAF}}}]}}}}",
        "lấy citation và status từ settings",
    ),
    (
        "share over 100",
        "awards: {cstd_co_so: {conditions: [], quotas: [{base: chien_si_tien_tien, "
        f"share: 150, {LEAF}}}]}}}}",
        "share phải là phần trăm",
    ),
]


@pytest.mark.parametrize("body,message", [r[1:] for r in BAD_PACKS], ids=[r[0] for r in BAD_PACKS])
def test_a_broken_pack_is_refused_with_a_message_naming_the_problem(tmp_path: Path, body, message):
    (tmp_path / "bad.yaml").write_text(HEADER + body, encoding="utf-8")
    with pytest.raises(PackError, match=message.replace("[", r"\[").replace("(", r"\(")):
        Rulebook.load(tmp_path)


def test_an_extends_loop_is_refused(tmp_path: Path):
    for name, parent in (("a", "b"), ("b", "a")):
        (tmp_path / f"{name}.yaml").write_text(f"id: {name}\nextends: {parent}\n", encoding="utf-8")
    with pytest.raises(PackError, match="vòng lặp extends"):
        Rulebook.load(tmp_path)


def test_an_old_text_cited_under_the_2022_law_says_why_it_is_cited():
    from thidua.rules.packs import REPLACED_NOTE

    pack = RULEBOOK.packs["luat_2022"]
    cited = {leaf.cited for rule in pack.awards.values() for leaf in rule.leaves()}
    old = [c for c in cited if c.startswith("Nghị định 91/2017/NĐ-CP")]
    assert old and all(c.endswith(f" — {REPLACED_NOTE}") for c in old)
    # In the pack of its own time the same decree is the text in force: no such note.
    older = RULEBOOK.packs["luat_2003"]
    assert not any(
        REPLACED_NOTE in leaf.cited for rule in older.awards.values() for leaf in rule.leaves()
    )


SETTING_PACK = f"""
settings:
  share:
    text: "Tỷ lệ tối đa (%)"
    default: 15
    min: 0
    max: 100
    citation: {{document: doc}}
    status: verified_old
awards:
  cstd_co_so:
    conditions: [{{kind: appraisal_at_least, grade: tot, {LEAF}}}]
    quotas:
      - {{base: chien_si_tien_tien, share: {{setting: share}}, text: "Không quá {{share}}%"}}
"""


def test_a_setting_driven_quota_counts_with_the_default_then_with_the_override(tmp_path):
    from thidua.rules.engine import Candidate, check_candidates_with_quotas
    from thidua.rules.settings import PROVINCE_STATUS, Override

    (tmp_path / "p.yaml").write_text(HEADER + SETTING_PACK, encoding="utf-8")
    holders = [person(f"H{i}", titles={2024: "chien_si_tien_tien"}) for i in range(20)]
    proposed = [person(f"P{i}", grades={2024: "tot"}) for i in range(5)]
    history = History([*holders, *proposed], all_units())
    candidates = [Candidate("individual", p.code, "cstd_co_so") for p in proposed]

    def run(**overrides):
        book = Rulebook.load(tmp_path, overrides=overrides)
        verdicts, lines = check_candidates_with_quotas(
            history, 2024, candidates, family="test", rulebook=book
        )
        return [v.eligible for v in verdicts], lines[0]

    eligible, line = run()
    assert eligible == [True, True, True, False, False]  # 15% of 20 = 3
    assert (line.text, line.share, line.limit, line.count, line.over) == (
        "Không quá 15%",
        15,
        3,
        5,
        2,
    )
    assert (line.citation, line.status, line.setting) == ("Văn bản", "verified_old", "share")
    eligible, line = run(share=Override("25", "Kế hoạch 7/KH-CAT"))
    assert eligible == [True] * 5  # 25% of 20 = 5
    assert (line.text, line.limit, line.over, line.status) == (
        "Không quá 25%",
        5,
        0,
        PROVINCE_STATUS,
    )
    assert line.citation == "Giá trị do Công an tỉnh quy định: Kế hoạch 7/KH-CAT"
    with pytest.raises(PackError, match=r"nằm ngoài khoảng 0\.\.100"):
        Rulebook.load(tmp_path, overrides={"share": Override(120, "x")})
