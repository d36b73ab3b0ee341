"""thidua import KIND FILE.xlsx [--dry-run] [--user USERNAME]"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from thidua.accounts.cli import get_actor, recording
from thidua.imports import cli
from thidua.imports.engine import run_import


class Command(BaseCommand):
    help = (
        "Nhập dữ liệu từ tệp Excel (units: đơn vị, people: cán bộ, …). Có lỗi thì không "
        "ghi dòng nào, in danh sách lỗi và thoát với mã khác 0."
    )

    def add_arguments(self, parser):
        cli.add_common(parser, for_export=False)
        parser.add_argument(
            "--dry-run", action="store_true", help="Chỉ kiểm tra và báo cáo, không ghi gì."
        )

    def handle(self, *args, kind: str, file: str, user: str | None, dry_run: bool, **options):
        spec = cli.get_spec(kind)
        acting = get_actor(user)
        if not Path(file).is_file():
            raise CommandError(f"Không có tệp '{file}'.")
        try:
            with recording(acting):
                plan = run_import(
                    spec,
                    file,
                    user=acting,
                    dry_run=dry_run,
                    options=cli.spec_options(spec, options, for_export=False),
                )
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        cli.report(
            plan, self.stdout, self.stderr, dry_run=dry_run, verbosity=options.get("verbosity", 1)
        )
