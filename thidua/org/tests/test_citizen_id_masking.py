"""The CCCD number in full only for the roles that enter and check it (scope.sees_citizen_id);
council members and viewers get it masked on every page, export and API answer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from thidua.accounts import scope
from thidua.accounts.models import Role, User
from thidua.api.tests.utils import ApiClient
from thidua.imports.engine import run_export
from thidua.imports.tests.conftest import read_back
from thidua.lib.privacy import mask_citizen_id
from thidua.org.models import Person
from thidua.org.services import person_save

pytestmark = pytest.mark.django_db

OLD, NEW = "001088000123", "001088000145"
OLD_MASKED, NEW_MASKED = "0010******23", "0010******45"


@pytest.fixture
def cccd(people, users):
    """An's number changed once (a history entry with both values), and Dung a second record
    of the same number (the duplicates page's CCCD group)."""
    an = people.an
    an.citizen_id = OLD
    person_save(person=an, actor=users.officer)
    an = Person.objects.get(pk=an.pk)
    an.citizen_id = NEW
    person_save(person=an, actor=users.officer)
    Person.objects.filter(pk=people.dung.pk).update(citizen_id=NEW)
    return Person.objects.get(pk=an.pk)


def test_mask_keeps_the_first_four_and_the_last_two_digits():
    assert mask_citizen_id("001089012345") == "0010******45"
    assert mask_citizen_id("12345") == "*****"
    assert mask_citizen_id(None) is None and mask_citizen_id("") == ""
    assert mask_citizen_id("—") == "—"


def test_who_sees_the_number(users, units):
    sees = {name: scope.sees_citizen_id(getattr(users, name)) for name in vars(users)}
    assert sees == {
        "admin": True,
        "officer": True,
        "clerk_a": True,
        "clerk_b": True,
        "council": False,
        "viewer": False,
    }
    no_unit = User.objects.create_user(username="lac", role=Role.UNIT_CLERK)
    assert not scope.sees_citizen_id(no_unit)
    assert not scope.sees_citizen_id(None)
    assert scope.sees_citizen_id(scope.SYSTEM)


@pytest.mark.parametrize(
    ("role", "full"), [("officer", True), ("viewer", False), ("council", False)]
)
def test_the_person_page_and_its_history(client_for, users, cccd, role, full):
    page = (
        client_for(getattr(users, role))
        .get(reverse("org:person_detail", args=[cccd.pk]))
        .content.decode()
    )
    assert "Số CCCD" in page
    for number, masked in ((OLD, OLD_MASKED), (NEW, NEW_MASKED)):  # the history holds both
        assert (number in page) is full
        assert (masked in page) is not full


@pytest.mark.parametrize(("role", "full"), [("officer", True), ("viewer", False)])
def test_the_duplicates_page(client_for, users, cccd, role, full):
    page = client_for(getattr(users, role)).get(reverse("org:duplicates")).content.decode()
    assert "Trùng số CCCD" in page
    assert (NEW in page) is full
    assert (NEW_MASKED in page) is not full


@pytest.mark.parametrize(
    ("role", "expected"), [("officer", NEW), ("clerk_a", NEW), ("viewer", NEW_MASKED)]
)
def test_the_people_export(users, cccd, tmp_path, role, expected):
    path = tmp_path / "people.xlsx"
    run_export("people", path, user=getattr(users, role))
    rows = read_back(path)
    column = rows[0].index("Số CCCD")
    assert next(r for r in rows if r[0] == "CA0001")[column] == expected


@pytest.mark.parametrize(
    ("role", "full"), [("officer", True), ("viewer", False), ("council", False)]
)
def test_the_api_answers(client_for, users, cccd, twin, role, full):
    api = ApiClient(client_for(getattr(users, role)))
    expected = NEW if full else NEW_MASKED
    listed = api.get("/api/people/", {"search": "Nguyễn Văn An"}).json()["results"]
    assert {p["citizen_id"] for p in listed if p["code"] == "CA0001"} == {expected}
    detail = api.get("/api/people/CA0001/").json()
    assert detail["citizen_id"] == expected
    history = api.get("/api/people/CA0001/history/").content.decode()
    assert (OLD in history) is full and (OLD_MASKED in history) is not full
    groups = api.get("/api/duplicates/").json()["results"]
    numbers = {p["citizen_id"] for g in groups for p in g["people"] if p["code"] == "CA0001"}
    assert numbers == {expected}


@pytest.fixture
def twin(units):
    """A second Nguyễn Văn An born the same day: the API's duplicate groups list both."""
    return person_save(
        person=Person(
            code="CA0009", full_name="Nguyễn Văn An", gender="M", birth_date=dt.date(1988, 4, 12)
        ),
        unit=units.cax_b1,
    )
