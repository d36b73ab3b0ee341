"""thidua document decision --decision "SỐ" [--date dd/mm/yyyy] --output FILE.docx [--user NAME]
thidua document submission --decision "SỐ" [--date dd/mm/yyyy] --output FILE.docx [--user NAME]
thidua document achievement --person CODE --output FILE.docx [--user NAME]"""

from __future__ import annotations

import io

from django.core.management.base import BaseCommand, CommandError

from thidua.accounts.cli import get_actor
from thidua.accounts.scope import NoUnitAssigned
from thidua.lib.dates import format_date, parse_date
from thidua.reports.documents import render as documents

USER_HELP = "Chạy với quyền và phạm vi của tài khoản này (không ghi: quyền quản trị)."


def parse_day(text: str | None):
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError:
        raise CommandError(f"Ngày không hợp lệ: '{text}' (viết dd/mm/yyyy).") from None


class Command(BaseCommand):
    help = (
        "Lập văn bản Word theo mẫu (thidua/reports/docx_templates/): decision — quyết định "
        "khen thưởng kèm danh sách; submission — tờ trình đề nghị cùng danh sách đó; "
        "achievement — báo cáo thành tích của một cán bộ (Mẫu số 02, Nghị định 98/2023). "
        "Với --user, văn bản chỉ gồm những người, tập thể tài khoản đó được xem."
    )

    def add_arguments(self, parser):
        kinds = parser.add_subparsers(
            dest="kind", required=True, metavar="decision|submission|achievement"
        )
        for kind, text in (
            ("decision", "Quyết định khen thưởng và danh sách kèm theo."),
            ("submission", "Tờ trình đề nghị khen thưởng với danh sách của quyết định."),
        ):
            sub = kinds.add_parser(kind, help=text)
            sub.add_argument("--decision", required=True, metavar="SỐ", help="Số quyết định.")
            sub.add_argument(
                "--date",
                metavar="dd/mm/yyyy",
                help="Ngày quyết định, khi nhiều quyết định cùng số.",
            )
            sub.add_argument("--output", required=True, metavar="FILE.docx")
            sub.add_argument("--user", help=USER_HELP)
        sub = kinds.add_parser("achievement", help="Báo cáo thành tích của một cán bộ.")
        sub.add_argument("--person", required=True, metavar="CODE", help="Số hiệu cán bộ.")
        sub.add_argument("--output", required=True, metavar="FILE.docx")
        sub.add_argument("--user", help=USER_HELP)

    def handle(self, *args, kind: str, output: str, user: str | None, **options):
        acting = get_actor(user)
        try:
            if kind == "achievement":
                person = documents.find_person(acting, options["person"])
                self._write(
                    lambda target: documents.render_achievement_docx(person, target), output
                )
                self.stdout.write(
                    f"Đã ghi báo cáo thành tích của {person.full_name} ({person.code}) ra {output}."
                )
                return
            decision = documents.find_decision(
                acting, options["decision"], parse_day(options["date"])
            )
            render = (
                documents.render_decision_docx
                if kind == "decision"
                else documents.render_submission_docx
            )
            context = self._write(lambda target: render(acting, decision, target), output)
        except documents.DocumentError as exc:
            raise CommandError(exc.message) from exc
        except NoUnitAssigned as exc:
            raise CommandError(str(exc)) from exc
        what = "quyết định" if kind == "decision" else "tờ trình đề nghị theo quyết định"
        self.stdout.write(
            f"Đã ghi {what} số {decision.number} ngày {format_date(decision.date)} "
            f"({context['recipients'] or 'không có người, tập thể nào'}) ra {output}."
        )

    @staticmethod
    def _write(make, output: str):
        """Render in memory, then write: a refused document leaves no file behind."""
        buffer = io.BytesIO()
        result = make(buffer)
        try:
            with open(output, "wb") as target:
                target.write(buffer.getvalue())
        except OSError as exc:
            raise CommandError(f"Không ghi được tệp {output}: {exc.strerror}.") from exc
        return result
