"""The movement pages: list and filters, create and edit, participants, files, and who may
do what (every role of the shared cast)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import version_of
from thidua.movements import movement_services
from thidua.movements.models import Movement, MovementAttachment, MovementParticipant

PDF = b"%PDF-1.4\n%%EOF\n"


def _movement(unit, name="Bình Sơn chung sức", kind="themed", start=dt.date(2024, 1, 1), **extra):
    return Movement.objects.create(
        name=name, kind=kind, start_date=start, launching_unit=unit, **extra
    )


def _form(unit, **changes) -> dict:
    data = {
        "name": "Vì an ninh Tổ quốc giai đoạn 2020–2025",
        "kind": "regular",
        "start_date": "01/01/2021",
        "end_date": "31/12/2025",
        "launching_unit": unit.pk,
        "document_number": "31/KH-CAT",
        "document_date": "18/01/2021",
        "targets": "Kiềm chế, làm giảm tội phạm.",
        "note": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


# ── List ──────────────────────────────────────────────────────────────────────────────


@pytest.fixture
def listed(units):
    return {
        "regular": _movement(
            units.cat,
            "Vì an ninh Tổ quốc giai đoạn 2015–2020",
            "regular",
            dt.date(2016, 1, 1),
            end_date=dt.date(2020, 12, 31),
        ),
        "themed": _movement(units.cat, "Sáng tạo trong công tác Công an", "themed"),
        "peak": _movement(
            units.cah_b,
            "Đợt cao điểm Tết",
            "peak",
            dt.date(2024, 12, 15),
            end_date=dt.date(2025, 2, 28),
        ),
    }


def _names(response) -> set[str]:
    return {m.name for m in response.context["page"].object_list}


@pytest.mark.parametrize(
    "query,expected",
    [
        ({}, {"regular", "themed", "peak"}),
        ({"kind": "peak"}, {"peak"}),
        ({"year": "2018"}, {"regular"}),
        ({"year": "2025"}, {"themed", "peak"}),
        ({"q": "sang tao"}, {"themed"}),
        ({"q": "VÌ AN NINH"}, {"regular"}),
        ({"launching_unit": "CAH-B"}, {"peak"}),
        ({"kind": "nonsense"}, set()),
    ],
)
def test_the_list_filters_by_kind_year_unit_and_accent_free_name(
    client_for, users, listed, query, expected
):
    response = client_for(users.clerk_a).get(reverse("movements:movement_list"), query)
    assert response.status_code == 200
    assert _names(response) == {listed[k].name for k in expected}


def test_the_list_offers_only_launching_units_and_the_years_movements_cover(
    client_for, users, units, listed
):
    response = client_for(users.viewer).get(reverse("movements:movement_list"))
    launchers = response.context["form"].fields["launching_unit"].queryset
    assert set(launchers.values_list("code", flat=True)) == {"CAT", "CAH-B"}
    assert response.context["years"][-1] == 2016
    assert b"Th\xc3\xaam phong tr\xc3\xa0o" not in response.content  # no write button


# ── Create and edit, by role ──────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    "role,unit,status",
    [
        ("admin", "cah_b", 302),
        ("officer", "cat", 302),
        ("clerk_a", "cah_a", 302),
        ("clerk_a", "cax_a1", 302),
        ("clerk_a", "cah_b", 400),  # not a unit of their subtree
        ("clerk_a", "cat", 400),
        ("council", "cat", 403),
        ("viewer", "cat", 403),
    ],
)
def test_who_creates_a_movement_for_which_unit(client_for, users, units, role, unit, status):
    response = client_for(getattr(users, role)).post(
        reverse("movements:movement_create"), _form(getattr(units, unit))
    )
    assert response.status_code == status
    assert Movement.objects.exists() is (status == 302)
    if status == 302:
        movement = Movement.objects.get()
        assert response.url == movement.get_absolute_url()
        assert movement.history.get().history_user == getattr(users, role)
        assert movement.search_key == "vi an ninh to quoc giai doan 2020–2025"


def test_a_peak_drive_needs_its_end_date(client_for, users, units):
    response = client_for(users.officer).post(
        reverse("movements:movement_create"), _form(units.cat, kind="peak", end_date="")
    )
    assert response.status_code == 400
    assert "Đợt cao điểm phải có ngày kết thúc." in response.content.decode()


def test_an_end_before_the_start_is_refused_on_its_field(client_for, users, units):
    response = client_for(users.officer).post(
        reverse("movements:movement_create"), _form(units.cat, end_date="31/12/2019")
    )
    assert response.status_code == 400
    assert "Ngày kết thúc phải sau ngày bắt đầu." in response.content.decode()


@pytest.mark.parametrize(
    "role,status",
    [
        ("admin", 302),
        ("officer", 302),
        ("clerk_b", 302),
        ("clerk_a", 403),
        ("council", 403),
        ("viewer", 403),
    ],
)
def test_who_edits_a_units_movement(client_for, users, units, role, status):
    movement = _movement(units.cah_b)
    client = client_for(getattr(users, role))
    assert client.get(reverse("movements:movement_edit", args=[movement.pk])).status_code == (
        200 if status == 302 else 403
    )
    response = client.post(
        reverse("movements:movement_edit", args=[movement.pk]),
        _form(units.cah_b, name="Bình Sơn chung sức 2025", version=version_of(movement)),
    )
    assert response.status_code == status
    movement.refresh_from_db()
    assert (movement.name == "Bình Sơn chung sức 2025") is (status == 302)


def test_a_clerk_cannot_hand_their_movement_to_another_subtree(client_for, users, units):
    movement = _movement(units.cah_b)
    response = client_for(users.clerk_b).post(
        reverse("movements:movement_edit", args=[movement.pk]),
        _form(units.cah_a, version=version_of(movement)),
    )
    assert response.status_code == 400
    assert Movement.objects.get().launching_unit == units.cah_b


def test_an_edit_from_a_stale_page_is_refused(client_for, users, units):
    movement = _movement(units.cah_b)
    shown = version_of(movement)
    movement.note = "đổi bởi người khác"
    movement.save()
    response = client_for(users.officer).post(
        reverse("movements:movement_edit", args=[movement.pk]),
        _form(units.cah_b, name="Tên mới", version=shown),
    )
    assert response.status_code == 400
    assert "vừa được người khác thay đổi" in response.content.decode()
    assert Movement.objects.get().name == "Bình Sơn chung sức"


@pytest.mark.parametrize(
    "role,buttons", [("officer", True), ("clerk_b", True), ("clerk_a", False), ("viewer", False)]
)
def test_everyone_reads_a_movement_and_only_its_editors_see_write_buttons(
    client_for, users, units, role, buttons
):
    movement = _movement(units.cah_b)
    response = client_for(getattr(users, role)).get(movement.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert ("Sửa phong trào" in page) is buttons
    assert ("Tải lên" in page) is buttons
    assert ("Kèm các đơn vị trực thuộc" in page) is buttons


def test_anonymous_visitors_are_sent_to_login(client, units):
    movement = _movement(units.cat)
    response = client.get(movement.get_absolute_url())
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# ── Participants ──────────────────────────────────────────────────────────────────────


def test_a_unit_joins_with_the_units_under_it_and_leaves_again(client_for, users, units):
    movement = _movement(units.cah_b)
    client = client_for(users.clerk_b)
    response = client.post(
        reverse("movements:movement_participant_add", args=[movement.pk]),
        {"unit": units.cah_b.pk, "with_children": "on"},
    )
    assert response.status_code == 302
    joined = MovementParticipant.objects.filter(movement=movement)
    assert set(joined.values_list("unit__code", flat=True)) == {"CAH-B", "CAX-B1"}
    assert MovementParticipant.history.filter(history_user=users.clerk_b).count() == 2
    page = client.get(movement.get_absolute_url()).content.decode()
    assert "Công an xã Bình Minh" in page
    again = client.post(
        reverse("movements:movement_participant_add", args=[movement.pk]),
        {"unit": units.cah_b.pk},
        follow=True,
    )
    assert "Đơn vị đã có trong danh sách tham gia." in again.content.decode()
    commune = joined.get(unit=units.cax_b1)
    response = client.post(reverse("movements:movement_participant_remove", args=[commune.pk]))
    assert response.status_code == 302
    assert list(joined.values_list("unit__code", flat=True)) == ["CAH-B"]


def test_a_clerk_picks_participants_only_in_their_subtree(client_for, users, units):
    movement = _movement(units.cah_b)
    client_for(users.clerk_b).post(
        reverse("movements:movement_participant_add", args=[movement.pk]),
        {"unit": units.cah_a.pk},
    )
    assert not MovementParticipant.objects.exists()


@pytest.mark.parametrize("role", ["clerk_a", "viewer", "council"])
def test_others_may_not_change_the_participants(client_for, users, units, role):
    movement = _movement(units.cah_b)
    kept = MovementParticipant.objects.create(movement=movement, unit=units.cax_b1)
    client = client_for(getattr(users, role))
    add = client.post(
        reverse("movements:movement_participant_add", args=[movement.pk]),
        {"unit": units.cah_b.pk},
    )
    remove = client.post(reverse("movements:movement_participant_remove", args=[kept.pk]))
    assert (add.status_code, remove.status_code) == (403, 403)
    assert list(MovementParticipant.objects.all()) == [kept]


# ── Attachments ───────────────────────────────────────────────────────────────────────


def test_an_editor_uploads_and_deletes_a_file_that_everyone_downloads(
    client_for, users, units, media, django_capture_on_commit_callbacks
):
    movement = _movement(units.cah_b)
    client = client_for(users.clerk_b)
    response = client.post(
        reverse("movements:movement_attachment_add", args=[movement.pk]),
        {"file": SimpleUploadedFile("Kế hoạch phát động.pdf", PDF)},
    )
    assert response.status_code == 302
    attachment = MovementAttachment.objects.get()
    assert attachment.original_name == "Kế hoạch phát động.pdf"
    assert "Kế hoạch" not in attachment.file.name  # a random name on disk
    assert attachment.uploaded_by == users.clerk_b
    download = client_for(users.viewer).get(
        reverse("movements:movement_attachment_download", args=[attachment.pk])
    )
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PDF
    stored = media / attachment.file.name
    assert stored.exists()
    client = client_for(users.clerk_b)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("movements:movement_attachment_remove", args=[attachment.pk])
        )
    assert response.status_code == 302
    assert not MovementAttachment.objects.exists()
    assert not stored.exists()


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("ke-hoach.exe", b"MZ", "chỉ nhận tệp DOCX, JPEG, PDF, PNG"),
        ("ke-hoach.pdf", b"MZ\x90\x00 not a pdf", "không phải là tệp PDF"),
        ("ke-hoach.docx", b"PK\x03\x04broken", "không phải là tệp DOCX"),
        ("rong.png", b"", "rỗng"),
    ],
)
def test_a_file_is_checked_by_extension_and_content(
    client_for, users, units, media, name, content, message
):
    movement = _movement(units.cah_b)
    response = client_for(users.clerk_b).post(
        reverse("movements:movement_attachment_add", args=[movement.pk]),
        {"file": SimpleUploadedFile(name, content)},
        follow=True,
    )
    assert message in response.content.decode()
    assert not MovementAttachment.objects.exists()
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_a_file_over_the_limit_is_refused(client_for, users, units, media, settings):
    settings.THIDUA_ATTACHMENT_MAX_BYTES = 10
    movement = _movement(units.cah_b)
    response = client_for(users.clerk_b).post(
        reverse("movements:movement_attachment_add", args=[movement.pk]),
        {"file": SimpleUploadedFile("ke-hoach.pdf", PDF)},
        follow=True,
    )
    assert "vượt giới hạn" in response.content.decode()
    assert not MovementAttachment.objects.exists()


@pytest.mark.parametrize("role", ["clerk_a", "viewer", "council"])
def test_others_may_not_add_or_delete_files(client_for, users, units, media, role):
    movement = _movement(units.cah_b)
    kept = movement_services.attachment_add(
        actor=users.clerk_b, movement=movement, upload=SimpleUploadedFile("a.pdf", PDF)
    )
    client = client_for(getattr(users, role))
    add = client.post(
        reverse("movements:movement_attachment_add", args=[movement.pk]),
        {"file": SimpleUploadedFile("b.pdf", PDF)},
    )
    remove = client.post(reverse("movements:movement_attachment_remove", args=[kept.pk]))
    assert (add.status_code, remove.status_code) == (403, 403)
    assert list(MovementAttachment.objects.all()) == [kept]


def test_the_services_refuse_an_actor_without_rights(users, units, media):
    movement = _movement(units.cah_b)
    with pytest.raises(PermissionDenied):
        movement_services.participants_add(actor=users.clerk_a, movement=movement, unit=units.cah_a)
    with pytest.raises(PermissionDenied):
        movement_services.movement_save(actor=None, movement=Movement(name="x"))
