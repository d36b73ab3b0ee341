"""thidua restore FILE [--force]: load an archive of `thidua backup` into an empty database."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from thidua.lib.backup import BackupError, restore
from thidua.lib.excel.limits import size_text


class Command(BaseCommand):
    help = (
        "Khôi phục từ tệp của `thidua backup` vào CSDL trống (chưa có bảng nào) và thư mục tệp "
        "tải lên. Kiểm tra manifest và mọi tổng kiểm tra trước; từ chối khi lược đồ khác mã "
        "đang chạy hoặc khác loại CSDL. --force: thay toàn bộ dữ liệu của CSDL không trống."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp sao lưu (.tar.gz) do thidua backup ghi")
        parser.add_argument(
            "--force",
            action="store_true",
            help="khôi phục cả khi CSDL đích đã có dữ liệu: dữ liệu hiện có bị thay thế",
        )
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="CSDL cần khôi phục (mặc định: default)"
        )

    def handle(self, *args, file: str, force: bool, database: str, **options):
        try:
            summary = restore(file, alias=database, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Đã khôi phục bản sao lưu lúc {summary.created_at} từ {summary.path}: CSDL "
            f"{summary.vendor} {size_text(summary.database_bytes)}, {summary.tables} bảng, "
            f"{summary.migrations} migration; {summary.files} tệp tải lên "
            f"({size_text(summary.files_bytes)})."
        )
