"""Reorganisation pages: the tree on a date, the unit's timeline, the events list and entering
one by hand (the province's office only), people awaiting a unit, and decisions that keep
the name a unit had on their date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from thidua.awards.models import AwardType
from thidua.awards.services import Recipient, decision_create
from thidua.org.choices import EdgeKind
from thidua.org.lineage import EdgeInput, reorganise
from thidua.org.models import Assignment, LineageEdge, Reorganisation, Unit

MARCH = dt.date(2025, 3, 1)


@pytest.fixture
def district_reform(units):
    """1 March 2025: CAX-A1 moves under the province, CAH-A ends, CAX-B1 is renamed."""
    return reorganise(
        effective_date=MARCH,
        basis="02/2025/NĐ-CP",
        edges=[
            EdgeInput(EdgeKind.MOVE, units.cax_a1, new_parent=units.cat),
            EdgeInput(EdgeKind.MERGE, units.cah_a, units.cax_a1),
            EdgeInput(EdgeKind.RENAME, units.cax_b1, new_name="Công an phường Bình Minh"),
        ],
    ).reorganisation


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_unit_tree_on_a_date_shows_the_units_and_names_of_that_day(
    client_for, users, district_reform
):
    client = client_for(users.officer)
    url = reverse("org:unit_list")
    before = _page(client, f"{url}?ngay=28/02/2025")
    assert "Công an huyện An Phú" in before
    assert "Công an xã Bình Minh" in before and "nay: Công an phường Bình Minh" in before
    assert "cây đơn vị như ngày 28/02/2025" in before
    after = _page(client, f"{url}?ngay=01/03/2025")
    assert "Công an huyện An Phú" not in after
    assert "Công an phường Bình Minh" in after and "nay:" not in after
    assert "tree-1" in after  # CAX-A1 now directly under the province
    wrong = _page(client, f"{url}?ngay=31/02/2025")
    assert "Nhập ngày theo dạng dd/mm/yyyy" in wrong
    assert "Không có đơn vị nào phù hợp." in wrong


def test_the_tree_on_a_date_of_a_clerk_starts_at_their_unit(client_for, users, units):
    page = _page(client_for(users.clerk_b), reverse("org:unit_list") + "?ngay=01/01/2020")
    assert "Công an xã Bình Minh" in page and "An Phú" not in page
    assert "tree-0" in page


def test_the_unit_page_shows_predecessors_and_successors_as_a_timeline(
    client_for, users, units, district_reform
):
    client = client_for(users.officer)
    old = _page(client, reverse("org:unit_detail", args=[units.cah_a.pk]))
    assert "Lịch sử sắp xếp tổ chức" in old
    assert "Sáp nhập vào:" in old
    assert reverse("org:unit_detail", args=[units.cax_a1.pk]) in old
    assert reverse("org:reorganisation_detail", args=[district_reform.pk]) in old
    assert "01/03/2025" in old
    new = _page(client, reverse("org:unit_detail", args=[units.cax_a1.pk]))
    assert "Tiếp nhận đơn vị sáp nhập:" in new and "Chuyển từ" in new
    renamed = _page(client, reverse("org:unit_detail", args=[units.cax_b1.pk]))
    assert "Đổi tên từ “Công an xã Bình Minh” thành “Công an phường Bình Minh”" in renamed
    assert "Tên trước đây" in renamed and "dùng đến 28/02/2025" in renamed


def test_a_unit_on_the_other_side_outside_the_scope_is_named_without_a_link(
    client_for, users, units
):
    reorganise(
        effective_date=MARCH,
        basis="9/QĐ",
        edges=[EdgeInput(EdgeKind.MERGE, units.cax_b1, units.cax_a1)],
    )
    page = _page(client_for(users.clerk_b), reverse("org:unit_detail", args=[units.cax_b1.pk]))
    assert "Công an xã An Lạc" in page
    assert reverse("org:unit_detail", args=[units.cax_a1.pk]) not in page


def test_the_events_list_shows_the_events_of_the_users_scope(client_for, users, district_reform):
    page = _page(client_for(users.officer), reverse("org:reorganisation_list"))
    assert "02/2025/NĐ-CP" in page and "Ghi nhận đợt sắp xếp" in page
    clerk = _page(client_for(users.clerk_b), reverse("org:reorganisation_list"))
    assert "02/2025/NĐ-CP" in clerk  # it renames CAX-B1
    assert "Ghi nhận đợt sắp xếp" not in clerk


def test_an_event_outside_a_clerks_scope_is_404(client_for, users, units):
    event = reorganise(
        effective_date=MARCH,
        basis="9/QĐ",
        edges=[EdgeInput(EdgeKind.DISSOLVE, units.cax_a1)],
    ).reorganisation
    client = client_for(users.clerk_b)
    assert client.get(reverse("org:reorganisation_detail", args=[event.pk])).status_code == 404
    assert "9/QĐ" not in _page(client, reverse("org:reorganisation_list"))
    page = _page(client_for(users.viewer), reverse("org:reorganisation_detail", args=[event.pk]))
    assert "Giải thể" in page


def _form(**lines) -> dict:
    data = {
        "effective_date": "01/03/2025",
        "basis": "02/2025/NĐ-CP",
        "note": "",
        "edge-TOTAL_FORMS": "6",
        "edge-INITIAL_FORMS": "0",
        "edge-MIN_NUM_FORMS": "0",
        "edge-MAX_NUM_FORMS": "60",
    }
    data.update(lines)
    return data


def test_the_office_enters_an_event_by_hand_and_it_is_applied(client_for, users, units, people):
    client = client_for(users.officer)
    assert "Lưu và áp dụng" in _page(client, reverse("org:reorganisation_create"))
    response = client.post(
        reverse("org:reorganisation_create"),
        _form(
            **{
                "edge-0-kind": "merge",
                "edge-0-old_unit": "CAH-A",
                "edge-0-new_unit": "CAX-A1",
                "edge-0-move_people": "on",
                "edge-1-kind": "dissolve",
                "edge-1-old_unit": "CAH-B",
            }
        ),
    )
    event = Reorganisation.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("org:reorganisation_detail", args=[event.pk])
    assert Unit.objects.get(code="CAH-A").active_to == dt.date(2025, 2, 28)
    assert Assignment.objects.get(person=people.binh, end__isnull=True).unit == units.cax_a1
    assert LineageEdge.history.filter(history_user=users.officer).count() == 2
    page = _page(client, response.url)
    assert "Đã ghi nhận đợt sắp xếp 02/2025/NĐ-CP: 2 đơn vị, chuyển 1 cán bộ." in page
    assert "cần được phân công đơn vị mới" in page  # Lê Đức Cường, left in CAH-B


def test_a_refused_event_shows_the_error_on_its_line_and_writes_nothing(client_for, users, units):
    client = client_for(users.officer)
    response = client.post(
        reverse("org:reorganisation_create"),
        _form(
            **{
                "edge-0-kind": "dissolve",
                "edge-0-old_unit": "CAH-A",
                "edge-0-new_unit": "CAH-B",
                "edge-1-kind": "merge",
                "edge-1-old_unit": "KHONG-CO",
                "edge-1-new_unit": "CAH-B",
            }
        ),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Không có đơn vị mã «KHONG-CO»." in page
    assert not Reorganisation.objects.exists()
    response = client.post(
        reverse("org:reorganisation_create"),
        _form(
            **{"edge-0-kind": "dissolve", "edge-0-old_unit": "CAH-A", "edge-0-new_unit": "CAH-B"}
        ),
    )
    assert "Giải thể là không có đơn vị kế thừa" in response.content.decode()
    assert not Reorganisation.objects.exists()
    assert Unit.objects.get(code="CAH-A").active_to is None


def test_a_clerk_may_not_enter_an_event(client_for, users, units):
    client = client_for(users.clerk_a)
    assert client.get(reverse("org:reorganisation_create")).status_code == 403
    response = client.post(
        reverse("org:reorganisation_create"),
        _form(**{"edge-0-kind": "dissolve", "edge-0-old_unit": "CAX-A1"}),
    )
    assert response.status_code == 403
    assert not Reorganisation.objects.exists()


def test_people_left_in_an_ended_unit_are_listed_within_the_scope(client_for, users, units, people):
    reorganise(
        effective_date=MARCH,
        basis="9/QĐ",
        edges=[
            EdgeInput(EdgeKind.DISSOLVE, units.cah_a),
            EdgeInput(EdgeKind.DISSOLVE, units.cax_b1),
        ],
    )
    officer = _page(client_for(users.officer), reverse("org:people_awaiting_unit"))
    assert "Trần Thị Bình" in officer and "Nguyễn Văn An" not in officer
    clerk = _page(client_for(users.clerk_b), reverse("org:people_awaiting_unit"))
    assert "Trần Thị Bình" not in clerk and "0 cán bộ" in clerk


def test_a_decision_shows_the_name_the_unit_had_on_its_date(client_for, users, units, people):
    old = decision_create(
        number="5/QĐ-CAT",
        date=dt.date(2024, 12, 20),
        award_type=AwardType.objects.get(code="giay_khen_giam_doc"),
        recipients=[
            Recipient(unit=units.cax_b1, year_from=2024),
            Recipient(person=people.cuong, year_from=2024),
        ],
    )
    reorganise(
        effective_date=dt.date(2025, 7, 1),
        basis="7/QĐ",
        edges=[EdgeInput(EdgeKind.RENAME, units.cax_b1, new_name="Công an phường Bình Minh")],
    )
    new = decision_create(
        number="6/QĐ-CAT",
        date=dt.date(2025, 12, 20),
        award_type=AwardType.objects.get(code="giay_khen_giam_doc"),
        recipients=[Recipient(unit=units.cax_b1, year_from=2025)],
    )
    client = client_for(users.officer)
    page = _page(client, reverse("awards:decision_detail", args=[old.pk]))
    assert "Công an xã Bình Minh" in page
    assert "(nay: Công an phường Bình Minh)" in page
    later = _page(client, reverse("awards:decision_detail", args=[new.pk]))
    assert "Công an phường Bình Minh" in later and "Công an xã Bình Minh" not in later
