"""The demo's movements: the four of the brief, with participants and decisions, the same
for a seed every time."""

from __future__ import annotations

import io

import pytest
from django.db import transaction

from thidua.awards.models import Decision
from thidua.demo.builder import build_demo
from thidua.movements.models import Movement


def _snapshot(seed: int = 7):
    with transaction.atomic():
        build_demo(stdout=io.StringIO(), people=200, seed=seed)
        movements = list(
            Movement.objects.order_by("start_date", "name").values_list(
                "name", "kind", "start_date", "end_date", "launching_unit__code"
            )
        )
        joined = sorted(Movement.objects.values_list("name", "participations__unit__code"))
        linked = sorted(
            Decision.objects.filter(movement__isnull=False).values_list(
                "movement__name", "number", "award_type__code"
            )
        )
        transaction.set_rollback(True)
    return movements, joined, linked


@pytest.mark.django_db
def test_the_demo_launches_the_four_movements_with_units_and_decisions():
    movements, joined, linked = _snapshot()
    assert [(m[0], m[1], m[2].year, m[3].year, m[4]) for m in movements] == [
        ("Vì an ninh Tổ quốc giai đoạn 2015–2020", "regular", 2016, 2020, "CAT"),
        ("Vì an ninh Tổ quốc giai đoạn 2020–2025", "regular", 2021, 2025, "CAT"),
        ("Sáng tạo trong công tác Công an", "themed", 2023, 2025, "CAT"),
        (
            "Đợt cao điểm tấn công trấn áp tội phạm dịp Tết Nguyên đán 2025",
            "peak",
            2024,
            2025,
            "CAT",
        ),
    ]
    assert all(unit for _, unit in joined)  # every movement has participants
    assert {name for name, _, _ in linked} == {m[0] for m in movements}
    # A themed movement's awards are no grounds for higher awards: only Giấy khen there.
    themed = {movements[2][0], movements[3][0]}
    assert {code for name, _, code in linked if name in themed} == {"giay_khen_giam_doc"}
    assert _snapshot() == (movements, joined, linked)


@pytest.mark.django_db
def test_the_demo_registers_under_the_regular_movement_of_the_period():
    from thidua.movements.models import Registration

    with transaction.atomic():
        build_demo(stdout=io.StringIO(), people=200, seed=7)
        names = set(Registration.objects.values_list("movement__name", flat=True))
        transaction.set_rollback(True)
    assert names == {"Vì an ninh Tổ quốc giai đoạn 2020–2025"}
