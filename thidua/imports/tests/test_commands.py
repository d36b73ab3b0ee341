"""`thidua import` and `thidua export`: reports, exit codes, --dry-run and --user scope."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from thidua.imports.tests.conftest import PEOPLE_HEADERS, UNIT_HEADERS, read_back
from thidua.org.models import Person, Unit

PERSON = [
    "CA0100",
    "Hoàng Văn Em",
    "Nam",
    "15/03/1995",
    "01/09/2015",
    "Thượng úy",
    "Cán bộ",
    "CAX-A1",
]


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_prints_a_vietnamese_summary(people, xlsx):
    path = xlsx([PEOPLE_HEADERS, PERSON])
    out, err = _run("import", "people", str(path))
    assert "Số dòng: 1 — thêm mới: 1, cập nhật: 0, không đổi: 0." in out
    assert "Đã ghi vào cơ sở dữ liệu." in out and not err
    assert Person.objects.filter(code="CA0100").exists()
    out, _ = _run("import", "people", str(path))
    assert "không đổi: 1" in out and "Không có gì thay đổi." in out


def test_dry_run_writes_nothing(units, xlsx):
    path = xlsx([UNIT_HEADERS, ["CAX-A2", "Xã A2", "Công an xã", "CAH-A", "", ""]])
    out, _ = _run("import", "units", str(path), "--dry-run", "-v", "2")
    assert "+ Dòng 2: CAX-A2 Xã A2" in out and "Chạy thử (--dry-run)" in out
    assert not Unit.objects.filter(code="CAX-A2").exists()


def test_a_failed_import_prints_every_error_and_fails(people, xlsx):
    bad = ["CA0101", "Lý Thị Hoa", "Nu", "12/13/1990", "", "", "", "CAX-Z9"]
    path = xlsx([PEOPLE_HEADERS, PERSON, bad])
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nhập không thành công: 2 lỗi") as failure:
        call_command("import", "people", str(path), stdout=io.StringIO(), stderr=err)
    assert failure.value.returncode == 1
    assert "Dòng 3, cột 'Ngày sinh': Ngày không hợp lệ: '12/13/1990'" in err.getvalue()
    assert "Dòng 3, cột 'Mã đơn vị': Không có đơn vị mã 'CAX-Z9'" in err.getvalue()
    assert not Person.objects.filter(code="CA0100").exists()


def test_a_clerk_user_cannot_import_rows_outside_the_subtree(people, users, xlsx):
    path = xlsx([PEOPLE_HEADERS, PERSON, ["CA0101", *PERSON[1:7], "CAH-B"]])
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import", "people", str(path), "--user", "clerk_a", stdout=io.StringIO(), stderr=err
        )
    assert "Đơn vị 'CAH-B' nằm ngoài phạm vi được phân quyền." in err.getvalue()
    assert not Person.objects.filter(code__in=["CA0100", "CA0101"]).exists()


def test_export_with_a_clerk_user_lists_only_the_subtree(people, users, tmp_path):
    path = tmp_path / "can-bo.xlsx"
    out, _ = _run("export", "people", str(path), "--user", "clerk_b")
    assert "Đã xuất 1 dòng" in out
    assert [r[0] for r in read_back(path)[1:]] == ["CA0003"]


def test_a_read_only_user_cannot_import(users, xlsx):
    path = xlsx([PEOPLE_HEADERS, PERSON])
    with pytest.raises(CommandError, match="chỉ có quyền xem"):
        _run("import", "people", str(path), "--user", "viewer")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import", "khen-thuong", "x.xlsx"], "Không có loại bảng 'khen-thuong'"),
        (["export", "khen-thuong", "x.xlsx"], "Không có loại bảng 'khen-thuong'"),
        (["import", "units", "khong-co.xlsx"], "Không có tệp 'khong-co.xlsx'"),
        (["import", "units", "x.xlsx", "--user", "ai-do"], "Không có tài khoản 'ai-do'"),
    ],
)
def test_bad_arguments_are_errors(db, args, message):
    with pytest.raises(CommandError, match=message):
        _run(*args)


def test_the_thidua_command_exits_non_zero_on_a_bad_file(tmp_path):
    bad = tmp_path / "hong.xlsx"
    bad.write_text("không phải Excel")
    # A separate process: exercises the real exit code of `thidua import`.
    done = subprocess.run(
        [sys.executable, "-m", "thidua", "import", "units", str(bad), "--dry-run"],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
    )
    assert done.returncode == 1
    assert "Tệp không phải bảng tính Excel hay LibreOffice" in done.stderr


def _env(tmp_path):
    import os

    return {
        **os.environ,
        "THIDUA_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
    }


@pytest.fixture
def extra_kind():
    """A throwaway kind with its own CLI options, as issue 3's kinds will add."""
    from thidua.imports.engine import Option, SheetSpec, register, registry
    from thidua.lib.excel.rows import Column

    seen: list[dict] = []

    class ThuNghiem(SheetSpec):
        kind = "thu-nghiem"
        title = "Thử nghiệm"
        columns = (Column("code", "Mã"),)
        options = (
            Option(("--create-missing",), {"action": "store_true"}),
            Option(("--from",), {"type": int, "dest": "year_from"}, for_export=True),
        )

        def parse_row(self, row):
            return row.code("code", required=True)

        def plan(self, records, ctx, plan):
            seen.append(ctx.options)
            plan.unchanged = len(records)

        def export_rows(self, ctx):
            seen.append(ctx.options)
            return [["A1"]]

    register(ThuNghiem)
    yield seen
    del registry._SPECS["thu-nghiem"]


def test_a_kind_can_bring_its_own_options(db, extra_kind, xlsx, tmp_path):
    path = xlsx([["Mã"], ["A1"]])
    out, _ = _run("import", "thu-nghiem", str(path), "--create-missing")
    assert "không đổi: 1" in out
    _run("export", "thu-nghiem", str(tmp_path / "x.xlsx"), "--from", "2019")
    assert extra_kind == [{"create_missing": True}, {"year_from": 2019}]
