"""Registration in the rule engine: the 2003 law made it a ground of the emulation titles
(legal-rules.md §2), the 2022 law does not. Scenarios under each pack, and the loader
reading registrations set-wise into the facts."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from thidua.accounts.scope import SYSTEM
from thidua.awards.services import yearly_result_save
from thidua.eligibility.loader import load_history
from thidua.movements.models import Registration
from thidua.movements.registration_services import registration_save
from thidua.rules.engine import evaluate
from thidua.rules.facts import History
from thidua.rules.tests.builders import (
    RULEBOOK,
    explain,
    grades,
    initiative,
    judge,
    person,
    unit,
)

PACKS = Path(__file__).resolve().parents[2] / "rules" / "packs"


def registered(subject, year: int, *codes: str):
    return replace(subject, registrations={year: frozenset(codes or ("chien_si_tien_tien",))})


def row(verdict, text: str):
    (found,) = [c for c in verdict.conditions if text in c.text]
    return found


# A colleague registered in the same year: the province keeps registrations for that year.
COLLEAGUE = registered(person("P9", grades=grades(2015, 2015)), 2015)


@pytest.mark.parametrize("year", [2015, 2021])  # luat_2003, and cand_2019 which extends it
def test_under_the_2003_law_an_unregistered_officer_is_not_chien_si_tien_tien(year):
    colleague = registered(person("P9", grades=grades(year, year)), year)
    officer = person(grades=grades(year, year))
    verdict = judge(officer, year, "chien_si_tien_tien", others=[colleague])
    assert not verdict.eligible, explain(verdict)
    assert verdict.pack_id in {"luat_2003", "cand_2019"}
    condition = row(verdict, "Có đăng ký thi đua trong năm")
    assert condition.missing == f"chưa đăng ký thi đua năm {year}"
    assert judge(registered(officer, year), year, "chien_si_tien_tien", others=[colleague]).eligible


def test_under_the_2003_law_registration_carries_into_cstd_co_so():
    officer = person(grades={2015: "xuat_sac"})
    officer = replace(officer, initiatives=(initiative(2015),))
    unregistered = judge(officer, 2015, "cstd_co_so", others=[COLLEAGUE])
    assert not unregistered.eligible
    assert "chưa đăng ký thi đua năm 2015" in explain(unregistered)
    ok = judge(registered(officer, 2015, "cstd_co_so"), 2015, "cstd_co_so", others=[COLLEAGUE])
    assert ok.eligible, explain(ok)


def test_a_year_without_any_recorded_registration_is_not_checked():
    verdict = judge(person(grades=grades(2015, 2015)), 2015, "chien_si_tien_tien")
    assert verdict.eligible, explain(verdict)
    condition = row(verdict, "Có đăng ký thi đua trong năm")
    assert condition.met and "chưa có dữ liệu đăng ký thi đua năm 2015" in condition.evidence[0]


def test_under_the_2003_law_a_unit_must_register_its_collective_title():
    members = [person(f"M{i}", unit="D1", grades=grades(2015, 2015)) for i in range(3)]
    members = [registered(m, 2015) for m in members]
    team = unit("D1", grades={2015: "tot"})
    verdict = judge(team, 2015, "don_vi_tien_tien", others=members)
    assert not verdict.eligible
    assert "chưa đăng ký thi đua năm 2015" in explain(verdict)
    team = replace(team, registrations={2015: frozenset({"don_vi_tien_tien"})})
    assert judge(team, 2015, "don_vi_tien_tien", others=members).eligible


def test_the_2022_law_ignores_registration():
    colleague = registered(person("P9", grades=grades(2024, 2024)), 2024)
    verdict = judge(
        person(grades=grades(2024, 2024)), 2024, "chien_si_tien_tien", others=[colleague]
    )
    assert verdict.eligible and verdict.pack_id == "cand_2024", explain(verdict)
    assert not [c for c in verdict.conditions if "đăng ký" in c.text]
    general = judge(
        person(grades=grades(2024, 2024)),
        2024,
        "lao_dong_tien_tien",
        others=[colleague],
        family="general",
    )
    assert general.eligible and general.pack_id == "luat_2022"


def test_no_pack_of_the_2022_law_asks_for_a_registration():
    for name in ("luat_2022.yaml", "cand_2024.yaml"):
        assert "registered" not in (PACKS / name).read_text(encoding="utf-8"), name
    assert "kind: registered" in (PACKS / "luat_2003.yaml").read_text(encoding="utf-8")
    pack = yaml.safe_load((PACKS / "luat_2003.yaml").read_text(encoding="utf-8"))
    leaf = pack["definitions"]["registered"]
    assert leaf["status"] == "verified_old" and "chưa đối chiếu" in leaf["note"]


def test_the_sweep_and_the_single_verdict_agree():
    officers = [person(f"P{i}", grades=grades(2015, 2015)) for i in range(6)]
    officers = [registered(p, 2015) if i % 2 else p for i, p in enumerate(officers)]
    history = History(officers, [unit(c) for c in ("CAT", "PV01", "D1", "D2")])
    swept = evaluate(history, 2015, award_codes=["chien_si_tien_tien"], rulebook=RULEBOOK)
    assert sorted(v.recipient_code for v in swept if v.eligible) == ["P1", "P3", "P5"]


# ── The loader ────────────────────────────────────────────────────────────────────────


def test_the_loader_reads_registrations_into_the_facts(units, people, types):
    registration_save(
        actor=SYSTEM,
        registration=Registration(
            unit=units.cax_a1, year=2020, collective_title=types.don_vi_tien_tien
        ),
        titles={people.an.pk: types.cstd_co_so},
    )
    registration_save(
        actor=SYSTEM,
        registration=Registration(unit=units.cah_b, year=2019),
        titles={people.cuong.pk: types.chien_si_tien_tien},
    )
    loaded = load_history(2020, years_back=2)
    history = loaded.history
    assert history.person_by_code["CA0001"].registrations == {2020: frozenset({"cstd_co_so"})}
    assert history.person_by_code["CA0003"].registrations == {
        2019: frozenset({"chien_si_tien_tien"})
    }
    assert history.person_by_code["CA0002"].registrations == {}
    assert history.unit_by_code["CAX-A1"].registrations == {2020: frozenset({"don_vi_tien_tien"})}
    assert history.registration_years() == {2019, 2020}
    # A single person's load knows the years recorded force-wide all the same.
    alone = load_history(2020, person=people.binh, years_back=1).history
    assert alone.registration_years() == {2020}


def test_an_officer_of_2020_without_registration_is_told_why(units, people, types):
    registration_save(
        actor=SYSTEM,
        registration=Registration(unit=units.cax_a1, year=2020),
        titles={people.an.pk: types.chien_si_tien_tien},
    )
    for who in (people.an, people.binh):
        yearly_result_save(person=who, year=2020, appraisal="tot")
    history = load_history(2020).history
    verdicts = {
        v.recipient_code: v
        for v in evaluate(history, 2020, award_codes=["chien_si_tien_tien"], rulebook=RULEBOOK)
    }
    assert verdicts["CA0001"].eligible, explain(verdicts["CA0001"])
    assert not verdicts["CA0002"].eligible
    assert "chưa đăng ký thi đua năm 2020" in explain(verdicts["CA0002"])
