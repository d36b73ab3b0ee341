"""The `thidua` command: Django's manage.py and the project's CLI in one."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv if argv is not None else ["thidua", *sys.argv[1:]])


if __name__ == "__main__":
    main()
