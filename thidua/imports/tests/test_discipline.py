"""The discipline sheet: identity (person, decision number, form), end dates, scope."""

from __future__ import annotations

import datetime as dt

import pytest

from thidua.accounts.scope import SYSTEM
from thidua.awards.choices import DisciplineForm
from thidua.awards.models import Discipline
from thidua.awards.services import discipline_create
from thidua.imports.engine import run_export, run_import
from thidua.imports.tests.conftest import read_back

HEADERS = ["Mã", "Hình thức kỷ luật", "Số quyết định", "Ngày quyết định", "Thời hạn (tháng)"]


def messages(plan) -> list[str]:
    return [str(issue) for issue in plan.errors]


def test_disciplines_are_created_with_their_end_date_and_reimport_changes_nothing(
    people, users, xlsx
):
    path = xlsx(
        [
            HEADERS,
            ["CA0001", "Khiển trách", "15/QĐ-CAT", dt.date(2023, 1, 31), 12],
            ["CA0002", "CANH CAO", "16/QĐ-CAT", "05/06/2023", "12"],
            ["CA0004", "Hạ bậc lương", "17/QĐ-CAT", "05.06.2023", ""],
        ]
    )
    plan = run_import("discipline", path, user=users.officer)
    assert plan.applied and len(plan.creates) == 3, messages(plan)
    first = Discipline.objects.get(person=people.an)
    assert (first.form, first.decision_date, first.duration_months, first.end_date) == (
        DisciplineForm.KHIEN_TRACH,
        dt.date(2023, 1, 31),
        12,
        dt.date(2024, 1, 31),
    )
    assert Discipline.objects.get(person=people.dung).end_date is None
    assert first.history.get().history_user == users.officer
    again = run_import("discipline", path, user=SYSTEM)
    assert again.ok and not again.applied and again.unchanged == 3


def test_a_known_measure_takes_a_new_date_and_duration(people, xlsx):
    discipline_create(
        person=people.an,
        form=DisciplineForm.CANH_CAO,
        decision_number="15/QĐ-CAT",
        decision_date=dt.date(2023, 1, 10),
        duration_months=12,
    )
    path = xlsx([HEADERS, ["CA0001", "Cảnh cáo", "15/qđ-cat", "10/02/2023", 6]])
    plan = run_import("discipline", path, dry_run=True, user=SYSTEM)
    assert [(d.column, d.before, d.after) for d in plan.updates[0].diffs] == [
        ("Số quyết định", "15/QĐ-CAT", "15/qđ-cat"),
        ("Ngày quyết định", "10/01/2023", "10/02/2023"),
        ("Thời hạn (tháng)", "12", "6"),
    ]
    assert run_import("discipline", path, user=SYSTEM).applied
    measure = Discipline.objects.get()
    assert (measure.decision_date, measure.end_date) == (dt.date(2023, 2, 10), dt.date(2023, 8, 10))
    assert measure.history.first().history_type == "~"


def test_another_form_under_the_same_decision_and_date_is_an_error(people, xlsx):
    discipline_create(
        person=people.an,
        form=DisciplineForm.CANH_CAO,
        decision_number="15/QĐ-CAT",
        decision_date=dt.date(2023, 1, 10),
    )
    plan = run_import(
        "discipline",
        xlsx([HEADERS, ["CA0001", "Khiển trách", "15/QĐ-CAT", "10/01/2023", ""]]),
        user=SYSTEM,
    )
    assert messages(plan) == [
        "Dòng 2, cột 'Hình thức kỷ luật': Quyết định 15/QĐ-CAT ngày 10/01/2023 "
        "đã được ghi cho cán bộ này với hình thức Cảnh cáo."
    ]


