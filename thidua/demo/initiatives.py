"""What happens during a demo year besides the review: initiatives and disciplines.

Initiatives (sáng kiến) come mostly from people rated "xuất sắc", more often from those on
a streak of Chiến sĩ thi đua cơ sở (the ones who later need one at ministry scope), with
one or two colleagues of the same unit as co-authors. A few people a year are disciplined
(khiển trách, cảnh cáo) for twelve months: about 0.4 % a year in a province of the usual
size, fewer per head in the oversized benchmark provinces (see discipline_year).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from thidua.awards.choices import DisciplineForm, InitiativeScope
from thidua.awards.models import Discipline, Initiative, InitiativeAuthor
from thidua.demo.decisions import DIRECTOR, MINISTER, DecisionBook, PendingDecision
from thidua.demo.record import GOOD, XS, Career, window
from thidua.lib.bulk import insert_with_history
from thidua.rules.calendar import add_months

CO_SO, BO_TINH = InitiativeScope.CO_SO.value, InitiativeScope.BO_TINH.value
KHIEN_TRACH, CANH_CAO = DisciplineForm.KHIEN_TRACH.value, DisciplineForm.CANH_CAO.value
DISCIPLINE_MONTHS = 12
_DISCIPLINE_P = {0: 0.012, 1: 0.003, 2: 0.0008}  # per person-year, by tier
REAL_UNIT_SIZE = 100

_ACTIONS = [
    "Giải pháp nâng cao hiệu quả",
    "Ứng dụng công nghệ thông tin trong",
    "Quy trình rút gọn",
    "Phần mềm hỗ trợ",
    "Mô hình phối hợp trong",
    "Biện pháp đổi mới",
    "Cải tiến phương pháp",
    "Số hóa hồ sơ phục vụ",
    "Bộ tiêu chí đánh giá",
    "Sổ tay hướng dẫn nghiệp vụ",
]
_DOMAINS = [
    "công tác quản lý cư trú",
    "đăng ký, quản lý phương tiện giao thông",
    "điều tra, xử lý tội phạm về ma túy",
    "phòng cháy, chữa cháy tại khu dân cư",
    "tuần tra, kiểm soát giao thông đường bộ",
    "tiếp nhận, giải quyết tố giác, tin báo về tội phạm",
    "quản lý hồ sơ nghiệp vụ",
    "cấp căn cước",
    "phòng, chống tội phạm sử dụng công nghệ cao",
    "công tác tham mưu tổng hợp",
    "quản lý vũ khí, vật liệu nổ, công cụ hỗ trợ",
    "xây dựng phong trào Toàn dân bảo vệ an ninh Tổ quốc",
    "công tác hậu cần, kỹ thuật",
    "giáo dục chính trị, tư tưởng cho cán bộ, chiến sĩ",
    "quản lý người nước ngoài",
    "phòng, chống tội phạm xâm phạm sở hữu",
    "bảo vệ bí mật nhà nước",
]


@dataclass
class PlannedInitiative:
    title: str
    scope: str
    authors: list[Career]
    number: PendingDecision


@dataclass
class PlannedDiscipline:
    career: Career
    form: str
    day: dt.date
    number: PendingDecision


@dataclass
class YearEvents:
    initiatives: list[PlannedInitiative] = field(default_factory=list)
    disciplines: list[PlannedDiscipline] = field(default_factory=list)


def discipline_scale(people: int, units: int) -> float:
    """How much rarer discipline is per head than in a real province.

    The unit tree is fixed (about 50 staffed units), so 100,000 people make units of 2,000
    where real ones have about a hundred. One cảnh cáo bars a unit's collective title, so at
    the real rate every oversized unit would lose its title every year; keeping the number
    of disciplines per unit realistic keeps the units' history realistic at any size."""
    return min(1.0, REAL_UNIT_SIZE * units / people) if people else 1.0


