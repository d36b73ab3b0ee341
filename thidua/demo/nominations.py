"""The demo's nominations for the reference year: the province's council and a few dossiers
at each stage, so that every page of the workflow and every task line shows something.

All of it goes through the workflow's services (as the system actor), from the eligibility
engine's own suggestions: what a new user sees is what the workflow would have produced.
"""

from __future__ import annotations

import datetime as dt

from thidua.accounts.scope import SYSTEM
from thidua.awards.choices import Level
from thidua.awards.models import AwardType
from thidua.demo.context import DemoContext
from thidua.demo.units import CLERK_UNIT
from thidua.eligibility.services import eligibility_report
from thidua.nominations import council as council_services
from thidua.nominations import services
from thidua.nominations.models import Deadline, DeadlineKind, Dossier
from thidua.org.choices import UnitKind
from thidua.org.models import Person, Unit

_MEMBERS = [
    ("chair", "Giám đốc Công an tỉnh"),
    ("deputy", "Phó Giám đốc Công an tỉnh"),
    ("deputy", "Phó Giám đốc Công an tỉnh"),
    ("member", "Trưởng phòng Tổ chức cán bộ"),
    ("member", "Trưởng phòng Tham mưu"),
    ("member", "Trưởng phòng Công tác đảng và công tác chính trị"),
    ("member", "Chủ tịch Công đoàn Công an tỉnh"),
    ("member", "Bí thư Đoàn Thanh niên Công an tỉnh"),
    ("member", "Trưởng phòng Cảnh sát hình sự"),
    ("secretary", "Đội trưởng Đội Thi đua – Khen thưởng"),
]
_NAMES = [
    "Nguyễn Văn Hùng",
    "Trần Minh Tuấn",
    "Lê Quang Hải",
    "Phạm Thị Lan",
    "Hoàng Đức Thắng",
    "Vũ Thị Hạnh",
    "Đặng Văn Long",
    "Bùi Thanh Sơn",
    "Đỗ Mạnh Cường",
    "Ngô Thị Thu",
]


def _suggested(year: int, unit: Unit, award: str, count: int) -> list[tuple[str, str, str]]:
    run = eligibility_report(user=SYSTEM, year=year, within=unit.code, award=award)
    picks = [(v.recipient_kind, v.recipient_code, v.award_code) for v in run.verdicts if v.eligible]
    return picks[:count]


def _dossier(year: int, unit: Unit, picks, title: str) -> Dossier | None:
    if not picks:
        return None
    dossier = services.dossier_create(actor=SYSTEM, unit=unit, year=year, title=title)
    services.items_from_suggestions(actor=SYSTEM, dossier=dossier, picks=picks)
    dossier.refresh_from_db()
    return dossier


def _step(dossier: Dossier, *actions: str, comment: str = "") -> Dossier:
    for action in actions:
        dossier = services.transition(actor=SYSTEM, dossier=dossier, action=action, comment=comment)
    return dossier


def _disclosed(year: int, ctx: DemoContext) -> Dossier | None:
    """A department's nomination for a Huân chương, at the council and disclosed from
    01/12 for the pack's working days: the disclosure pages are not empty."""
    department = min(
        (u for u in ctx.units.values() if u.kind == UnitKind.DEPARTMENT and u.active_to is None),
        key=lambda u: u.code,
        default=None,
    )
    person = department and Person.objects.filter(unit=department).order_by("code").first()
    if person is None:
        return None
    dossier = services.dossier_create(
        actor=SYSTEM,
        unit=department,
        year=year,
        title=f"Đề nghị tặng Huân chương Bảo vệ Tổ quốc hạng Ba năm {year}",
    )
    services.item_add(
        actor=SYSTEM,
        dossier=dossier,
        person=person,
        award_type=AwardType.objects.get(code="hc_bao_ve_to_quoc_3"),
        year_from=year - 4,
        achievement="Có thành tích xuất sắc trong công tác bảo vệ an ninh Tổ quốc 5 năm liền",
    )
    dossier = _step(dossier, "submit", "start_review", "to_council")
    council_services.disclosure_create(
        actor=SYSTEM, year=year, start=dt.date(year, 12, 1), items=dossier.items.all()
    )
    return dossier


