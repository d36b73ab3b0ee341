"""Awards export (same format as the import, filters, scope), round trip, clerk scope and
the `thidua import|export awards` commands."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from thidua.accounts.scope import SYSTEM
from thidua.awards.models import Award, AwardType, Decision
from thidua.awards.services import Recipient, decision_create
from thidua.imports.engine import run_export, run_import
from thidua.imports.tests.conftest import read_back
from thidua.imports.tests.test_awards import HEADERS, messages, row
from thidua.movements.models import Movement


@pytest.fixture
def record(people, units):
    """Three decisions: CAH-A people, a CAH-B person over a period, a mixed one with a unit."""
    types = {t.code: t for t in AwardType.objects.all()}
    decision_create(
        number="12/QĐ-CAT-PX01",
        date=dt.date(2021, 12, 20),
        award_type=types["cstd_co_so"],
        recipients=[
            Recipient(person=people.an, year_from=2021, achievement="Xuất sắc"),
            Recipient(person=people.binh, year_from=2021),
        ],
    )
    decision_create(
        number="345/QĐ-BCA",
        date=dt.date(2022, 3, 15),
        award_type=types["bang_khen_bo_truong"],
        authority="Bộ trưởng Bộ Công an",
        recipients=[
            Recipient(
                person=people.cuong, year_from=2020, year_to=2021, achievement="Hai năm liền CSTĐCS"
            )
        ],
    )
    decision_create(
        number="78/QĐ-CAT",
        date=dt.date(2023, 1, 10),
        award_type=types["giay_khen_giam_doc"],
        recipients=[
            Recipient(person=people.an, year_from=2022),
            Recipient(unit=units.cah_a, year_from=2022, achievement="Tập thể giỏi"),
            Recipient(unit=units.cat, year_from=2022),
        ],
    )


def test_export_writes_the_import_format(record, tmp_path):
    path = tmp_path / "khen-thuong.xlsx"
    assert run_export("awards", path, user=SYSTEM) == 6
    rows = read_back(path)
    assert rows[0] == [*HEADERS, "Phong trào"]
    assert rows[1] == [
        "12/QĐ-CAT-PX01",
        dt.date(2021, 12, 20),
        "Giám đốc Công an tỉnh",
        "Chiến sĩ thi đua cơ sở",
        "Cá nhân",
        "CA0001",
        "Nguyễn Văn An",
        "CAX-A1",
        2021.0,
        "Xuất sắc",
        "",  # Phong trào: the decision names none
    ]
    assert rows[3][3:] == [
        "Bằng khen của Bộ trưởng Bộ Công an",
        "Cá nhân",
        "CA0003",
        "Lê Đức Cường",
        "CAH-B",
        "2020-2021",
        "Hai năm liền CSTĐCS",
        "",
    ]
    collectives = [r[4:8] for r in rows if r[4] == "Tập thể"]
    assert collectives == [
        ["Tập thể", "CAH-A", "Công an huyện An Phú", "CAT"],
        ["Tập thể", "CAT", "Công an tỉnh Hưng Yên", ""],
    ]


def test_export_then_import_changes_nothing(record, units, tmp_path):
    movement = Movement.objects.create(
        name="Sáng tạo", kind="themed", start_date=dt.date(2022, 1, 1), launching_unit=units.cat
    )
    Decision.objects.filter(number="78/QĐ-CAT").update(movement=movement)
    path = tmp_path / "khen-thuong.xlsx"
    run_export("awards", path, user=SYSTEM)
    assert [r[-1] for r in read_back(path) if r[0] == "78/QĐ-CAT"] == ["Sáng tạo"] * 3
    before = Award.history.count() + Decision.history.count()
    plan = run_import("awards", path, user=SYSTEM)
    assert plan.ok and not plan.applied, messages(plan)
    assert plan.summary() == "Số dòng: 6 — thêm mới: 0, cập nhật: 0, không đổi: 6."
    assert Award.history.count() + Decision.history.count() == before


def test_export_filters_by_unit_subtree_and_years(record, tmp_path):
    path = tmp_path / "loc.xlsx"
    run_export(
        "awards", path, options={"unit": "CAH-A", "year_from": 2022, "year_to": None}, user=SYSTEM
    )
    assert [(r[5], r[8]) for r in read_back(path)[1:]] == [("CA0001", 2022.0), ("CAH-A", 2022.0)]
    run_export(
        "awards", path, options={"unit": "", "year_from": 2021, "year_to": 2021}, user=SYSTEM
    )
    assert [r[5] for r in read_back(path)[1:]] == ["CA0001", "CA0002", "CA0003"]


def test_a_clerk_exports_only_its_subtree_and_cannot_name_another_unit(record, users, tmp_path):
    path = tmp_path / "clerk.xlsx"
    run_export("awards", path, user=users.clerk_b)
    assert [r[5] for r in read_back(path)[1:]] == ["CA0003"]
    with pytest.raises(CommandError, match=r"Không có đơn vị mã 'CAH-A' trong phạm vi được xem\."):
        run_export("awards", path, user=users.clerk_b, options={"unit": "CAH-A"})


def test_a_clerk_imports_only_recipients_of_its_subtree(decision_12, users, xlsx):
    path = xlsx(
        [
            HEADERS,
            row(),
            row("CA0003", "Lê Đức Cường", "CAH-B"),
            row("", "Lê Đức Cường", "CAH-B"),
            row("CAH-B", "Công an huyện Bình Sơn", "CAT", kind="Tập thể", form="Giấy khen"),
        ]
    )
    plan = run_import("awards", path, user=users.clerk_a)
    assert messages(plan) == [
        "Dòng 3, cột 'Mã': Cán bộ mã 'CA0003' thuộc đơn vị nằm ngoài phạm vi được phân quyền.",
        "Dòng 4, cột 'Mã đơn vị': Đơn vị 'CAH-B' nằm ngoài phạm vi được phân quyền.",
        "Dòng 5, cột 'Mã': Đơn vị 'CAH-B' nằm ngoài phạm vi được phân quyền.",
    ]
    assert Award.objects.count() == 1  # decision_12's own
    assert run_import("awards", xlsx([HEADERS, row()]), user=users.clerk_a).applied


def test_a_clerk_cannot_create_a_decision_through_the_import(people, users, xlsx):
    # The pages refuse a clerk "Thêm quyết định" (403); the import must too.
    path = xlsx([HEADERS, row(number="777/QĐ-BTCA", form="Bằng khen Bộ trưởng")])
    plan = run_import("awards", path, user=users.clerk_a)
    assert messages(plan) == [
        "Dòng 2, cột 'Số quyết định': Không có quyết định số '777/QĐ-BTCA' ngày 20/12/2021 "
        "trong phạm vi được phân quyền; chỉ quản trị hoặc cán bộ thi đua cấp tỉnh được tạo "
        "quyết định mới."
    ]
    assert not Decision.objects.exists() and not plan.applied


def test_a_clerk_cannot_add_to_a_decision_it_cannot_open(decision_12, users, xlsx):
    # clerk_b gets 404 on decision_12's page; its import gets the answer a missing decision
    # gets, so it learns nothing about the decision either.
    path = xlsx([HEADERS, row("CA0003", "Lê Đức Cường", "CAH-B")])
    plan = run_import("awards", path, user=users.clerk_b)
    unknown = run_import(
        "awards",
        xlsx([HEADERS, row("CA0003", "Lê Đức Cường", "CAH-B", number="99/QĐ-CAT")]),
        user=users.clerk_b,
    )
    assert [i.message for i in plan.errors] == [
        i.message.replace("99/QĐ-CAT", "12/QĐ-CAT") for i in unknown.errors
    ]
    assert "trong phạm vi được phân quyền" in plan.errors[0].message
    assert Award.objects.filter(decision=decision_12).count() == 1


def test_a_clerk_adds_people_of_its_scope_to_a_decision_it_can_open(decision_12, users, xlsx):
    plan = run_import("awards", xlsx([HEADERS, row()]), user=users.clerk_a)
    assert plan.applied, messages(plan)
    assert set(decision_12.awards.values_list("person__code", flat=True)) == {"CA0001", "CA0002"}


def test_a_clerk_cannot_create_units_outside_its_subtree(decision_12, users, xlsx):
    path = xlsx([HEADERS, row("CAX-B9", "Xã mới", "CAH-B", kind="Tập thể", form="Giấy khen")])
    plan = run_import("awards", path, user=users.clerk_a, options={"create_missing": True})
    assert messages(plan) == [
        "Dòng 2, cột 'Mã đơn vị': Đơn vị 'CAH-B' nằm ngoài phạm vi được phân quyền."
    ]


def _call(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_import_command_with_dry_run_and_create_missing(people, xlsx):
    path = xlsx([HEADERS, row("", "Hoàng Văn Mới", "CAH-A")])
    out, _ = _call("import", "awards", str(path), "--dry-run", "--create-missing")
    assert "Số dòng: 1 — thêm mới: 1" in out and "Sẽ tạo cán bộ mới 'Hoàng Văn Mới'" in out
    assert not Award.objects.exists()
    out, _ = _call("import", "awards", str(path), "--create-missing")
    assert "Đã ghi vào cơ sở dữ liệu." in out and Award.objects.count() == 1


def test_the_import_command_prints_errors_and_fails(people, xlsx):
    path = xlsx([HEADERS, row(form="Huân chương không có")])
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nhập không thành công: 1 lỗi"):
        call_command("import", "awards", str(path), stdout=io.StringIO(), stderr=err)
    assert "Dòng 2, cột 'Hình thức khen thưởng': Không rõ hình thức khen thưởng" in err.getvalue()


def test_the_export_command_takes_unit_and_years_and_a_user(record, users, tmp_path):
    path = tmp_path / "xuat.xlsx"
    out, _ = _call("export", "awards", str(path), "--unit", "CAT", "--from", "2022", "--to", "2023")
    assert "Đã xuất 3 dòng" in out
    out, _ = _call("export", "awards", str(path), "--user", "clerk_a")
    assert "Đã xuất 4 dòng" in out
    with pytest.raises(CommandError, match="--from 2023 phải trước hoặc bằng --to 2021"):
        _call("export", "awards", str(path), "--from", "2023", "--to", "2021")
