"""Shared helpers of the eligibility tests."""

from __future__ import annotations

import io
import json
from pathlib import Path

import xlsxwriter
from django.core.management import call_command

HEADERS = [
    "Số quyết định",
    "Ngày quyết định",
    "Thẩm quyền",
    "Hình thức khen thưởng",
    "Đối tượng",
    "Mã",
    "Họ và tên / Tên tập thể",
    "Mã đơn vị",
    "Năm",
    "Thành tích",
]


def run_cli(*args: str) -> str:
    out = io.StringIO()
    call_command("eligibility", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def run_json(*args: str) -> list[dict]:
    return json.loads(run_cli(*args, "--format", "json"))


def candidate_file(path: Path, rows: list[dict], title: str = "DANH SÁCH ĐỀ NGHỊ") -> Path:
    """An xlsx in the awards import format, with a title row above the header."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Đề nghị")
    sheet.write(0, 0, title)
    for col, header in enumerate(HEADERS):
        sheet.write(2, col, header)
    for r, row in enumerate(rows, start=3):
        for col, header in enumerate(HEADERS):
            if header in row:
                sheet.write(r, col, row[header])
    book.close()
    return path
