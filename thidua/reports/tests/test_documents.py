"""The Word documents rendered from the bundled templates and read back with python-docx:
what each one says, the unit of the decision's date, the scope, the layout of Decree 30."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document
from docx.shared import Mm, Pt
from docxtpl import DocxTemplate

from thidua.accounts.scope import SYSTEM
from thidua.awards.models import Award, YearlyResult
from thidua.awards.services import Recipient, award_revoke, decision_create, decision_revoke
from thidua.org.models import Assignment, Person
from thidua.reports.documents import contexts, letters, minutes
from thidua.reports.documents import render as documents
from thidua.reports.summary import period_summary
from thidua.reports.tests.conftest import (
    annex_tables,
    open_docx,
    paragraphs,
    people_by_unit,
    text_of,
)

pytestmark = pytest.mark.django_db


def rendered(make) -> tuple:
    buffer = io.BytesIO()
    context = make(buffer)
    return open_docx(buffer.getvalue()), context


def test_the_decision_holds_its_number_date_authority_signer_and_award(decided):
    doc, _ = rendered(lambda t: documents.render_decision_docx(SYSTEM, decided.gk, t))
    text = text_of(doc)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BỘ CÔNG AN",
        "CÔNG AN TỈNH HƯNG YÊN",
        "Số: 15/QĐ-CAT-PX01",
        "Hưng Yên, ngày 20 tháng 12 năm 2024",
        "QUYẾT ĐỊNH",
        "Về việc tặng Giấy khen của Giám đốc Công an tỉnh",
        "GIÁM ĐỐC CÔNG AN TỈNH HƯNG YÊN",
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023",
        "Điều 1. Tặng Giấy khen của Giám đốc Công an tỉnh cho 1 tập thể và 4 cá nhân "
        "(có danh sách kèm theo), đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2024.",
        "Nơi nhận:",
        "Thiếu tướng Nguyễn Văn Tỉnh",
        "DANH SÁCH CÁ NHÂN ĐƯỢC TẶNG GIẤY KHEN CỦA GIÁM ĐỐC CÔNG AN TỈNH",
        "(Kèm theo Quyết định số 15/QĐ-CAT-PX01 ngày 20 tháng 12 năm 2024 của Giám đốc Công "
        "an tỉnh Hưng Yên)",
        "DANH SÁCH TẬP THỂ ĐƯỢC TẶNG GIẤY KHEN CỦA GIÁM ĐỐC CÔNG AN TỈNH",
    ):
        assert expected in text, expected
    assert "GIÁM ĐỐC" in paragraphs(doc)  # the signer's title, on a line of its own


def test_the_annex_groups_people_by_their_unit_on_the_decision_date(decided):
    doc, _ = rendered(lambda t: documents.render_decision_docx(SYSTEM, decided.gk, t))
    groups = people_by_unit(doc)
    # Units in the order of the tree, numbered I, II…; people numbered through the list.
    assert list(groups) == [
        "I. Công an huyện An Phú",
        "II. Công an xã An Lạc",
        "III. Công an huyện Bình Sơn",
        "IV. Đội Tổng hợp",
    ]
    assert groups["I. Công an huyện An Phú"] == [["1", "Trần Thị Bình", "Đại úy", "Cán bộ"]]
    assert groups["II. Công an xã An Lạc"] == [["2", "Nguyễn Văn An", "Đại úy", "Cán bộ"]]
    assert groups["III. Công an huyện Bình Sơn"] == [["3", "Lê Đức Cường", "Đại úy", "Cán bộ"]]
    # Dung serves in Bình Sơn since March 2025; on 20/12/2024 she was in the Đội Tổng hợp.
    assert groups["IV. Đội Tổng hợp"] == [["4", "Phạm Thị Dung", "Đại úy", "Cán bộ"]]
    units = [rows for rows in annex_tables(doc) if rows[0][:2] == ["TT", "Tên tập thể"]]
    assert units == [
        [
            ["TT", "Tên tập thể", "Đơn vị cấp trên"],
            ["1", "Công an xã An Lạc", "Công an huyện An Phú"],
        ]
    ]


def test_a_clerks_decision_lists_only_the_recipients_of_its_scope(decided, users):
    doc, context = rendered(lambda t: documents.render_decision_docx(users.clerk_a, decided.gk, t))
    text = text_of(doc)
    assert "Nguyễn Văn An" in text and "Trần Thị Bình" in text
    assert "Lê Đức Cường" not in text and "Phạm Thị Dung" not in text
    assert "cho 1 tập thể và 2 cá nhân" in text
    assert context["individual_count"] == 2
    other, _ = rendered(lambda t: documents.render_decision_docx(users.clerk_b, decided.gk, t))
    groups = people_by_unit(other)
    # clerk_b sees Dung (in its district now), listed where she served on the decision's date.
    assert list(groups) == ["I. Công an huyện Bình Sơn", "II. Đội Tổng hợp"]
    assert "Công an xã An Lạc" not in text_of(other)


def test_revoked_awards_are_left_out_and_a_revoked_decision_is_refused(decided, people):
    award_revoke(award=decided.gk.awards.get(person=people.cuong), reason="Không đúng đối tượng")
    doc, _ = rendered(lambda t: documents.render_decision_docx(SYSTEM, decided.gk, t))
    assert "Lê Đức Cường" not in text_of(doc) and "cho 1 tập thể và 3 cá nhân" in text_of(doc)
    decision_revoke(decision=decided.gk, reason="Sai thẩm quyền")
    decided.gk.refresh_from_db()
    with pytest.raises(documents.DocumentError, match="đã bị hủy bỏ; không lập văn bản"):
        documents.render_decision_docx(SYSTEM, decided.gk, io.BytesIO())


def test_the_submission_proposes_the_same_list_from_the_users_unit(decided, users):
    doc, _ = rendered(lambda t: documents.render_submission_docx(SYSTEM, decided.gk, t))
    text = text_of(doc)
    for expected in (
        "CÔNG AN TỈNH HƯNG YÊN",
        "/TTr-CAT",
        "TỜ TRÌNH",
        "Về việc đề nghị tặng Giấy khen của Giám đốc Công an tỉnh",
        "Kính gửi: Giám đốc Công an tỉnh Hưng Yên.",
        "Công an tỉnh Hưng Yên kính đề nghị Giám đốc Công an tỉnh Hưng Yên xem xét, tặng Giấy "
        "khen của Giám đốc Công an tỉnh cho 1 tập thể và 4 cá nhân (có danh sách kèm theo)",
        "Công an tỉnh Hưng Yên kính trình Giám đốc Công an tỉnh Hưng Yên xem xét, quyết định./.",
        "DANH SÁCH CÁ NHÂN ĐỀ NGHỊ TẶNG GIẤY KHEN CỦA GIÁM ĐỐC CÔNG AN TỈNH",
    ):
        assert expected in text, expected
    assert "Hưng Yên, ngày\u00a0" in text and "năm 2024" in text  # day and month left blank
    assert list(people_by_unit(doc))[-1] == "IV. Đội Tổng hợp"
    mine, _ = rendered(lambda t: documents.render_submission_docx(users.clerk_a, decided.gk, t))
    text = text_of(mine)
    assert "BỘ CÔNG AN" not in text and "CÔNG AN TỈNH HƯNG YÊN" in text  # the unit above
    assert "CÔNG AN HUYỆN AN PHÚ" in text and "/TTr-CAH-A" in text
    assert "Công an huyện An Phú kính đề nghị" in text and "cho 1 tập thể và 2 cá nhân" in text
    assert "TRƯỞNG CÔNG AN" in paragraphs(mine)


def test_the_achievement_summary_holds_the_person_and_the_record_by_year(decided, people, types):
    doc, _ = rendered(lambda t: documents.render_achievement_docx(people.an, t))
    text = text_of(doc)
    for expected in (
        "Mẫu số 02",
        "BÁO CÁO THÀNH TÍCH",
        "I. THÔNG TIN CHUNG",
        "- Họ và tên: Nguyễn Văn An",
        "- Sinh ngày, tháng, năm: 12/04/1988",
        "- Giới tính: Nam",
        "- Đơn vị công tác: Công an xã An Lạc",
        "- Chức vụ (Đảng, chính quyền, đoàn thể): Cán bộ",
        "- Cấp bậc: Đại úy",
        "II. THÀNH TÍCH ĐẠT ĐƯỢC",
        "2. Thành tích đạt được của cá nhân:",
        "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
        "THỦ TRƯỞNG ĐƠN VỊ",
        "NGƯỜI BÁO CÁO",
    ):
        assert expected in text, expected
    titles, forms = [t for t in doc.tables if t.rows[0].cells[0].text == "Năm"]
    assert [[c.text for c in r.cells] for r in titles.rows[1:]] == [
        [
            "2023",
            "Chiến sĩ thi đua cơ sở",
            "Quyết định số 7/QĐ-CAT-PX01 ngày 25/12/2023 của Giám đốc Công an tỉnh Hưng Yên",
        ]
    ]
    assert [[c.text for c in r.cells] for r in forms.rows[1:]] == [
        [
            "2024",
            "Giấy khen của Giám đốc Công an tỉnh",
            "Quyết định số 15/QĐ-CAT-PX01 ngày 20/12/2024 của Giám đốc Công an tỉnh Hưng Yên",
        ]
    ]
    assert paragraphs(doc)[-1] == "Nguyễn Văn An"  # the name under the signature


def test_an_achievement_summary_without_awards_says_so(people):
    doc, context = rendered(lambda t: documents.render_achievement_docx(people.binh, t))
    assert context["titles"] == [] and context["forms"] == []
    assert [line for line in paragraphs(doc) if line == "Chưa có."] == ["Chưa có.", "Chưa có."]


def test_a_yearly_review_title_without_a_decision_is_listed_as_such(people, types):
    YearlyResult.objects.create(person=people.binh, year=2022, title=types.chien_si_tien_tien)
    context = contexts.achievement_context(people.binh)
    assert context["titles"] == [
        {
            "year": "2022",
            "award": "Chiến sĩ tiên tiến",
            "decision": "Theo kết quả xếp loại năm; chưa có quyết định trong hồ sơ",
        }
    ]


def test_the_summary_report_holds_the_sentences_the_table_and_the_totals(decided, types, units):
    for year in (2022, 2023, 2024):
        decision_create(
            number=f"{year}/QĐ-ĐVQT",
            date=dt.date(year, 12, 28),
            award_type=types.don_vi_quyet_thang,
            recipients=[Recipient(unit=units.cah_a, year_from=year)],
        )
    summary = period_summary(user=SYSTEM, year_from=2020, year_to=2024, unit_code="CAT")
    buffer = io.BytesIO()
    documents.render_summary_docx(summary, buffer)
    doc = open_docx(buffer.getvalue())
    text = text_of(doc)
    assert "BÁO CÁO" in text
    assert "Tổng kết công tác thi đua, khen thưởng giai đoạn 2020–2024" in text
    for sentence in summary.text:
        assert sentence in paragraphs(doc)
    rows = [[c.text for c in r.cells] for r in doc.tables[1].rows]
    assert rows[0] == ["TT", "Hình thức khen thưởng", "Tập thể", "Cá nhân", "Lượt tập thể",
                       "Lượt cá nhân"]  # fmt: skip
    assert ["2", "Đơn vị quyết thắng", "1", "0", "3", "0"] in rows
    assert ["3", "Giấy khen của Giám đốc Công an tỉnh", "1", "4", "1", "4"] in rows
    assert rows[-1] == ["Tổng cộng", "Tổng cộng", "2", "4", "4", "5"]  # a merged cell
    runs = [[c.text for c in r.cells] for r in doc.tables[2].rows]
    assert runs[1] == ["1", "Công an huyện An Phú", "Đơn vị quyết thắng", "3", "2022–2024"]


def test_a_summary_without_titles_held_year_after_year_says_so(db, units):
    summary = period_summary(user=SYSTEM, year_from=1990, year_to=1991)
    buffer = io.BytesIO()
    documents.render_summary_docx(summary, buffer)
    text = text_of(open_docx(buffer.getvalue()))
    assert "Năm 1990–1991" not in text
    assert "Không có tập thể nào đạt một danh hiệu từ hai năm liền trở lên trong giai đoạn " in text


def test_documents_are_a4_in_times_new_roman_with_the_margins_of_decree_30(decided, people):
    doc, _ = rendered(lambda t: documents.render_decision_docx(SYSTEM, decided.gk, t))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert 20 <= round(section.top_margin.mm) <= 25 and 20 <= round(section.bottom_margin.mm) <= 25
    assert 30 <= round(section.left_margin.mm) <= 35 and 15 <= round(section.right_margin.mm) <= 20
    normal = doc.styles["Normal"].font
    assert (normal.name, normal.size) == ("Times New Roman", Pt(13))
    sizes = {r.font.size for p in doc.paragraphs for r in p.runs if r.text == "QUYẾT ĐỊNH"}
    assert sizes == {Pt(14)}
    place = next(r for p in doc.tables[0].rows[1].cells[1].paragraphs for r in p.runs)
    assert place.italic and place.text.startswith("Hưng Yên, ngày")
    motto = next(r for c in doc.tables[0].rows[0].cells for p in c.paragraphs for r in p.runs
                 if r.text == "Độc lập - Tự do - Hạnh phúc")  # fmt: skip
    assert motto.bold and motto.underline
    assert section.different_first_page_header_footer  # page numbers from page 2
    assert Mm(0) < section.header_distance


def test_the_place_date_line_pads_days_and_the_first_two_months():
    assert (
        letters.place_date("Hưng Yên", dt.date(2025, 2, 5)) == "Hưng Yên, ngày 05 tháng 02 năm 2025"
    )
    assert (
        letters.place_date("Hưng Yên", dt.date(2025, 3, 9)) == "Hưng Yên, ngày 09 tháng 3 năm 2025"
    )
    assert letters.place_date("Hưng Yên", dt.date(2025, 12, 20)) == (
        "Hưng Yên, ngày 20 tháng 12 năm 2025"
    )
    blank = letters.place_date("Hưng Yên", year=2025)
    assert blank.startswith("Hưng Yên, ngày\u00a0") and blank.endswith("năm 2025")


def test_the_place_comes_from_the_setting_or_the_province_unit(units, settings):
    assert letters.document_place() == "Hưng Yên"
    settings.DOCUMENT_PLACE = "Phố Hiến"
    assert letters.document_place() == "Phố Hiến"


@pytest.mark.parametrize(
    "authority, body, superior, title, name",
    [
        ("Giám đốc Công an tỉnh", "CÔNG AN TỈNH HƯNG YÊN", "BỘ CÔNG AN", "GIÁM ĐỐC",
         "Giám đốc Công an tỉnh Hưng Yên"),
        ("Bộ trưởng Bộ Công an", "BỘ CÔNG AN", "", "BỘ TRƯỞNG", "Bộ trưởng Bộ Công an"),
        ("Thủ tướng Chính phủ", "THỦ TƯỚNG CHÍNH PHỦ", "", "THỦ TƯỚNG", "Thủ tướng Chính phủ"),
        ("Chính phủ", "CHÍNH PHỦ", "", "TM. CHÍNH PHỦ\nTHỦ TƯỚNG", "Chính phủ"),
        ("Chủ tịch nước", "CHỦ TỊCH NƯỚC", "", "CHỦ TỊCH NƯỚC", "Chủ tịch nước"),
        ("Chủ tịch Ủy ban nhân dân tỉnh", "ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN", "",
         "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH", "Chủ tịch Ủy ban nhân dân tỉnh Hưng Yên"),
        ("Giám đốc Sở Nội vụ", "GIÁM ĐỐC SỞ NỘI VỤ", "", "GIÁM ĐỐC SỞ NỘI VỤ",
         "Giám đốc Sở Nội vụ"),
    ],
)  # fmt: skip
def test_the_issuer_is_read_from_the_authority(authority, body, superior, title, name):
    issuer = letters.issuer_for(authority, "Hưng Yên")
    assert (issuer.body, issuer.superior, issuer.signer_title, issuer.name) == (
        body,
        superior,
        title,
        name,
    )
    provincial = "tỉnh" in authority or authority.startswith("Giám đốc")
    assert issuer.place == ("Hưng Yên" if provincial else "Hà Nội")


def test_the_legal_bases_are_those_in_force_on_the_decisions_day():
    assert "98/2023/NĐ-CP" in " ".join(letters.legal_bases(dt.date(2024, 1, 1)))
    old = " ".join(letters.legal_bases(dt.date(2023, 12, 31)))
    assert "91/2017/NĐ-CP" in old and "26 tháng 11 năm 2003" in old


def test_an_old_decision_cites_the_law_of_its_day(decided):
    doc, _ = rendered(lambda t: documents.render_decision_docx(SYSTEM, decided.cstdcs, t))
    text = text_of(doc)
    assert "Nghị định số 91/2017/NĐ-CP" in text and "98/2023" not in text
    assert "Về việc công nhận danh hiệu Chiến sĩ thi đua cơ sở" in text
    assert "Điều 1. Công nhận danh hiệu Chiến sĩ thi đua cơ sở năm 2023 cho 1 cá nhân" in text
    assert "Ngày 25 tháng 12 năm 2023".lower() in text.lower()
    assert "DANH SÁCH TẬP THỂ" not in text  # no collective: no list of collectives


def test_roman_numerals_number_the_groups():
    assert [letters.roman(n) for n in (1, 4, 9, 14, 40, 90, 399)] == [
        "I", "IV", "IX", "XIV", "XL", "XC", "CCCXCIX",
    ]  # fmt: skip


# ── Templates: variables, offices' own copies ──────────────────────────────────────────


def _contexts(decided, people):
    summary = period_summary(user=SYSTEM, year_from=2020, year_to=2024)
    return {
        "decision": contexts.decision_context(SYSTEM, decided.gk),
        "submission": contexts.submission_context(SYSTEM, decided.gk, letters.province_root()),
        "achievement": contexts.achievement_context(people.an),
        "summary": contexts.summary_context(summary),
        "honour_list": contexts.conference_context(_conference(people)),
        "booklet": contexts.conference_context(_conference(people)),
        "minutes": minutes.minutes_context(_meeting(people)),
    }


def _meeting(people):
    from thidua.nominations.models import Council, CouncilMember, Meeting

    council = Council.objects.create(
        name="Hội đồng TĐKT", unit=people.an.unit.parent, term_from=dt.date(2024, 1, 1)
    )
    CouncilMember.objects.create(council=council, full_name="Trần Chủ", role="chair")
    return Meeting.objects.create(council=council, date=dt.date(2025, 3, 3))


def _conference(people):
    from thidua.reports.models import Conference, Exemplar

    conference, _ = Conference.objects.get_or_create(
        title="Hội nghị điển hình", unit=people.an.unit.parent, year_from=2020, year_to=2024
    )
    Exemplar.objects.get_or_create(conference=conference, person=people.an)
    return conference


@pytest.mark.parametrize("kind", sorted(documents.TEMPLATES))
def test_every_variable_of_the_template_is_in_its_context(kind, decided, people):
    context = _contexts(decided, people)[kind]
    template = DocxTemplate(documents.template_path(kind))
    declared = template.get_undeclared_template_variables(documents.jinja_env())
    assert declared, kind
    assert declared <= context.keys(), sorted(declared - context.keys())


def _own_template(path, text: str) -> None:
    doc = Document()
    doc.add_paragraph(text)
    doc.save(path)


def test_an_offices_own_template_replaces_the_bundled_one(decided, settings, tmp_path):
    _own_template(tmp_path / "quyet_dinh.docx", "CÔNG AN TỈNH — mẫu riêng: {{ number }}")
    settings.DOCUMENT_TEMPLATE_DIR = tmp_path
    doc, _ = rendered(lambda t: documents.render_decision_docx(SYSTEM, decided.gk, t))
    assert paragraphs(doc) == ["CÔNG AN TỈNH — mẫu riêng: 15/QĐ-CAT-PX01"]
    # The other templates are still the bundled ones.
    assert documents.template_path("submission") == documents.TEMPLATE_DIR / "to_trinh.docx"


def test_a_template_naming_an_unknown_variable_is_a_clear_error(decided, settings, tmp_path):
    _own_template(tmp_path / "quyet_dinh.docx", "{{ so_quyet_dinh }}")
    settings.DOCUMENT_TEMPLATE_DIR = tmp_path
    with pytest.raises(documents.DocumentError, match=r"Mẫu văn bản quyet_dinh\.docx có lỗi"):
        documents.render_decision_docx(SYSTEM, decided.gk, io.BytesIO())


def test_text_is_escaped_for_the_documents_xml(decided, people):
    Assignment.objects.filter(person=people.an).update(position="Đội trưởng <Đội 1> & P")
    doc, _ = rendered(lambda t: documents.render_decision_docx(SYSTEM, decided.gk, t))
    assert ["2", "Nguyễn Văn An", "Đại úy", "Đội trưởng <Đội 1> & P"] in people_by_unit(doc)[
        "II. Công an xã An Lạc"
    ]


def test_download_names_are_plain_ascii():
    assert documents.download_name("decision", "15/QĐ-CAT-PX01 2024-12-20") == (
        "quyet-dinh-15qd-cat-px01-2024-12-20.docx"
    )


# ── Cost ───────────────────────────────────────────────────────────────────────────────


def _many(decision, unit, n: int, start: int) -> None:
    """n people of `unit` named in `decision`, written in bulk."""
    made = []
    for i in range(start, start + n):
        person = Person(code=f"NB{i:05d}", full_name=f"Nguyễn Văn Số {i}", gender="M", unit=unit)
        person.compute_derived()
        made.append(person)
    made = Person.objects.bulk_create(made)
    Assignment.objects.bulk_create(
        Assignment(person=p, unit=unit, start=dt.date(2020, 1, 1)) for p in made
    )
    Award.objects.bulk_create(
        Award(decision=decision, award_type=decision.award_type, person=p, year_from=2024,
              year_to=2024)
        for p in made
    )  # fmt: skip


def test_the_decisions_context_costs_the_same_for_7_recipients_or_700(decided, units):
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            contexts.decision_context(SYSTEM, decided.gk)
        return len(ctx.captured_queries)

    before = queries()
    _many(decided.gk, units.cax_b1, 700, 0)
    assert queries() == before
    context = contexts.decision_context(SYSTEM, decided.gk)
    assert context["individual_count"] == 704
    assert [g["unit"] for g in context["sections"][0]["people_groups"]][-2:] == [
        "Công an xã Bình Minh",
        "Đội Tổng hợp",
    ]


def test_a_government_flag_is_signed_on_behalf_of_the_government(types, units):
    flag = decision_create(
        number="88/QĐ-TTg",
        date=dt.date(2025, 1, 15),
        award_type=types.co_thi_dua_chinh_phu,
        signer="Nguyễn Văn Thủ",
        recipients=[Recipient(unit=units.cah_a, year_from=2024)],
    )
    doc, _ = rendered(lambda t: documents.render_decision_docx(SYSTEM, flag, t))
    lines = paragraphs(doc)
    assert "TM. CHÍNH PHỦ\nTHỦ TƯỚNG" in lines  # two lines of one paragraph
    assert "Hà Nội, ngày 15 tháng 01 năm 2025" in lines  # the Government signs in the capital
    text = text_of(doc)
    assert "Về việc tặng Cờ thi đua của Chính phủ" in text
    assert "Điều 1. Tặng Cờ thi đua của Chính phủ cho 1 tập thể (có danh sách kèm theo)" in text
    assert "DANH SÁCH CÁ NHÂN" not in text
