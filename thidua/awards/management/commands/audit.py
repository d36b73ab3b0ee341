"""thidua audit verify [--quiet] | thidua audit seal

verify: walk the hash chain of the register's history rows and compare every decision,
award, yearly result, initiative and discipline record with its last audited state; exit 1
on the first thing that does not hold (for cron: --quiet prints nothing when all holds).
seal: chain history rows not yet in the chain (after an upgrade that brings the chain to a
database with history, or rows written outside the application that were checked by hand).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thidua.awards import chain


class Command(BaseCommand):
    help = "Kiểm tra chuỗi nhật ký chống sửa (verify) hoặc niêm phong hàng lịch sử mới (seal)."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        verify = commands.add_parser(
            "verify",
            help="kiểm tra chuỗi mã băm và so bản ghi hiện lưu với nhật ký; lỗi thì mã thoát 1",
        )
        verify.add_argument(
            "--quiet", action="store_true", help="không in gì khi mọi thứ khớp (cho cron)"
        )
        commands.add_parser("seal", help="đưa các hàng lịch sử chưa niêm phong vào chuỗi")

    def handle(self, *args, action: str, quiet: bool = False, **options) -> None:
        if action == "seal":
            added = chain.seal()
            self.stdout.write(f"Đã niêm phong {added} hàng lịch sử.")
            return
        report = chain.verify()
        if report.ok:
            if not quiet:
                self.stdout.write(
                    f"Nhật ký nguyên vẹn: {report.entries} mục trong chuỗi, "
                    f"{report.records} bản ghi khớp nhật ký. Mã băm cuối chuỗi: {report.head}"
                )
            return
        for problem in report.problems:
            self.stderr.write(problem.message)
        raise CommandError(
            f"Nhật ký không nguyên vẹn: {len(report.problems)} vấn đề (xem trên).", returncode=1
        )
