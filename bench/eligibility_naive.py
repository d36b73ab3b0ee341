"""The baseline of the eligibility benchmark: three rules of the cand_2024 pack written the
obvious way — loop over people, ask the ORM about each one. Deliberately naive (this is what
the engine replaces); only the benchmark uses it.

Rules: Chiến sĩ thi đua cơ sở, Chiến sĩ thi đua CAND (3 consecutive CSTĐCS, the judged year
counting when its CSTĐCS conditions are met, and a ministry-level initiative in those 3 years),
Huy chương Chiến sĩ vẻ vang (the three classes).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from thidua.awards.models import Award, Discipline, InitiativeAuthor, YearlyResult
from thidua.eligibility.loader import in_service
from thidua.org.models import Person
from thidua.rules.calendar import month_diff
from thidua.rules.facts import INDIVIDUAL

GOOD = ("tot", "xuat_sac")
CSTD_OR_HIGHER = ("cstd_co_so", "cstd_cand", "cstd_toan_quoc")
SENIORITY = (("hccsvv_3", 120, 180), ("hccsvv_2", 180, 240), ("hccsvv_1", 240, None))
HELD_OR_HIGHER = {
    "hccsvv_3": ("hccsvv_3", "hccsvv_2", "hccsvv_1", "hc_vi_an_ninh_to_quoc"),
    "hccsvv_2": ("hccsvv_2", "hccsvv_1", "hc_vi_an_ninh_to_quoc"),
    "hccsvv_1": ("hccsvv_1", "hc_vi_an_ninh_to_quoc"),
}
CODES = ("cstd_co_so", "cstd_cand", "hccsvv_3", "hccsvv_2", "hccsvv_1")


def sample_ids(year: int, size: int) -> list[int]:
    """Every n-th person in service, so the sample spreads over the whole force."""
    ids = list(Person.objects.filter(in_service(year)).order_by("pk").values_list("pk", flat=True))
    step = max(len(ids) // max(size, 1), 1)
    return ids[::step][:size]


def judge(person_ids: list[int], year: int) -> dict[str, set[str]]:
    """{person code: eligible codes among CODES}, asking the database person by person."""
    found = {}
    for pk in person_ids:
        person = Person.objects.get(pk=pk)
        eligible = set()
        if cstd_co_so(person, year):
            eligible.add("cstd_co_so")
        if cstd_cand(person, year):
            eligible.add("cstd_cand")
        eligible |= hccsvv(person, year)
        found[person.code] = eligible
    return found


def compare(naive: dict[str, set[str]], verdicts, person_ids: list[int]) -> str:
    engine: dict[str, set[str]] = {code: set() for code in naive}
    for v in verdicts:
        if v.recipient_kind == INDIVIDUAL and v.award_code in CODES and v.recipient_code in engine:
            engine[v.recipient_code].add(v.award_code)
    same = sum(engine[code] == naive[code] for code in naive)
    return f"{same}/{len(naive)} người cùng kết luận cho 5 loại khen thưởng"


def _months(person: Person, year: int) -> int:
    """Whole months of service up to 31/12 of the year (or the end of service)."""
    until = dt.date(year, 12, 31)
    end = min(person.service_end or until, until) + dt.timedelta(days=1)
    return max(month_diff(person.service_start, end), 0)


def _appraisal(person: Person, year: int) -> str:
    result = YearlyResult.objects.filter(person=person, year=year).first()
    return result.appraisal if result else ""


def _disciplined_in(person: Person, year: int) -> bool:
    return Discipline.objects.filter(person=person, decision_date__year=year).exists()


def _in_force_at_year_end(person: Person, year: int) -> bool:
    end = dt.date(year, 12, 31)
    default_start = end.replace(year=year - 1)  # no end date: 12 months
    return (
        Discipline.objects.filter(person=person, decision_date__lte=end)
        .filter(Q(end_date__gt=end) | Q(end_date__isnull=True, decision_date__gt=default_start))
        .exists()
    )


def _chien_si_tien_tien(person: Person, year: int) -> bool:
    return (
        person.service_start is not None
        and _months(person, year) >= 6
        and _appraisal(person, year) in GOOD
        and not _disciplined_in(person, year)
        and not _in_force_at_year_end(person, year)
    )


def cstd_co_so(person: Person, year: int) -> bool:
    if not _chien_si_tien_tien(person, year):
        return False
    return (
        _appraisal(person, year) == "xuat_sac"
        or InitiativeAuthor.objects.filter(person=person, initiative__year=year).exists()
    )


def _held_cstd(person: Person, year: int) -> bool:
    if YearlyResult.objects.filter(
        person=person, year=year, title__code__in=CSTD_OR_HIGHER
    ).exists():
        return True
    return (
        Award.objects.current()
        .filter(
            person=person,
            award_type__code__in=CSTD_OR_HIGHER,
            year_from__lte=year,
            year_to__gte=year,
        )
        .exists()
    )


def cstd_cand(person: Person, year: int) -> bool:
    for past in (year, year - 1, year - 2):
        if not (_held_cstd(person, past) or (past == year and cstd_co_so(person, year))):
            return False
    return InitiativeAuthor.objects.filter(
        person=person,
        initiative__year__gte=year - 2,
        initiative__year__lte=year,
        initiative__scope__in=("bo_tinh", "toan_quoc"),
    ).exists()


def hccsvv(person: Person, year: int) -> set[str]:
    found = set()
    if person.service_start is None:
        return found
    months = _months(person, year)
    for code, low, high in SENIORITY:
        if months < low or (high is not None and months >= high):
            continue
        if _appraisal(person, year) not in GOOD or _in_force_at_year_end(person, year):
            continue
        held = Award.objects.current().filter(
            person=person, award_type__code__in=HELD_OR_HIGHER[code]
        )
        if not held.exists():
            found.add(code)
    return found
