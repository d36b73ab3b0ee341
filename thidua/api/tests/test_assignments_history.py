"""/api/people/<code>/assignments/ and /api/people/<code>/history/."""

from __future__ import annotations

import pytest

from thidua.org.models import Assignment


def url(code: str, what: str) -> str:
    return f"/api/people/{code}/{what}/"


def test_lists_a_persons_assignments_newest_first(api_as, users, people, units):
    from thidua.org.services import person_move

    person_move(person=people.an, unit=units.pv01, start=people.an.service_start.replace(year=2020))
    r = api_as(users.officer).get(url("CA0001", "assignments"))
    assert r.status_code == 200
    assert [(a["unit"], a["start"], a["end"]) for a in r.json()] == [
        ("PV01", "2020-09-01", None),
        ("CAX-A1", "2016-01-01", "2020-08-31"),
    ]
    assert r.json()[0]["unit_name"] == "Phòng Tham mưu"


def test_adding_an_open_assignment_changes_the_current_unit(api_as, users, people):
    api = api_as(users.officer)
    # The open one ends first: the service keeps the person's unit in step with the open one.
    opened = Assignment.objects.get(person=people.binh)
    opened.end = opened.start.replace(year=2023)
    opened.save()
    r = api.post(
        url("CA0002", "assignments"),
        {"unit": "PV01", "start": "2023-02-01", "position": "Phó đội trưởng"},
    )
    assert r.status_code == 201, r.json()
    people.binh.refresh_from_db()
    assert people.binh.unit.code == "PV01"


def test_assignment_end_before_start_is_refused_in_vietnamese(api_as, users, people):
    r = api_as(users.officer).post(
        url("CA0002", "assignments"), {"unit": "CAH-A", "start": "2020-01-01", "end": "2019-01-01"}
    )
    assert r.status_code == 400
    assert "Ngày kết thúc phải sau ngày bắt đầu." in str(r.json())


def test_clerk_gets_404_for_another_units_person_assignments(api_as, users, people):
    api = api_as(users.clerk_a)
    assert api.get(url("CA0003", "assignments")).status_code == 404
    assert (
        api.post(url("CA0003", "assignments"), {"unit": "CAH-A", "start": "2024-01-01"}).status_code
        == 404
    )


def test_clerk_cannot_add_an_assignment_in_another_unit(api_as, users, people):
    r = api_as(users.clerk_a).post(
        url("CA0001", "assignments"), {"unit": "CAH-B", "start": "2010-01-01", "end": "2012-01-01"}
    )
    assert r.status_code == 404  # a unit outside the scope is not found, as an unknown one
    assert people.an.assignments.count() == 1


def test_viewer_gets_403_when_adding_an_assignment(api_as, users, people):
    r = api_as(users.viewer).post(
        url("CA0001", "assignments"), {"unit": "CAH-A", "start": "2010-01-01"}
    )
    assert r.status_code == 403


def test_history_shows_who_changed_what(api_as, users, people):
    api = api_as(users.officer)
    api.patch("/api/people/CA0002/", {"rank": "Thiếu tá", "full_name": "Trần Thị Bình An"})
    r = api.get(url("CA0002", "history"))
    assert r.status_code == 200
    latest = r.json()[0]
    assert (latest["model"], latest["action"], latest["who"]) == ("person", "update", "officer")
    changes = {c["field"]: (c["before"], c["after"]) for c in latest["changes"]}
    assert changes == {
        "full_name": ("Trần Thị Bình", "Trần Thị Bình An"),
        "rank": ("Đại úy", "Thiếu tá"),
    }
    kinds = {(e["model"], e["action"]) for e in r.json()}
    assert {("person", "create"), ("assignment", "create")} <= kinds


def test_history_of_a_move_includes_the_assignments(api_as, users, people):
    api = api_as(users.officer)
    api.patch("/api/people/CA0001/", {"unit": "CAH-A", "assignment_start": "2024-01-01"})
    entries = api.get(url("CA0001", "history")).json()
    assignment_changes = [
        e for e in entries if e["model"] == "assignment" and e["action"] == "update"
    ]
    assert assignment_changes[0]["changes"][0]["field"] == "end"


@pytest.mark.parametrize("user", ["clerk_b", "viewer"])
def test_history_follows_read_scope(api_as, users, people, user):
    # viewer has no unit: reads everything; clerk_b sees only the CAH-B subtree.
    expected = 200 if user == "viewer" else 404
    assert api_as(getattr(users, user)).get(url("CA0001", "history")).status_code == expected