def build_nominations(ctx: DemoContext) -> str:
    year = ctx.reference_year
    province = next(u for u in ctx.units.values() if u.kind == UnitKind.PROVINCE)
    # The reference year's dossiers come from commune police (the districts ended on 01/03),
    # the largest first: the clerk's commune, then two others.
    weight = {s.code: s.weight for s in ctx.specs}
    communes = sorted(
        (u for u in ctx.units.values() if u.kind == UnitKind.COMMUNE and u.active_to is None),
        key=lambda u: (-weight.get(u.code, 0), u.code),
    )
    clerk_unit = ctx.units.get(CLERK_UNIT) or communes[0]
    others = [u for u in communes if u.pk != clerk_unit.pk][:2]

    council = council_services.council_create(
        actor=SYSTEM,
        name=f"Hội đồng Thi đua – Khen thưởng {province.name}",
        unit=province,
        term_from=dt.date(year - 1, 1, 1),
    )
    members = [
        council_services.member_add(
            actor=SYSTEM, council=council, full_name=name, role=role, position=position
        )
        for name, (role, position) in zip(_NAMES, _MEMBERS, strict=True)
    ]
    for level, kind, date in (
        (Level.PROVINCE, DeadlineKind.SUBMISSION, dt.date(year, 12, 15)),
        (Level.PROVINCE, DeadlineKind.MEETING, dt.date(year + 1, 1, 10)),
        (Level.MINISTRY, DeadlineKind.SUBMISSION, dt.date(year + 1, 1, 20)),
    ):
        Deadline.objects.create(year=year, level=level, kind=kind, date=date)

    made = []
    # The clerk's commune: one being drafted, one returned with a comment on an item.
    draft = _dossier(
        year,
        clerk_unit,
        _suggested(year, clerk_unit, "cstd_co_so", 4),
        f"Đề nghị công nhận danh hiệu Chiến sĩ thi đua cơ sở năm {year}",
    )
    made.append(draft)
    returned = _dossier(
        year,
        clerk_unit,
        _suggested(year, clerk_unit, "chien_si_tien_tien", 3),
        f"Đề nghị công nhận danh hiệu Chiến sĩ tiên tiến năm {year}",
    )
    if returned:
        returned = _step(returned, "submit", "start_review")
        services.item_return(
            actor=SYSTEM,
            item=returned.items.first(),
            comment="Báo cáo thành tích chưa nêu kết quả cụ thể; bổ sung số liệu.",
        )
        made.append(_step(returned, "return"))
    # Another commune: waiting for review; a third at the council, voted, awaiting a decision.
    if others:
        waiting = _dossier(
            year,
            others[0],
            _suggested(year, others[0], "cstd_co_so", 3),
            f"Đề nghị công nhận danh hiệu Chiến sĩ thi đua cơ sở năm {year}",
        )
        made.append(waiting and _step(waiting, "submit"))
    if len(others) > 1:
        voted = _dossier(
            year,
            others[1],
            _suggested(year, others[1], "cstd_co_so", 3),
            f"Đề nghị công nhận danh hiệu Chiến sĩ thi đua cơ sở năm {year}",
        )
        if voted:
            voted = _step(voted, "submit", "start_review", "to_council")
            items = list(voted.items.select_related("dossier", "award_type"))
            meeting = council_services.meeting_create(
                actor=SYSTEM, council=council, date=dt.date(year, 12, 20), items=items
            )
            council_services.attendance_set(actor=SYSTEM, meeting=meeting, present=members[:9])
            for n, ballot in enumerate(meeting.ballots.all()):
                agree = 8 if n else 4  # the first falls short of more than half of all members
                council_services.ballot_record(
                    actor=SYSTEM, ballot=ballot, agree=agree, disagree=9 - agree
                )
            made.append(voted)
    made.append(_disclosed(year, ctx))
    dossiers = [d for d in made if d]
    items = sum(d.items.count() for d in dossiers)
    return (
        f"Đã tạo {len(dossiers)} hồ sơ đề nghị ({items} đề nghị) và Hội đồng thi đua – khen thưởng."
    )
