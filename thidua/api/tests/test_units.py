"""/api/units/: list, filters, retrieve by code, create and update through org.services, scope."""

from __future__ import annotations

import datetime as dt

import pytest

from thidua.api.tests.utils import codes
from thidua.org.models import Unit

URL = "/api/units/"


def test_officer_lists_every_unit_in_tree_order(api_as, users, units):
    r = api_as(users.officer).get(URL)
    assert r.status_code == 200
    assert r.json()["count"] == 7
    assert codes(r)[:3] == ["CAT", "CAH-A", "CAX-A1"]


def test_search_ignores_accents_and_case(api_as, users, units):
    r = api_as(users.officer).get(URL, {"q": "cong an xa an lac"})
    assert codes(r) == ["CAX-A1"]
    assert codes(api_as(users.officer).get(URL, {"q": "BÌNH SƠN"})) == ["CAH-B"]


def test_filters_by_kind_parent_and_active(api_as, users, units):
    units.cax_b1.active_to = dt.date(2020, 12, 31)
    units.cax_b1.save()
    api = api_as(users.officer)
    assert codes(api.get(URL, {"kind": "district"})) == ["CAH-A", "CAH-B"]
    assert codes(api.get(URL, {"parent": "CAT"})) == ["CAH-A", "CAH-B", "PV01"]
    assert codes(api.get(URL, {"active": "false"})) == ["CAX-B1"]
    assert "CAX-B1" not in codes(api.get(URL, {"active": "true"}))


def test_bad_filter_values_get_vietnamese_400(api_as, users, units):
    api = api_as(users.officer)
    r = api.get(URL, {"kind": "galaxy"})
    assert r.status_code == 400
    assert "không phải là loại đơn vị hợp lệ" in r.json()["kind"][0]
    assert api.get(URL, {"active": "maybe"}).json() == {
        "active": ["Giá trị phải là true hoặc false."]
    }
    assert api.get(URL, {"parent": "NOPE"}).status_code == 404  # names no unit in scope
    assert api.get(URL, {"kind": ""}).status_code == 400  # an empty value: leave it out


def test_retrieve_by_code_with_dash_and_dot(api_as, users, units):
    api = api_as(users.officer)
    r = api.get(f"{URL}PV01-D1/")
    assert r.status_code == 200
    assert r.json()["parent"] == "PV01"
    assert r.json()["path"] == "/CAT/PV01/PV01-D1/"
    created = api.post(
        URL, {"code": "PV01.D2", "name": "Đội Hậu cần", "kind": "team", "parent": "PV01"}
    )
    assert created.status_code == 201, created.json()
    assert api.get(f"{URL}PV01.D2/").json()["name"] == "Đội Hậu cần"


def test_officer_creates_a_unit_through_the_service(api_as, users, units):
    r = api_as(users.officer).post(
        URL,
        {
            "code": "CAX-A2",
            "name": "  Công an xã  An Hòa ",
            "kind": "commune",
            "parent": "CAH-A",
            "active_from": "2020-01-01",
        },
    )
    assert r.status_code == 201, r.json()
    unit = Unit.objects.get(code="CAX-A2")
    assert unit.name == "Công an xã An Hòa"  # cleaned by the model
    assert unit.path == "/CAT/CAH-A/CAX-A2/"
    assert unit.history.first().history_user == users.officer


def test_moving_a_unit_moves_its_subtree(api_as, users, units):
    r = api_as(users.officer).patch(
        f"{URL}CAH-A/", {"parent": "PV01", "name": "Công an huyện An Phú mới"}
    )
    assert r.status_code == 200, r.json()
    assert r.json()["path"] == "/CAT/PV01/CAH-A/"
    units.cax_a1.refresh_from_db()
    assert units.cax_a1.path == "/CAT/PV01/CAH-A/CAX-A1/"


def test_model_validation_comes_back_in_vietnamese(api_as, users, units):
    r = api_as(users.officer).patch(
        f"{URL}CAH-A/", {"active_from": "2020-01-01", "active_to": "2019-01-01"}
    )
    assert r.status_code == 400
    assert r.json() == {"active_to": ["Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."]}


def test_a_unit_cannot_become_its_own_ancestor(api_as, users, units):
    r = api_as(users.officer).patch(f"{URL}CAH-A/", {"parent": "CAX-A1"})
    assert r.status_code == 400
    assert "parent" in r.json()


