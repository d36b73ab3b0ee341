"""Small builders so scenario tables read like the rule they test."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from thidua.rules.calendar import add_months
from thidua.rules.catalogue import Catalogue
from thidua.rules.engine import Rulebook, check_candidates, evaluate
from thidua.rules.facts import (
    AwardFact,
    DisciplineFact,
    History,
    InitiativeFact,
    PersonFacts,
    UnitFacts,
)
from thidua.rules.results import Verdict

RULEBOOK = Rulebook.load()
TEST_PACKS = Path(__file__).resolve().parent / "packs"

# CAT (Công an tỉnh) > PV01 (Phòng) > D1, D2 (Đội)
UNITS = {
    "CAT": "/CAT/",
    "PV01": "/CAT/PV01/",
    "D1": "/CAT/PV01/D1/",
    "D2": "/CAT/PV01/D2/",
}


def grades(first: int, last: int, grade: str = "tot", **overrides: str) -> dict[int, str]:
    """{first..last: grade}, with overrides written y2022="xuat_sac"."""
    result = dict.fromkeys(range(first, last + 1), grade)
    result.update({int(k[1:]): v for k, v in overrides.items()})
    return result


def award(
    code: str, year: int, number: str | None = None, year_from: int | None = None
) -> AwardFact:
    return AwardFact(
        code, year_from or year, year, number or f"{year}/QĐ-{code}", date(year + 1, 1, 15)
    )


def initiative(year: int, scope: str = "co_so") -> InitiativeFact:
    return InitiativeFact(year, scope, f"SK-{year}-{scope}")


def discipline(
    form: str, day: date, months: int | None = None, end: date | None = None
) -> DisciplineFact:
    return DisciplineFact(form, f"KL-{day.isoformat()}", day, months, end)


def person(
    code: str = "P1",
    *,
    unit: str = "D1",
    start: date = date(2010, 1, 1),
    end: date | None = None,
    gender: str = "M",
    grades: dict | None = None,
    titles: dict | None = None,
    awards: tuple = (),
    initiatives: tuple = (),
    disciplines: tuple = (),
    interruptions: tuple = (),
) -> PersonFacts:
    return PersonFacts(
        code=code,
        name=f"Cán bộ {code}",
        gender=gender,
        service_start=start,
        service_end=end,
        service_interruptions=tuple(interruptions),
        unit_code=unit,
        unit_path=UNITS.get(unit, ""),
        awards=tuple(awards),
        appraisals=dict(grades or {}),
        titles=dict(titles or {}),
        initiatives=tuple(initiatives),
        disciplines=tuple(disciplines),
    )


def unit(
    code: str,
    *,
    grades: dict | None = None,
    titles: dict | None = None,
    awards: tuple = (),
    path: str | None = None,
) -> UnitFacts:
    return UnitFacts(
        code=code,
        name=f"Đơn vị {code}",
        unit_kind="team",
        path=path or UNITS[code],
        appraisals=dict(grades or {}),
        titles=dict(titles or {}),
        awards=tuple(awards),
    )


def all_units(**overrides: UnitFacts) -> list[UnitFacts]:
    return [overrides.get(code) or unit(code) for code in UNITS]


def award_forms(catalogue: Catalogue) -> frozenset[str]:
    """The codes the loader reads for the whole career (every award form)."""
    return frozenset(c for c, info in catalogue.awards.items() if info.kind == "award_form")


def as_loaded(subject, year: int, years: int | None, catalogue: Catalogue = RULEBOOK.catalogue):
    """`subject` as thidua.eligibility.loader reads it for judging `year` with a window of
    `years` years (None: the whole record): appraisals, titles, title awards, initiatives,
    units by year and disciplines (decided in the window or still in force in it) of the
    window; award forms and service interruptions whole; nothing after `year`."""
    first = None if years is None else year - years + 1
    start = None if first is None else date(first, 1, 1)
    forms = award_forms(catalogue)

    def read(y: int) -> bool:
        return y <= year and (first is None or y >= first)

    record = {
        "awards": tuple(
            a
            for a in subject.awards
            if a.year_from <= year
            and (a.award_code in forms or first is None or a.year_to >= first)
        ),
        "appraisals": {y: g for y, g in subject.appraisals.items() if read(y)},
        "titles": {y: t for y, t in subject.titles.items() if read(y)},
        "registrations": {y: t for y, t in subject.registrations.items() if read(y)},
    }
    if isinstance(subject, UnitFacts):
        return replace(subject, **record)

    def in_window(d) -> bool:  # the register stores the end date of a measure with months
        end = d.end_date or (add_months(d.date, d.months) if d.months is not None else None)
        return d.date <= date(year, 12, 31) and (
            start is None or d.date >= start or (end is not None and end >= start)
        )

    return replace(
        subject,
        **record,
        initiatives=tuple(i for i in subject.initiatives if read(i.year)),
        disciplines=tuple(d for d in subject.disciplines if in_window(d)),
        unit_by_year={y: u for y, u in subject.unit_by_year.items() if read(y)},
        service_interruptions=tuple(
            p for p in subject.service_interruptions if p[0] <= date(year, 12, 31)
        ),
    )


def judge(
    subject,
    year: int,
    award_code: str,
    *,
    others=(),
    units=None,
    family: str = "cand",
    rulebook: Rulebook = RULEBOOK,
) -> Verdict:
    """The verdict for one person or unit, with `others` in the same History."""
    persons = [s for s in (subject, *others) if isinstance(s, PersonFacts)]
    unit_list = units if units is not None else all_units()
    if isinstance(subject, UnitFacts):
        unit_list = [u for u in unit_list if u.code != subject.code] + [subject]
    history = History(persons, unit_list)
    found = evaluate(
        history,
        year,
        award_codes=[award_code],
        recipients=[(subject.kind, subject.code)],
        family=family,
        rulebook=rulebook,
    )
    assert len(found) == 1, found
    return found[0]


def check(history: History, year: int, candidates, **kwargs) -> list[Verdict]:
    return check_candidates(
        history, year, candidates, rulebook=kwargs.pop("rulebook", RULEBOOK), **kwargs
    )


def explain(verdict: Verdict) -> str:
    """Readable failure output for assertions."""
    return "\n".join(
        f"{'✓' if c.met else '✗'} {c.text} | {c.missing} | {c.evidence}" for c in verdict.conditions
    )
