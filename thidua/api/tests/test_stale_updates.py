"""The API's side of optimistic locking: `version` as read, sent back on an update."""

from __future__ import annotations

from thidua.lib.versioning import STALE_MESSAGE
from thidua.org.models import Person


def test_a_stale_api_update_answers_409_and_keeps_the_first(api_as, users, people):
    api = api_as(users.officer)
    seen = api.get("/api/people/CA0001/").json()["version"]
    assert (
        api.patch("/api/people/CA0001/", {"rank": "Thiếu tá", "version": seen}).status_code == 200
    )
    late = api.patch("/api/people/CA0001/", {"position": "Đội phó", "version": seen})
    assert late.status_code == 409
    assert late.json() == {"detail": str(STALE_MESSAGE)}
    person = Person.objects.get(pk=people.an.pk)
    assert (person.rank, person.position) == ("Thiếu tá", "Cán bộ")
    # A client that sends no version is not checked, as before.
    assert api.patch("/api/people/CA0001/", {"position": "Đội phó"}).status_code == 200
