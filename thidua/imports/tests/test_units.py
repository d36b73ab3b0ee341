"""Importing the units sheet: the tree, its validation, idempotence and history."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.db import IntegrityError

from thidua.accounts.scope import SYSTEM
from thidua.imports.engine import get_spec, run_import
from thidua.imports.tests.conftest import UNIT_HEADERS, write_ods
from thidua.org.choices import UnitKind
from thidua.org.models import Unit


def _issues(plan):
    return {(i.row, i.column, i.message) for i in plan.errors}


def _history_count() -> int:
    return Unit.history.count()


def test_new_units_hang_under_parents_that_come_later_in_the_file(units, xlsx, users):
    path = xlsx(
        [
            UNIT_HEADERS,
            ["CAX-A3", "Công an xã An Hòa", "cong an xa", "D-A2", "01/01/2021", None],
            ["D-A2", "Đội Cảnh sát", "Đội", "CAH-A", dt.date(2020, 1, 1), None],
        ],
        title="DANH SÁCH ĐƠN VỊ",
    )
    plan = run_import("units", path, user=users.admin)
    assert plan.ok and plan.applied
    assert (len(plan.creates), len(plan.updates), plan.unchanged) == (2, 0, 0)
    commune = Unit.objects.get(code="CAX-A3")
    assert commune.path == "/CAT/CAH-A/D-A2/CAX-A3/" and commune.depth == 3
    assert commune.kind == UnitKind.COMMUNE and commune.active_from == dt.date(2021, 1, 1)
    assert commune.parent.code == "D-A2"
    assert commune.search_key and commune.sort_key
    record = commune.history.get()
    assert record.history_type == "+" and record.history_user == users.admin


def test_a_database_error_while_writing_rolls_back_and_shows_a_plain_vietnamese_message(
    units, xlsx, monkeypatch, caplog
):
    spec = get_spec("units")
    write = type(spec).apply

    def write_then_fail(self, plan, ctx):
        write(self, plan, ctx)  # the rows are written, then the database refuses
        raise IntegrityError("UNIQUE constraint failed: org_unit.code")

    monkeypatch.setattr(type(spec), "apply", write_then_fail)
    path = xlsx([UNIT_HEADERS, ["CAX-A2", "Công an xã An Hòa", "Công an xã", "CAH-A", "", ""]])
    history = _history_count()
    with caplog.at_level(logging.ERROR, logger="thidua.imports.engine.runner"):
        plan = run_import("units", path, user=SYSTEM)
    assert not plan.applied and [str(e) for e in plan.errors] == [
        (
            "Không ghi được dữ liệu (có thể do người khác vừa sửa cùng dữ liệu); không dòng nào "
            "được ghi. Hãy thử nhập lại; nếu vẫn lỗi, báo quản trị hệ thống."
        )
    ]
    assert not Unit.objects.filter(code="CAX-A2").exists() and _history_count() == history
    logged = caplog.records[-1]
    assert "UNIQUE constraint failed" in str(logged.exc_info[1])


def test_importing_the_same_file_twice_changes_nothing_the_second_time(units, xlsx):
    path = xlsx(
        [
            UNIT_HEADERS,
            ["CAX-A2", "Công an xã An Hòa", "Công an xã", "CAH-A", "01/01/2020", None],
            ["CAH-A", "Công an huyện An Phú", "Công an huyện", "CAT", "01/01/2015", None],
        ]
    )
    first = run_import("units", path, user=SYSTEM)
    assert (len(first.creates), first.unchanged) == (1, 1)
    history = _history_count()
    second = run_import("units", path, user=SYSTEM)
    assert second.ok and not second.applied
    assert (len(second.creates), len(second.updates), second.unchanged) == (0, 0, 2)
    assert _history_count() == history


def test_a_changed_row_is_an_update_with_before_and_after(units, xlsx):
    path = xlsx(
        [
            UNIT_HEADERS,
            ["CAX-A1", "Công an xã An Lạc mới", "Công an xã", "CAH-A", "01/01/2015", "31/12/2024"],
        ]
    )
    plan = run_import("units", path, user=SYSTEM)
    [change] = plan.updates
    assert {(d.column, d.before, d.after) for d in change.diffs} == {
        ("Tên đơn vị", "Công an xã An Lạc", "Công an xã An Lạc mới"),
        ("Hiệu lực đến", "", "31/12/2024"),
    }
    unit = Unit.objects.get(code="CAX-A1")
    assert unit.name == "Công an xã An Lạc mới" and unit.active_to == dt.date(2024, 12, 31)
    assert unit.history.latest().history_type == "~"


def test_moving_a_unit_rewrites_the_paths_of_its_whole_subtree(units, xlsx):
    path = xlsx(
        [
            UNIT_HEADERS,
            ["CAH-A", "Công an huyện An Phú", "Công an huyện", "PV01", "01/01/2015", None],
        ]
    )
    plan = run_import("units", path, user=SYSTEM)
    assert plan.applied
    assert Unit.objects.get(code="CAH-A").path == "/CAT/PV01/CAH-A/"
    commune = Unit.objects.get(code="CAX-A1")
    assert commune.path == "/CAT/PV01/CAH-A/CAX-A1/" and commune.depth == 3


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        (
            ["CAX-A2", "Xã A2", "Công an phường", "CAH-A", None, None],
            "Loại",
            "không hợp lệ; chấp nhận",
        ),
        (
            ["CAX-A2", "Xã A2", "Công an xã", "CAH-Z", None, None],
            "Mã đơn vị cấp trên",
            "Không có đơn vị mã 'CAH-Z'",
        ),
        (["CAX A2", "Xã A2", "Công an xã", "CAH-A", None, None], "Mã đơn vị", "không hợp lệ"),
        (["CAX-A2", "", "Công an xã", "CAH-A", None, None], "Tên đơn vị", "Không được để trống"),
        (
            ["CAX-A2", "Xã A2", "Công an xã", "CAH-A", "32/01/2020", None],
            "Hiệu lực từ",
            "Ngày không hợp lệ: '32/01/2020'",
        ),
        (
            ["CAX-A2", "Xã A2", "Công an xã", "CAH-A", "01/01/2020", "31/12/2019"],
            "Hiệu lực đến",
            "phải cùng ngày hoặc sau",
        ),
        (["CAX-A2", "Xã A2", "Công an xã", "CAX-A2", None, None], "Mã đơn vị cấp trên", "chính nó"),
        (
            ["cax-a1", "Xã A1", "Công an xã", "CAH-A", None, None],
            "Mã đơn vị",
            "chữ hoa, chữ thường",
        ),
    ],
)
def test_a_bad_row_is_reported_with_row_and_column_and_nothing_is_written(
    units, xlsx, row, column, reason
):
    good = ["CAX-A9", "Xã A9", "Công an xã", "CAH-A", None, None]
    path = xlsx([UNIT_HEADERS, good, row])
    before = (Unit.objects.count(), _history_count())
    plan = run_import("units", path, user=SYSTEM)
    [issue] = plan.errors
    assert (issue.row, issue.column) == (3, column)
    assert reason in issue.message
    assert not plan.applied
    assert (Unit.objects.count(), _history_count()) == before


def test_a_duplicate_code_in_the_file_points_at_the_first_row(units, xlsx):
    path = xlsx(
        [
            UNIT_HEADERS,
            ["CAX-A2", "Xã A2", "Công an xã", "CAH-A", None, None],
            None,
            ["CAX-A2", "Xã A2 bis", "Công an xã", "CAH-A", None, None],
        ]
    )
    plan = run_import("units", path, user=SYSTEM)
    assert _issues(plan) == {(4, "Mã đơn vị", "Mã đơn vị 'CAX-A2' bị trùng với dòng 2.")}
    assert not Unit.objects.filter(code="CAX-A2").exists()


def test_a_parent_cycle_is_an_error(units, xlsx):
    # CAH-A under its own commune: CAH-A → CAX-A1 → CAH-A.
    path = xlsx(
        [UNIT_HEADERS, ["CAH-A", "Công an huyện An Phú", "Công an huyện", "CAX-A1", None, None]]
    )
    plan = run_import("units", path, user=SYSTEM)
    [issue] = plan.errors
    assert issue.column == "Mã đơn vị cấp trên"
    assert "vòng lặp (CAH-A → CAX-A1 → CAH-A)" in issue.message
    assert Unit.objects.get(code="CAH-A").parent.code == "CAT"


def test_a_cycle_between_two_new_units_is_an_error(units, xlsx):
    path = xlsx(
        [
            UNIT_HEADERS,
            ["N1", "Một", "Khác", "N2", None, None],
            ["N2", "Hai", "Khác", "N1", None, None],
        ]
    )
    plan = run_import("units", path, user=SYSTEM)
    assert {i.row for i in plan.errors} == {2, 3}
    assert not Unit.objects.filter(code__in=["N1", "N2"]).exists()


def test_every_error_of_a_file_is_reported_in_one_pass(units, xlsx):
    path = xlsx([UNIT_HEADERS, ["X1", "", "Sai loại", "KHONG-CO", "99/99/2020", None]])
    plan = run_import("units", path, user=SYSTEM)
    assert {i.column for i in plan.errors} == {
        "Tên đơn vị",
        "Loại",
        "Mã đơn vị cấp trên",
        "Hiệu lực từ",
    }


def test_dry_run_plans_without_writing(units, xlsx):
    path = xlsx([UNIT_HEADERS, ["CAX-A2", "Xã A2", "Công an xã", "CAH-A", None, None]])
    plan = run_import("units", path, dry_run=True, user=SYSTEM)
    assert plan.ok and len(plan.creates) == 1 and not plan.applied
    assert not Unit.objects.filter(code="CAX-A2").exists()


def test_a_clerk_may_add_units_only_inside_their_subtree(users, xlsx):
    path = xlsx(
        [
            UNIT_HEADERS,
            ["CAX-A2", "Xã A2", "Công an xã", "CAH-A", None, None],
            ["CAX-B2", "Xã B2", "Công an xã", "CAH-B", None, None],
            ["CAH-B", "Công an huyện Bình Sơn", "Công an huyện", "CAT", "01/01/2015", None],
            ["CAH-A", "Công an huyện An Phú", "Công an huyện", "CAT", "01/01/2015", None],
        ]
    )
    plan = run_import("units", path, user=users.clerk_a)
    assert _issues(plan) == {
        (3, "Mã đơn vị cấp trên", "Đơn vị 'CAH-B' nằm ngoài phạm vi được phân quyền."),
        (4, "Mã đơn vị", "Đơn vị 'CAH-B' nằm ngoài phạm vi được phân quyền."),
    }
    assert not Unit.objects.filter(code__in=["CAX-A2", "CAX-B2"]).exists()


def test_a_clerk_cannot_move_their_own_unit_elsewhere(users, xlsx):
    path = xlsx(
        [
            UNIT_HEADERS,
            ["CAH-A", "Công an huyện An Phú", "Công an huyện", "PV01", "01/01/2015", None],
        ]
    )
    plan = run_import("units", path, user=users.clerk_a)
    assert [i.column for i in plan.errors] == ["Mã đơn vị cấp trên"]


def test_a_clerk_cannot_rename_or_close_their_own_unit_but_may_reimport_it_unchanged(users, xlsx):
    unchanged = ["CAH-A", "Công an huyện An Phú", "Công an huyện", "CAT", "01/01/2015", None]
    assert run_import("units", xlsx([UNIT_HEADERS, unchanged]), user=users.clerk_a).ok
    renamed = ["CAH-A", "Công an huyện An Phú Mới", "Công an huyện", "CAT", "01/01/2015", None]
    closed = [*unchanged[:5], "28/02/2025"]
    for changed in (renamed, closed):
        plan = run_import("units", xlsx([UNIT_HEADERS, changed]), user=users.clerk_a)
        assert [(i.row, i.column) for i in plan.errors] == [(2, "Mã đơn vị")]
        assert "chỉ quản trị hoặc cán bộ thi đua cấp tỉnh" in plan.errors[0].message
    unit = Unit.objects.get(code="CAH-A")
    assert (unit.name, unit.active_to) == ("Công an huyện An Phú", None)


def test_an_opendocument_file_from_libreoffice_imports_the_same(units, tmp_path):
    path = write_ods(
        tmp_path / "don-vi.ods",
        [
            ["DANH SÁCH ĐƠN VỊ"],
            [],
            UNIT_HEADERS,
            ["CAX-A2", "Công an xã An Hòa", "Công an xã", "CAH-A", dt.date(2020, 1, 1), None],
        ],
    )
    plan = run_import("units", path, user=SYSTEM)
    assert plan.applied and [c.row for c in plan.creates] == [4]
    assert Unit.objects.get(code="CAX-A2").active_from == dt.date(2020, 1, 1)
