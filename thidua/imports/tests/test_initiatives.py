"""The initiatives sheet: identity by title and year, authors compared as a set, scope."""

from __future__ import annotations

import pytest

from thidua.accounts.scope import SYSTEM
from thidua.awards.choices import InitiativeScope
from thidua.awards.models import Initiative, InitiativeAuthor
from thidua.awards.services import initiative_create
from thidua.imports.engine import run_export, run_import
from thidua.imports.tests.conftest import read_back

HEADERS = ["Tên sáng kiến", "Mã tác giả", "Năm công nhận", "Phạm vi", "Số quyết định"]
TITLE = "Ứng dụng phần mềm quản lý hồ sơ thi đua"


def messages(plan) -> list[str]:
    return [str(issue) for issue in plan.errors]


def authors(initiative: Initiative) -> list[str]:
    return sorted(initiative.authors.values_list("code", flat=True))


def test_initiatives_are_created_with_their_authors_and_reimport_changes_nothing(
    people, users, xlsx
):
    path = xlsx(
        [
            HEADERS,
            [TITLE, "CA0001; CA0002", 2022, "Cơ sở", "45/QĐ-CAT"],
            ["Sổ tay điều tra", "CA0004", "2023", "Bộ", ""],
            ["Bản đồ số", "CA0003 ;", 2023, "toan quoc", "7/QĐ-BCA"],
            ["Phần mềm trực ban", "CA0001", 2023, "Tỉnh", ""],
        ]
    )
    plan = run_import("initiatives", path, user=users.officer)
    assert plan.applied and len(plan.creates) == 4, messages(plan)
    first = Initiative.objects.get(title=TITLE)
    assert (first.year, first.scope, first.decision_number) == (
        2022,
        InitiativeScope.CO_SO,
        "45/QĐ-CAT",
    )
    assert authors(first) == ["CA0001", "CA0002"]
    assert Initiative.objects.get(title="Sổ tay điều tra").scope == InitiativeScope.BO_TINH
    assert Initiative.objects.get(title="Phần mềm trực ban").scope == InitiativeScope.BO_TINH
    assert first.history.get().history_user == users.officer
    written = Initiative.history.count() + InitiativeAuthor.history.count()
    again = run_import("initiatives", path, user=SYSTEM)
    assert again.ok and not again.applied and again.unchanged == 4
    assert Initiative.history.count() + InitiativeAuthor.history.count() == written


def test_a_known_title_and_year_updates_scope_and_authors(people, xlsx):
    initiative_create(
        title=TITLE, year=2022, scope=InitiativeScope.CO_SO, authors=[people.an, people.binh]
    )
    path = xlsx([HEADERS, [TITLE.upper(), "CA0001;CA0004", 2022, "Bộ, tỉnh", ""]])
    plan = run_import("initiatives", path, dry_run=True, user=SYSTEM)
    (update,) = plan.updates
    assert [(d.column, d.before, d.after) for d in update.diffs] == [
        ("Tên sáng kiến", TITLE, TITLE.upper()),
        ("Phạm vi", "Cơ sở", "Bộ, tỉnh"),
        ("Mã tác giả", "CA0001; CA0002", "CA0001; CA0004"),
    ]
    assert run_import("initiatives", path, user=SYSTEM).applied
    initiative = Initiative.objects.get()
    assert (
        authors(initiative) == ["CA0001", "CA0004"] and initiative.scope == InitiativeScope.BO_TINH
    )
    removed = InitiativeAuthor.history.filter(history_type="-").get()
    assert removed.person_id == people.binh.pk and removed.history_change_reason.startswith(
        "Nhập từ Excel"
    )


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (
            [TITLE, "CA9999", 2022, "Cơ sở", ""],
            "Dòng 2, cột 'Mã tác giả': Không có cán bộ mã 'CA9999' trong hệ thống.",
        ),
        ([TITLE, "", 2022, "Cơ sở", ""], "Dòng 2, cột 'Mã tác giả': Cần ít nhất một tác giả."),
        (
            [TITLE, "CA0001", 2022, "Quốc tế", ""],
            "Dòng 2, cột 'Phạm vi': Giá trị 'Quốc tế' không hợp lệ; chấp nhận: Cơ sở, Bộ, Tỉnh, Toàn quốc.",
        ),
        ([TITLE, "CA0001", "", "Cơ sở", ""], "Dòng 2, cột 'Năm công nhận': Không được để trống."),
        (["", "CA0001", 2022, "Cơ sở", ""], "Dòng 2, cột 'Tên sáng kiến': Không được để trống."),
    ],
)
def test_bad_rows_are_reported(people, xlsx, cells, expected):
    plan = run_import("initiatives", xlsx([HEADERS, cells]), user=SYSTEM)
    assert messages(plan) == [expected]


