"""thidua export KIND FILE.xlsx [--user USERNAME]"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from thidua.accounts.cli import get_actor
from thidua.imports import cli
from thidua.imports.engine import run_export


class Command(BaseCommand):
    help = (
        "Xuất dữ liệu ra tệp Excel cùng định dạng với tệp nhập (units: đơn vị, people: "
        "cán bộ, …). Với --user, chỉ xuất những gì tài khoản đó được xem."
    )

    def add_arguments(self, parser):
        cli.add_common(parser, for_export=True)

    def handle(self, *args, kind: str, file: str, user: str | None, **options):
        spec = cli.get_spec(kind)
        acting = get_actor(user)
        count = run_export(
            spec, file, user=acting, options=cli.spec_options(spec, options, for_export=True)
        )
        self.stdout.write(f"Đã xuất {count} dòng ({spec.title}) ra {file}.")
