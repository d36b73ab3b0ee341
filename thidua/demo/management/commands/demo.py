"""`thidua demo`: fill an empty database with the demo province and the demo accounts."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thidua.accounts.cli import recording
from thidua.accounts.scope import SYSTEM
from thidua.demo.accounts import credentials_lines, ensure_demo_accounts
from thidua.demo.builder import (
    DEFAULT_PEOPLE,
    DEFAULT_SEED,
    DEFAULT_YEARS,
    REFERENCE_YEAR,
    build_demo,
)
from thidua.demo.people import MAX_PEOPLE
from thidua.org.models import Unit


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu mẫu: một Công an tỉnh giả lập (đơn vị, cán bộ, quá trình công tác, "
        "quá trình khen thưởng, kỷ luật) và các tài khoản mẫu."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--people",
            type=int,
            default=DEFAULT_PEOPLE,
            help=f"số cán bộ, chiến sĩ (mặc định {DEFAULT_PEOPLE})",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help="hạt giống ngẫu nhiên: cùng hạt giống cho cùng dữ liệu",
        )
        parser.add_argument(
            "--years",
            type=int,
            default=DEFAULT_YEARS,
            help=(
                f"số năm lịch sử công tác, xếp loại và khen thưởng, kết thúc "
                f"năm {REFERENCE_YEAR} (mặc định {DEFAULT_YEARS})"
            ),
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="không làm gì nếu cơ sở dữ liệu đã có đơn vị"
        )
        parser.add_argument(
            "--no-history",
            action="store_true",
            help=(
                "không ghi lịch sử thay đổi cho cán bộ, quá trình công tác và khen thưởng sinh ra"
            ),
        )

    def handle(self, *args, **options) -> None:
        if not 0 <= options["people"] <= MAX_PEOPLE or options["years"] < 1:
            raise CommandError(f"--people phải từ 0 đến {MAX_PEOPLE} và --years phải ≥ 1.")
        if Unit.objects.exists():
            if options["if_empty"]:
                self.stdout.write("Cơ sở dữ liệu đã có dữ liệu: không tạo dữ liệu mẫu.")
                return
            raise CommandError(
                "Cơ sở dữ liệu đã có đơn vị; dữ liệu mẫu chỉ tạo trên cơ sở dữ liệu "
                "trống (dùng --if-empty để bỏ qua khi đã có dữ liệu)."
            )
        with recording(SYSTEM):  # the demo's history rows name the system account
            build_demo(
                people=options["people"],
                seed=options["seed"],
                years=options["years"],
                stdout=self.stdout,
                history=not options["no_history"],
            )
            accounts = ensure_demo_accounts()
        self.stdout.write("Tài khoản mẫu:")
        for line in credentials_lines(accounts):
            self.stdout.write(f"  {line}")
