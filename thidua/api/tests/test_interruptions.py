"""Service interruptions in the API: read only, on a person's detail and in their history."""

from __future__ import annotations

import datetime as dt

from thidua.org.models import ServiceInterruption
from thidua.org.services import interruption_add


def test_a_persons_detail_lists_their_interruptions_earliest_first(api_as, users, people):
    for start, end, reason in [
        (dt.date(2020, 1, 1), dt.date(2020, 3, 31), "Đi học"),
        (dt.date(2012, 5, 1), dt.date(2012, 5, 31), "Nghỉ không lương"),
    ]:
        interruption_add(
            interruption=ServiceInterruption(person=people.an, start=start, end=end, reason=reason)
        )
    r = api_as(users.viewer).get("/api/people/CA0001/")
    assert r.status_code == 200
    assert [
        (i["start"], i["end"], i["reason"], i["note"]) for i in r.json()["service_interruptions"]
    ] == [
        ("2012-05-01", "2012-05-31", "Nghỉ không lương", ""),
        ("2020-01-01", "2020-03-31", "Đi học", ""),
    ]
    assert api_as(users.viewer).get("/api/people/CA0002/").json()["service_interruptions"] == []


def test_interruptions_cannot_be_written_through_the_person(api_as, users, people):
    r = api_as(users.officer).patch(
        "/api/people/CA0001/",
        {
            "service_interruptions": [
                {"start": "2012-05-01", "end": "2012-05-31", "reason": "Nghỉ không lương"}
            ]
        },
    )
    assert r.status_code == 200
    assert r.json()["service_interruptions"] == []
    assert not ServiceInterruption.objects.exists()


def test_the_history_shows_who_recorded_an_interruption(api_as, users, people):
    interruption_add(
        interruption=ServiceInterruption(
            person=people.an,
            start=dt.date(2012, 5, 1),
            end=dt.date(2012, 5, 31),
            reason="Nghỉ không lương",
        ),
        user=users.clerk_a,
    )
    entries = api_as(users.officer).get("/api/people/CA0001/history/").json()
    (entry,) = [e for e in entries if e["model"] == "service_interruption"]
    assert (entry["action"], entry["who"], entry["reason"]) == (
        "create",
        "clerk_a",
        "Thêm thời gian gián đoạn công tác 01/05/2012 – 31/05/2012.",
    )
    assert {c["field"]: c["after"] for c in entry["changes"]}["start"] == "01/05/2012"
