"""The pages: proposals, "why not", rules, list check — and the clerk's scope (404)."""

from __future__ import annotations

import io

from django.urls import reverse
from openpyxl import load_workbook

from .conftest import YEAR
from .helpers import candidate_file


def _proposals(client, **params):
    return client.get(reverse("eligibility:proposals"), {"year": YEAR, **params})


def test_proposals_list_an_for_cstd_cand_with_reasons(record, users, client_for):
    response = _proposals(client_for(users.officer))
    assert response.status_code == 200
    page = response.content.decode()
    section = page[page.index('id="cstd_cand"') :]
    section = section[: section.index("</table>")]
    assert "Nguyễn Văn An" in section
    assert "Có 3 lần liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở" in section
    # The evidence links to the decision search.
    assert f"{reverse('awards:decision_list')}?number=9%2FQ%C4%90-CAT" in section
    assert "Hội đồng xét" in section


def test_proposals_for_one_award_type_are_paginated_and_exported(record, users, client_for):
    client = client_for(users.officer)
    page = _proposals(client, award="cstd_cand").content.decode()
    assert "Nguyễn Văn An" in page and "Trần Thị Bình" not in page
    export = _proposals(client, award="chien_si_tien_tien", xuat="xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(export.content))["Kết luận"].iter_rows(values_only=True))
    assert {r[1] for r in rows[1:]} == {"CA0001", "CA0002"}


def test_an_unverified_rule_is_noted_once_not_badged_beside_every_person(record, users, client_for):
    page = _proposals(client_for(users.officer), award="chien_si_tien_tien").content.decode()
    assert page.count("Lưu ý về quy định") == 1
    assert "không phải về người được đề xuất" in page
    assert "giá trị chưa đối chiếu được với văn bản gốc; cần kiểm tra trước khi đề nghị" in page
    assert 'class="badge warn"' not in page


def test_the_person_page_shows_first_what_the_person_can_be_proposed_for(record, users, client_for):
    page = _recipient(client_for(users.clerk_a), "ca-nhan", "CA0002").content.decode()
    folded = page.index('<details class="others">')
    assert page.index("Chiến sĩ tiên tiến") < folded  # eligible, shown first
    assert page.index("Chiến sĩ thi đua Công an nhân dân", folded) > folded  # not, folded
    assert "Chưa đủ điều kiện: " in page and "Lưu ý về quy định" in page


def test_without_a_year_the_page_only_shows_the_form(record, users, client_for):
    page = client_for(users.officer).get(reverse("eligibility:proposals")).content.decode()
    assert "Xét" in page and "Nguyễn Văn An" not in page


def test_a_clerk_proposals_never_list_people_outside_its_subtree(record, users, client_for):
    page = _proposals(client_for(users.clerk_b)).content.decode()
    assert "Nguyễn Văn An" not in page and "Trần Thị Bình" not in page


def test_a_clerk_cannot_sweep_another_units_subtree(record, users, client_for, units):
    response = _proposals(client_for(users.clerk_b), unit="CAH-A")
    assert response.status_code == 200
    assert "Nguyễn Văn An" not in response.content.decode()  # not a valid choice


def _recipient(client, kind, code, year=YEAR):
    return client.get(reverse("eligibility:recipient", args=[kind, code]), {"year": year})


def test_why_not_shows_every_award_type_and_what_is_missing(record, users, client_for):
    response = _recipient(client_for(users.clerk_a), "ca-nhan", "CA0002")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Chiến sĩ thi đua Công an nhân dân" in page
    assert "còn thiếu" in page and "Chưa đủ điều kiện" in page
    assert reverse("org:person_detail", args=[record.binh.pk]) in page


def test_the_recipient_page_of_a_unit(record, users, client_for):
    page = _recipient(client_for(users.clerk_a), "don-vi", "CAH-A").content.decode()
    assert "Đơn vị tiên tiến" in page and "Xét khen thưởng tập thể" in page


def test_the_recipient_page_outside_the_scope_is_404(record, users, client_for):
    client = client_for(users.clerk_b)
    assert _recipient(client, "ca-nhan", "CA0001").status_code == 404
    assert _recipient(client, "don-vi", "CAH-A").status_code == 404
    assert _recipient(client, "khac", "CA0003").status_code == 404


def test_a_year_without_a_pack_says_so(record, users, client_for):
    page = _recipient(client_for(users.officer), "ca-nhan", "CA0001", 2001).content.decode()
    assert "Không có gói quy tắc nào áp dụng cho năm 2001" in page


def test_everyone_may_read_the_rules(record, users, client_for):
    response = client_for(users.viewer).get(reverse("eligibility:rules"))
    page = response.content.decode()
    assert response.status_code == 200
    from thidua.rules.engine import default_rulebook

    for pack in ("cand_2024", "cand_2019", "luat_2022", "luat_2003"):
        assert default_rulebook().packs[pack].title in page  # by name, not internal key
    assert "Thông tư 04/2024/TT-BCA" in page and "chưa đối chiếu văn bản" in page
    assert "thidua/rules" not in page  # no file paths
    assert "Điều 22 Luật Thi đua, khen thưởng 2022" in page
    older = client_for(users.viewer).get(reverse("eligibility:rules"), {"goi": "cand_2019"})
    assert "Chỉ tiêu:" in older.content.decode()
    assert (
        client_for(users.viewer).get(reverse("eligibility:rules"), {"goi": "khong-co"}).status_code
        == 404
    )


def test_pages_need_a_login(client):
    response = client.get(reverse("eligibility:proposals"))
    assert response.status_code == 302


def test_the_check_page_gives_per_row_verdicts(record, users, client_for, tmp_path):
    path = candidate_file(
        tmp_path / "de-nghi.xlsx",
        [
            {
                "Hình thức khen thưởng": "Chiến sĩ thi đua Công an nhân dân",
                "Đối tượng": "Cá nhân",
                "Mã": "CA0001",
            },
            {"Hình thức khen thưởng": "cstd cand", "Đối tượng": "ca nhan", "Mã": "CA0002"},
            {"Hình thức khen thưởng": "CSTĐCS", "Đối tượng": "Cá nhân", "Mã": "CA0003"},
        ],
    )
    with path.open("rb") as fh:
        response = client_for(users.clerk_a).post(
            reverse("eligibility:check"), {"year": YEAR, "file": fh}
        )
    page = response.content.decode()
    assert response.status_code == 200
    assert "1/2 dòng đủ điều kiện" in page
    assert "còn thiếu" in page
    # Cường (CAH-B) is outside clerk_a's subtree: reported as not found, not judged.
    assert "Dòng 6, cột &#x27;Mã&#x27;: Không tìm thấy cán bộ có mã &#x27;CA0003&#x27;" in page


def test_a_list_over_its_ceiling_says_how_many_to_cut():
    from django.template.loader import render_to_string

    from thidua.rules.quotas import QuotaLine

    line = QuotaLine(
        "cstd_co_so",
        "Không quá 15% số Chiến sĩ tiên tiến",
        "Chiến sĩ tiên tiến",
        4497,
        15,
        674,
        1254,
        "Khoản 2 Điều 8 Nghị định 91/2017/NĐ-CP",
        "verified_old",
        "",
    )
    html = render_to_string("eligibility/_quotas.html", {"quotas": [line]})
    text = " ".join(html.split())
    assert "1.254 đề xuất, tối đa 674 (15% của 4.497 Chiến sĩ tiên tiến)" in text
    assert "vượt 580, cần bớt trước khi trình" in text and 'class="quota over"' in html