def discipline_year(
    rng: random.Random, active: list[Career], year: int, book: DecisionBook, scale: float = 1.0
) -> list[PlannedDiscipline]:
    """Draw this year's disciplines and mark who is blocked (a measure in force at some
    time during the year, including one decided the year before)."""
    jan1 = dt.date(year, 1, 1)
    planned = []
    for c in active:
        c.new_discipline = ""
        if (c.disc_until is None or c.disc_until <= jan1) and rng.random() < _DISCIPLINE_P[
            c.tier
        ] * scale:
            day = jan1 + dt.timedelta(days=rng.randint(31, 333))
            form = KHIEN_TRACH if rng.random() < 0.7 else CANH_CAO
            c.disc_until = add_months(day, DISCIPLINE_MONTHS)
            c.disc_form = c.new_discipline = form
            planned.append(PlannedDiscipline(c, form, day, book.reserve_number(DIRECTOR, day)))
        c.blocked = c.disc_until is not None and c.disc_until > jan1
    return planned


def initiative_year(
    rng: random.Random,
    active: list[Career],
    by_unit: dict[str, list[Career]],
    year: int,
    bit: int,
    book: DecisionBook,
    unit_names: dict[str, str],
) -> list[PlannedInitiative]:
    """Draw this year's initiatives; sets each author's `initiative` scope and, for the
    ministry scope, their wide_initiative bit."""
    numbers: dict[str, PendingDecision] = {}
    titles: set[str] = set()
    planned = []
    streak_mask = window(bit - 1, 2) if bit >= 2 else -1
    for c in active:
        if c.blocked or c.appraisal not in GOOD:
            continue
        on_streak = streak_mask > 0 and c.cstdcs_bits & streak_mask == streak_mask
        chance = 0.003 + (0.03 if c.appraisal == XS else 0) + (0.09 if on_streak else 0)
        if rng.random() >= chance:
            continue
        scope = BO_TINH if rng.random() < (0.4 if on_streak else 0.07) else CO_SO
        mates = [m for m in by_unit[c.unit] if m is not c and not m.blocked]
        extra = min(len(mates), rng.choices((0, 1, 2), (45, 35, 20))[0])
        authors = [c, *rng.sample(mates, extra)] if extra else [c]
        for author in authors:
            if author.initiative != BO_TINH:
                author.initiative = scope
            if scope == BO_TINH:
                author.wide_initiative_bits |= 1 << bit
        if scope not in numbers:
            # One recognition decision per scope and year: the director's for cơ sở in
            # November, the Minister's for ministry scope a few days later.
            issuer, day = (DIRECTOR, 20) if scope == CO_SO else (MINISTER, 25)
            numbers[scope] = book.reserve_number(issuer, dt.date(year, 11, day))
        title = _title(rng, unit_names[c.unit], titles)
        planned.append(PlannedInitiative(title, scope, authors, numbers[scope]))
    return planned


def _title(rng: random.Random, unit_name: str, taken: set[str]) -> str:
    for _ in range(6):
        title = f"{rng.choice(_ACTIONS)} {rng.choice(_DOMAINS)} tại {unit_name}"
        if title not in taken:
            break
    base, n = title, 2
    while title in taken:
        title, n = f"{base} (giải pháp {n})", n + 1
    taken.add(title)
    return title


def write_events(
    events: YearEvents, year: int, *, stamp: dt.datetime, history: bool, reason: str
) -> tuple[int, int]:
    """Insert the year's initiatives with their authors, and its disciplines."""
    saved = {"reason": reason, "date": stamp, "history": history}
    initiatives = insert_with_history(
        Initiative,
        [
            Initiative(title=p.title, year=year, scope=p.scope, decision_number=p.number.number)
            for p in events.initiatives
        ],
        **saved,
    )
    authors = [
        InitiativeAuthor(initiative_id=obj.pk, person_id=author.pk)
        for obj, p in zip(initiatives, events.initiatives, strict=True)
        for author in p.authors
    ]
    insert_with_history(InitiativeAuthor, authors, **saved)
    disciplines = []
    for p in events.disciplines:
        discipline = Discipline(
            person_id=p.career.pk,
            form=p.form,
            decision_number=p.number.number,
            decision_date=p.day,
            duration_months=DISCIPLINE_MONTHS,
        )
        discipline.end_date = discipline.computed_end_date  # the bulk insert skips save()
        disciplines.append(discipline)
    insert_with_history(Discipline, disciplines, **saved)
    return len(initiatives), len(disciplines)
