"""User accounts are audited: role, unit, active, staff and superuser changes keep their
history with the author, whether made on the admin site or by a command, and the account's
admin page shows it; signing in adds nothing. The system account is not editable."""

from __future__ import annotations

from django.contrib.auth.models import update_last_login
from django.urls import reverse

from thidua.accounts.cli import recording
from thidua.accounts.models import Role, User
from thidua.accounts.scope import SYSTEM, system_account


def _form(user: User, **changes) -> dict:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "role": user.role,
        "unit": user.unit_id or "",
        "is_active": "on" if user.is_active else "",
        "is_staff": "on" if user.is_staff else "",
        "is_superuser": "on" if user.is_superuser else "",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "last_login_0": "",
        "last_login_1": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_an_admin_change_of_role_unit_and_flags_is_recorded_with_its_author(
    users, units, client_for
):
    url = reverse("admin:accounts_user_change", args=[users.viewer.pk])
    client = client_for(users.admin)
    form = _form(users.viewer, role=Role.UNIT_CLERK, unit=units.cah_b.pk, is_staff="on")
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    record = users.viewer.history.first()
    assert (record.history_type, record.history_user, record.role, record.unit_id) == (
        "~",
        users.admin,
        Role.UNIT_CLERK,
        units.cah_b.pk,
    )
    assert record.is_staff is True
    page = client.get(url).content.decode()
    assert "Lịch sử thay đổi" in page
    assert "<del>Chỉ xem</del> → <ins>Cán bộ thi đua đơn vị</ins>" in page
    assert f"<ins>{units.cah_b}</ins>" in page


def test_a_command_change_is_recorded_under_the_system_account(users):
    with recording(SYSTEM):
        users.clerk_a.is_active = False
        users.clerk_a.save()
    record = users.clerk_a.history.first()
    assert (record.history_user, record.is_active) == (system_account(), False)


def test_signing_in_and_the_password_are_not_history(users):
    before = users.officer.history.count()
    update_last_login(None, users.officer)  # what a sign-in does
    assert users.officer.history.count() == before
    assert not hasattr(users.officer.history.first(), "password")


def test_the_system_account_is_read_only_in_the_admin(users, client_for):
    account = system_account()
    client = client_for(users.admin)
    url = reverse("admin:accounts_user_change", args=[account.pk])
    response = client.post(url, _form(account, is_active="on"))
    assert response.status_code == 403
    account.refresh_from_db()
    assert not account.is_active
    assert client.get(url).status_code == 200  # still visible, with its history
