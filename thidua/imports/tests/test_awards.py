"""Importing the awards sheet: decisions grouped and reused, recipients by code or by name,
--create-missing, every bad input reported, and a second import that writes nothing."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from thidua.accounts.scope import SYSTEM
from thidua.awards.models import Award, Decision
from thidua.awards.services import Recipient, decision_create, decision_revoke
from thidua.imports.engine import run_import
from thidua.movements.choices import MovementKind
from thidua.movements.models import Movement
from thidua.org.models import Assignment, Person, Unit
from thidua.org.services import person_move

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
DAY = dt.date(2021, 12, 20)


def row(
    code="CA0001",
    name="Nguyễn Văn An",
    unit="CAX-A1",
    *,
    number="12/QĐ-CAT",
    date=DAY,
    authority="",
    form="CSTĐCS",
    kind="Cá nhân",
    year=2021,
    achievement="",
) -> list:
    return [number, date, authority, form, kind, code, name, unit, year, achievement]


def messages(plan) -> list[str]:
    return [str(issue) for issue in plan.errors]


def history_rows() -> int:
    return (
        Award.history.count()
        + Decision.history.count()
        + Person.history.count()
        + Unit.history.count()
        + Assignment.history.count()
    )


def test_rows_of_one_decision_create_it_once_with_its_awards(people, users, xlsx):
    path = xlsx(
        [
            HEADERS,
            row(achievement="Hoàn thành xuất sắc nhiệm vụ năm 2021"),
            row(
                "CA0002", "Trần Thị Bình", "CAH-A", date="20/12/2021", form="chien si thi dua co so"
            ),
            row(
                "CAX-A1",
                "Công an xã An Lạc",
                "CAH-A",
                kind="tập thể",
                form="Đơn vị tiên tiến",
                number="13/QĐ-CAT",
                year="2017 - 2021",
            ),
        ]
    )
    plan = run_import("awards", path, user=users.officer)
    assert plan.ok, messages(plan)
    assert plan.summary() == "Số dòng: 3 — thêm mới: 3, cập nhật: 0, không đổi: 0."
    decision = Decision.objects.get(number="12/QĐ-CAT")
    assert decision.date == DAY and decision.award_type.code == "cstd_co_so"
    assert decision.authority == "Giám đốc Công an tỉnh"  # the award type's, none was written
    assert decision.search_key == "12/qd-cat"
    assert sorted(decision.awards.values_list("person__code", "achievement")) == [
        ("CA0001", "Hoàn thành xuất sắc nhiệm vụ năm 2021"),
        ("CA0002", ""),
    ]
    collective = Award.objects.get(unit=people.an.unit)
    assert (collective.year_from, collective.year_to) == (2017, 2021)
    record = collective.history.get()
    assert record.history_type == "+" and record.history_user == users.officer
    assert record.history_change_reason == f"Nhập từ Excel: {path.name}"


def test_a_second_import_of_the_same_file_writes_nothing(people, xlsx):
    path = xlsx(
        [
            HEADERS,
            row(),
            row("CA0002", "Trần Thị Bình", "CAH-A"),
            row("", "Hoàng Văn Mới", "CAH-A", number="14/QĐ-CAT"),
            row(
                "CAX-A9",
                "Công an xã An Hòa",
                "CAH-A",
                kind="Tập thể",
                form="Giấy khen",
                number="14/QĐ-CAT",
            ),
        ]
    )
    first = run_import("awards", path, options={"create_missing": True}, user=SYSTEM)
    assert first.applied and len(first.creates) == 4, messages(first)
    written = history_rows()
    again = run_import("awards", path, options={"create_missing": True}, user=SYSTEM)
    assert again.ok and not again.applied and not again.warnings
    assert again.summary() == "Số dòng: 4 — thêm mới: 0, cập nhật: 0, không đổi: 4."
    assert history_rows() == written


def test_an_existing_decision_is_reused_and_its_authority_must_match(people, xlsx):
    decision_create(number="12/QĐ-CAT", date=DAY, authority="Giám đốc Công an tỉnh")
    path = xlsx(
        [
            HEADERS,
            row(number="12/qđ-cat", authority="giam doc cong an tinh"),
            row("CA0002", "Trần Thị Bình", "CAH-A", authority="Bộ trưởng Bộ Công an"),
        ]
    )
    plan = run_import("awards", path, user=SYSTEM)
    assert messages(plan) == [
        "Dòng 3, cột 'Thẩm quyền': Thẩm quyền 'Bộ trưởng Bộ Công an' khác với thẩm quyền của "
        "quyết định 12/QĐ-CAT đã có trong hệ thống: Giám đốc Công an tỉnh."
    ]
    fixed = xlsx([HEADERS, row(number="12/qđ-cat", authority="giam doc cong an tinh")])
    assert run_import("awards", fixed, user=SYSTEM).applied
    assert Decision.objects.count() == 1 and Decision.objects.get().awards.count() == 1


def test_numbers_differing_only_in_case_or_accents_are_one_decision(people, xlsx):
    path = xlsx(
        [
            HEADERS,
            row(number="12/QĐ-CAT"),
            row("CA0002", "Trần Thị Bình", "CAH-A", number="12/qd-cat"),
        ]
    )
    assert run_import("awards", path, user=SYSTEM).applied
    assert Decision.objects.get().number == "12/QĐ-CAT" and Award.objects.count() == 2


def test_rows_of_one_new_decision_must_not_name_two_authorities(people, xlsx):
    path = xlsx(
        [
            HEADERS,
            row(authority=""),
            row("CA0002", "Trần Thị Bình", "CAH-A", authority="Giám đốc Công an tỉnh"),
            row("CA0004", "Phạm Thị Dung", "PV01-D1", authority="Chủ tịch UBND tỉnh"),
        ]
    )
    plan = run_import("awards", path, user=SYSTEM)
    assert messages(plan) == [
        "Dòng 4, cột 'Thẩm quyền': Thẩm quyền 'Chủ tịch UBND tỉnh' khác với dòng 3 của cùng "
        "quyết định: Giám đốc Công an tỉnh."
    ]


def test_an_unknown_form_lists_the_closest_catalogue_names(people, xlsx):
    plan = run_import(
        "awards", xlsx([HEADERS, row(form="Bằng khen bộ trưởng bộ công an x")]), user=SYSTEM
    )
    (message,) = messages(plan)
    assert message.startswith(
        "Dòng 2, cột 'Hình thức khen thưởng': Không rõ hình thức khen "
        "thưởng 'Bằng khen bộ trưởng bộ công an x'. Gần giống: Bằng khen của "
        "Bộ trưởng Bộ Công an"
    )
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (
            {"date": "31/02/2021"},
            "Dòng 2, cột 'Ngày quyết định': Ngày không hợp lệ: '31/02/2021' (cần dạng dd/mm/yyyy).",
        ),
        (
            {"year": "2015-2010"},
            "Dòng 2, cột 'Năm': Giai đoạn '2015-2010' không hợp lệ: năm đầu phải trước năm cuối.",
        ),
        (
            {"year": "năm 2019"},
            "Dòng 2, cột 'Năm': Năm 'năm 2019' không hợp lệ: ghi một năm (2019) hoặc một giai đoạn (2015-2020).",
        ),
        (
            {"year": 2022},
            "Dòng 2, cột 'Năm': Năm 2022 sau năm ra quyết định (2021): không khen thưởng trước thành tích.",
        ),
        (
            {"kind": "Gia đình"},
            "Dòng 2, cột 'Đối tượng': Giá trị 'Gia đình' không hợp lệ; chấp nhận: Cá nhân, Tập thể.",
        ),
        (
            {"form": "Đơn vị tiên tiến"},
            "Dòng 2, cột 'Đối tượng': 'Đơn vị tiên tiến' không tặng cho cá nhân.",
        ),
        (
            {"code": "CA9999"},
            "Dòng 2, cột 'Mã': Không có cán bộ mã 'CA9999' trong hệ thống (dùng --create-missing để tạo mới).",
        ),
        (
            {"unit": "CAX-Z9"},
            "Dòng 2, cột 'Mã đơn vị': Không có đơn vị mã 'CAX-Z9' trong hệ thống.",
        ),
        ({"number": ""}, "Dòng 2, cột 'Số quyết định': Không được để trống."),
    ],
)
def test_bad_cells_are_reported_with_row_column_and_reason(people, xlsx, cells, expected):
    plan = run_import("awards", xlsx([HEADERS, row(**cells)]), user=SYSTEM)
    assert messages(plan) == [expected]
    assert not Award.objects.exists()


def test_a_period_may_be_written_with_spaces_or_a_dash_and_a_year_as_a_number(people, xlsx):
    path = xlsx(
        [
            HEADERS,
            row(year=2021.0),
            row(number="13/QĐ-CAT", form="Bằng khen Bộ trưởng", year="2019 – 2021"),
            row(number="14/QĐ-CAT", form="Bằng khen Bộ trưởng", year="2016-2020"),
        ]
    )
    assert run_import("awards", path, user=SYSTEM).applied
    assert sorted(Award.objects.values_list("year_from", "year_to")) == [
        (2016, 2020),
        (2019, 2021),
        (2021, 2021),
    ]


def test_a_row_twice_in_the_file_is_an_error_naming_both_rows(people, xlsx):
    plan = run_import(
        "awards",
        xlsx([HEADERS, row(), row("CA0002", "Trần Thị Bình", "CAH-A"), row(achievement="lặp lại")]),
        user=SYSTEM,
    )
    assert messages(plan) == [
        "Dòng 4: Trùng với dòng 2 (cùng quyết định, hình thức khen thưởng, đối tượng và năm)."
    ]


def test_an_award_already_recorded_is_unchanged_and_a_new_achievement_is_an_update(people, xlsx):
    decision_create(
        number="12/QĐ-CAT",
        date=DAY,
        recipients=[Recipient(person=people.an, year_from=2021, achievement="Cũ")],
        award_type=Award._meta.get_field("award_type").related_model.objects.get(code="cstd_co_so"),
    )
    unchanged = run_import("awards", xlsx([HEADERS, row(achievement="")]), user=SYSTEM)
    assert unchanged.ok and unchanged.unchanged == 1 and not unchanged.applied
    plan = run_import("awards", xlsx([HEADERS, row(achievement="Mới")]), dry_run=True, user=SYSTEM)
    (change,) = plan.updates
    assert [(d.column, d.before, d.after) for d in change.diffs] == [("Thành tích", "Cũ", "Mới")]
    assert run_import("awards", xlsx([HEADERS, row(achievement="Mới")]), user=SYSTEM).applied
    award = Award.objects.get()
    assert award.achievement == "Mới" and award.history.first().history_type == "~"


def test_a_revoked_decision_takes_no_new_awards(people, xlsx):
    decision = decision_create(number="12/QĐ-CAT", date=DAY)
    decision_revoke(decision=decision, reason="Ban hành nhầm")
    plan = run_import("awards", xlsx([HEADERS, row()]), user=SYSTEM)
    assert messages(plan) == [
        "Dòng 2, cột 'Số quyết định': Quyết định 12/QĐ-CAT đã bị hủy bỏ, "
        "không thể thêm khen thưởng."
    ]


def test_a_future_decision_date_is_an_error(people, xlsx):
    future = dt.date.today() + dt.timedelta(days=3)
    plan = run_import(
        "awards", xlsx([HEADERS, row(date=future, year=future.year - 1)]), user=SYSTEM
    )
    assert messages(plan) == [
        f"Dòng 2, cột 'Ngày quyết định': Ngày quyết định {future:%d/%m/%Y} sau ngày hôm nay."
    ]


# ── Recipients by name ───────────────────────────────────────────────────────────────────


def test_a_person_without_code_is_found_by_name_within_the_unit_subtree(people, xlsx):
    path = xlsx([HEADERS, row("", "NGUYEN VAN AN", "CAH-A")])
    plan = run_import("awards", path, user=SYSTEM)
    assert plan.applied, messages(plan)
    assert Award.objects.get().person == people.an
    assert plan.creates[0].code == "CA0001"


def test_a_person_who_moved_away_is_found_where_they_served_that_year(people, units, xlsx):
    person_move(person=people.an, unit=units.cax_b1, start=dt.date(2022, 1, 1))
    found = run_import("awards", xlsx([HEADERS, row("", "Nguyễn Văn An", "CAX-A1")]), user=SYSTEM)
    assert found.applied and Award.objects.get().person == people.an
    later = run_import(
        "awards",
        xlsx(
            [
                HEADERS,
                row(
                    "",
                    "Nguyễn Văn An",
                    "CAX-A1",
                    year=2023,
                    number="5/QĐ-CAT",
                    date=dt.date(2023, 12, 1),
                ),
            ]
        ),
        user=SYSTEM,
    )
    assert messages(later) == [
        "Dòng 2, cột 'Họ và tên / Tên tập thể': Không tìm thấy cán bộ "
        "'Nguyễn Văn An' ở đơn vị 'CAX-A1' (kể cả đơn vị trực thuộc) trong "
        "năm 2023 (dùng --create-missing để tạo mới)."
    ]


def test_two_people_with_the_same_name_need_a_code(people, units, xlsx):
    Person.objects.filter(pk=people.binh.pk).update(
        full_name="Nguyễn Văn An", search_key="nguyen van an"
    )
    plan = run_import("awards", xlsx([HEADERS, row("", "Nguyễn Văn An", "CAH-A")]), user=SYSTEM)
    assert messages(plan) == [
        "Dòng 2, cột 'Mã': Có 2 cán bộ trùng tên 'Nguyễn Văn An' ở đơn vị "
        "'CAH-A' (kể cả đơn vị trực thuộc) trong năm 2021 (mã CA0001, "
        "CA0002), cần ghi Mã."
    ]
    assert run_import(
        "awards", xlsx([HEADERS, row("", "Nguyễn Văn An", "CAX-A1")]), user=SYSTEM
    ).applied


def test_a_name_without_unit_is_an_error(people, xlsx):
    plan = run_import("awards", xlsx([HEADERS, row("", "Nguyễn Văn An", "")]), user=SYSTEM)
    assert messages(plan) == [
        "Dòng 2, cột 'Mã đơn vị': Khi để trống Mã, cần ghi mã đơn vị để tìm cán bộ theo họ và tên."
    ]


# ── Collectives ──────────────────────────────────────────────────────────────────────────


def test_a_collective_is_its_unit_code_under_the_stated_parent(people, xlsx):
    good = row("CAH-A", "Công an huyện An Phú", "CAT", kind="Tập thể", form="Đơn vị quyết thắng")
    top = row("CAT", "Công an tỉnh Hưng Yên", "", kind="Tập thể", form="Đơn vị quyết thắng")
    wrong = row("CAX-A1", "Công an xã An Lạc", "CAH-B", kind="Tập thể", form="Đơn vị quyết thắng")
    empty = row("CAX-A1", "Công an xã An Lạc", "", kind="Tập thể", form="Đơn vị quyết thắng")
    plan = run_import("awards", xlsx([HEADERS, good, top, wrong, empty]), user=SYSTEM)
    assert messages(plan) == [
        "Dòng 4, cột 'Mã đơn vị': Đơn vị 'CAX-A1' trực thuộc 'CAH-A' trong hệ thống, không phải 'CAH-B'.",
        "Dòng 5, cột 'Mã đơn vị': Đơn vị 'CAX-A1' trực thuộc 'CAH-A' trong hệ thống, không phải '(trống)'.",
    ]
    assert run_import("awards", xlsx([HEADERS, good, top]), user=SYSTEM).applied
    assert sorted(Award.objects.values_list("unit__code", flat=True)) == ["CAH-A", "CAT"]


def test_an_individual_form_for_a_collective_is_an_error(people, xlsx):
    plan = run_import(
        "awards",
        xlsx([HEADERS, row("CAH-A", "Công an huyện An Phú", "CAT", kind="Tập thể")]),
        user=SYSTEM,
    )
    assert messages(plan) == [
        "Dòng 2, cột 'Đối tượng': 'Chiến sĩ thi đua cơ sở' không tặng cho tập thể."
    ]


def test_an_unknown_unit_is_an_error_without_create_missing(people, xlsx):
    plan = run_import(
        "awards",
        xlsx([HEADERS, row("CAX-A9", "Xã mới", "CAH-A", kind="Tập thể", form="Giấy khen")]),
        user=SYSTEM,
    )
    assert messages(plan) == [
        "Dòng 2, cột 'Mã': Không có đơn vị mã 'CAX-A9' trong hệ thống "
        "(dùng --create-missing để tạo mới)."
    ]


# ── --create-missing ─────────────────────────────────────────────────────────────────────


def test_create_missing_makes_flagged_people_and_units(people, users, xlsx):
    path = xlsx(
        [
            HEADERS,
            row("", "Hoàng Thị Mới", "CAX-A1"),
            row("", "hoang thi moi", "CAX-A1", number="13/QĐ-CAT"),
            row("CA0500", "Vũ Văn Năm", "CAH-A"),
            row("CAX-A9", "Công an xã An Hòa", "CAH-A", kind="Tập thể", form="Giấy khen"),
        ]
    )
    plan = run_import("awards", path, user=users.officer, options={"create_missing": True})
    assert plan.applied, messages(plan)
    assert [str(w) for w in plan.warnings] == [
        "Dòng 2, cột 'Họ và tên / Tên tập thể': Sẽ tạo cán bộ mới 'Hoàng Thị Mới' ở đơn vị "
        "'CAX-A1', đánh dấu chưa xác minh.",
        "Dòng 4, cột 'Mã': Sẽ tạo cán bộ mới 'Vũ Văn Năm' mã 'CA0500' ở đơn vị 'CAH-A', đánh "
        "dấu chưa xác minh.",
        "Dòng 5, cột 'Mã': Sẽ tạo đơn vị mới 'CAX-A9' (Công an xã An Hòa) thuộc 'CAH-A', cần xác minh.",
    ]
    new = Person.objects.get(code="CXM-000001")
    assert new.full_name == "Hoàng Thị Mới" and new.unverified and new.gender == "F"
    assert new.awards.count() == 2  # one person for both rows
    assignment = new.assignments.get()
    assert (assignment.unit.code, assignment.start, assignment.end) == (
        "CAX-A1",
        dt.date(2021, 1, 1),
        None,
    )
    assert Person.objects.get(code="CA0500").unverified
    unit = Unit.objects.get(code="CAX-A9")
    assert unit.parent.code == "CAH-A" and unit.path == "/CAT/CAH-A/CAX-A9/"
    assert unit.note == "Tạo khi nhập khen thưởng, cần xác minh"
    assert unit.history.get().history_user == users.officer


def test_create_missing_needs_a_unit_for_the_new_person(people, xlsx):
    plan = run_import(
        "awards",
        xlsx([HEADERS, row("CA0500", "Vũ Văn Năm", "")]),
        options={"create_missing": True},
        user=SYSTEM,
    )
    assert messages(plan) == ["Dòng 2, cột 'Mã đơn vị': Cần ghi mã đơn vị để tạo cán bộ mới."]


# ── Real-world files ─────────────────────────────────────────────────────────────────────


def test_title_rows_spaces_nbsp_nfd_and_text_dates_are_tolerated(people, xlsx):
    nfd = unicodedata.normalize("NFD", "Chiến sĩ thi đua cơ sở")
    messy = [
        "  12/QĐ-CAT\u00a0",
        "20/12/2021",
        "",
        nfd,
        " Cá\u00a0nhân ",
        "CA0001",
        unicodedata.normalize("NFD", "Nguyễn  Văn An"),
        "CAX-A1",
        "2021",
        " Xuất sắc ",
    ]
    headers = [
        " Số quyết định ",
        "NGÀY QUYẾT ĐỊNH",
        "Thẩm quyền",
        "Hình thức khen thưởng",
        "Đối tượng",
        "Mã",
        "Họ và tên / Tên tập thể",
        "Mã đơn vị",
        "Năm",
        "Thành tích",
        "Ghi chú",
    ]
    path = xlsx([headers, None, [*messy, "cột thừa"]], title="DANH SÁCH KHEN THƯỞNG", blank_above=1)
    plan = run_import("awards", path, user=SYSTEM)
    assert plan.applied and not plan.warnings, messages(plan)
    award = Award.objects.get()
    assert award.decision.number == "12/QĐ-CAT" and award.achievement == "Xuất sắc"
    assert award.award_type.code == "cstd_co_so"


def _movement(name: str, units) -> Movement:
    return Movement.objects.create(
        name=name,
        kind=MovementKind.THEMED,
        start_date=dt.date(2021, 1, 1),
        launching_unit=units.cat,
    )


def test_the_optional_movement_column_names_the_decisions_movement(people, units, xlsx):
    creative = _movement("Sáng tạo trong công tác Công an", units)
    path = xlsx(
        [
            [*HEADERS, "Phong trào"],
            [*row(), "sang tao trong cong tac cong an"],
            [*row("CA0002", "Trần Thị Bình", "CAH-A"), ""],
        ]
    )
    assert run_import("awards", path, user=SYSTEM).applied
    assert Decision.objects.get().movement == creative
    # Without the column the sheet imports as before (the decision is reused, movement kept).
    again = run_import("awards", xlsx([HEADERS, row()]), user=SYSTEM)
    assert again.ok and Decision.objects.get().movement == creative


def test_a_bad_movement_is_reported_on_its_row_and_column(people, units, xlsx):
    _movement("Sáng tạo", units)
    _movement("Đợt cao điểm Tết", units)
    decision_create(number="15/QĐ-CAT", date=DAY, authority="Giám đốc Công an tỉnh")
    path = xlsx(
        [
            [*HEADERS, "Phong trào"],
            [*row(), "Không có phong trào này"],
            [*row("CA0002", "Trần Thị Bình", "CAH-A"), "Sáng tạo"],
            [*row("CA0004", "Phạm Thị Dung", "PV01-D1"), "Đợt cao điểm Tết"],
            [*row(number="15/QĐ-CAT"), "Sáng tạo"],
        ]
    )
    plan = run_import("awards", path, user=SYSTEM)
    assert messages(plan) == [
        "Dòng 2, cột 'Phong trào': Không có phong trào 'Không có phong trào này' trong hệ thống.",
        "Dòng 4, cột 'Phong trào': Phong trào 'Đợt cao điểm Tết' khác với dòng 3 của cùng "
        "quyết định: Sáng tạo.",
        "Dòng 5, cột 'Phong trào': Quyết định 15/QĐ-CAT đã có trong hệ thống, chưa ghi phong "
        "trào; ghi phong trào bằng đính chính trên trang quyết định.",
    ]
    assert not plan.applied and Decision.objects.count() == 1
