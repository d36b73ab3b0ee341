"""thidua backup FILE: the database, the uploaded files and a manifest in one archive."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from thidua.lib.backup import BackupError, backup
from thidua.lib.excel.limits import size_text


class Command(BaseCommand):
    help = (
        "Sao lưu vào một tệp .tar.gz: bản chụp nhất quán của CSDL (SQLite: sao lưu trực tuyến; "
        "PostgreSQL: pg_dump), các tệp tải lên (tài liệu kèm hồ sơ) và manifest.json (phiên "
        "bản lược đồ, tổng kiểm tra SHA-256). Chạy được khi ứng dụng đang phục vụ."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp sao lưu sẽ ghi, ví dụ thidua-2026-01-31.tar.gz")
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="CSDL cần sao lưu (mặc định: default)"
        )

    def handle(self, *args, file: str, database: str, **options):
        try:
            summary = backup(file, alias=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for name in summary.skipped:
            self.stderr.write(f"Bỏ qua {name}: tệp bị xoá trong lúc sao lưu.")
        self.stdout.write(
            f"Đã sao lưu vào {summary.path} ({size_text(summary.archive_bytes)}): CSDL "
            f"{summary.vendor} {size_text(summary.database_bytes)}, {summary.tables} bảng, "
            f"{summary.migrations} migration; {summary.files} tệp tải lên "
            f"({size_text(summary.files_bytes)})."
        )