FORM, NUMBER, DAY = "Khiển trách", "15/QĐ", "10/01/2023"


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (
            ["CA0001", "Đình chỉ", NUMBER, DAY, ""],
            "Dòng 2, cột 'Hình thức kỷ luật': Giá trị 'Đình chỉ' không hợp lệ; chấp nhận: Khiển trách, ",
        ),
        (
            ["CA0001", FORM, NUMBER, "31/02/2023", ""],
            "Dòng 2, cột 'Ngày quyết định': Ngày không hợp lệ: '31/02/2023'",
        ),
        (
            ["CA0001", FORM, NUMBER, DAY, "mười hai"],
            "Dòng 2, cột 'Thời hạn (tháng)': Không phải số nguyên: 'mười hai'.",
        ),
        (
            ["CA0001", FORM, NUMBER, DAY, 0],
            "Dòng 2, cột 'Thời hạn (tháng)': Thời hạn phải từ 1 đến 240 tháng.",
        ),
        (["CA0001", FORM, "", DAY, ""], "Dòng 2, cột 'Số quyết định': Không được để trống."),
        (
            ["CA9999", FORM, NUMBER, DAY, ""],
            "Dòng 2, cột 'Mã': Không có cán bộ mã 'CA9999' trong hệ thống.",
        ),
    ],
)
def test_bad_rows_are_reported(people, xlsx, cells, expected):
    plan = run_import("discipline", xlsx([HEADERS, cells]), user=SYSTEM)
    assert len(plan.errors) == 1 and str(plan.errors[0]).startswith(expected), messages(plan)


def test_a_row_twice_is_an_error(people, xlsx):
    row = ["CA0001", "Khiển trách", "15/QĐ-CAT", "10/01/2023", ""]
    plan = run_import("discipline", xlsx([HEADERS, row, row]), user=SYSTEM)
    assert messages(plan) == ["Dòng 3: Trùng với dòng 2 (cùng cán bộ, số quyết định và hình thức)."]


def test_a_clerk_imports_and_exports_only_its_people(people, users, xlsx, tmp_path):
    path = xlsx(
        [
            HEADERS,
            ["CA0001", "Khiển trách", "15/QĐ-CAT", "10/01/2023", ""],
            ["CA0003", "Khiển trách", "16/QĐ-CAT", "10/01/2023", ""],
        ]
    )
    plan = run_import("discipline", path, user=users.clerk_a)
    assert messages(plan) == [
        "Dòng 3, cột 'Mã': Cán bộ mã 'CA0003' thuộc đơn vị nằm ngoài phạm vi được phân quyền."
    ]
    assert run_import("discipline", path, user=SYSTEM).applied
    out = tmp_path / "xuat.xlsx"
    run_export("discipline", out, user=users.clerk_b)
    assert [r[0] for r in read_back(out)[1:]] == ["CA0003"]


def test_export_then_import_changes_nothing_and_filters_apply(people, xlsx, tmp_path):
    run_import(
        "discipline",
        xlsx(
            [
                HEADERS,
                ["CA0001", "Khiển trách", "15/QĐ-CAT", "10/01/2022", 12],
                ["CA0003", "Cảnh cáo", "3/QĐ-CAT", "10/03/2023", ""],
            ]
        ),
        user=SYSTEM,
    )
    out = tmp_path / "xuat.xlsx"
    assert run_export("discipline", out, user=SYSTEM) == 2
    assert read_back(out)[:2] == [
        HEADERS,
        ["CA0001", "Khiển trách", "15/QĐ-CAT", dt.date(2022, 1, 10), 12.0],
    ]
    plan = run_import("discipline", out, user=SYSTEM)
    assert plan.ok and plan.unchanged == 2 and not plan.applied, messages(plan)
    run_export("discipline", out, options={"year_from": 2023}, user=SYSTEM)
    assert [r[0] for r in read_back(out)[1:]] == ["CA0003"]
    run_export("discipline", out, options={"unit": "CAH-A"}, user=SYSTEM)
    assert [r[0] for r in read_back(out)[1:]] == ["CA0001"]
