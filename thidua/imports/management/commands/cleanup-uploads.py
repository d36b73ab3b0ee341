"""`thidua cleanup-uploads [--hours N]`: delete the Excel uploads nobody confirmed in time,
and mark failed the import jobs whose worker died (docs/operations.md: run it hourly from cron
or a systemd timer)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from thidua.imports.jobs import fail_interrupted
from thidua.imports.uploads import cleanup_uploads
from thidua.lib.excel.limits import size_text


class Command(BaseCommand):
    help = "Xoá các tệp Excel đã tải lên mà không ai xác nhận nhập trong thời hạn."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--hours",
            type=float,
            default=None,
            help="Xoá tệp cũ hơn số giờ này (mặc định THIDUA_PENDING_UPLOAD_HOURS: "
            f"{settings.THIDUA_PENDING_UPLOAD_HOURS}).",
        )

    def handle(self, *args, hours: float | None = None, **options) -> None:
        if hours is not None and hours < 0:
            raise CommandError("--hours phải là số không âm.")
        # First: a failed job is an ordinary finished one, deleted with its files when old.
        interrupted = fail_interrupted()
        done = cleanup_uploads(None if hours is None else hours * 3600)
        self.stdout.write(
            f"Đã xoá {done.files} tệp tải lên chưa xác nhận ({size_text(done.bytes)})."
        )
        if interrupted:
            self.stdout.write(
                f"Đã ghi {interrupted} lượt nhập bị gián đoạn (tiến trình nền dừng giữa chừng, "
                "không ghi gì) là không thành công."
            )
