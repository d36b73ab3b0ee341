"""Every change has an author: a command run without --user records the named system
account, and the change logs say so; with --user, that account."""

from __future__ import annotations

import io
import os
import subprocess
import sys

from django.core.management import call_command
from django.urls import reverse

from thidua.accounts.scope import SYSTEM_USERNAME, system_account
from thidua.awards.models import Award, Decision
from thidua.imports.tests.test_awards import HEADERS, row


def _import(path, *args) -> None:
    call_command("import", "awards", str(path), *args, stdout=io.StringIO(), stderr=io.StringIO())


def test_import_without_user_records_the_system_account(people, users, xlsx, client_for):
    _import(xlsx([HEADERS, row(), row("CA0002", "Trần Thị Bình", "CAH-A")]))
    account = system_account()
    decision = Decision.objects.get(number="12/QĐ-CAT")
    authors = {r.history_user for r in Award.history.filter(decision=decision)}
    assert authors == {account} and decision.history.get().history_user == account
    assert account.username == SYSTEM_USERNAME and not account.is_active
    assert not account.has_usable_password()
    page = client_for(users.officer).get(decision.get_absolute_url())
    cells = page.content.decode()
    assert cells.count('<td class="history-user">Hệ thống (chạy lệnh)</td>') == 3  # QĐ, 2 awards
    person_log = client_for(users.officer).get(reverse("org:person_detail", args=[people.an.pk]))
    assert '<td class="history-user">Hệ thống (chạy lệnh)</td>' in person_log.content.decode()


def test_import_with_user_records_that_account(people, users, xlsx):
    _import(xlsx([HEADERS, row()]), "--user", "officer")
    assert {r.history_user for r in Award.history.all()} == {users.officer}


def test_the_system_account_cannot_be_used_as_user(people, users, xlsx):
    system_account()
    err = io.StringIO()
    try:
        call_command(
            "import", "awards", str(xlsx([HEADERS, row()])), "--user", SYSTEM_USERNAME, stderr=err
        )
    except Exception as failure:  # CommandError: the account is locked
        assert "đã bị khoá" in str(failure)
    else:
        raise AssertionError("the system account signed in as --user")
    assert not Award.objects.exists()


def test_the_thidua_command_names_the_system_account_for_django_commands_too(tmp_path):
    """`thidua shell -c …` (Django's own command, no --user) writes under the system account."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "THIDUA_VAR_DIR": str(tmp_path),
    }
    run = [sys.executable, "-m", "thidua"]
    subprocess.run([*run, "migrate", "-v", "0"], env=env, check=True, capture_output=True)
    script = (
        "from thidua.org.models import Unit\n"
        "u = Unit.objects.create(code='CAH-A', name='Công an huyện An Phú', kind='district')\n"
        "u.name = 'Công an huyện An Phú Mới'\n"
        "u.save()\n"
        "print(sorted({h.history_user.username for h in Unit.history.all()}))"
    )
    shell = subprocess.run(
        [*run, "shell", "-c", script], env=env, check=True, capture_output=True, text=True
    )
    assert shell.stdout.strip().splitlines()[-1] == "['system']"
