"""The service interruptions sheet: identity (person, start, end), the rules of
org.services (end ≥ start, inside the service, no overlap), scope, round trip, CLI and web."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from thidua.accounts.scope import SYSTEM
from thidua.imports.engine import run_export, run_import
from thidua.imports.tests.conftest import read_back
from thidua.org.models import Person, ServiceInterruption
from thidua.org.services import interruption_add

D = dt.date
HEADERS = ["Mã", "Từ ngày", "Đến ngày", "Lý do", "Ghi chú"]
UNPAID = "Nghỉ không lương"


def messages(plan) -> list[str]:
    return [str(issue) for issue in plan.errors]


def record(person, start, end, reason=UNPAID, note="") -> ServiceInterruption:
    return interruption_add(
        interruption=ServiceInterruption(
            person=person, start=start, end=end, reason=reason, note=note
        )
    )


def periods() -> list[tuple]:
    return list(
        ServiceInterruption.objects.order_by("person__code", "start").values_list(
            "person__code", "start", "end", "reason", "note"
        )
    )


def test_interruptions_are_created_with_their_history_and_reimport_changes_nothing(
    people, users, xlsx
):
    path = xlsx(
        [
            ["Ghi chú", "Lý do", "Đến ngày", "Từ ngày", "Mã", "STT"],  # any column order
            ["", UNPAID, D(2018, 4, 30), D(2017, 3, 1), "CA0001", 1],
            [
                "Quyết định 12/QĐ",
                "  Đi học   không tính thâm niên ",
                "31.12.2020",
                "01/09/2019",
                "CA0001",
                2,
            ],
            ["", "Thôi việc, tuyển dụng lại", "30-06-2013", "01/01/2012", "CA0004", 3],
        ],
        title="DANH SÁCH GIÁN ĐOẠN",
    )
    plan = run_import("interruptions", path, user=users.officer)
    assert plan.applied and len(plan.creates) == 3, messages(plan)
    assert periods() == [
        ("CA0001", D(2017, 3, 1), D(2018, 4, 30), UNPAID, ""),
        (
            "CA0001",
            D(2019, 9, 1),
            D(2020, 12, 31),
            "Đi học không tính thâm niên",
            "Quyết định 12/QĐ",
        ),
        ("CA0004", D(2012, 1, 1), D(2013, 6, 30), "Thôi việc, tuyển dụng lại", ""),
    ]
    history = ServiceInterruption.objects.get(person=people.dung).history.get()
    assert (history.history_type, history.history_user) == ("+", users.officer)
    assert history.history_change_reason == f"Nhập từ Excel: {path.name}"
    again = run_import("interruptions", path, user=users.officer)
    assert again.ok and not again.applied and again.unchanged == 3, messages(again)
    assert ServiceInterruption.history.count() == 3


def test_a_recorded_period_takes_a_new_reason_and_note(people, xlsx):
    record(people.an, D(2017, 3, 1), D(2018, 4, 30), note="cũ")
    path = xlsx([HEADERS, ["CA0001", "01/03/2017", "30/04/2018", "Nghỉ ốm dài ngày", "mới"]])
    plan = run_import("interruptions", path, dry_run=True, user=SYSTEM)
    assert [(d.column, d.before, d.after) for d in plan.updates[0].diffs] == [
        ("Lý do", UNPAID, "Nghỉ ốm dài ngày"),
        ("Ghi chú", "cũ", "mới"),
    ]
    assert run_import("interruptions", path, user=SYSTEM).applied
    saved = ServiceInterruption.objects.get()
    assert (saved.reason, saved.note) == ("Nghỉ ốm dài ngày", "mới")
    assert saved.history.first().history_type == "~"


def test_without_a_note_column_the_stored_note_is_kept(people, xlsx):
    record(people.an, D(2017, 3, 1), D(2018, 4, 30), note="Theo đơn xin nghỉ")
    path = xlsx(
        [["Mã", "Từ ngày", "Đến ngày", "Lý do"], ["CA0001", "01/03/2017", "30/04/2018", UNPAID]]
    )
    plan = run_import("interruptions", path, user=SYSTEM)
    assert plan.ok and plan.unchanged == 1 and not plan.applied, messages(plan)
    assert ServiceInterruption.objects.get().note == "Theo đơn xin nghỉ"


ROW = ["CA0001", "01/03/2017", "30/04/2018", UNPAID, ""]


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["CA9999", *ROW[1:]], "Dòng 2, cột 'Mã': Không có cán bộ mã 'CA9999' trong hệ thống."),
        (["", *ROW[1:]], "Dòng 2, cột 'Mã': Không được để trống."),
        (
            ["CA0001", "31/02/2017", *ROW[2:]],
            "Dòng 2, cột 'Từ ngày': Ngày không hợp lệ: '31/02/2017' (cần dạng dd/mm/yyyy).",
        ),
        (["CA0001", "01/03/2017", "", UNPAID, ""], "Dòng 2, cột 'Đến ngày': Không được để trống."),
        (
            ["CA0001", "01/03/2017", "30/04/2018", "  ", ""],
            "Dòng 2, cột 'Lý do': Không được để trống.",
        ),
        (
            ["CA0001", "01/05/2018", "30/04/2018", UNPAID, ""],
            "Dòng 2, cột 'Đến ngày': Ngày kết thúc gián đoạn không được trước ngày bắt đầu.",
        ),
        (
            ["CA0001", "01/03/2010", "30/04/2011", UNPAID, ""],
            "Dòng 2, cột 'Từ ngày': Thời gian gián đoạn phải nằm trong thời gian công tác: ngày bắt "
            "đầu 01/03/2010 trước ngày vào ngành 01/09/2010.",
        ),
    ],
)
def test_bad_rows_are_reported_with_row_column_and_reason(people, xlsx, cells, expected):
    plan = run_import("interruptions", xlsx([HEADERS, cells]), user=SYSTEM)
    assert messages(plan) == [expected]
    assert not plan.applied and not ServiceInterruption.objects.exists()


def test_a_period_after_the_end_of_service_is_refused(people, xlsx):
    Person.objects.filter(pk=people.an.pk).update(service_end=D(2018, 1, 31))
    plan = run_import("interruptions", xlsx([HEADERS, ROW]), user=SYSTEM)
    assert messages(plan) == [
        "Dòng 2, cột 'Đến ngày': Thời gian gián đoạn phải nằm trong thời gian công tác: ngày kết "
        "thúc 30/04/2018 sau ngày thôi phục vụ 31/01/2018."
    ]


def test_a_person_without_a_service_start_gets_no_interruption(people, xlsx):
    Person.objects.filter(pk=people.an.pk).update(service_start=None)
    plan = run_import("interruptions", xlsx([HEADERS, ROW]), user=SYSTEM)
    assert messages(plan) == [
        "Dòng 2, cột 'Từ ngày': Cán bộ chưa có ngày vào ngành: hãy nhập ngày vào ngành trước khi "
        "ghi thời gian gián đoạn công tác."
    ]


def test_a_period_overlapping_a_recorded_one_is_refused(people, xlsx):
    record(people.an, D(2017, 3, 1), D(2018, 4, 30))
    plan = run_import(
        "interruptions",
        xlsx(
            [
                HEADERS,
                ["CA0001", "30/04/2018", "31/05/2018", "Đi học", ""],
                ["CA0002", "30/04/2018", "31/05/2018", "Đi học", ""],
            ]
        ),
        user=SYSTEM,
    )
    assert messages(plan) == [
        "Dòng 2, cột 'Từ ngày': Trùng với thời gian gián đoạn đã ghi từ 01/03/2017 đến 30/04/2018 "
        "(Nghỉ không lương). Hai thời gian gián đoạn của một người không được chồng lên nhau."
    ]
    assert ServiceInterruption.objects.count() == 1  # all or nothing: CA0002's row is not written


def test_overlapping_rows_of_one_person_in_the_same_file_are_refused(people, xlsx):
    plan = run_import(
        "interruptions",
        xlsx(
            [
                HEADERS,
                ROW,
                ["CA0001", "01/01/2018", "31/12/2018", "Đi học", ""],
                ROW,
                ["CA0002", *ROW[1:]],
            ]
        ),
        user=SYSTEM,
    )
    assert messages(plan) == [
        "Dòng 3, cột 'Từ ngày': Chồng lên thời gian gián đoạn ở dòng 2 (01/03/2017 – 30/04/2018) "
        "của cùng cán bộ.",
        "Dòng 4, cột 'Từ ngày': Chồng lên thời gian gián đoạn ở dòng 2 (01/03/2017 – 30/04/2018) "
        "của cùng cán bộ.",
    ]
    assert not ServiceInterruption.objects.exists()


def test_a_clerk_cannot_import_for_a_person_outside_the_subtree(people, users, xlsx):
    path = xlsx([HEADERS, ROW, ["CA0003", *ROW[1:]]])
    plan = run_import("interruptions", path, user=users.clerk_a)
    assert messages(plan) == [
        "Dòng 3, cột 'Mã': Cán bộ mã 'CA0003' thuộc đơn vị nằm ngoài phạm vi được phân quyền."
    ]
    assert not ServiceInterruption.objects.exists()
    assert run_import("interruptions", xlsx([HEADERS, ROW]), user=users.clerk_a).applied


def test_export_then_import_is_unchanged_and_exports_keep_to_the_scope(people, users, tmp_path):
    record(people.an, D(2017, 3, 1), D(2018, 4, 30), note="Theo đơn")
    record(people.an, D(2019, 9, 1), D(2020, 12, 31), reason="Đi học không tính thâm niên")
    record(people.cuong, D(2012, 1, 1), D(2012, 1, 1), reason="Nghỉ việc riêng")
    out = tmp_path / "xuat.xlsx"
    assert run_export("interruptions", out, user=SYSTEM) == 3
    assert read_back(out)[:2] == [
        HEADERS,
        ["CA0001", D(2017, 3, 1), D(2018, 4, 30), UNPAID, "Theo đơn"],
    ]
    plan = run_import("interruptions", out, user=SYSTEM)
    assert plan.ok and plan.unchanged == 3 and not plan.has_changes, messages(plan)
    run_export("interruptions", out, user=users.clerk_b)
    assert [r[0] for r in read_back(out)[1:]] == ["CA0003"]
    run_export("interruptions", out, options={"unit": "CAH-A"}, user=SYSTEM)
    assert [r[0] for r in read_back(out)[1:]] == ["CA0001", "CA0001"]


def test_cli_dry_run_reports_and_writes_nothing_then_import_writes(people, xlsx, tmp_path):
    path = xlsx([HEADERS, ROW])
    out = io.StringIO()
    call_command(
        "import",
        "interruptions",
        str(path),
        "--dry-run",
        "-v",
        "2",
        stdout=out,
        stderr=io.StringIO(),
    )
    assert "Số dòng: 1 — thêm mới: 1, cập nhật: 0, không đổi: 0." in out.getvalue()
    assert "Chạy thử (--dry-run)" in out.getvalue()
    assert not ServiceInterruption.objects.exists()
    call_command("import", "interruptions", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert ServiceInterruption.objects.get().person == people.an
    exported = tmp_path / "gian-doan.xlsx"
    call_command("export", "interruptions", str(exported), "--unit", "CAH-B", stdout=io.StringIO())
    assert read_back(exported) == [HEADERS]


def test_the_web_page_previews_then_confirms_an_interruptions_file(
    client_for, people, users, xlsx, settings, tmp_path
):
    settings.UPLOAD_DIR = tmp_path / "uploads"
    client = client_for(users.clerk_a)
    assert (
        reverse("imports:upload", args=["interruptions"])
        in client.get(reverse("imports:index")).content.decode()
    )
    with xlsx([HEADERS, ROW]).open("rb") as f:
        response = client.post(reverse("imports:upload", args=["interruptions"]), {"file": f})
    assert response.status_code == 302, response.content[:500]
    token = response.url.rstrip("/").rsplit("/", 1)[-1]
    page = client.get(reverse("imports:preview", args=[token])).content.decode()
    assert UNPAID in page and "Xác nhận nhập" in page
    assert not ServiceInterruption.objects.exists()
    client.post(reverse("imports:confirm", args=[token]), {"action": "confirm"})
    assert ServiceInterruption.objects.get().history.get().history_user == users.clerk_a


def test_by_person_groups_stored_rows_in_the_queryset_order_across_batches(people, monkeypatch):
    from thidua.imports.engine import lookups
    from thidua.imports.sheets import record_common

    later = record(people.an, D(2019, 9, 1), D(2020, 12, 31))
    earlier = record(people.an, D(2017, 3, 1), D(2018, 4, 30))
    other = record(people.binh, D(2017, 3, 1), D(2017, 6, 30))
    # One person per query, as with more than 5,000 people.
    monkeypatch.setattr(record_common, "chunked", lambda values: lookups.chunked(values, 1))
    found = record_common.by_person(
        ServiceInterruption.objects.order_by("start", "id"),
        [people.binh.id, people.an.id, people.an.id, people.cuong.id],
    )
    assert found == {people.an.id: [earlier, later], people.binh.id: [other]}
