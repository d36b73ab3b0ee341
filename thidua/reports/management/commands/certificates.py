"""thidua certificates --decision "SỐ" [--date dd/mm/yyyy] --output FILE.pdf [--user NAME]"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from thidua.accounts.cli import get_actor
from thidua.accounts.scope import NoUnitAssigned
from thidua.lib.dates import format_date
from thidua.reports.documents import render as documents
from thidua.reports.documents.certificates import render_certificates_pdf
from thidua.reports.management.commands.document import USER_HELP, parse_day


class Command(BaseCommand):
    help = (
        "In giấy khen của một quyết định: mỗi người, tập thể được khen một trang A4 ngang, "
        "tất cả trong một tệp PDF, theo thứ tự của danh sách kèm quyết định."
    )

    def add_arguments(self, parser):
        parser.add_argument("--decision", required=True, metavar="SỐ", help="Số quyết định.")
        parser.add_argument(
            "--date", metavar="dd/mm/yyyy", help="Ngày quyết định, khi nhiều quyết định cùng số."
        )
        parser.add_argument("--output", required=True, metavar="FILE.pdf")
        parser.add_argument("--user", help=USER_HELP)

    def handle(self, *args, decision: str, date: str | None, output: str, user: str | None, **_):
        acting = get_actor(user)
        try:
            found = documents.find_decision(acting, decision, parse_day(date))
            pdf, pages = render_certificates_pdf(acting, found)
        except documents.DocumentError as exc:
            raise CommandError(exc.message) from exc
        except NoUnitAssigned as exc:
            raise CommandError(str(exc)) from exc
        # Written only once the whole PDF is made: a refused decision leaves no file behind.
        try:
            with open(output, "wb") as target:
                target.write(pdf)
        except OSError as exc:
            raise CommandError(f"Không ghi được tệp {output}: {exc.strerror}.") from exc
        self.stdout.write(
            f"Đã ghi {pages} giấy khen của quyết định số {found.number} ngày "
            f"{format_date(found.date)} ra {output}."
        )
