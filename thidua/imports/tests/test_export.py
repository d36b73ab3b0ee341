"""Exports and templates: the same headers as the import, real dates, only what the user sees."""

from __future__ import annotations

import datetime as dt

import openpyxl

from thidua.accounts.scope import SYSTEM
from thidua.imports.engine import run_export, run_import, write_template
from thidua.imports.tests.conftest import PEOPLE_HEADERS, UNIT_HEADERS, read_back
from thidua.org.models import Assignment, Person, Unit


def _history():
    return (Unit.history.count(), Person.history.count(), Assignment.history.count())


def test_export_then_import_changes_nothing(people, users, tmp_path):
    Person.objects.filter(pk=people.an.pk).update(citizen_id="001088000001")
    history = _history()
    for kind in ("units", "people"):
        path = tmp_path / f"{kind}.xlsx"
        run_export(kind, path, user=users.officer)
        plan = run_import(kind, path, user=users.officer)
        assert plan.ok, plan.errors
        assert (len(plan.creates), len(plan.updates)) == (0, 0)
        assert not plan.applied
    assert _history() == history


def test_a_clerk_round_trips_their_own_export(people, users, tmp_path):
    for kind in ("units", "people"):
        path = tmp_path / f"{kind}.xlsx"
        run_export(kind, path, user=users.clerk_a)
        plan = run_import(kind, path, user=users.clerk_a)
        assert plan.ok and not plan.has_changes, plan.errors


def test_people_export_has_the_contract_headers_and_real_date_cells(people, tmp_path):
    path = tmp_path / "people.xlsx"
    assert run_export("people", path, user=SYSTEM) == 4
    rows = read_back(path)
    assert rows[0] == [*PEOPLE_HEADERS, "Số CCCD"]
    an = next(r for r in rows if r[0] == "CA0001")
    assert an[1:8] == [
        "Nguyễn Văn An",
        "Nam",
        dt.date(1988, 4, 12),
        dt.date(2010, 9, 1),
        "Đại úy",
        "Cán bộ",
        "CAX-A1",
    ]
    sheet = openpyxl.load_workbook(path).active
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b
    assert sheet["D2"].number_format == "dd/mm/yyyy"


def test_a_clerk_exports_only_their_subtree(people, users, tmp_path):
    units_path, people_path = tmp_path / "u.xlsx", tmp_path / "p.xlsx"
    run_export("units", units_path, user=users.clerk_a)
    run_export("people", people_path, user=users.clerk_a)
    assert [r[0] for r in read_back(units_path)[1:]] == ["CAH-A", "CAX-A1"]
    assert sorted(r[0] for r in read_back(people_path)[1:]) == ["CA0001", "CA0002"]


def test_units_export_is_in_tree_order_with_parent_codes(units, tmp_path):
    path = tmp_path / "u.xlsx"
    run_export("units", path, user=SYSTEM)
    rows = read_back(path)
    assert rows[0] == UNIT_HEADERS
    assert rows[1][:4] == ["CAT", "Công an tỉnh Hưng Yên", "Công an tỉnh", ""]
    assert ["CAX-A1", "Công an xã An Lạc", "Công an xã", "CAH-A", dt.date(2015, 1, 1)] in [
        r[:5] for r in rows
    ]


def test_the_template_has_one_example_row_and_a_guide_sheet(tmp_path):
    path = tmp_path / "mau.xlsx"
    write_template("people", path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Cán bộ, chiến sĩ", "Hướng dẫn"]
    data = read_back(path)
    assert data[0] == [*PEOPLE_HEADERS, "Số CCCD"] and len(data) == 2
    guide = read_back(path, sheet=1)
    assert guide[0] == ["Cột", "Bắt buộc", "Hướng dẫn"]
    assert [r[0] for r in guide[1:10]] == [*PEOPLE_HEADERS, "Số CCCD"]


def test_the_template_example_imports_cleanly(units, tmp_path):
    path = tmp_path / "mau.xlsx"
    write_template("units", path)
    plan = run_import("units", path, dry_run=True, user=SYSTEM)
    assert plan.ok and [c.code for c in plan.creates] == ["CAX-A2"]
