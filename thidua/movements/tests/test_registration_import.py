"""The registrations sheet: a good file creates the registrations and their entries, a
second import changes nothing, errors come by row and column, a dry run writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from thidua.accounts.scope import SYSTEM
from thidua.imports.engine import run_export, run_import
from thidua.imports.tests.conftest import write_xlsx
from thidua.movements.models import Movement, Registration, RegistrationEntry
from thidua.org.services import person_save

HEADERS = [
    "Năm",
    "Mã đơn vị",
    "Số hiệu",
    "Họ và tên",
    "Danh hiệu đăng ký",
    "Phong trào",
    "Ngày đăng ký",
    "Ghi chú",
]


@pytest.fixture
def xlsx(tmp_path):
    counter = iter(range(1000))

    def make(rows):
        return write_xlsx(tmp_path / f"dang-ky-{next(counter)}.xlsx", rows)

    return make


@pytest.fixture
def movement(units):
    return Movement.objects.create(
        name="Vì an ninh Tổ quốc",
        kind="regular",
        start_date=dt.date(2021, 1, 1),
        end_date=dt.date(2025, 12, 31),
        launching_unit=units.cat,
    )


def issues(plan) -> list[str]:
    return [str(issue) for issue in plan.errors]


def test_a_good_file_creates_registrations_and_a_second_import_changes_nothing(
    people, units, users, xlsx, movement
):
    path = xlsx(
        [
            HEADERS,
            [
                2025,
                "CAX-A1",
                "",
                "",
                "Đơn vị tiên tiến",
                "vi an ninh to quoc",
                "15/01/2025",
                "Đợt 1",
            ],
            [2025, "CAX-A1", "CA0001", "nguyen van an", "CSTĐCS", "", "", ""],
            [2025, "CAH-A", "CA0002", "", "Chiến sĩ tiên tiến", "", "", ""],
        ]
    )
    plan = run_import("registrations", path, user=users.clerk_a)
    assert plan.applied, issues(plan)
    assert len(plan.creates) == 3
    commune = Registration.objects.get(unit=units.cax_a1, year=2025)
    assert commune.collective_title.code == "don_vi_tien_tien"
    assert (commune.movement, commune.registered_on, commune.note) == (
        movement,
        dt.date(2025, 1, 15),
        "Đợt 1",
    )
    assert commune.entries.get().title.code == "cstd_co_so"
    district = Registration.objects.get(unit=units.cah_a, year=2025)
    assert district.collective_title is None
    assert district.entries.get().person == people.binh
    assert commune.history.get().history_user == users.clerk_a
    assert commune.entries.get().history.get().history_change_reason.startswith("Nhập từ Excel")

    again = run_import("registrations", path, user=users.clerk_a)
    assert again.ok and not again.applied and not again.has_changes
    assert again.unchanged == 3


def test_a_changed_title_is_an_update_with_before_and_after(people, units, xlsx):
    run_import(
        "registrations",
        xlsx([HEADERS, [2025, "CAX-A1", "CA0001", "", "Chiến sĩ tiên tiến"]]),
        user=SYSTEM,
    )
    registration = Registration.objects.get()
    version = registration.version
    plan = run_import(
        "registrations",
        xlsx([HEADERS, [2025, "CAX-A1", "CA0001", "", "Chiến sĩ thi đua cơ sở"]]),
        user=SYSTEM,
    )
    (update,) = plan.updates
    assert [(d.column, d.before, d.after) for d in update.diffs] == [
        ("Danh hiệu đăng ký", "Chiến sĩ tiên tiến", "Chiến sĩ thi đua cơ sở")
    ]
    assert RegistrationEntry.objects.get().title.code == "cstd_co_so"
    # An edit form opened before the import is refused rather than undoing it.
    registration.refresh_from_db()
    assert registration.version == version + 1


def test_errors_are_reported_by_row_and_column_and_nothing_is_written(people, units, xlsx):
    path = xlsx(
        [
            HEADERS,
            [2025, "CAX-A1", "CA0001", "", "Chiến sĩ tiên tiến"],  # fine on its own
            [2025, "CAX-ZZ", "CA0001", "", "Chiến sĩ tiên tiến"],
            [2025, "CAX-A1", "CA9999", "", "Chiến sĩ tiên tiến"],
            [2025, "CAX-A1", "CA0002", "", "Chiến sĩ tiên tiến"],  # Bình serves in CAH-A
            [2025, "CAX-A1", "", "", "Chiến sĩ tiên tiến"],  # a person's title for a unit
            [2025, "CAX-A1", "CA0001", "", "Đơn vị tiên tiến"],  # and the reverse
            [2025, "CAX-A1", "CA0001", "", "Danh hiệu không có"],
            [2025, "CAX-A1", "CA0001", "Trần Văn Khác", "Chiến sĩ tiên tiến"],
            [2025, "CAX-A1", "CA0001", "", "CSTĐCS"],  # the same person twice
            [2025, "CAX-A1", "", "", "Đơn vị tiên tiến"],
            [2025, "CAX-A1", "", "", "Đơn vị quyết thắng"],  # two collective titles
        ]
    )
    plan = run_import("registrations", path, user=SYSTEM)
    assert not plan.applied
    found = issues(plan)
    expected = [
        "Dòng 3, cột 'Mã đơn vị': Không có đơn vị mã 'CAX-ZZ' trong hệ thống.",
        "Dòng 4, cột 'Số hiệu': Không có cán bộ số hiệu 'CA9999'.",
        "Dòng 5, cột 'Số hiệu': Cán bộ Trần Thị Bình (CA0002) không thuộc đơn vị CAX-A1",
        "Dòng 6, cột 'Danh hiệu đăng ký': Danh hiệu 'Chiến sĩ tiên tiến' không dành cho tập thể.",
        "Dòng 7, cột 'Danh hiệu đăng ký': Danh hiệu 'Đơn vị tiên tiến' không dành cho cá nhân.",
        "Dòng 8, cột 'Danh hiệu đăng ký': Không rõ hình thức khen thưởng 'Danh hiệu không có'.",
        "Dòng 9, cột 'Họ và tên': Họ và tên 'Trần Văn Khác' không khớp với cán bộ số hiệu CA0001",
        "Dòng 10, cột 'Số hiệu': Trùng với dòng 2: cán bộ CA0001 đã được đăng ký năm 2025",
        "Dòng 12, cột 'Danh hiệu đăng ký': Trùng với dòng 11: đơn vị chỉ đăng ký một danh hiệu",
    ]
    for start in expected:
        assert any(message.startswith(start) for message in found), (start, found)
    assert len(found) == len(expected), found
    assert not Registration.objects.exists()


def test_a_clerk_cannot_register_a_unit_outside_their_scope(people, users, xlsx):
    plan = run_import(
        "registrations",
        xlsx([HEADERS, [2025, "CAH-B", "CA0003", "", "Chiến sĩ tiên tiến"]]),
        user=users.clerk_a,
    )
    assert issues(plan) == [
        "Dòng 2, cột 'Mã đơn vị': Đơn vị 'CAH-B' nằm ngoài phạm vi được phân quyền."
    ]


def test_membership_is_judged_on_the_first_of_january(people, units, xlsx):
    # An moved from CAX-A1 to CAH-B on 1 July 2025: CAX-A1 still registers him for 2025,
    # CAH-B does too (he serves there now); CAH-A never held him.
    person_save(person=people.an, unit=units.cah_b, start=dt.date(2025, 7, 1))
    rows = [
        HEADERS,
        [2025, "CAX-A1", "CA0001", "", "Chiến sĩ tiên tiến"],
        [2024, "CAH-B", "CA0001", "", "Chiến sĩ tiên tiến"],
        [2024, "CAH-A", "CA0001", "", "Chiến sĩ tiên tiến"],
    ]
    plan = run_import("registrations", xlsx(rows), user=SYSTEM, dry_run=True)
    assert [i.row for i in plan.errors] == [4]
    assert "không thuộc đơn vị CAH-A ngày 01/01/2024" in issues(plan)[0]


def test_rows_of_one_registration_must_agree_on_the_movement_and_date(people, xlsx, movement):
    rows = [
        HEADERS,
        [2025, "CAX-A1", "", "", "Đơn vị tiên tiến", "", "15/01/2025"],
        [2025, "CAX-A1", "CA0001", "", "Chiến sĩ tiên tiến", "", "16/01/2025"],
        [2020, "CAX-A1", "", "", "Đơn vị tiên tiến", "Vì an ninh Tổ quốc"],
        [2025, "CAH-A", "", "", "Đơn vị tiên tiến", "Phong trào không có"],
    ]
    plan = run_import("registrations", xlsx(rows), user=SYSTEM)
    assert issues(plan) == [
        "Dòng 3, cột 'Ngày đăng ký': Khác với dòng 2 (cùng đơn vị và năm thì cùng một "
        "ngày đăng ký).",
        "Dòng 4, cột 'Phong trào': Phong trào 'Vì an ninh Tổ quốc' không diễn ra trong năm 2020.",
        "Dòng 5, cột 'Phong trào': Không có phong trào 'Phong trào không có' trong hệ thống.",
    ]


def test_a_dry_run_plans_everything_and_writes_nothing(people, xlsx):
    plan = run_import(
        "registrations",
        xlsx([HEADERS, [2025, "CAX-A1", "CA0001", "", "Chiến sĩ tiên tiến"]]),
        user=SYSTEM,
        dry_run=True,
    )
    assert plan.ok and len(plan.creates) == 1 and not plan.applied
    assert not Registration.objects.exists() and not RegistrationEntry.objects.exists()


def test_a_viewer_may_not_import(people, users, xlsx):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        run_import(
            "registrations",
            xlsx([HEADERS, [2025, "CAX-A1", "CA0001", "", "Chiến sĩ tiên tiến"]]),
            user=users.viewer,
        )


def test_the_export_reimports_unchanged_and_holds_only_the_scope(people, users, xlsx, tmp_path):
    rows = [
        HEADERS,
        [2025, "CAX-A1", "", "", "Đơn vị tiên tiến", "", "15/01/2025", "Ghi chú"],
        [2025, "CAX-A1", "CA0001", "Nguyễn Văn An", "CSTĐCS", "", "15/01/2025"],
        [2025, "CAH-B", "CA0003", "", "Chiến sĩ tiên tiến"],
    ]
    assert run_import("registrations", xlsx(rows), user=SYSTEM).applied
    everything = tmp_path / "all.xlsx"
    assert run_export("registrations", everything, user=SYSTEM) == 3
    again = run_import("registrations", everything, user=SYSTEM)
    assert again.ok and not again.has_changes and again.unchanged == 3
    mine = tmp_path / "mine.xlsx"
    assert run_export("registrations", mine, user=users.clerk_a) == 2


def test_the_web_import_previews_then_applies(client_for, people, users, xlsx, settings, tmp_path):
    from django.urls import reverse

    settings.UPLOAD_DIR = tmp_path / "uploads"
    client = client_for(users.clerk_a)
    assert "Đăng ký thi đua" in client.get(reverse("imports:index")).content.decode()
    path = xlsx(
        [
            HEADERS,
            [2025, "CAX-A1", "", "", "Đơn vị tiên tiến"],
            [2025, "CAX-A1", "CA0001", "", "Chiến sĩ tiên tiến"],
        ]
    )
    with path.open("rb") as f:
        uploaded = client.post(reverse("imports:upload", args=["registrations"]), {"file": f})
    assert uploaded.status_code == 302
    token = uploaded.url.rstrip("/").rsplit("/", 1)[-1]
    preview = client.get(reverse("imports:preview", args=[token]))
    assert preview.status_code == 200 and "Xác nhận nhập" in preview.content.decode()
    assert not Registration.objects.exists()
    done = client.post(reverse("imports:confirm", args=[token]), {"action": "confirm"})
    assert done.status_code == 302
    registration = Registration.objects.get()
    assert registration.entries.get().person == people.an
    assert registration.history.get().history_user == users.clerk_a


def test_the_command_line_imports_with_dry_run_and_user(people, users, xlsx, capsys):
    from django.core.management import call_command

    path = xlsx([HEADERS, [2025, "CAX-A1", "CA0001", "", "Chiến sĩ tiên tiến"]])
    call_command("import", "registrations", str(path), "--dry-run", "--user", "clerk_a")
    assert not Registration.objects.exists()
    assert "thêm mới: 1" in capsys.readouterr().out
    call_command("import", "registrations", str(path), "--user", "clerk_a")
    assert RegistrationEntry.objects.get().history.get().history_user == users.clerk_a
