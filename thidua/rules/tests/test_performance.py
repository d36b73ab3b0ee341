"""Performance smoke (no timing assertion): a generated force of 2,000 people and their units
goes through a full sweep, a seniority sweep and a candidate check in one pass each."""

from __future__ import annotations

import random
from datetime import date

from thidua.rules.engine import Candidate, check_candidates, evaluate, seniority_proposals
from thidua.rules.facts import (
    AwardFact,
    DisciplineFact,
    History,
    InitiativeFact,
    PersonFacts,
    UnitFacts,
)
from thidua.rules.tests.builders import RULEBOOK

GRADES = ["khong", "hoan_thanh", "tot", "tot", "tot", "xuat_sac", "xuat_sac"]


def generated_history(
    people: int, *, seed: int = 7, first: int = 2010, last: int = 2024
) -> History:
    rnd = random.Random(seed)
    units = [UnitFacts("CAT", "Công an tỉnh", path="/CAT/")]
    for d in range(10):
        units.append(
            UnitFacts(
                f"PV{d}",
                f"Phòng {d}",
                path=f"/CAT/PV{d}/",
                appraisals={y: rnd.choice(GRADES[2:]) for y in range(first, last + 1)},
            )
        )
        for t in range(5):
            units.append(
                UnitFacts(
                    f"PV{d}T{t}",
                    f"Đội {t}",
                    path=f"/CAT/PV{d}/PV{d}T{t}/",
                    appraisals={y: rnd.choice(GRADES[2:]) for y in range(first, last + 1)},
                )
            )
    teams = [u for u in units if u.path.count("/") == 4]
    persons = []
    for i in range(people):
        team = rnd.choice(teams)
        start = date(rnd.randint(1995, 2024), rnd.randint(1, 12), 1)
        grades = {y: rnd.choice(GRADES) for y in range(max(first, start.year), last + 1)}
        titles = {
            y: ("cstd_co_so" if g == "xuat_sac" else "chien_si_tien_tien")
            for y, g in grades.items()
            if g in ("tot", "xuat_sac") and y < last
        }
        awards = tuple(
            AwardFact(
                rnd.choice(
                    ["bang_khen_bo_truong", "giay_khen_giam_doc", "hccsvv_3", "bang_khen_thu_tuong"]
                ),
                y,
                y,
                f"{i}-{y}/QĐ",
            )
            for y in rnd.sample(range(first, last), 2)
        )
        persons.append(
            PersonFacts(
                code=f"P{i:05d}",
                name=f"Cán bộ {i}",
                gender=rnd.choice("MF"),
                service_start=start,
                unit_code=team.code,
                unit_path=team.path,
                appraisals=grades,
                titles=titles,
                awards=awards,
                initiatives=tuple(
                    InitiativeFact(y, rnd.choice(["co_so", "co_so", "bo_tinh"]))
                    for y in grades
                    if rnd.random() < 0.2
                ),
                disciplines=tuple(
                    DisciplineFact("khien_trach", "KL", date(y, 6, 1), 12)
                    for y in grades
                    if rnd.random() < 0.02
                ),
            )
        )
    return History(persons, units)


def test_a_sweep_of_2000_people_runs():
    history = generated_history(2000)
    for year in (2023, 2024):
        verdicts = evaluate(history, year, rulebook=RULEBOOK)
        assert len({v.award_code for v in verdicts}) > 10
        eligible = evaluate(history, year, only_eligible=True, rulebook=RULEBOOK)
        assert eligible and all(v.eligible for v in eligible)
        assert {(v.recipient_code, v.award_code) for v in eligible} == {
            (v.recipient_code, v.award_code) for v in verdicts if v.eligible
        }
    assert seniority_proposals(history, 2024, rulebook=RULEBOOK)
    candidates = [Candidate("individual", p.code, "cstd_co_so") for p in history.persons[:300]]
    assert len(check_candidates(history, 2023, candidates, rulebook=RULEBOOK)) == 300
