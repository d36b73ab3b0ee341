"""Importing the people sheet: creates, updates, moves, CCCD, likely duplicates, scope."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from thidua.accounts.scope import SYSTEM
from thidua.imports.engine import run_import
from thidua.imports.tests.conftest import PEOPLE_HEADERS
from thidua.org.models import Assignment, Person

WITH_CCCD = [*PEOPLE_HEADERS, "Số CCCD"]


def _row(
    code="CA0100",
    name="Hoàng Văn Em",
    gender="Nam",
    born="15/03/1995",
    start="01/09/2015",
    rank="Thượng úy",
    position="Cán bộ",
    unit="CAX-A1",
    *extra,
):
    return [code, name, gender, born, start, rank, position, unit, *extra]


def _counts():
    return (
        Person.objects.count(),
        Person.history.count(),
        Assignment.objects.count(),
        Assignment.history.count(),
    )


def test_new_people_are_created_with_a_first_assignment_from_service_start(people, users, xlsx):
    nfd_name = unicodedata.normalize("NFD", "Hoàng Thị Gấm")
    path = xlsx(
        [
            WITH_CCCD,
            _row(),
            None,
            _row(
                "CA0101",
                f"  {nfd_name}\u00a0",
                "NỮ",
                dt.date(1996, 2, 1),
                "",
                "dai uy",
                "Cán bộ",
                "CAH-A",
                "001096000123",
            ),
        ],
        title="DANH SÁCH CÁN BỘ, CHIẾN SĨ",
        blank_above=1,
    )
    plan = run_import("people", path, user=users.officer)
    assert plan.ok and plan.applied and len(plan.creates) == 2
    em = Person.objects.get(code="CA0100")
    assert (em.full_name, em.gender, em.birth_date, em.rank, em.unit.code) == (
        "Hoàng Văn Em",
        "M",
        dt.date(1995, 3, 15),
        "Thượng úy",
        "CAX-A1",
    )
    [first] = em.assignments.all()
    assert (first.unit.code, first.start, first.end) == ("CAX-A1", dt.date(2015, 9, 1), None)
    gam = Person.objects.get(code="CA0101")
    assert gam.full_name == "Hoàng Thị Gấm" and gam.gender == "F" and gam.rank == "Đại úy"
    assert gam.citizen_id == "001096000123" and gam.search_key == "hoang thi gam"
    assert gam.assignments.get().start == dt.date.today()  # no Ngày vào ngành: from today
    assert em.history.get().history_user == users.officer
    assert Assignment.history.filter(person_id=em.pk, history_type="+").count() == 1


def test_importing_the_same_file_twice_writes_nothing_the_second_time(people, xlsx):
    path = xlsx(
        [
            PEOPLE_HEADERS,
            _row(),
            _row(
                "CA0001",
                "Nguyễn Văn An",
                "Nam",
                "12/04/1988",
                "01/09/2010",
                "Đại úy",
                "Cán bộ",
                "CAH-A",
            ),
        ]
    )
    first = run_import("people", path, user=SYSTEM)
    assert (len(first.creates), len(first.updates)) == (1, 1)
    counts = _counts()
    second = run_import("people", path, user=SYSTEM)
    assert (len(second.creates), len(second.updates), second.unchanged) == (0, 0, 2)
    assert not second.applied and _counts() == counts


def test_a_person_moved_to_another_unit_has_the_old_assignment_closed(people, xlsx):
    an = people.an
    path = xlsx(
        [
            PEOPLE_HEADERS,
            _row(
                "CA0001",
                "Nguyễn Văn An",
                "Nam",
                "12/04/1988",
                "01/09/2010",
                "Đại úy",
                "Phó Trưởng Công an",
                "CAH-B",
            ),
        ]
    )
    plan = run_import("people", path, user=SYSTEM)
    [change] = plan.updates
    assert {(d.column, d.before, d.after) for d in change.diffs} == {
        ("Mã đơn vị", "CAX-A1", "CAH-B"),
        ("Chức vụ", "Cán bộ", "Phó Trưởng Công an"),
    }
    today = dt.date.today()
    old, new = an.assignments.order_by("start")
    assert (old.unit.code, old.end) == ("CAX-A1", today - dt.timedelta(days=1))
    assert (new.unit.code, new.start, new.end, new.position) == (
        "CAH-B",
        today,
        None,
        "Phó Trưởng Công an",
    )
    an.refresh_from_db()
    assert an.unit.code == "CAH-B"
    assert old.history.latest().history_type == "~"


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        (_row(unit="CAX-Z9"), "Mã đơn vị", "Không có đơn vị mã 'CAX-Z9'"),
        (_row(unit=""), "Mã đơn vị", "Không được để trống với cán bộ mới"),
        (_row(unit="CAX A1"), "Mã đơn vị", "Mã 'CAX A1' không hợp lệ"),
        (_row(born="30/02/1995"), "Ngày sinh", "Ngày không hợp lệ: '30/02/1995'"),
        (_row(start="2015"), "Ngày vào ngành", "Ngày không hợp lệ"),
        (_row(gender="Khác"), "Giới tính", "Giá trị 'Khác' không hợp lệ; chấp nhận: Nam, Nữ."),
        (_row(name=" "), "Họ và tên", "Không được để trống"),
        (_row(code="CA 0100"), "Mã", "không hợp lệ"),
        (_row(start="01/01/1990"), "Ngày vào ngành", "phải sau ngày sinh"),
        (
            _row("CA0100", "Hoàng Văn Em", "Nam", "15/03/1995", "", "", "", "CAX-A1", "12345"),
            "Số CCCD",
            "phải gồm đúng 12 chữ số",
        ),
    ],
)
def test_a_bad_row_is_reported_with_row_and_column_and_nothing_is_written(
    people, xlsx, row, column, reason
):
    header = WITH_CCCD if len(row) > 8 else PEOPLE_HEADERS
    path = xlsx([header, _row("CA0200", "Đỗ Văn Giang"), row])
    counts = _counts()
    plan = run_import("people", path, user=SYSTEM)
    [issue] = plan.errors
    assert (issue.row, issue.column) == (3, column)
    assert reason in issue.message
    assert not plan.applied and _counts() == counts


def test_a_duplicate_code_in_the_file_is_an_error(people, xlsx):
    path = xlsx([PEOPLE_HEADERS, _row(), _row(name="Người khác")])
    plan = run_import("people", path, user=SYSTEM)
    assert [str(i) for i in plan.errors] == ["Dòng 3, cột 'Mã': Mã 'CA0100' bị trùng với dòng 2."]
    assert not Person.objects.filter(code="CA0100").exists()


def test_a_cccd_already_held_by_another_person_is_an_error(people, xlsx):
    Person.objects.filter(pk=people.cuong.pk).update(citizen_id="001085000001")
    path = xlsx(
        [
            WITH_CCCD,
            _row("CA0100", *_row()[1:8], "001085000001"),
            _row("CA0101", "Lý Thị Hoa", "Nữ", "", "", "", "", "CAX-A1", "001090000002"),
            _row("CA0102", "Tạ Văn Hùng", "Nam", "", "", "", "", "CAX-A1", "001090000002"),
        ]
    )
    plan = run_import("people", path, user=SYSTEM)
    assert [str(i) for i in plan.errors] == [
        "Dòng 2, cột 'Số CCCD': Số CCCD '001085000001' đã được dùng cho cán bộ mã CA0003.",
        "Dòng 4, cột 'Số CCCD': Số CCCD '001090000002' trùng với dòng 3.",
    ]
    assert not Person.objects.filter(code__in=["CA0100", "CA0101", "CA0102"]).exists()


def test_a_clerk_importing_a_cccd_held_outside_its_scope_learns_nothing(people, users, xlsx):
    # The same answer as an unused CCCD: the row is saved, the clash is the officers' to see.
    Person.objects.filter(pk=people.cuong.pk).update(citizen_id="001085000001")
    held = _row("CA0100", *_row()[1:8], "001085000001")
    plan = run_import("people", xlsx([WITH_CCCD, held]), user=users.clerk_a)
    assert plan.applied and not plan.errors and not plan.warnings
    assert Person.objects.filter(citizen_id="001085000001").count() == 2
    Person.objects.filter(pk=people.binh.pk).update(citizen_id="001085000002")
    inside = _row("CA0101", "Lý Thị Hoa", "Nữ", "", "", "", "", "CAX-A1", "001085000002")
    plan = run_import("people", xlsx([WITH_CCCD, inside]), user=users.clerk_a)
    assert [str(i) for i in plan.errors] == [
        "Dòng 2, cột 'Số CCCD': Số CCCD '001085000002' đã được dùng cho cán bộ mã CA0002."
    ]


def test_a_cccd_typed_as_a_number_gets_its_leading_zeros_back(people, xlsx):
    path = xlsx([WITH_CCCD, _row("CA0100", *_row()[1:8], 1095000123)])
    run_import("people", path, user=SYSTEM)
    assert Person.objects.get(code="CA0100").citizen_id == "001095000123"


def test_without_the_cccd_column_the_stored_cccd_is_kept(people, xlsx):
    Person.objects.filter(pk=people.an.pk).update(citizen_id="001088000001")
    path = xlsx(
        [
            PEOPLE_HEADERS,
            _row(
                "CA0001",
                "Nguyễn Văn An",
                "Nam",
                "12/04/1988",
                "01/09/2010",
                "Thiếu tá",
                "Cán bộ",
                "CAX-A1",
            ),
        ]
    )
    plan = run_import("people", path, user=SYSTEM)
    assert [d.column for d in plan.updates[0].diffs] == ["Cấp bậc"]
    assert Person.objects.get(pk=people.an.pk).citizen_id == "001088000001"


def test_same_name_and_birth_date_under_another_code_is_a_warning_never_a_merge(people, xlsx):
    path = xlsx(
        [
            PEOPLE_HEADERS,
            _row("CA0100", "nguyen van an", "Nam", "12/04/1988", "", "", "", "CAH-B"),
            _row("CA0101", "Hoàng Văn Em"),
            _row("CA0102", "Hoàng Văn Em", unit="CAH-A"),
        ]
    )
    plan = run_import("people", path, user=SYSTEM)
    assert plan.ok and plan.applied and len(plan.creates) == 3
    messages = {(i.row, i.column, i.message) for i in plan.warnings}
    assert (2, "Họ và tên", "Có thể trùng với CA0001 Nguyễn Văn An, Công an xã An Lạc") in messages
    assert (
        3,
        "Họ và tên",
        "Có thể trùng với CA0102 Hoàng Văn Em, Công an huyện An Phú (dòng 4 của tệp)",
    ) in messages
    assert Person.objects.filter(search_key="nguyen van an").count() == 2


def test_a_clerk_imports_only_people_of_their_subtree(people, users, xlsx):
    path = xlsx(
        [
            PEOPLE_HEADERS,
            _row("CA0100", unit="CAX-A1"),
            _row("CA0101", "Vũ Văn Khoa", unit="CAH-B"),
            _row(
                "CA0003",
                "Lê Đức Cường",
                "Nam",
                "30/01/1985",
                "01/09/2010",
                "Đại úy",
                "Cán bộ",
                "CAH-A",
            ),
        ]
    )
    counts = _counts()
    plan = run_import("people", path, user=users.clerk_a)
    assert [str(i) for i in plan.errors] == [
        "Dòng 3, cột 'Mã đơn vị': Đơn vị 'CAH-B' nằm ngoài phạm vi được phân quyền.",
        "Dòng 4, cột 'Mã': Mã 'CA0003' là của một cán bộ thuộc đơn vị nằm ngoài phạm vi "
        "được phân quyền.",
    ]
    assert _counts() == counts


def test_a_clerk_sees_no_details_of_an_out_of_scope_twin(people, users, xlsx):
    path = xlsx(
        [PEOPLE_HEADERS, _row("CA0100", "Lê Đức Cường", "Nam", "30/01/1985", "", "", "", "CAX-A1")]
    )
    plan = run_import("people", path, user=users.clerk_a, dry_run=True)
    [warning] = plan.warnings
    assert "ngoài phạm vi" in warning.message and "CA0003" not in warning.message


def test_a_read_only_role_cannot_import(users, xlsx):
    from django.core.exceptions import PermissionDenied

    path = xlsx([PEOPLE_HEADERS, _row()])
    with pytest.raises(PermissionDenied):
        run_import("people", path, user=users.viewer)


def test_a_new_service_start_after_a_recorded_interruption_is_refused(people, xlsx):
    from thidua.org.models import ServiceInterruption
    from thidua.org.services import interruption_add

    an = people.an
    interruption_add(
        interruption=ServiceInterruption(
            person=an,
            start=dt.date(2017, 3, 1),
            end=dt.date(2018, 4, 30),
            reason="Nghỉ không lương",
        )
    )
    path = xlsx(
        [
            PEOPLE_HEADERS,
            _row(
                an.code,
                an.full_name,
                "Nam",
                "12/04/1988",
                "01/06/2017",
                an.rank,
                an.position,
                "CAX-A1",
            ),
        ]
    )
    plan = run_import("people", path, user=SYSTEM)
    assert [str(i) for i in plan.errors] == [
        "Dòng 2, cột 'Ngày vào ngành': Ngày vào ngành 01/06/2017 sau thời gian gián đoạn đã ghi "
        "từ 01/03/2017 đến 30/04/2018; hãy sửa hoặc xoá thời gian gián đoạn đó trước."
    ]
    an.refresh_from_db()
    assert an.service_start == dt.date(2010, 9, 1)
