"""The demo's movements (phong trào thi đua): the province's regular "Vì an ninh Tổ quốc" in
its two five-year periods, a themed "Sáng tạo" movement and a peak drive before Tết, each
with its participating units, and some of the demo's decisions named as given in them.

Dates follow the reference year (2025: 2016–2020, 2021–2025, 2023–2025, 15/12/2024–
28/02/2025). Decisions are picked from the demo's own by date and type, with the step's
own random draw, so a seed gives the same movements every time. Only Giấy khen decisions
go to the themed movement and the peak drive: the rule packs do not count a themed
movement's awards as grounds for a higher award, and the demo's suggestions are built
before this step.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from thidua.accounts.scope import SYSTEM
from thidua.awards.models import Decision
from thidua.demo.context import DemoContext
from thidua.demo.units import CLERK_UNIT, PROVINCE_CODE, UnitSpec
from thidua.lib.bulk import insert_with_history, update_with_history
from thidua.movements import movement_services
from thidua.movements.choices import MovementKind
from thidua.movements.models import Movement, MovementParticipant
from thidua.org.choices import UnitKind
from thidua.org.models import Unit

_REGULAR_TARGETS = (
    "Hoàn thành xuất sắc nhiệm vụ bảo đảm an ninh, trật tự trên địa bàn; kiềm chế, làm giảm "
    "tội phạm; tỷ lệ điều tra, khám phá án đạt trên 80%, án rất nghiêm trọng, đặc biệt "
    "nghiêm trọng trên 95%.\nXây dựng lực lượng Công an tỉnh trong sạch, vững mạnh, chính quy, "
    "tinh nhuệ, hiện đại."
)


def _day(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, day)


def _plan(year: int) -> list[dict]:
    return [
        {
            "name": f"Vì an ninh Tổ quốc giai đoạn {year - 10}–{year - 5}",
            "kind": MovementKind.REGULAR,
            "start_date": _day(year - 9, 1, 1),
            "end_date": _day(year - 5, 12, 31),
            "document_number": f"25/KH-CAT-PX01 ({year - 9})",
            "document_date": _day(year - 9, 1, 20),
            "targets": _REGULAR_TARGETS,
            "award_types": ("bang_khen_bo_truong", "giay_khen_giam_doc"),
        },
        {
            "name": f"Vì an ninh Tổ quốc giai đoạn {year - 5}–{year}",
            "kind": MovementKind.REGULAR,
            "start_date": _day(year - 4, 1, 1),
            "end_date": _day(year, 12, 31),
            "document_number": f"31/KH-CAT-PX01 ({year - 4})",
            "document_date": _day(year - 4, 1, 18),
            "targets": _REGULAR_TARGETS,
            "award_types": ("bang_khen_bo_truong", "giay_khen_giam_doc"),
        },
        {
            "name": "Sáng tạo trong công tác Công an",
            "kind": MovementKind.THEMED,
            "start_date": _day(year - 2, 3, 1),
            "end_date": _day(year, 12, 31),
            "document_number": f"112/KH-CAT-PX01 ({year - 2})",
            "document_date": _day(year - 2, 2, 20),
            "targets": (
                "Mỗi đơn vị có ít nhất một sáng kiến, giải pháp được công nhận mỗi năm; "
                "ứng dụng chuyển đổi số trong công tác nghiệp vụ."
            ),
            "award_types": ("giay_khen_giam_doc",),
        },
        {
            "name": f"Đợt cao điểm tấn công trấn áp tội phạm dịp Tết Nguyên đán {year}",
            "kind": MovementKind.PEAK,
            "start_date": _day(year - 1, 12, 15),
            "end_date": _day(year, 2, 28),
            "document_number": f"2150/KH-CAT-PV01 ({year - 1})",
            "document_date": _day(year - 1, 12, 10),
            "targets": "Bảo đảm tuyệt đối an ninh, trật tự trước, trong và sau Tết Nguyên đán.",
            "award_types": ("giay_khen_giam_doc",),
        },
    ]


def _participants(
    movement: Movement, plan: dict, units: dict[str, Unit], specs: list[UnitSpec]
) -> list[Unit]:
    start, end = movement.start_date, movement.end_date
    # The units set up under the province (not the communes moved under it in 2025).
    first_parent = {s.code: s.parent for s in specs}

    def active(u: Unit) -> bool:
        return (u.active_from is None or u.active_from <= end) and (
            u.active_to is None or u.active_to >= start
        )

    if plan["kind"] == MovementKind.REGULAR:
        chosen = [u for u in units.values() if first_parent.get(u.code) == PROVINCE_CODE]
    elif plan["kind"] == MovementKind.PEAK:
        chosen = [u for u in units.values() if u.kind == UnitKind.DISTRICT]
    else:
        chosen = [u for u in units.values() if u.kind == UnitKind.DEPARTMENT][:8]
        clerk_unit = units.get(CLERK_UNIT)
        chosen += [clerk_unit] if clerk_unit else []
    return sorted((u for u in chosen if active(u)), key=lambda u: u.path)


def _decisions(rng, movement: Movement, plan: dict, count: int) -> list[Decision]:
    """Some decisions of the movement's period (or the quarter after it), by its types."""
    until = movement.end_date + dt.timedelta(days=90)
    found = list(
        Decision.objects.filter(
            Q(date__gte=movement.start_date) & Q(date__lte=until),
            award_type__code__in=plan["award_types"],
            movement__isnull=True,
        ).order_by("date", "id")
    )
    return sorted(rng.sample(found, min(count, len(found))), key=lambda d: d.pk)


def build_movements(ctx: DemoContext) -> str:
    rng = ctx.rng("movements")
    root = ctx.units[PROVINCE_CODE]
    made, linked, joined = 0, 0, 0
    for plan in _plan(ctx.reference_year):
        fields = {k: v for k, v in plan.items() if k != "award_types"}
        movement = movement_services.movement_save(
            actor=SYSTEM, movement=Movement(launching_unit=root, **fields)
        )
        made += 1
        units = _participants(movement, plan, ctx.units, ctx.specs)
        rows = [MovementParticipant(movement=movement, unit=u) for u in units]
        insert_with_history(MovementParticipant, rows, date=ctx.stamp, history=ctx.history)
        joined += len(rows)
        decisions = _decisions(
            rng, movement, plan, 6 if plan["kind"] == MovementKind.REGULAR else 3
        )
        for decision in decisions:
            decision.movement = movement
        if ctx.history:
            update_with_history(Decision, decisions, ["movement"], date=ctx.stamp)
        else:
            Decision.objects.filter(pk__in=[d.pk for d in decisions]).update(movement=movement)
        linked += len(decisions)
    return (
        f"Đã tạo {made} phong trào thi đua với {joined} lượt đơn vị tham gia; "
        f"{linked} quyết định ghi là khen thưởng trong phong trào."
    )
