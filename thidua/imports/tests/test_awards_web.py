"""The awards kinds on the import pages: index, template with its guide, export, and
upload → preview → confirm with the --create-missing checkbox."""

from __future__ import annotations

import pytest
from django.urls import reverse

from thidua.accounts.scope import SYSTEM
from thidua.awards.models import Award
from thidua.imports.tests.conftest import read_back
from thidua.imports.tests.test_awards import HEADERS, row
from thidua.org.models import Person

KINDS = {
    "awards": "Khen thưởng",
    "results": "Kết quả xếp loại năm",
    "initiatives": "Sáng kiến",
    "discipline": "Kỷ luật",
}


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):
    settings.UPLOAD_DIR = tmp_path / "uploads"
    return settings.UPLOAD_DIR


def _upload(client, path, **options):
    with path.open("rb") as f:
        return client.post(reverse("imports:upload", args=["awards"]), {"file": f, **options})


def _token(response) -> str:
    assert response.status_code == 302, response.content[:800]
    return response.url.rstrip("/").rsplit("/", 1)[-1]


def test_the_index_lists_the_record_kinds_and_the_create_missing_checkbox(client_for, users):
    page = client_for(users.clerk_a).get(reverse("imports:index")).content.decode()
    for kind, title in KINDS.items():
        assert f'id="sheet-{kind}"' in page and title in page
        assert reverse("imports:template", args=[kind]) in page
        assert reverse("imports:export", args=[kind]) in page
    assert page.count('name="create_missing"') == 1  # only awards has the option
    assert 'id="id_awards_create_missing"' in page


@pytest.mark.parametrize("kind", KINDS)
def test_each_template_has_the_header_an_example_and_the_guide(client_for, users, tmp_path, kind):
    response = client_for(users.viewer).get(reverse("imports:template", args=[kind]))
    assert response.status_code == 200
    path = tmp_path / f"mau-{kind}.xlsx"
    path.write_bytes(response.content)
    from thidua.imports.engine import get_spec

    spec = get_spec(kind)
    assert read_back(path)[0] == [c.header for c in spec.columns]
    assert len(read_back(path)) == 2  # the example row
    guide = read_back(path, sheet=1)
    assert guide[0] == ["Cột", "Bắt buộc", "Hướng dẫn"]
    assert all(r[2] for r in guide[1 : len(spec.columns) + 1])  # every column is explained


def test_upload_preview_confirm_with_create_missing(
    client_for, decision_12, users, xlsx, upload_dir
):
    client = client_for(users.clerk_a)
    path = xlsx([HEADERS, row(), row("", "Hoàng Văn Mới", "CAX-A1")], title="DANH SÁCH")
    token = _token(_upload(client, path, create_missing="on"))
    preview = client.get(reverse("imports:preview", args=[token]))
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "Tạo cán bộ, tập thể chưa có trong hệ thống" in page  # the chosen option is shown
    assert "Sẽ tạo cán bộ mới &#x27;Hoàng Văn Mới&#x27;" in page
    assert "(mã mới)" in page and "Chiến sĩ thi đua cơ sở" in page and "Xác nhận nhập" in page
    assert Award.objects.count() == 1  # decision_12's own
    done = client.post(reverse("imports:confirm", args=[token]), {"action": "confirm"})
    assert done.status_code == 302 and done.url == reverse("imports:index")
    assert Award.objects.count() == 3
    new = Person.objects.get(full_name="Hoàng Văn Mới")
    assert new.unverified and new.history.get().history_user == users.clerk_a


def test_without_the_checkbox_an_unknown_name_is_an_error(client_for, people, users, xlsx):
    client = client_for(users.clerk_a)
    token = _token(_upload(client, xlsx([HEADERS, row("", "Hoàng Văn Mới", "CAX-A1")])))
    page = client.get(reverse("imports:preview", args=[token])).content.decode()
    assert "Không tìm thấy cán bộ &#x27;Hoàng Văn Mới&#x27;" in page and "Xác nhận nhập" not in page
    assert (
        client.post(reverse("imports:confirm", args=[token]), {"action": "confirm"}).status_code
        == 400
    )


def test_an_achievement_update_shows_before_and_after(client_for, people, users, xlsx):
    client = client_for(users.officer)
    client.post(
        reverse(
            "imports:confirm",
            args=[_token(_upload(client, xlsx([HEADERS, row(achievement="Cũ")])))],
        ),
        {"action": "confirm"},
    )
    token = _token(_upload(client, xlsx([HEADERS, row(achievement="Mới")])))
    page = client.get(reverse("imports:preview", args=[token])).content.decode()
    assert "Thành tích: <del>Cũ</del> → <ins>Mới</ins>" in page


def test_a_clerk_gets_errors_for_rows_outside_its_subtree_and_404_for_others_uploads(
    client_for, people, users, xlsx
):
    client = client_for(users.clerk_a)
    token = _token(_upload(client, xlsx([HEADERS, row("CA0003", "Lê Đức Cường", "CAH-B")])))
    page = client.get(reverse("imports:preview", args=[token])).content.decode()
    assert "thuộc đơn vị nằm ngoài phạm vi được phân quyền" in page
    other = client_for(users.clerk_b)
    assert other.get(reverse("imports:preview", args=[token])).status_code == 404
    assert (
        other.post(reverse("imports:confirm", args=[token]), {"action": "confirm"}).status_code
        == 404
    )


def test_the_web_export_lists_only_what_the_clerk_sees(client_for, people, users, xlsx, tmp_path):
    from thidua.imports.engine import run_import

    run_import(
        "awards", xlsx([HEADERS, row(), row("CA0003", "Lê Đức Cường", "CAH-B")]), user=SYSTEM
    )
    response = client_for(users.clerk_b).get(reverse("imports:export", args=["awards"]))
    path = tmp_path / "xuat.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    assert [r[5] for r in read_back(path)[1:]] == ["CA0003"]
