"""The yearly results sheet: upsert per recipient and year, appraisal spellings, titles
checked against the catalogue, scope, round trip."""

from __future__ import annotations

import pytest

from thidua.accounts.scope import SYSTEM
from thidua.awards.choices import Appraisal
from thidua.awards.models import AwardType, YearlyResult
from thidua.awards.services import yearly_result_save
from thidua.imports.engine import run_export, run_import
from thidua.imports.tests.conftest import read_back

HEADERS = ["Mã", "Đối tượng", "Năm", "Xếp loại", "Danh hiệu"]


def messages(plan) -> list[str]:
    return [str(issue) for issue in plan.errors]


def test_results_are_created_then_updated_then_unchanged(people, units, users, xlsx):
    path = xlsx(
        [
            HEADERS,
            ["CA0001", "Cá nhân", 2022, "Hoàn thành xuất sắc nhiệm vụ", "CSTĐCS"],
            ["CA0002", "ca nhan", "2022", "httnv", "Chiến sĩ tiên tiến"],
            ["CAH-A", "Tập thể", 2022.0, "HTXSNV", "Đơn vị tiên tiến"],
            ["CA0004", "Cá nhân", 2021, "Hoàn thành nhiệm vụ", ""],
        ]
    )
    plan = run_import("results", path, user=users.officer)
    assert plan.applied and len(plan.creates) == 4, messages(plan)
    an = YearlyResult.objects.get(person=people.an)
    assert (an.year, an.appraisal, an.title.code) == (2022, Appraisal.XUAT_SAC, "cstd_co_so")
    assert YearlyResult.objects.get(unit=units.cah_a).title.code == "don_vi_tien_tien"
    assert YearlyResult.objects.get(person=people.dung).title is None
    assert an.history.get().history_user == users.officer
    again = run_import("results", path, user=SYSTEM)
    assert again.ok and not again.applied and again.unchanged == 4
    changed = xlsx([HEADERS, ["CA0001", "Cá nhân", 2022, "Hoàn thành tốt nhiệm vụ", ""]])
    plan = run_import("results", changed, user=SYSTEM)
    (update,) = plan.updates
    assert [(d.column, d.before, d.after) for d in update.diffs] == [
        ("Xếp loại", "Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ"),
        ("Danh hiệu", "Chiến sĩ thi đua cơ sở", ""),
    ]
    an.refresh_from_db()
    assert (an.appraisal, an.title) == (Appraisal.TOT, None)


def test_without_the_title_column_titles_are_kept(people, xlsx):
    cstdcs = AwardType.objects.get(code="cstd_co_so")
    yearly_result_save(person=people.an, year=2022, appraisal=Appraisal.XUAT_SAC, title=cstdcs)
    plan = run_import(
        "results", xlsx([HEADERS[:4], ["CA0001", "Cá nhân", 2022, "HTTNV"]]), user=SYSTEM
    )
    assert plan.applied and [d.column for d in plan.updates[0].diffs] == ["Xếp loại"]
    assert YearlyResult.objects.get().title == cstdcs


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (
            ["CA0001", "Cá nhân", 2022, "Giỏi", ""],
            "Dòng 2, cột 'Xếp loại': Giá trị 'Giỏi' không hợp lệ; chấp nhận: Hoàn thành xuất sắc nhiệm "
            "vụ, Hoàn thành tốt nhiệm vụ, Hoàn thành nhiệm vụ, Không hoàn thành nhiệm vụ.",
        ),
        (
            ["CA0001", "Cá nhân", 2022, "", ""],
            "Dòng 2, cột 'Xếp loại': Cần ghi Xếp loại (hoặc Danh hiệu).",
        ),
        (
            ["CA0001", "Cá nhân", 2022, "HTNV", "Bằng khen Bộ trưởng"],
            "Dòng 2, cột 'Danh hiệu': 'Bằng khen của Bộ trưởng Bộ Công an' không phải danh hiệu thi đua hằng năm.",
        ),
        (
            ["CA0001", "Cá nhân", 2022, "HTNV", "Đơn vị quyết thắng"],
            "Dòng 2, cột 'Danh hiệu': Danh hiệu 'Đơn vị quyết thắng' không dành cho cá nhân.",
        ),
        (
            ["CA0001", "Cá nhân", 2022, "HTNV", "Chiến sĩ thi đua xã"],
            "Dòng 2, cột 'Danh hiệu': Không rõ hình thức khen thưởng 'Chiến sĩ thi đua xã'. Gần giống: ",
        ),
        (
            ["CA0001", "Cá nhân", 1900, "HTNV", ""],
            "Dòng 2, cột 'Năm': Năm 1900 không hợp lệ: phải từ 1945 đến ",
        ),
        (
            ["CA0001", "Cá nhân", "2022a", "HTNV", ""],
            "Dòng 2, cột 'Năm': Không phải số nguyên: '2022a'.",
        ),
        (
            ["CA9999", "Cá nhân", 2022, "HTNV", ""],
            "Dòng 2, cột 'Mã': Không có cán bộ mã 'CA9999' trong hệ thống.",
        ),
        (
            ["CAX-Z9", "Tập thể", 2022, "HTNV", ""],
            "Dòng 2, cột 'Mã': Không có đơn vị mã 'CAX-Z9' trong hệ thống.",
        ),
    ],
)
def test_bad_rows_are_reported(people, xlsx, cells, expected):
    plan = run_import("results", xlsx([HEADERS, cells]), user=SYSTEM)
    assert len(plan.errors) == 1 and str(plan.errors[0]).startswith(expected)
    assert not YearlyResult.objects.exists()


