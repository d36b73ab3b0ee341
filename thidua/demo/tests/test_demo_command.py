"""`thidua demo`: builds on an empty database only, and creates one demo account per role."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.http import Http404

from thidua.accounts import scope
from thidua.accounts.models import Role, User
from thidua.demo.accounts import DEMO_PASSWORD
from thidua.org.models import Person, Unit


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Five demo accounts per build; the default PBKDF2 rounds would dominate these tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_demo_builds_the_province_and_prints_the_accounts():
    output = _demo("--people", "120", "--seed", "5")
    assert Person.objects.count() == 120
    assert Unit.objects.filter(code="CAT", kind="province").exists()
    assert "Tài khoản quản trị: admin / thidua-demo" in output
    assert "vanthu_cah02 / thidua-demo" in output


@pytest.mark.django_db
def test_demo_accounts_have_the_right_roles():
    _demo("--people", "60")
    expected = {
        "admin": Role.ADMIN,
        "canbo_tinh": Role.PROVINCE_OFFICER,
        "vanthu_cah02": Role.UNIT_CLERK,
        "hoidong": Role.COUNCIL_MEMBER,
        "xem": Role.VIEWER,
    }
    users = {u.username: u for u in User.objects.filter(username__in=expected)}
    assert {name: u.role for name, u in users.items()} == expected
    assert all(u.check_password(DEMO_PASSWORD) for u in users.values())
    assert users["admin"].is_superuser and users["admin"].is_staff
    assert not any(u.is_superuser or u.is_staff for name, u in users.items() if name != "admin")
    # The former district clerk works for the commune police that took over its area.
    assert users["vanthu_cah02"].unit.code == "CAX-DONGSON"
    assert users["canbo_tinh"].unit is None and scope.sees_everything(users["canbo_tinh"])


@pytest.mark.django_db
def test_demo_clerk_gets_404_for_a_person_outside_their_commune():
    _demo("--people", "200")
    clerk = User.objects.get(username="vanthu_cah02")
    inside = Person.objects.filter(unit__path__startswith="/CAT/CAX-DONGSON/").first()
    outside = Person.objects.exclude(unit__path__startswith="/CAT/CAX-DONGSON/").first()
    visible = scope.visible_people(clerk)
    assert scope.get_visible_or_404(visible, pk=inside.pk) == inside
    with pytest.raises(Http404):
        scope.get_visible_or_404(visible, pk=outside.pk)


@pytest.mark.django_db
def test_existing_account_keeps_its_password():
    User.objects.create_user(username="admin", password="mat-khau-rieng", role=Role.ADMIN)
    output = _demo("--people", "30")
    assert User.objects.get(username="admin").check_password("mat-khau-rieng")
    assert "admin / thidua-demo (đã có từ trước, mật khẩu giữ nguyên)" in output


@pytest.mark.django_db
def test_if_empty_does_nothing_on_a_database_with_units(units, people):
    before = (Unit.objects.count(), Person.objects.count(), User.objects.count())
    output = _demo("--if-empty")
    assert (Unit.objects.count(), Person.objects.count(), User.objects.count()) == before
    assert "đã có dữ liệu" in output


@pytest.mark.django_db
def test_if_empty_builds_on_an_empty_database():
    _demo("--if-empty", "--people", "40")
    assert Person.objects.count() == 40
    assert User.objects.filter(username="admin").exists()


@pytest.mark.django_db
def test_demo_refuses_a_database_that_has_units(units):
    with pytest.raises(CommandError, match="đã có đơn vị"):
        _demo("--people", "10")
    assert Person.objects.count() == 0


@pytest.mark.django_db
def test_demo_without_history_writes_no_history_for_people():
    _demo("--people", "25", "--no-history")
    assert Person.objects.count() == 25 and Person.history.count() == 0
    assert Unit.history.exists()  # units go through unit_save and keep their audit trail


@pytest.mark.django_db
def test_demo_has_dossiers_at_each_stage_of_the_workflow():
    from thidua.demo.builder import build_demo
    from thidua.nominations.models import Ballot, Council, Dossier, DossierStatus

    build_demo(people=600, years=4, stdout=io.StringIO())
    statuses = set(Dossier.objects.values_list("status", flat=True))
    assert {DossierStatus.DRAFT, DossierStatus.RETURNED, DossierStatus.AT_COUNCIL} <= statuses
    assert Council.objects.get().members.count() == 10
    assert Ballot.objects.filter(counted=True).exists()
