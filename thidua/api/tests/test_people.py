"""/api/people/: list in Vietnamese order, search, filters, create/update through org.services,
scope (404 outside, no writing into or moving out of scope), audit user."""

from __future__ import annotations

import base64

import pytest

from thidua.api.tests.utils import codes
from thidua.org.models import Person

URL = "/api/people/"


def test_officer_lists_people_in_vietnamese_name_order(api_as, users, people):
    r = api_as(users.officer).get(URL)
    assert r.status_code == 200
    # Sorted by given name: An, Bình, Cường, Dung.
    assert codes(r) == ["CA0001", "CA0002", "CA0003", "CA0004"]
    first = r.json()["results"][0]
    assert first["unit"] == "CAX-A1"
    assert first["unit_name"] == "Công an xã An Lạc"
    assert first["gender_label"] == "Nam"


def test_search_ignores_accents_case_and_d_stroke(api_as, users, people):
    api = api_as(users.officer)
    assert codes(api.get(URL, {"q": "nguyen van an"})) == ["CA0001"]
    assert codes(api.get(URL, {"q": "LE DUC"})) == ["CA0003"]
    assert codes(api.get(URL, {"q": "CA000"})) == ["CA0001", "CA0002", "CA0003", "CA0004"]


def test_filters_by_unit_with_or_without_subtree(api_as, users, people):
    api = api_as(users.officer)
    assert codes(api.get(URL, {"unit": "CAH-A"})) == ["CA0002"]
    assert codes(api.get(URL, {"unit": "CAH-A", "subtree": "true"})) == ["CA0001", "CA0002"]


def test_retrieve_by_code(api_as, users, people):
    r = api_as(users.officer).get(f"{URL}CA0003/")
    assert r.status_code == 200
    body = r.json()
    assert body["full_name"] == "Lê Đức Cường"
    assert body["unit"] == "CAH-B"
    assert body["likely_duplicates"] == []


def test_officer_creates_a_person_with_an_assignment(api_as, users, units):
    r = api_as(users.officer).post(
        URL,
        {
            "code": "CA0100",
            "full_name": "Võ  Thị Hạnh",
            "gender": "F",
            "birth_date": "1995-03-08",
            "service_start": "2015-09-01",
            "rank": "Thượng úy",
            "position": "Cán bộ",
            "citizen_id": "",
            "unit": "PV01",
        },
    )
    assert r.status_code == 201, r.json()
    person = Person.objects.get(code="CA0100")
    assert person.full_name == "Võ Thị Hạnh"
    assert person.citizen_id is None
    assignment = person.assignments.get()
    assert (assignment.unit.code, str(assignment.start)) == ("PV01", "2015-09-01")


def test_new_person_with_same_name_and_birth_date_is_flagged(api_as, users, people):
    r = api_as(users.officer).post(
        URL,
        {
            "code": "CA0200",
            "full_name": "Nguyen Van An",
            "gender": "M",
            "birth_date": "1988-04-12",
            "unit": "CAH-B",
        },
    )
    assert r.status_code == 201, r.json()
    assert [p["code"] for p in r.json()["likely_duplicates"]] == ["CA0001"]
    assert Person.objects.filter(code__in=["CA0001", "CA0200"]).count() == 2  # never merged


def test_duplicates_outside_the_clerks_scope_are_only_counted(api_as, users, people):
    r = api_as(users.clerk_b).post(
        URL,
        {
            "code": "CA0201",
            "full_name": "Nguyễn Văn An",
            "gender": "M",
            "birth_date": "1988-04-12",
            "unit": "CAX-B1",
        },
    )
    assert r.status_code == 201, r.json()
    assert r.json()["likely_duplicates"] == []
    assert r.json()["likely_duplicates_outside_scope"] == 1


def test_update_records_the_api_user_in_history(api_as, users, people):
    r = api_as(users.officer).patch(f"{URL}CA0002/", {"rank": "Thiếu tá"})
    assert r.status_code == 200, r.json()
    record = Person.history.filter(code="CA0002").first()
    assert record.rank == "Thiếu tá"
    assert record.history_user == users.officer


def test_basic_auth_works_and_is_recorded_in_history(client, users, people):
    users.officer.set_password("mat-khau-api")
    users.officer.save()
    token = base64.b64encode(b"officer:mat-khau-api").decode()
    r = client.patch(
        f"{URL}CA0004/",
        '{"position": "Đội trưởng"}',
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {token}",
    )
    assert r.status_code == 200, r.json()
    assert Person.history.filter(code="CA0004").first().history_user == users.officer


def test_changing_unit_moves_the_person(api_as, users, people):
    r = api_as(users.officer).patch(
        f"{URL}CA0001/", {"unit": "PV01", "assignment_start": "2024-02-01"}
    )
    assert r.status_code == 200, r.json()
    assert r.json()["unit"] == "PV01"
    history = list(
        people.an.assignments.order_by("start").values_list("unit__code", "start", "end")
    )
    assert [(u, str(s), str(e)) for u, s, e in history] == [
        ("CAX-A1", "2016-01-01", "2024-01-31"),
        ("PV01", "2024-02-01", "None"),
    ]


