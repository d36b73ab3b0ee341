"""A decision naming a collective that a reorganisation closed by the decision's date is
warned about, with the pack's rule and its source (TT 15/2025/TT-BNV); never refused."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from thidua.awards.services import Recipient, decision_create
from thidua.org.choices import EdgeKind
from thidua.org.lineage import EdgeInput, reorganise

MARCH = dt.date(2025, 3, 1)
RULE = (
    "Không khen thưởng tập thể đã kết thúc hoạt động (giải thể, sáp nhập, hợp nhất, chia tách) "
    "trong sắp xếp tổ chức bộ máy (Thông tư 15/2025/TT-BNV; chưa xác minh)"
)


def _merge_a_into_b(units):
    reorganise(
        effective_date=MARCH,
        basis="12/QĐ-BCA",
        edges=[EdgeInput(EdgeKind.MERGE, units.cah_a, units.cah_b)],
    )


def _decision(types, day, *units):
    return decision_create(
        number=f"{day:%d%m}/QĐ-CAT",
        date=day,
        award_type=types.giay_khen_giam_doc,
        recipients=[Recipient(year_from=day.year, year_to=day.year, unit=u) for u in units],
    )


def test_the_decision_page_warns_on_a_unit_closed_by_its_date(types, units, users, client_for):
    _merge_a_into_b(units)
    late = _decision(types, dt.date(2025, 6, 1), units.cah_a, units.cah_b)
    early = _decision(types, dt.date(2025, 2, 20), units.cah_a)
    client = client_for(users.officer)
    page = client.get(late.get_absolute_url()).content.decode()
    assert (
        "Công an huyện An Phú đã kết thúc hoạt động từ 01/03/2025 (sáp nhập theo 12/QĐ-BCA), "
        f"trước ngày quyết định 01/06/2025: {RULE}." in page
    )
    assert "Công an huyện Bình Sơn đã kết thúc" not in page
    assert "đã kết thúc hoạt động" not in client.get(early.get_absolute_url()).content.decode()


def test_adding_a_closed_unit_to_a_decision_is_warned_not_refused(types, units, users, client_for):
    _merge_a_into_b(units)
    decision = _decision(types, dt.date(2025, 6, 1), units.cah_b)
    client = client_for(users.officer)
    data = {
        "kind": "unit",
        "person": "",
        "unit": "CAH-A",
        "year": "2025",
        "achievement": "",
        "award_type": "",
    }
    response = client.post(reverse("awards:award_add", args=[decision.pk]), data, follow=True)
    assert decision.awards.filter(unit=units.cah_a).exists()
    shown = [str(m) for m in response.context["messages"]]
    assert any(
        m.startswith("Công an huyện An Phú đã kết thúc hoạt động từ 01/03/2025") for m in shown
    )
