"""Two people editing the same record: the later save of a page opened before the earlier
save is refused with a message, and the earlier change stays (lib.versioning)."""

from __future__ import annotations

from django.urls import reverse

from conftest import version_of
from thidua.lib.versioning import STALE_MESSAGE
from thidua.org.models import Person
from thidua.org.tests.test_views_people import person_post


def _edit(client, person, version, **changes):
    data = person_post(person.unit, code=person.code, version=version, **changes)
    return client.post(reverse("org:person_edit", args=[person.pk]), data)


def test_a_person_form_opened_before_another_save_is_refused(client_for, users, people):
    seen = version_of(people.an)  # both pages were opened now
    first = _edit(client_for(users.officer), people.an, seen, position="Đội trưởng")
    assert first.status_code == 302
    second = _edit(client_for(users.clerk_a), people.an, seen, rank="Thiếu tá")
    assert second.status_code == 200
    assert str(STALE_MESSAGE) in second.content.decode()
    person = Person.objects.get(pk=people.an.pk)
    assert (person.position, person.rank) == ("Đội trưởng", "Đại úy")
    assert person.history.first().history_user == users.officer


def test_a_form_without_its_version_is_refused(client_for, users, people):
    data = person_post(people.an.unit, code="CA0001", rank="Thiếu tá")
    r = client_for(users.officer).post(reverse("org:person_edit", args=[people.an.pk]), data)
    assert r.status_code == 200 and str(STALE_MESSAGE) in r.content.decode()
    assert Person.objects.get(pk=people.an.pk).rank == "Đại úy"


def test_the_edit_page_carries_the_version_it_was_rendered_from(client_for, users, people):
    page = client_for(users.officer).get(reverse("org:person_edit", args=[people.an.pk]))
    html = page.content.decode()
    assert f'name="version" value="{version_of(people.an)}"' in html