def test_validation_errors_are_vietnamese(api_as, users, units):
    r = api_as(users.officer).post(
        URL, {"code": "có dấu", "gender": "X", "citizen_id": "12", "birth_date": "12/04/1988"}
    )
    assert r.status_code == 400
    body = r.json()
    assert body["full_name"] == ["Trường này là bắt buộc."]
    assert body["gender"] == ["«X» không phải là giá trị hợp lệ."]
    assert body["code"] == ["Mã chỉ gồm chữ không dấu, chữ số và các ký tự . _ -"]
    assert body["citizen_id"] == ["Số CCCD gồm đúng 12 chữ số."]
    assert body["birth_date"] == ["Ngày không hợp lệ, hãy viết theo dạng YYYY-MM-DD."]


def test_people_are_never_deleted(api_as, users, people):
    assert api_as(users.officer).delete(f"{URL}CA0001/").status_code == 405
    assert Person.objects.filter(code="CA0001").exists()


def test_list_runs_a_fixed_number_of_queries(
    api_as, users, people, units, django_assert_max_num_queries
):
    from thidua.org.services import person_save

    for i in range(30):
        person_save(
            person=Person(code=f"X{i:03}", full_name=f"Người Thứ {i}", gender="M"), unit=units.cah_b
        )
    api = api_as(users.officer)
    with django_assert_max_num_queries(6):
        assert api.get(URL).status_code == 200


# Scope


def test_clerk_lists_only_its_subtree(api_as, users, people):
    assert codes(api_as(users.clerk_a).get(URL)) == ["CA0001", "CA0002"]


def test_clerk_gets_404_for_another_units_person(api_as, users, people):
    api = api_as(users.clerk_a)
    r = api.get(f"{URL}CA0003/")
    assert r.status_code == 404
    assert r.json() == {
        "detail": "Không tìm thấy."
    }  # same answer as for a code that does not exist
    assert api.get(f"{URL}KHONG-CO/").json() == {"detail": "Không tìm thấy."}
    assert api.patch(f"{URL}CA0003/", {"rank": "Đại tá"}).status_code == 404
    assert Person.objects.get(code="CA0003").rank == "Đại úy"


def test_clerk_cannot_filter_by_another_unit(api_as, users, people):
    assert api_as(users.clerk_a).get(URL, {"unit": "CAH-B"}).status_code == 404


def test_clerk_cannot_create_a_person_in_another_unit(api_as, users, people):
    r = api_as(users.clerk_a).post(
        URL, {"code": "CA0300", "full_name": "Đỗ Văn Khoa", "gender": "M", "unit": "CAH-B"}
    )
    assert r.status_code == 404  # the answer an unknown code gets
    assert r.json()["unit"] == ["Không có đơn vị mã «CAH-B» trong phạm vi của bạn."]
    assert not Person.objects.filter(code="CA0300").exists()


def test_clerk_cannot_create_a_person_outside_every_unit(api_as, users, people):
    r = api_as(users.clerk_a).post(
        URL, {"code": "CA0301", "full_name": "Đỗ Văn Khoa", "gender": "M"}
    )
    assert r.status_code == 403
    assert not Person.objects.filter(code="CA0301").exists()


def test_clerk_cannot_move_a_person_out_of_scope(api_as, users, people):
    api = api_as(users.clerk_a)
    assert api.patch(f"{URL}CA0001/", {"unit": "CAH-B"}).status_code == 404
    assert api.patch(f"{URL}CA0001/", {"unit": None}).status_code == 403
    people.an.refresh_from_db()
    assert people.an.unit.code == "CAX-A1"


def test_clerk_moves_a_person_within_its_subtree(api_as, users, people):
    r = api_as(users.clerk_a).patch(f"{URL}CA0001/", {"unit": "CAH-A"})
    assert r.status_code == 200, r.json()
    assert r.json()["unit"] == "CAH-A"


@pytest.mark.parametrize("role", ["viewer", "council"])
def test_read_only_roles_get_403_on_writes(api_as, users, people, role):
    api = api_as(getattr(users, role))
    assert api.get(f"{URL}CA0001/").status_code == 200
    assert api.patch(f"{URL}CA0001/", {"rank": "Đại tá"}).status_code == 403
    new = {"code": "CA0400", "full_name": "A", "gender": "M", "unit": "CAT"}
    assert api.post(URL, new).status_code == 403


def test_anonymous_requests_are_refused(anonymous_api, people):
    assert anonymous_api.get(URL).status_code in (401, 403)
    assert anonymous_api.get(f"{URL}CA0001/").status_code in (401, 403)
