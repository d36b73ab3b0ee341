"""Who sees and changes registrations (accounts.scope, "Registrations"): a unit its
subtree's, the province's office every unit's, read-only roles read only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from thidua.accounts import scope
from thidua.movements.models import Registration


@pytest.fixture
def registrations(units):
    return {
        code: Registration.objects.create(unit=getattr(units, attr), year=2025)
        for code, attr in (("CAX-A1", "cax_a1"), ("CAH-A", "cah_a"), ("CAH-B", "cah_b"))
    }


def visible(user) -> set[str]:
    return set(scope.visible_registrations(user).values_list("unit__code", flat=True))


def test_a_clerk_sees_and_edits_their_subtree_only(users, units, registrations):
    assert visible(users.clerk_a) == {"CAX-A1", "CAH-A"}
    assert scope.can_edit_registration(users.clerk_a, units.cah_a)
    assert scope.can_edit_registration(users.clerk_a, units.cax_a1)
    assert not scope.can_edit_registration(users.clerk_a, units.cah_b)


def test_the_province_office_sees_and_edits_every_unit(users, units, registrations):
    for user in (users.admin, users.officer):
        assert visible(user) == {"CAX-A1", "CAH-A", "CAH-B"}
        assert scope.can_edit_registration(user, units.cah_b)
    assert visible(scope.SYSTEM) == {"CAX-A1", "CAH-A", "CAH-B"}


def test_read_only_roles_read_and_never_write(users, units, registrations):
    for user in (users.viewer, users.council):
        assert visible(user) == {"CAX-A1", "CAH-A", "CAH-B"}
        assert not scope.can_edit_registration(user, units.cax_a1)
    assert visible(None) == set() and not scope.can_edit_registration(None, units.cat)


def test_the_pages_answer_by_scope(client_for, users, registrations):
    other = registrations["CAH-B"]
    clerk = client_for(users.clerk_a)
    assert clerk.get(reverse("movements:registration_detail", args=[other.pk])).status_code == 404
    assert clerk.get(reverse("movements:registration_edit", args=[other.pk])).status_code == 404
    viewer = client_for(users.viewer)
    assert viewer.get(reverse("movements:registration_detail", args=[other.pk])).status_code == 200
    assert viewer.get(reverse("movements:registration_edit", args=[other.pk])).status_code == 403
    assert viewer.get(reverse("movements:registration_create")).status_code == 403


def test_a_clerk_cannot_start_a_registration_for_a_unit_outside_their_scope(client_for, users):
    page = client_for(users.clerk_a).get(
        reverse("movements:registration_create") + "?don_vi=CAH-B&nam=2025"
    )
    assert page.status_code == 400
    assert "don_vi" in page.context["start"].errors
