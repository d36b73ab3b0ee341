"""thidua report summary --from 2015 --to 2020 [--unit CODE] [--user NAME] [--own-only]
--format json|xlsx|docx [--output FILE]"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from thidua.accounts.cli import get_actor
from thidua.accounts.scope import NoUnitAssigned
from thidua.reports.documents import render_summary_docx
from thidua.reports.spreadsheet import write_summary_xlsx
from thidua.reports.summary import period_summary

FORMATS = ("json", "xlsx", "docx")


class Command(BaseCommand):
    help = "Báo cáo từ sổ khen thưởng. summary: báo cáo tổng kết một năm hoặc một giai đoạn."

    def add_arguments(self, parser):
        reports = parser.add_subparsers(dest="report", required=True, metavar="summary")
        summary = reports.add_parser(
            "summary",
            help="Báo cáo tổng kết: số tập thể, cá nhân, lượt được khen theo từng hình thức.",
        )
        summary.add_argument(
            "--from", dest="year_from", type=int, required=True, help="Năm đầu (ví dụ 2015)."
        )
        summary.add_argument(
            "--to", dest="year_to", type=int, required=True, help="Năm cuối (ví dụ 2020)."
        )
        summary.add_argument("--unit", help="Mã đơn vị: đơn vị đó và các đơn vị trực thuộc.")
        summary.add_argument("--user", help="Chạy với quyền và phạm vi của tài khoản này.")
        summary.add_argument(
            "--own-only",
            action="store_true",
            help="Chỉ đơn vị và các đơn vị trực thuộc, không tính các đơn vị đã sáp nhập, "
            "hợp nhất, chia tách vào (mặc định: tính cả).",
        )
        summary.add_argument("--format", choices=FORMATS, default="json")
        summary.add_argument(
            "--output", help="Tệp ghi ra (json không có --output: in ra màn hình)."
        )

    def handle(self, *args, report: str, **opts):
        fmt, target = opts["format"], opts["output"]
        if fmt != "json" and not target:
            raise CommandError(f"Định dạng {fmt} cần --output TỆP.{fmt}.")
        if opts["year_from"] > opts["year_to"]:
            raise CommandError("--from phải không sau --to.")
        actor = get_actor(opts["user"])
        try:
            summary = period_summary(
                user=actor,
                year_from=opts["year_from"],
                year_to=opts["year_to"],
                unit_code=opts["unit"],
                own_only=opts["own_only"],
            )
        except LookupError as exc:
            raise CommandError(
                f"Không có đơn vị mã '{exc.args[0]}' trong phạm vi được xem."
            ) from exc
        except NoUnitAssigned as exc:
            raise CommandError(str(exc)) from exc
        if fmt == "json":
            text = json.dumps(summary.as_json(), ensure_ascii=False, indent=2)
            if target:
                with open(target, "w", encoding="utf-8") as out:
                    out.write(text + "\n")
            else:
                self.stdout.write(text)
            return
        if fmt == "xlsx":
            write_summary_xlsx(summary, target)
        else:
            render_summary_docx(summary, target)
        self.stdout.write(f"Đã ghi báo cáo tổng kết ra {target}.")
