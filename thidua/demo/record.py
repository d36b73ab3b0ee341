"""One person's record, year by year: the appraisal, the yearly titles, and what they lead to.

Each person gets a fixed disposition (tier) when the history starts: a fifth are strong
performers who are rated "xuất sắc" most years and hold Chiến sĩ thi đua cơ sở in streaks,
a quarter are weaker. The rules below are the ones the legal notes describe (legal-rules.md
§2.1, §3.2, §3.4): CSTĐCS needs the CSTT standard plus "xuất sắc" or an initiative;
Bằng khen of the Minister follows two consecutive CSTĐCS; CSTĐ CAND three consecutive plus
an initiative at ministry scope; the Prime Minister's Bằng khen a Bằng khen and five good
years with three CSTĐCS; HCCSVV at 10/15/20 years of service; nobody disciplined during a
year gets anything for it, and a medal due that year waits.

Years are bits of ints (bit i = first_year + i), so "the last three years" is a mask.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from thidua.awards.choices import Appraisal

XS, TOT, HT, KHONG = (
    Appraisal.XUAT_SAC.value,
    Appraisal.TOT.value,
    Appraisal.HOAN_THANH.value,
    Appraisal.KHONG.value,
)
GOOD = (XS, TOT)
# By tier: P(xuất sắc), P(hoàn thành), P(không hoàn thành); the rest is "tốt".
_APPRAISAL = {0: (0.03, 0.20, 0.03), 1: (0.14, 0.05, 0.003), 2: (0.58, 0.01, 0.0)}
# HCCSVV grade by years of service: 1 = hạng Ba (10), 2 = hạng Nhì (15), 3 = hạng Nhất (20).
MEDAL_CODES = {1: "hccsvv_3", 2: "hccsvv_2", 3: "hccsvv_1"}
VIANTQ_YEARS = 25
STAFF_POSITIONS = {"Cán bộ", "Chiến sĩ", "Nhân viên"}


def medal_grade(years_of_service: int) -> int:
    return (
        3
        if years_of_service >= 20
        else 2
        if years_of_service >= 15
        else (1 if years_of_service >= 10 else 0)
    )


def window(last: int, length: int) -> int:
    """Mask of bits last-length+1 … last (bits below 0 dropped)."""
    first = max(0, last - length + 1)
    return ((1 << (last + 1)) - 1) & ~((1 << first) - 1)


@dataclass(slots=True)
class Career:
    pk: int
    start: dt.date
    tier: int
    stints: list[tuple[dt.date, str]]  # (first day, unit code), oldest first
    stint: int = 0
    unit: str = ""
    appraisal: str = ""
    blocked: bool = False  # a discipline in force at some time this year
    new_discipline: str = ""  # form decided this year
    disc_until: dt.date | None = None
    disc_form: str = ""
    xs_bits: int = 0
    good_bits: int = 0
    cstdcs_bits: int = 0
    wide_initiative_bits: int = 0  # initiatives recognised at ministry scope or wider
    initiative: str = ""  # scope of this year's initiative, if any
    bk_through: int = 0  # last year covered by a Minister's Bằng khen
    bk_count: int = 0
    ttg_year: int = 0
    cand_through: int = 0
    medal: int = 0  # HCCSVV grade held
    viantq: bool = False
    knc: bool = False
    order: bool = False
    title: str = ""  # highest yearly title code this year

    def unit_on(self, day: dt.date) -> str:
        while self.stint + 1 < len(self.stints) and self.stints[self.stint + 1][0] <= day:
            self.stint += 1
        return self.stints[self.stint][1]


def new_career(rng: random.Random, plan, first_year: int) -> Career:
    leader = plan.position not in STAFF_POSITIONS
    draw = rng.random()
    tier = 2 if draw < 0.2 else 1 if draw < 0.75 else 0
    if leader:
        tier = max(tier, 1 if rng.random() < 0.5 else 2)
    served = first_year - 1 - plan.service_start.year
    stints = [(start, code) for code, start, _end, _pos in plan.stints]
    return Career(
        pk=plan.pk,
        start=plan.service_start,
        tier=tier,
        stints=stints,
        medal=medal_grade(served),
        viantq=served >= VIANTQ_YEARS,
    )


def appraise(rng: random.Random, c: Career, bit: int) -> str:
    if c.new_discipline:
        # Disciplined this year: at best "hoàn thành".
        return KHONG if c.new_discipline != "khien_trach" and rng.random() < 0.4 else HT
    p_xs, p_ht, p_k = _APPRAISAL[c.tier]
    if bit and c.xs_bits >> (bit - 1) & 1:
        p_xs = min(0.9, p_xs * 1.35)  # good years come in runs
    draw = rng.random()
    if draw < p_k:
        return KHONG
    if draw < p_k + p_ht:
        return HT
    return XS if draw < p_k + p_ht + p_xs else TOT


def yearly_titles(rng: random.Random, c: Career, bit: int) -> tuple[bool, bool]:
    """(Chiến sĩ tiên tiến, Chiến sĩ thi đua cơ sở) for the year."""
    if c.blocked or c.appraisal not in GOOD or rng.random() >= 0.96:
        return False, False
    if c.appraisal != XS and c.initiative == "":
        return True, False
    streak = bit > 0 and c.cstdcs_bits >> (bit - 1) & 1
    chance = 0.8 if streak else 0.5 if c.appraisal == XS else 0.45
    return True, rng.random() < chance


def bk_minister_due(c: Career, bit: int, year: int) -> bool:
    """Two consecutive CSTĐCS, neither already counted for an earlier Bằng khen."""
    both = window(bit, 2)
    return bit >= 1 and c.cstdcs_bits & both == both and c.bk_through < year - 1


def cstd_cand_due(c: Career, bit: int, year: int) -> bool:
    three = window(bit, 3)
    return (
        bit >= 2
        and c.cstdcs_bits & three == three
        and c.wide_initiative_bits & three != 0
        and c.cand_through < year - 2
    )


def bk_pm_due(c: Career, bit: int, year: int) -> bool:
    """A Minister's Bằng khen already, five good years in a row with three CSTĐCS."""
    five = window(bit, 5)
    return (
        bit >= 4
        and c.bk_count > 0
        and c.bk_through < year
        and c.good_bits & five == five
        and (c.cstdcs_bits & five).bit_count() >= 3
        and (c.ttg_year == 0 or year - c.ttg_year >= 5)
    )


def medal_due(c: Career, year: int) -> int:
    """The HCCSVV grade to give this year (0: none): reached and not held, and the year
    was a good one (a discipline or a poor year postpones it)."""
    grade = medal_grade(year - c.start.year)
    if grade > c.medal and not c.blocked and c.appraisal in GOOD:
        return grade
    return 0


def viantq_due(c: Career, year: int) -> bool:
    return (
        not c.viantq
        and year - c.start.year >= VIANTQ_YEARS
        and not c.blocked
        and c.appraisal in GOOD
    )
