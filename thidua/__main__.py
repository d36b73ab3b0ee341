"""The `thidua` command: Django's manage.py and the project's CLI in one.

Every command but the servers runs inside accounts.cli.recording(SYSTEM): whatever it writes
without --user is recorded under the named system account, Django's own commands
(createsuperuser, changepassword, migrate's catalogue sync, shell) included. Commands with
--user record that account instead (they open their own `recording`)."""

from __future__ import annotations

import os
import sys

_SERVERS = {"runserver", "testserver"}  # requests name their own user (HistoryRequestMiddleware)


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    from django.core.management import execute_from_command_line

    argv = argv if argv is not None else ["thidua", *sys.argv[1:]]
    if len(argv) < 2 or argv[1] in _SERVERS or argv[1].startswith("-"):
        execute_from_command_line(argv)
        return
    import django

    django.setup()
    from thidua.accounts.cli import recording
    from thidua.accounts.scope import SYSTEM

    with recording(SYSTEM):
        execute_from_command_line(argv)


if __name__ == "__main__":
    main()
