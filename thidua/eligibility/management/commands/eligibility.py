"""thidua eligibility --year Y [--award CODE_OR_NAME] [--person CODE] [--unit CODE]
[--format table|json|xlsx] [--all] [--check FILE.xlsx] [--output FILE] [--user USERNAME]"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from thidua.accounts.cli import get_actor
from thidua.eligibility import output as out
from thidua.eligibility import services


class Command(BaseCommand):
    help = (
        "Xét điều kiện khen thưởng của một năm theo gói quy tắc đang có hiệu lực. "
        "Với --person hoặc --unit: mọi loại khen thưởng áp dụng cho đối tượng đó, đạt "
        "hay không; không có: quét cả phạm vi, chỉ liệt kê người, tập thể đủ điều kiện "
        "(trừ khi có --all). --check FILE.xlsx: kiểm tra danh sách đề nghị."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="Năm xét.")
        parser.add_argument(
            "--award",
            help="Mã hoặc tên loại khen thưởng (không phân biệt hoa thường, có dấu hay không).",
        )
        parser.add_argument("--person", help="Số hiệu cán bộ: mọi loại khen thưởng áp dụng.")
        parser.add_argument(
            "--unit",
            help="Mã đơn vị: chính đơn vị đó là tập thể được xét (không gồm cán bộ của đơn vị).",
        )
        parser.add_argument("--format", choices=("table", "json", "xlsx"), default="table")
        parser.add_argument(
            "--all",
            action="store_true",
            help="Khi quét: liệt kê cả những trường hợp chưa đủ điều kiện.",
        )
        parser.add_argument(
            "--check",
            metavar="FILE.xlsx",
            help="Kiểm tra danh sách đề nghị (định dạng tệp nhập khen thưởng).",
        )
        parser.add_argument("--output", help="Ghi ra tệp thay vì màn hình (bắt buộc với xlsx).")
        parser.add_argument(
            "--user",
            help="Chạy với quyền và phạm vi của tài khoản này (không ghi: quyền quản trị).",
        )

    def handle(self, *args, **opts):
        year, fmt, target = opts["year"], opts["format"], opts["output"]
        if fmt == "xlsx" and not target:
            raise CommandError("Định dạng xlsx cần --output TỆP.xlsx.")
        acting = get_actor(opts["user"])
        try:
            if opts["check"]:
                self._check(acting, year, opts["check"], fmt, target)
                return
            run = services.eligibility_report(
                user=acting,
                year=year,
                award=opts["award"],
                person_code=opts["person"],
                unit_code=opts["unit"],
                include_ineligible=opts["all"],
            )
        except services.EligibilityError as exc:
            raise CommandError(exc.message) from exc
        self._emit(
            run.verdicts,
            fmt,
            target,
            title=self._title(run),
            detailed=bool(opts["person"] or opts["unit"]),
        )

    def _title(self, run: services.EligibilityRun) -> str:
        who = ""
        if run.recipient is not None:
            name = getattr(run.recipient, "full_name", None) or run.recipient.name
            who = f" — {name} ({run.recipient.code})"
        elif not run.verdicts:
            who = " — không có ai đủ điều kiện"
        return f"Xét khen thưởng năm {run.year} theo gói quy tắc {run.pack.id}{who}"

    def _check(self, acting, year: int, path: str, fmt: str, target: str | None) -> None:
        result = services.check_candidates_file(user=acting, year=year, path=path)
        rows = [r.row for r in result.rows]
        title = (
            f"Kiểm tra danh sách đề nghị năm {year} ({path}) theo gói {result.pack_id}: "
            f"{sum(v.eligible for v in result.verdicts)}/{len(rows)} đủ điều kiện"
        )
        self._emit(
            result.verdicts,
            fmt,
            target,
            title=title,
            detailed=False,
            rows=rows,
            errors=result.errors,
        )
        if result.errors:
            for issue in result.errors:
                self.stderr.write(f"  {issue}")
            raise CommandError(f"Danh sách có {len(result.errors)} dòng lỗi không kiểm tra được.")

    def _emit(
        self,
        verdicts,
        fmt: str,
        target: str | None,
        *,
        title: str,
        detailed: bool,
        rows=None,
        errors=(),
    ) -> None:
        if fmt == "xlsx":
            out.write_xlsx(target, verdicts, rows=rows, errors=errors)
            self.stdout.write(f"Đã ghi {len(verdicts)} kết luận ra {target}.")
            return
        if fmt == "json":
            text = out.to_json(verdicts, rows) + "\n"
        else:
            text = out.text_table(verdicts, title=title, detailed=detailed, rows=rows)
        if target:
            with open(target, "w", encoding="utf-8") as fh:
                fh.write(text)
            self.stdout.write(f"Đã ghi {len(verdicts)} kết luận ra {target}.")
        else:
            self.stdout.write(text, ending="")
