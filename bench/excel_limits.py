"""Cost of the size check (limits.check_file) on the import benchmark's 100,000-row file.

`python -m bench.excel_limits [--rows 100000] [--repeat 5] [--shared]` prints the
median of --repeat runs of check_file() and of python-calamine alone reading the same file
(open, build the first sheet, iterate its rows: the floor of every import), measured in
turns in the same process, and their ratio. The workbook is generated once under
var/bench-limits with XlsxWriter: the awards layout of bench.awards_import (10
columns, a title row above the headers, dates as date cells), inline strings as that bench
writes them (constant_memory), or shared strings as Excel writes them (--shared).
No Django: the check and the reader import no models.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import sys
import time
import zipfile
from pathlib import Path

from bench.common import ROOT
from thidua.lib.vntext import thousands

BENCH_DIR = ROOT / "var" / "bench-limits"
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
FORMS = ["CSTĐCS", "Chiến sĩ tiên tiến", "Giấy khen của Giám đốc Công an tỉnh", "Bằng khen"]
NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Hùng"]


def workbook(rows: int, shared: bool) -> Path:
    path = BENCH_DIR / f"awards-{rows}-{'shared' if shared else 'inline'}.xlsx"
    if path.exists():
        return path
    import xlsxwriter

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"bench-limits:{rows}")
    book = xlsxwriter.Workbook(str(path), {"constant_memory": not shared})
    sheet = book.add_worksheet("Khen thưởng")
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_string(0, 0, "DANH SÁCH KHEN THƯỞNG (dữ liệu đo tốc độ)")
    sheet.write_row(2, 0, HEADERS)
    for row in range(3, rows + 3):
        year = rng.randint(2016, 2024)
        number = (row - 3) // 50 + 1
        sheet.write_string(row, 0, f"{number}/QĐ-NK-{year}")
        sheet.write_datetime(row, 1, dt.datetime(year, 12, rng.randint(1, 28)), dates)
        sheet.write_string(row, 3, rng.choice(FORMS))
        sheet.write_string(row, 4, "Cá nhân")
        sheet.write_string(row, 5, f"{rng.randint(100, 999)}-{rng.randint(100, 999)}")
        sheet.write_string(row, 6, f"{rng.choice(NAMES)} {rng.randint(1, 99)}")
        sheet.write_string(row, 7, f"CAX-{rng.randint(1, 300):03d}")
        sheet.write_number(row, 8, year)
        sheet.write_string(row, 9, f"Có thành tích xuất sắc năm {year}")
    book.close()
    return path


def _floor(path: Path) -> None:
    from python_calamine import CalamineWorkbook

    for _ in CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).iter_rows():
        pass


def _timed(func, path: Path) -> float:
    started = time.perf_counter()
    func(path)
    return time.perf_counter() - started


def run(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(
        prog="python -m bench.excel_limits", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--shared", action="store_true", help="shared strings, as Excel writes")
    args = parser.parse_args(argv)
    from thidua.lib.excel.limits import check_file

    path = workbook(args.rows, args.shared)
    _floor(path)  # warm the page cache: both figures read a file already in memory
    check_file(path)
    times: dict[str, list[float]] = {"check": [], "floor": []}
    for _ in range(args.repeat):
        times["check"].append(_timed(check_file, path))
        times["floor"].append(_timed(_floor, path))
    medians = {k: statistics.median(v) for k, v in times.items()}
    with zipfile.ZipFile(path) as archive:
        unpacked = sum(i.file_size for i in archive.infolist())
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"{thousands(args.rows)} dòng × {len(HEADERS)} cột, {path.stat().st_size / 1e6:.1f} MB, giải nén "
        f"{unpacked / 1e6:.1f} MB ({'chuỗi dùng chung' if args.shared else 'chuỗi tại chỗ'}); "
        f"Python {platform.python_version()}, {os.cpu_count()} CPU, tải 1 phút {load:.2f}. "
        f"Trung vị của {args.repeat} lần."
    )
    print(f"kiểm tra giới hạn (check_file)      {medians['check']:.3f} s")
    print(f"python-calamine đọc tệp (sàn)       {medians['floor']:.3f} s")
    print(f"tỉ lệ kiểm tra / sàn                {medians['check'] / medians['floor']:.2f}")
    return medians


if __name__ == "__main__":
    run(sys.argv[1:])
