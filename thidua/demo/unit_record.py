"""The units' side of a demo year: appraisal and collective titles from their members' results.

Đơn vị tiên tiến needs more than half of the members Chiến sĩ tiên tiến; Đơn vị quyết thắng
an excellent year, at least 70 % CSTT and one CSTĐCS; neither goes to a unit with a member
under cảnh cáo or heavier that year (legal-rules.md §2.2, §4.3). The province itself is
graded by the Ministry, not by its own director, so it only gets its appraisal here.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from thidua.demo.initiatives import KHIEN_TRACH
from thidua.demo.record import GOOD, HT, TOT, XS, Career
from thidua.demo.units import UnitSpec
from thidua.org.choices import UnitKind


@dataclass(slots=True)
class UnitCareer:
    spec: UnitSpec
    pk: int
    appraisal: str = ""
    title: str = ""  # don_vi_tien_tien | don_vi_quyet_thang | co_thi_dua_bca
    members: int = 0
    cstt: int = 0
    cstdcs: int = 0
    warned: bool = False
    dvqt_bits: int = 0
    bk_through: int = 0
    bk_count: int = 0
    order: bool = False

    @property
    def is_top(self) -> bool:
        """A Phòng or a Công an huyện: the units that compete in the Ministry's clusters."""
        return self.spec.kind in (UnitKind.DEPARTMENT, UnitKind.DISTRICT)

    @property
    def is_province(self) -> bool:
        return self.spec.kind == UnitKind.PROVINCE


def tally(units: dict[str, UnitCareer], active: list[Career]) -> None:
    for u in units.values():
        u.members = u.cstt = u.cstdcs = 0
        u.warned = False
        u.title = ""
    for c in active:
        u = units[c.unit]
        u.members += 1
        if c.title:
            u.cstt += 1
            u.cstdcs += c.title != "chien_si_tien_tien"
        if c.blocked and c.disc_form != KHIEN_TRACH:
            u.warned = True


def appraise_unit(rng: random.Random, u: UnitCareer, bit: int) -> str:
    streak = bit > 0 and u.dvqt_bits >> (bit - 1) & 1
    p_xs = 0.55 if streak else 0.35
    draw = rng.random()
    appraisal = XS if draw < p_xs else TOT if draw < 0.93 else HT
    if u.warned and appraisal == XS:
        appraisal = TOT
    return appraisal


def unit_title(u: UnitCareer) -> str:
    if u.is_province or u.warned or u.members == 0 or u.appraisal not in GOOD:
        return ""
    share = u.cstt / u.members
    if u.appraisal == XS and share >= 0.7 and u.cstdcs >= 1:
        return "don_vi_quyet_thang"
    return "don_vi_tien_tien" if share > 0.5 else ""
