"""`thidua load_catalogue [--file PATH]`: sync the award catalogue into the database."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from thidua.accounts.cli import recording
from thidua.accounts.scope import SYSTEM
from thidua.awards.catalogue import CATALOGUE_PATH, catalogue_sync


class Command(BaseCommand):
    help = "Nạp danh mục khen thưởng từ tệp catalogue.yaml (thêm, cập nhật, đánh dấu ngừng dùng)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--file",
            default=str(CATALOGUE_PATH),
            help="tệp danh mục (mặc định: thidua/rules/packs/catalogue.yaml)",
        )

    def handle(self, *args, **options) -> None:
        try:
            with recording(SYSTEM):
                result = catalogue_sync(path=options["file"])
        except (ValidationError, OSError) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            raise CommandError("\n".join(messages)) from exc
        self.stdout.write(result.summary())
        for label, codes in (
            ("Mới", result.created),
            ("Cập nhật", result.updated),
            ("Ngừng dùng", result.deactivated),
        ):
            if codes:
                self.stdout.write(f"  {label}: {', '.join(codes)}")