def test_the_same_recipient_and_year_twice_is_an_error(people, xlsx):
    plan = run_import(
        "results",
        xlsx(
            [
                HEADERS,
                ["CA0001", "Cá nhân", 2022, "HTNV", ""],
                ["CA0001", "Cá nhân", 2022, "HTTNV", ""],
            ]
        ),
        user=SYSTEM,
    )
    assert messages(plan) == ["Dòng 3: Trùng với dòng 2 (cùng đối tượng và năm)."]


def test_a_clerk_imports_and_exports_only_its_subtree(people, units, users, xlsx, tmp_path):
    path = xlsx(
        [
            HEADERS,
            ["CA0001", "Cá nhân", 2022, "HTNV", ""],
            ["CA0003", "Cá nhân", 2022, "HTNV", ""],
            ["CAH-B", "Tập thể", 2022, "HTNV", ""],
        ]
    )
    plan = run_import("results", path, user=users.clerk_a)
    assert messages(plan) == [
        "Dòng 3, cột 'Mã': Cán bộ mã 'CA0003' thuộc đơn vị nằm ngoài phạm vi được phân quyền.",
        "Dòng 4, cột 'Mã': Đơn vị 'CAH-B' nằm ngoài phạm vi được phân quyền.",
    ]
    assert run_import("results", path, user=SYSTEM).applied
    out = tmp_path / "xuat.xlsx"
    run_export("results", out, user=users.clerk_b)
    assert [r[:2] for r in read_back(out)[1:]] == [["CAH-B", "Tập thể"], ["CA0003", "Cá nhân"]]


def test_export_then_import_changes_nothing_and_filters_apply(people, units, xlsx, tmp_path):
    run_import(
        "results",
        xlsx(
            [
                HEADERS,
                ["CA0001", "Cá nhân", 2021, "HTXSNV", "CSTĐCS"],
                ["CA0001", "Cá nhân", 2022, "HTTNV", ""],
                ["CAH-A", "Tập thể", 2022, "", "Đơn vị tiên tiến"],
                ["CA0003", "Cá nhân", 2022, "KHTNV", ""],
            ]
        ),
        user=SYSTEM,
    )
    out = tmp_path / "xuat.xlsx"
    assert run_export("results", out, user=SYSTEM) == 4
    assert read_back(out)[0] == HEADERS
    plan = run_import("results", out, user=SYSTEM)
    assert plan.ok and plan.unchanged == 4 and not plan.applied, messages(plan)
    run_export("results", out, options={"unit": "CAH-A", "year_from": 2022}, user=SYSTEM)
    assert read_back(out)[1:] == [
        ["CAH-A", "Tập thể", 2022.0, "", "Đơn vị tiên tiến"],
        ["CA0001", "Cá nhân", 2022.0, "Hoàn thành tốt nhiệm vụ", ""],
    ]