def test_serializer_messages_are_vietnamese(api_as, users, units):
    r = api_as(users.officer).post(URL, {"code": "CAT", "kind": "star", "name": None})
    assert r.status_code == 400
    body = r.json()
    assert body["kind"] == ["«star» không phải là giá trị hợp lệ."]
    assert body["name"] == ["Trường này không được để trống."]
    assert "đã tồn tại" in body["code"][0]


def test_units_are_never_deleted(api_as, users, units):
    r = api_as(users.officer).delete(f"{URL}CAX-B1/")
    assert r.status_code == 405
    assert Unit.objects.filter(code="CAX-B1").exists()


# Scope


def test_clerk_lists_only_its_subtree(api_as, users, units):
    assert codes(api_as(users.clerk_a).get(URL)) == ["CAH-A", "CAX-A1"]


def test_clerk_gets_404_for_another_units_record(api_as, users, units):
    api = api_as(users.clerk_a)
    assert api.get(f"{URL}CAH-B/").status_code == 404
    assert api.patch(f"{URL}CAH-B/", {"name": "Đổi tên"}).status_code == 404
    assert Unit.objects.get(code="CAH-B").name == "Công an huyện Bình Sơn"


def test_clerk_cannot_create_outside_its_subtree(api_as, users, units):
    api = api_as(users.clerk_a)
    # An out-of-scope parent reads as unknown, so its existence is not revealed.
    r = api.post(
        URL, {"code": "CAX-B2", "name": "Công an xã Bình An", "kind": "commune", "parent": "CAH-B"}
    )
    assert r.status_code == 404
    assert r.json()["parent"] == ["Không có đơn vị mã «CAH-B» trong phạm vi của bạn."]
    root = api.post(URL, {"code": "CAT2", "name": "Tỉnh khác", "kind": "province"})
    assert root.status_code == 403
    assert not Unit.objects.filter(code__in=["CAX-B2", "CAT2"]).exists()


def test_clerk_cannot_move_a_unit_out_of_its_subtree(api_as, users, units):
    r = api_as(users.clerk_a).patch(f"{URL}CAX-A1/", {"parent": "CAH-B"})
    assert r.status_code == 404
    units.cax_a1.refresh_from_db()
    assert units.cax_a1.parent == units.cah_a


def test_clerk_cannot_rename_recode_or_close_its_own_unit(api_as, users, units):
    api = api_as(users.clerk_a)
    data = api.get(f"{URL}CAH-A/").json()
    for change in (
        {"name": "Công an huyện An Phú (sửa)"},
        {"code": "CAH-A9"},
        {"active_to": "2025-02-28"},
    ):
        r = api.put(f"{URL}CAH-A/", {**data, **change})
        assert r.status_code == 403, r.json()
        assert "cấp tỉnh" in r.json()["detail"]
    units.cah_a.refresh_from_db()
    assert (units.cah_a.code, units.cah_a.name, units.cah_a.active_to) == (
        "CAH-A",
        "Công an huyện An Phú",
        None,
    )


def test_clerk_renames_a_unit_below_its_own_sending_back_what_it_read(api_as, users, units):
    api = api_as(users.clerk_a)
    data = api.get(f"{URL}CAX-A1/").json()
    data["name"] = "Công an xã An Lạc (sửa)"
    r = api.put(f"{URL}CAX-A1/", data)
    assert r.status_code == 200, r.json()
    assert r.json()["parent"] == "CAH-A"


def test_clerk_creates_a_unit_inside_its_subtree(api_as, users, units):
    r = api_as(users.clerk_a).post(
        URL, {"code": "CAX-A3", "name": "Công an xã An Bình", "kind": "commune", "parent": "CAH-A"}
    )
    assert r.status_code == 201, r.json()


@pytest.mark.parametrize("role", ["viewer", "council"])
def test_read_only_roles_get_403_on_writes(api_as, users, units, role):
    api = api_as(getattr(users, role))
    assert api.get(URL).status_code == 200
    r = api.post(URL, {"code": "X1", "name": "X", "kind": "other", "parent": "CAT"})
    assert r.status_code == 403
    assert r.json()["detail"] == "Vai trò của bạn chỉ được xem, không được thêm hay sửa dữ liệu."
    assert api.patch(f"{URL}CAT/", {"name": "Y"}).status_code == 403


def test_anonymous_requests_are_refused(anonymous_api, units):
    r = anonymous_api.get(URL)
    assert r.status_code in (401, 403)
    assert "đăng nhập" in r.json()["detail"]


def test_list_runs_a_fixed_number_of_queries(api_as, users, units, django_assert_max_num_queries):
    api = api_as(users.officer)
    with django_assert_max_num_queries(6):
        assert api.get(URL).status_code == 200
