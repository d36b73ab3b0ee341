"""thidua serve: the production start (docs/operations.md): checks, then gunicorn."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

GUNICORN_CONFIG = "python:thidua.gunicorn_conf"


def unapplied_migrations(alias: str = DEFAULT_DB_ALIAS) -> list[str]:
    """The migrations of the code that the database does not have yet, in the order
    `migrate` would apply them."""
    executor = MigrationExecutor(connections[alias])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def gunicorn_command() -> list[str]:
    """gunicorn of this installation (beside this Python), with the project's settings."""
    found = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or shutil.which(
        "gunicorn"
    )
    if not found:
        raise CommandError(
            "Chưa cài gunicorn. Cài bản chạy thật kèm gunicorn: "
            "pip install -c constraints.txt '.[prod]' (docs/operations.md)."
        )
    return [found, "--config", GUNICORN_CONFIG]


class Command(BaseCommand):
    help = (
        "Chạy hệ thống thật: kiểm tra cấu hình (check --deploy), kiểm tra CSDL đã có mọi "
        "migration, gom tệp tĩnh (collectstatic), rồi chạy gunicorn với thidua/gunicorn_conf.py "
        "(THIDUA_BIND, THIDUA_WORKERS, THIDUA_TIMEOUT). Dùng trong dịch vụ systemd "
        "deploy/thidua.service."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--migrate",
            action="store_true",
            help="áp dụng migration còn thiếu trước khi chạy (mặc định: từ chối chạy)",
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="từ chối chạy cả khi check --deploy chỉ có cảnh báo (mặc định: chỉ khi có lỗi)",
        )
        parser.add_argument(
            "--no-collectstatic", action="store_true", help="không chạy collectstatic"
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="chỉ kiểm tra và in lệnh gunicorn, không chạy",
        )

    def handle(
        self, *args, migrate: bool, strict: bool, no_collectstatic: bool, dry_run: bool, **options
    ):
        # Django's checks, the deployment ones included; SystemCheckError stops the start.
        call_command("check", deploy=True, fail_level="WARNING" if strict else "ERROR")
        pending = unapplied_migrations()
        if pending and migrate:
            call_command("migrate", interactive=False, verbosity=1)
        elif pending:
            raise CommandError(
                f"CSDL còn {len(pending)} migration chưa áp dụng ({', '.join(pending[:5])}"
                f"{', …' if len(pending) > 5 else ''}): chạy `thidua migrate` (sau khi sao lưu), "
                "hoặc `thidua serve --migrate`."
            )
        if not no_collectstatic:
            call_command("collectstatic", interactive=False, verbosity=0)
        command = gunicorn_command()
        if dry_run:
            self.stdout.write(shlex.join(command))
            return
        sys.stdout.flush()
        sys.stderr.flush()
        for connection in connections.all():  # gunicorn's workers open their own
            connection.close()
        os.execv(command[0], command)
