"""Certificates of a decision as one PDF: a landscape page per recipient, the record's
spelling, the unit of the decision's date, the user's scope, and every Vietnamese glyph."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from thidua.accounts.scope import SYSTEM
from thidua.awards.models import Award
from thidua.awards.services import award_revoke, decision_revoke
from thidua.reports.documents.certificates import certificates, heading, render_certificates_pdf
from thidua.reports.documents.render import DocumentError
from thidua.reports.pdf import FONT_DIR, html_to_pdf

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed"
)

VIETNAMESE = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"


def _pages(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "giay-khen.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [re.sub(r"\s+", " ", page) for page in text.split("\f") if page.strip()]


def _page_size(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "size.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    return re.search(r"Page size:\s+(.+)", info).group(1)


def test_every_recipient_gets_one_landscape_page_spelled_as_recorded(decided, tmp_path):
    pdf, count = render_certificates_pdf(SYSTEM, decided.gk)
    pages = _pages(pdf, tmp_path)
    assert count == len(pages) == 5
    assert _page_size(pdf, tmp_path).startswith("841.89 x 595.2")  # A4, landscape
    an = next(p for p in pages if "Nguyễn Văn An" in p)
    assert "GIÁM ĐỐC CÔNG AN TỈNH HƯNG YÊN" in an and "TẶNG" in an and "GIẤY KHEN" in an
    assert "Đồng chí: Đại úy Nguyễn Văn An" in an
    assert "Cán bộ, Công an xã An Lạc, Công an huyện An Phú" in an
    assert "Phá án ma túy" in an  # the achievement as recorded
    assert "Quyết định số 15/QĐ-CAT-PX01 ngày 20/12/2024" in an
    assert "Hưng Yên, ngày 20 tháng 12 năm 2024" in an
    assert "Thiếu tướng Nguyễn Văn Tỉnh" in an
    commune = next(p for p in pages if "Đồng chí" not in p)
    assert "Công an xã An Lạc" in commune and "Công an huyện An Phú" in commune


def test_a_person_is_named_with_the_unit_of_the_decisions_date(decided):
    dung = next(c for c in certificates(SYSTEM, decided.gk) if "Dung" in c["name"])
    # Dung moved to Công an huyện Bình Sơn in 2025; the certificate of 2024 names her team.
    assert dung["where"] == "Cán bộ, Đội Tổng hợp, Phòng Tham mưu"


def test_certificates_come_in_the_annex_order_people_by_unit_then_collectives(decided):
    names = [c["name"] for c in certificates(SYSTEM, decided.gk)]
    assert names[-1] == "Công an xã An Lạc"
    assert names.index("Đại úy Trần Thị Bình") < names.index("Đại úy Nguyễn Văn An")


def test_a_title_is_recognised_not_given(decided, types):
    assert heading(types.cstd_co_so) == ("CÔNG NHẬN DANH HIỆU", "CHIẾN SĨ THI ĐUA CƠ SỞ")
    assert heading(types.co_thi_dua_bca) == ("TẶNG", "CỜ THI ĐUA")
    assert heading(types.bang_khen_bo_truong) == ("TẶNG", "BẰNG KHEN")
    (an,) = certificates(SYSTEM, decided.cstdcs)
    assert an["text"] == "Năm 2023."


def test_a_clerk_prints_only_the_certificates_of_its_scope(decided, users):
    names = {c["name"] for c in certificates(users.clerk_a, decided.gk)}
    assert names == {"Đại úy Nguyễn Văn An", "Đại úy Trần Thị Bình", "Công an xã An Lạc"}


def test_a_revoked_award_gets_no_certificate_and_a_revoked_decision_none_at_all(decided):
    award_revoke(award=Award.objects.get(decision=decided.gk, person__code="CA0003"), reason="Sai")
    assert len(certificates(SYSTEM, decided.gk)) == 4
    decision_revoke(decision=decided.gk, reason="Sai thẩm quyền")
    with pytest.raises(DocumentError, match="đã bị hủy bỏ"):
        certificates(SYSTEM, decided.gk)


def test_a_decision_the_user_sees_no_recipient_of_is_refused(decided, users):
    with pytest.raises(DocumentError, match="không có giấy khen để in"):
        certificates(users.clerk_b, decided.cstdcs)


def test_a_long_achievement_is_set_smaller_and_stays_on_one_page(decided, tmp_path):
    story = "Chỉ huy phá chuyên án ma túy xuyên quốc gia, thu giữ nhiều tang vật. " * 57
    Award.objects.filter(decision=decided.gk).update(achievement=story[:4000])
    pdf, count = render_certificates_pdf(SYSTEM, decided.gk)
    assert count == len(_pages(pdf, tmp_path)) == 5


def test_the_certificates_use_only_the_bundled_font(decided, people, tmp_path):
    people.an.full_name = "Ặng Ữu Ỵ " + VIETNAMESE.upper()
    people.an.save()
    pdf, _ = render_certificates_pdf(SYSTEM, decided.gk)
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    faces = {line.split()[0].split("+")[-1] for line in fonts.splitlines()[2:]}
    # No fallback font: every glyph came from the bundled face.
    assert faces and all(face.startswith("Thi-Dua-Serif") for face in faces), faces
    text = re.sub(r"\s", "", " ".join(_pages(pdf, tmp_path)))
    assert re.sub(r"\s", "", people.an.full_name) in text


def test_every_vietnamese_letter_renders_as_a_glyph_not_a_tofu_box(tmp_path):
    """Each letter in its own cell of a grid, rendered to PNG: each must draw ink, and not
    what is drawn for a character the font lacks (a private-use one, the last cell: a box,
    or with this Pango nothing at all)."""
    pytest.importorskip("PIL")
    from PIL import Image, ImageChops

    letters = sorted(set(VIETNAMESE + VIETNAMESE.upper()))
    cells = "".join(f"<span>{c}</span>" for c in [*letters, "\ue000"])
    html = (
        "<style>@page { size: 400mm 400mm; margin: 0 } body { margin: 0 }"
        " div { width: 400mm; font-family: 'Thi Dua Serif'; font-size: 20pt; line-height: 0 }"
        " span { display: inline-block; width: 20mm; height: 20mm; line-height: 20mm;"
        " text-align: center; vertical-align: top }</style>"
        f"<div>{cells}</div>"
    )
    path = tmp_path / "glyphs.pdf"
    path.write_bytes(html_to_pdf(html))
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(path), str(tmp_path / "g")], check=True)
    image = Image.open(next(tmp_path.glob("g*.png"))).convert("L")
    step = 20 / 25.4 * 50  # a 20 mm cell at 50 dpi, in pixels

    def cell(i: int):
        row, col = divmod(i, 20)
        box = (col * step + 2, row * step + 2, (col + 1) * step - 2, (row + 1) * step - 2)
        return image.crop(tuple(round(x) for x in box))

    tofu = cell(len(letters))
    for i, letter in enumerate(letters):
        ink = ImageChops.invert(cell(i))
        assert ink.getbbox() is not None, f"{letter} drew nothing"
        assert ImageChops.difference(cell(i), tofu).getbbox() is not None, f"{letter} is a box"


def test_the_bundled_font_has_every_vietnamese_letter():
    from fontTools.ttLib import TTFont

    for face in FONT_DIR.glob("*.ttf"):
        cmap = TTFont(face).getBestCmap()
        missing = [c for c in VIETNAMESE + VIETNAMESE.upper() + "–" if ord(c) not in cmap]
        assert not missing, (face.name, missing)


def test_the_command_writes_the_pdf_and_refuses_an_unknown_decision(decided, tmp_path):
    out = io.StringIO()
    target = tmp_path / "gk.pdf"
    call_command("certificates", decision="15/qd-cat-px01", output=str(target), stdout=out)
    assert "Đã ghi 5 giấy khen của quyết định số 15/QĐ-CAT-PX01 ngày 20/12/2024" in out.getvalue()
    assert target.read_bytes().startswith(b"%PDF")
    missing = tmp_path / "none.pdf"
    with pytest.raises(CommandError, match="Không có quyết định số 99/QĐ"):
        call_command("certificates", decision="99/QĐ", output=str(missing))
    assert not missing.exists()


def test_the_decision_pages_button_downloads_the_certificates(client_for, users, decided):
    client = client_for(users.clerk_a)
    page = client.get(reverse("awards:decision_detail", args=[decided.gk.pk])).content.decode()
    url = reverse("documents:certificates", args=[decided.gk.pk])
    assert f'href="{url}"' in page and "In giấy khen (PDF)" in page
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="giay-khen-15qd-cat-px01-2024-12-20.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert (
        client_for(users.clerk_b)
        .get(reverse("documents:certificates", args=[decided.cstdcs.pk]))
        .status_code
        == 404
    )