def test_the_same_title_and_year_twice_is_an_error(people, xlsx):
    plan = run_import(
        "initiatives",
        xlsx(
            [
                HEADERS,
                [TITLE, "CA0001", 2022, "Cơ sở", ""],
                [TITLE.lower(), "CA0002", 2022, "Cơ sở", ""],
            ]
        ),
        user=SYSTEM,
    )
    assert messages(plan) == [
        "Dòng 3, cột 'Tên sáng kiến': Trùng với dòng 2 (cùng tên sáng kiến và năm công nhận)."
    ]


def test_a_clerk_manages_only_the_authors_of_its_subtree(people, users, xlsx, tmp_path):
    initiative_create(
        title=TITLE, year=2022, scope=InitiativeScope.CO_SO, authors=[people.an, people.cuong]
    )
    out = tmp_path / "xuat.xlsx"
    run_export("initiatives", out, user=users.clerk_a)
    assert read_back(out)[1:] == [[TITLE, "CA0001", 2022.0, "Cơ sở", ""]]
    unchanged = run_import("initiatives", out, user=users.clerk_a)
    assert unchanged.ok and unchanged.unchanged == 1, messages(unchanged)
    added = run_import(
        "initiatives",
        xlsx([HEADERS, [TITLE, "CA0001; CA0002", 2022, "Cơ sở", ""]]),
        user=users.clerk_a,
    )
    assert added.applied
    assert authors(Initiative.objects.get()) == ["CA0001", "CA0002", "CA0003"]  # CA0003 kept
    plan = run_import(
        "initiatives", xlsx([HEADERS, [TITLE, "CA0003", 2022, "Cơ sở", ""]]), user=users.clerk_a
    )
    assert messages(plan) == [
        "Dòng 2, cột 'Mã tác giả': Cán bộ mã 'CA0003' thuộc đơn vị nằm "
        "ngoài phạm vi được phân quyền."
    ]


def test_a_clerk_cannot_change_an_initiative_of_other_units(people, users, xlsx):
    initiative_create(title=TITLE, year=2022, scope=InitiativeScope.CO_SO, authors=[people.cuong])
    plan = run_import(
        "initiatives", xlsx([HEADERS, [TITLE, "CA0001", 2022, "Toàn quốc", ""]]), user=users.clerk_a
    )
    assert messages(plan) == [
        f"Dòng 2, cột 'Tên sáng kiến': Sáng kiến '{TITLE}' năm 2022 đã được "
        "ghi nhận cho tác giả ngoài phạm vi được phân quyền."
    ]


def test_export_then_import_changes_nothing_and_filters_apply(people, xlsx, tmp_path):
    run_import(
        "initiatives",
        xlsx(
            [
                HEADERS,
                [TITLE, "CA0002;CA0001", 2021, "Cơ sở", "45/QĐ-CAT"],
                ["Bản đồ số", "CA0003", 2023, "Toàn quốc", ""],
            ]
        ),
        user=SYSTEM,
    )
    out = tmp_path / "xuat.xlsx"
    assert run_export("initiatives", out, user=SYSTEM) == 2
    assert read_back(out)[:2] == [HEADERS, [TITLE, "CA0001; CA0002", 2021.0, "Cơ sở", "45/QĐ-CAT"]]
    plan = run_import("initiatives", out, user=SYSTEM)
    assert plan.ok and plan.unchanged == 2 and not plan.applied, messages(plan)
    run_export("initiatives", out, options={"unit": "CAH-B", "year_from": 2022}, user=SYSTEM)
    assert [r[0] for r in read_back(out)[1:]] == ["Bản đồ số"]
