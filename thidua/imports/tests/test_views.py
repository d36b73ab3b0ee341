"""The import pages: template, export, upload → preview → confirm, roles and scope."""

from __future__ import annotations

import pytest
from django.urls import reverse

from thidua.imports.tests.conftest import PEOPLE_HEADERS, UNIT_HEADERS, read_back
from thidua.org.models import Person, Unit

PERSON = [
    "CA0100",
    "Hoàng Văn Em",
    "Nam",
    "15/03/1995",
    "01/09/2015",
    "Thượng úy",
    "Cán bộ",
    "CAX-A1",
]


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):
    settings.UPLOAD_DIR = tmp_path / "uploads"
    return settings.UPLOAD_DIR


def _upload(client, kind, path):
    with path.open("rb") as f:
        return client.post(reverse("imports:upload", args=[kind]), {"file": f})


def _token(response) -> str:
    assert response.status_code == 302, response.content[:500]
    return response.url.rstrip("/").rsplit("/", 1)[-1]


def test_index_lists_every_kind_with_its_actions(client_for, users):
    page = client_for(users.clerk_a).get(reverse("imports:index")).content.decode()
    for text in (
        "Đơn vị",
        "Cán bộ, chiến sĩ",
        "Tải mẫu",
        "Xuất Excel",
        "Nhập",
        reverse("imports:template", args=["units"]),
        reverse("imports:upload", args=["people"]),
    ):
        assert text in page


def test_read_only_roles_see_exports_but_no_upload_form(client_for, users):
    page = client_for(users.viewer).get(reverse("imports:index")).content.decode()
    assert "Xuất Excel" in page and reverse("imports:upload", args=["units"]) not in page


def test_pages_need_a_login(client):
    response = client.get(reverse("imports:index"))
    assert response.status_code == 302 and "/dang-nhap/" in response.url


def test_template_download_is_a_workbook_with_the_headers(client_for, users, tmp_path):
    response = client_for(users.viewer).get(reverse("imports:template", args=["units"]))
    assert response.status_code == 200
    assert 'filename="mau-units.xlsx"' in response["Content-Disposition"]
    path = tmp_path / "mau.xlsx"
    path.write_bytes(response.content)
    assert read_back(path)[0] == UNIT_HEADERS


def test_export_lists_only_what_the_user_sees(client_for, people, users, tmp_path):
    response = client_for(users.clerk_b).get(reverse("imports:export", args=["people"]))
    assert response.status_code == 200
    path = tmp_path / "xuat.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    assert [r[0] for r in read_back(path)[1:]] == ["CA0003"]


def test_export_of_an_unknown_kind_is_404(client_for, users):
    assert client_for(users.admin).get("/nhap-xuat/khen-thuong/xuat/").status_code == 404


def test_upload_preview_confirm_creates_the_rows(client_for, people, users, xlsx, upload_dir):
    client = client_for(users.clerk_a)
    moved = [
        "CA0002",
        "Trần Thị Bình",
        "Nữ",
        "03/07/1990",
        "01/09/2010",
        "Đại úy",
        "Cán bộ",
        "CAX-A1",
    ]
    path = xlsx([PEOPLE_HEADERS, PERSON, moved], title="DANH SÁCH")
    token = _token(_upload(client, "people", path))
    preview = client.get(reverse("imports:preview", args=[token]))
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "Hoàng Văn Em" in page and "Xác nhận nhập" in page
    assert "<del>CAH-A</del> → <ins>CAX-A1</ins>" in page
    assert not Person.objects.filter(code="CA0100").exists()  # the preview writes nothing
    done = client.post(reverse("imports:confirm", args=[token]), {"action": "confirm"})
    assert done.status_code == 302 and done.url == reverse("imports:index")
    assert Person.objects.get(code="CA0100").unit.code == "CAX-A1"
    assert Person.objects.get(code="CA0002").unit.code == "CAX-A1"
    assert Person.objects.get(code="CA0100").history.get().history_user == users.clerk_a
    assert not any(upload_dir.rglob("*.xlsx"))  # the kept file is deleted after confirm
    # The upload's page now tells how it ended, with nothing left to confirm.
    after = client.get(reverse("imports:preview", args=[token])).content.decode()
    assert "Đã nhập" in after and "Xác nhận nhập" not in after


def test_a_preview_with_errors_lists_them_and_has_no_confirm_button(
    client_for, people, users, xlsx
):
    client = client_for(users.clerk_a)
    path = xlsx([PEOPLE_HEADERS, PERSON, ["CA0101", "Vũ Văn Khoa", "Nam", "", "", "", "", "CAH-B"]])
    token = _token(_upload(client, "people", path))
    page = client.get(reverse("imports:preview", args=[token])).content.decode()
    assert "Đơn vị &#x27;CAH-B&#x27; nằm ngoài phạm vi được phân quyền." in page
    assert "<td>3</td><td>Mã đơn vị</td>" in page
    assert "Xác nhận nhập" not in page
    response = client.post(reverse("imports:confirm", args=[token]), {"action": "confirm"})
    assert response.status_code == 400
    assert not Person.objects.filter(code__in=["CA0100", "CA0101"]).exists()


def test_a_clerk_cannot_see_or_confirm_another_users_upload(client_for, people, users, xlsx):
    path = xlsx([PEOPLE_HEADERS, PERSON])
    token = _token(_upload(client_for(users.clerk_a), "people", path))
    other = client_for(users.clerk_b)
    assert other.get(reverse("imports:preview", args=[token])).status_code == 404
    assert other.post(reverse("imports:confirm", args=[token])).status_code == 404
    assert not Person.objects.filter(code="CA0100").exists()


@pytest.mark.parametrize("token", ["../../etc/passwd", "abc", "x" * 30])
def test_a_made_up_token_is_404(client_for, users, token):
    client = client_for(users.admin)
    assert client.get(f"/nhap-xuat/xem-truoc/{token}/").status_code == 404


def test_cancel_deletes_the_upload_without_writing(client_for, units, users, xlsx, upload_dir):
    client = client_for(users.officer)
    path = xlsx([UNIT_HEADERS, ["CAX-A2", "Xã A2", "Công an xã", "CAH-A", "", ""]])
    token = _token(_upload(client, "units", path))
    response = client.post(reverse("imports:confirm", args=[token]), {"action": "cancel"})
    assert response.status_code == 302
    assert not Unit.objects.filter(code="CAX-A2").exists()
    assert not any(upload_dir.rglob("*.xlsx"))


@pytest.mark.parametrize("role", ["viewer", "council"])
def test_read_only_roles_cannot_import(client_for, units, users, xlsx, role):
    client = client_for(getattr(users, role))
    path = xlsx([UNIT_HEADERS, ["CAX-A2", "Xã A2", "Công an xã", "CAH-A", "", ""]])
    assert _upload(client, "units", path).status_code == 403
    assert client.get("/nhap-xuat/xem-truoc/" + "a" * 32 + "/").status_code == 403
    assert not Unit.objects.filter(code="CAX-A2").exists()


def test_a_file_that_is_not_a_spreadsheet_is_refused_at_upload(client_for, users, tmp_path):
    path = tmp_path / "ghi-chu.txt"
    path.write_text("không phải bảng tính")
    response = _upload(client_for(users.officer), "units", path)
    assert response.status_code == 400
    assert "Chỉ nhận tệp Excel" in response.content.decode()
