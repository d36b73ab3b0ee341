"""The reorganisations sheet: events from rows, all-or-nothing with rows and columns, dry run,
idempotence, the round trip through the export, scope, the command line and the web import."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from thidua.accounts.scope import SYSTEM
from thidua.imports.engine import run_export, run_import
from thidua.imports.tests.conftest import read_back
from thidua.org.models import LineageEdge, Person, Reorganisation, Unit

D = dt.date
HEADERS = [
    "Ngày hiệu lực",
    "Hình thức",
    "Mã đơn vị",
    "Mã đơn vị mới",
    "Tên mới",
    "Mã đơn vị cấp trên mới",
    "Căn cứ",
    "Chuyển cán bộ",
]


def messages(plan) -> list[str]:
    return [str(issue) for issue in plan.errors]


def _district_reform() -> list[list]:
    """1 March 2025: the districts end; their communes move under the province."""
    return [
        HEADERS,
        ["01/03/2025", "Chuyển", "CAX-A1", "", "", "CAT", "02/2025/NĐ-CP", ""],
        ["01/03/2025", "Chuyển", "CAX-B1", "", "", "CAT", "02/2025/NĐ-CP", ""],
        ["01/03/2025", "Sáp nhập", "CAH-A", "CAX-A1", "", "", "02/2025/NĐ-CP", "Có"],
        ["01/03/2025", "Giải thể", "CAH-B", "", "", "", "02/2025/NĐ-CP", "Không"],
        [D(2025, 7, 1), "doi ten", "CAX-B1", "", "Công an phường Bình Minh", "", "7/QĐ", ""],
    ]


def test_rows_of_one_date_and_basis_form_one_event_and_reimport_changes_nothing(people, xlsx):
    path = xlsx(_district_reform())
    plan = run_import("reorganisations", path, user=SYSTEM)
    assert plan.ok, messages(plan)
    assert plan.applied and len(plan.creates) == 5
    assert plan.warnings == []  # the districts' communes moved in the same event
    assert Reorganisation.objects.count() == 2
    assert Reorganisation.objects.get(basis="02/2025/NĐ-CP").edges.count() == 4
    cah_a, cax_a1 = Unit.objects.get(code="CAH-A"), Unit.objects.get(code="CAX-A1")
    assert cah_a.active_to == D(2025, 2, 28)
    assert cax_a1.path == "/CAT/CAX-A1/"
    assert Person.objects.get(code="CA0002").unit == cax_a1  # moved from CAH-A
    assert Unit.objects.get(code="CAX-B1").name == "Công an phường Bình Minh"
    history = cah_a.history.first()
    assert history.history_change_reason == f"Nhập từ Excel: {path.name}"

    again = run_import("reorganisations", path, user=SYSTEM)
    assert again.ok and not again.has_changes and again.unchanged == 5
    assert LineageEdge.objects.count() == 5


def test_ending_a_unit_with_units_under_it_is_a_warning(units, xlsx):
    rows = [HEADERS, ["01/03/2025", "Giải thể", "CAH-A", "", "", "", "1/QĐ", ""]]
    plan = run_import("reorganisations", xlsx(rows), user=SYSTEM, dry_run=True)
    assert plan.ok
    assert [str(w) for w in plan.warnings] == [
        "Dòng 2, cột 'Mã đơn vị': Đơn vị CAH-A kết thúc nhưng còn 1 đơn vị trực thuộc đang "
        "hoạt động (CAX-A1): hãy chuyển hoặc sắp xếp các đơn vị đó."
    ]


def test_a_dry_run_writes_nothing(units, xlsx):
    plan = run_import("reorganisations", xlsx(_district_reform()), user=SYSTEM, dry_run=True)
    assert plan.ok and len(plan.creates) == 5 and not plan.applied
    assert not Reorganisation.objects.exists()
    assert Unit.objects.get(code="CAH-A").active_to is None


def test_cycles_and_dates_outside_the_period_are_errors_by_row_and_nothing_is_written(units, xlsx):
    path = xlsx(
        [
            HEADERS,
            ["01/03/2025", "Chuyển", "CAH-A", "", "", "CAX-A1", "1/QĐ", ""],
            ["01/01/2010", "Giải thể", "CAH-B", "", "", "", "2/QĐ", ""],
            ["01/03/2025", "Sáp nhập", "PV01", "KHONG-CO", "", "", "1/QĐ", ""],
            ["01/03/2025", "Giải thể", "PV01-D1", "PV01", "", "", "1/QĐ", "có lẽ"],
            ["01/03/2025", "Sáp nhập", "CAX-B1", "", "", "", "1/QĐ", ""],
        ]
    )
    plan = run_import("reorganisations", path, user=SYSTEM)
    assert messages(plan) == [
        "Dòng 2, cột 'Mã đơn vị cấp trên mới': Chuyển CAH-A vào CAX-A1 tạo thành vòng lặp: "
        "CAX-A1 thuộc chính đơn vị đó (CAX-A1 → CAH-A).",
        "Dòng 3, cột 'Ngày hiệu lực': Ngày hiệu lực 01/01/2010 nằm ngoài thời gian hiệu lực "
        "của đơn vị CAH-B (Công an huyện Bình Sơn) (01/01/2015 – …): đơn vị phải đang hoạt "
        "động trước ngày đó.",
        "Dòng 4, cột 'Mã đơn vị mới': Không có đơn vị mã 'KHONG-CO' trong hệ thống (đơn vị "
        "mới lập hãy nhập ở bảng Đơn vị trước).",
        "Dòng 5, cột 'Chuyển cán bộ': Giá trị 'có lẽ' không hợp lệ; chấp nhận: Có, Không.",
        "Dòng 6, cột 'Mã đơn vị mới': Sáp nhập cần đơn vị mới (đơn vị kế thừa): hãy ghi Mã "
        "đơn vị mới.",
    ]
    assert not plan.applied
    assert not Reorganisation.objects.exists()


def test_a_later_event_of_the_file_is_checked_against_an_earlier_one(units, xlsx):
    path = xlsx(
        [
            HEADERS,
            ["01/07/2025", "Sáp nhập", "CAX-A1", "CAX-B1", "", "", "B/QĐ", ""],
            ["01/03/2025", "Giải thể", "CAX-A1", "", "", "", "A/QĐ", ""],
        ]
    )
    plan = run_import("reorganisations", path, user=SYSTEM)
    assert len(plan.errors) == 1
    assert str(plan.errors[0]) == (
        "Dòng 2, cột 'Mã đơn vị': Đơn vị CAX-A1 (Công an xã An Lạc) đã kết thúc theo đợt "
        "sắp xếp A/QĐ ngày 01/03/2025."
    )
    assert Unit.objects.get(code="CAX-A1").active_to is None


def test_a_recorded_edge_with_other_content_is_an_error(units, xlsx):
    first = [HEADERS, ["01/03/2025", "Sáp nhập", "CAX-A1", "CAX-B1", "", "", "1/QĐ", "Không"]]
    assert run_import("reorganisations", xlsx(first), user=SYSTEM).applied
    changed = [HEADERS, ["01/03/2025", "Sáp nhập", "CAX-A1", "CAX-B1", "", "", "1/QĐ", "Có"]]
    plan = run_import("reorganisations", xlsx(changed), user=SYSTEM)
    assert messages(plan) == [
        "Dòng 2, cột 'Hình thức': Đợt sắp xếp 1/QĐ ngày 01/03/2025 đã ghi quan hệ này với "
        "nội dung khác (Chuyển cán bộ: Không); quan hệ đã áp dụng không sửa được bằng nhập lại."
    ]


def test_a_consolidation_may_take_a_unit_created_by_the_units_import_before(units, xlsx):
    new_unit = [
        ["Mã đơn vị", "Tên đơn vị", "Loại", "Mã đơn vị cấp trên", "Hiệu lực từ", "Hiệu lực đến"],
        ["CAX-AB", "Công an xã An Bình", "Công an xã", "CAT", "01/07/2025", ""],
    ]
    assert run_import("units", xlsx(new_unit), user=SYSTEM).applied
    rows = [
        HEADERS,
        ["01/07/2025", "Hợp nhất", "CAX-A1", "CAX-AB", "", "", "1659/NQ-UBTVQH15", "Có"],
        ["01/07/2025", "Hợp nhất", "CAX-B1", "CAX-AB", "", "", "1659/NQ-UBTVQH15", "Không"],
    ]
    plan = run_import("reorganisations", xlsx(rows), user=SYSTEM)
    assert plan.ok, messages(plan)
    assert Unit.objects.get(code="CAX-A1").active_to == D(2025, 6, 30)


def test_the_export_has_the_same_headers_and_reimports_unchanged(units, xlsx, tmp_path):
    assert run_import("reorganisations", xlsx(_district_reform()), user=SYSTEM).applied
    out = tmp_path / "sap-xep.xlsx"
    assert run_export("reorganisations", out, user=SYSTEM) == 5
    cells = read_back(out)
    assert cells[0] == HEADERS
    assert cells[1][1:] == ["Chuyển", "CAX-A1", "", "", "CAT", "02/2025/NĐ-CP", "Không"]
    again = run_import("reorganisations", out, user=SYSTEM)
    assert again.ok and not again.has_changes and again.unchanged == 5


def test_only_the_province_office_imports_reorganisations(users, xlsx):
    plan = run_import("reorganisations", xlsx(_district_reform()), user=users.clerk_a)
    assert messages(plan) == [
        "Chỉ quản trị hoặc cán bộ thi đua cấp tỉnh được nhập sắp xếp tổ chức; không dòng "
        "nào được ghi."
    ]
    assert run_import("reorganisations", xlsx(_district_reform()), user=users.officer).applied


def test_a_clerk_exports_only_the_events_touching_the_subtree(users, xlsx, tmp_path):
    rows = [
        HEADERS,
        ["01/03/2025", "Đổi tên", "CAX-A1", "", "Công an phường An Lạc", "", "1/QĐ", ""],
        ["01/03/2025", "Đổi tên", "CAX-B1", "", "Công an phường Bình Minh", "", "2/QĐ", ""],
        ["01/07/2025", "Chuyển", "PV01-D1", "", "", "CAH-B", "3/QĐ", ""],
    ]
    assert run_import("reorganisations", xlsx(rows), user=SYSTEM).applied
    out = tmp_path / "b.xlsx"
    run_export("reorganisations", out, user=users.clerk_b)
    assert {row[6] for row in read_back(out)[1:]} == {"2/QĐ", "3/QĐ"}  # 3/QĐ: the new parent
    run_export("reorganisations", out, user=users.clerk_a)
    assert {row[6] for row in read_back(out)[1:]} == {"1/QĐ"}


def test_the_command_imports_with_dry_run_and_user(users, xlsx):
    path = str(xlsx(_district_reform()))
    out = io.StringIO()
    call_command("import", "reorganisations", path, "--dry-run", stdout=out)
    assert "Chạy thử (--dry-run)" in out.getvalue()
    assert not Reorganisation.objects.exists()
    with pytest.raises(CommandError):
        call_command(
            "import",
            "reorganisations",
            path,
            "--user",
            "clerk_a",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    call_command("import", "reorganisations", path, "--user", "officer", stdout=out)
    assert "Đã ghi vào cơ sở dữ liệu." in out.getvalue()
    assert Reorganisation.objects.count() == 2


def test_the_web_import_previews_then_applies(client_for, users, xlsx):
    client = client_for(users.officer)
    path = xlsx(_district_reform())
    with path.open("rb") as handle:
        response = client.post(
            reverse("imports:upload", args=["reorganisations"]), {"file": handle}
        )
    assert response.status_code == 302
    preview = client.get(response.url)
    assert preview.status_code == 200 and "Sắp xếp tổ chức" in preview.content.decode()
    assert not Reorganisation.objects.exists()
    token = response.url.rstrip("/").split("/")[-1]
    done = client.post(reverse("imports:confirm", args=[token]))
    assert done.status_code == 302
    assert Reorganisation.objects.count() == 2
