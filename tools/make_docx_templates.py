"""Build the Word templates of thidua/reports/docx_templates/ with python-docx.

    .venv/bin/python tools/make_docx_templates.py [OUTPUT_DIR]

Run it after changing this file and commit the .docx files it writes (the suite checks that
the committed templates are what this script builds: thidua/reports/tests/test_templates.py).
An office that edits a template in Word does not need this script; it keeps its copy in the
folder named by THIDUA_DOCUMENT_TEMPLATES (see the README of the templates' folder).

The layout follows Decree 30/2020/NĐ-CP, Appendix I: A4, margins top and bottom 20 mm, left
30 mm, right 15 mm; Times New Roman, 13 pt for the text and 14 pt for the titles; the
national heading on the right, the issuing body on the left above "Số: …", the place-date
line in italics under the heading, page numbers at the top centre from the second page, the
signer's title and name on the right of the signature block and "Nơi nhận:" on its left.

Every docxtpl tag ({{ … }}, {%p … %}, {%tr … %}) is written inside one run, as docxtpl needs;
{%p %} and {%tr %} tags have their paragraph or table row to themselves. The files are
written with fixed dates (document properties and zip entries), so building twice gives the
same contents.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "thidua" / "reports" / "docx_templates"

FONT = "Times New Roman"
BODY, TITLE, SMALL, TINY = Pt(13), Pt(14), Pt(12), Pt(11)
PAGE_W, PAGE_H = Mm(210), Mm(297)
TOP, BOTTOM, LEFT, RIGHT = Mm(20), Mm(20), Mm(30), Mm(15)
TEXT_MM = 210 - 30 - 15  # the width between the margins
HEAD_LEFT_MM, HEAD_RIGHT_MM = 65, TEXT_MM - 65  # the two columns of the heading
INDENT = Mm(12.7)  # first line of a paragraph of the text
STAMP = dt.datetime(2025, 1, 1)
C, J, R = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.RIGHT
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


# ── Building blocks ────────────────────────────────────────────────────────────────────


def _fonts(rpr) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for kind in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(kind), FONT)


def new_document(title: str):
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE_W, PAGE_H
    section.top_margin, section.bottom_margin = TOP, BOTTOM
    section.left_margin, section.right_margin = LEFT, RIGHT
    section.header_distance = section.footer_distance = Mm(10)
    # The document's defaults and Normal: Times New Roman 13, Vietnamese, single spacing.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    _fonts(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")))
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = BODY
    rpr = normal.element.get_or_add_rPr()
    _fonts(rpr)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    rpr.append(lang)
    fmt = normal.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    # Page numbers at the top centre, not on the first page (Decree 30, Appendix I).
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = C
    _page_field(number)
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = title, "Thi Đua", "Thi Đua"
    props.created = props.modified = STAMP
    props.revision = 1
    props.comments = "Mẫu văn bản của Thi Đua (docxtpl); xem README.md trong thư mục mẫu."
    return doc


def _page_field(paragraph) -> None:
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("end", None)):
        run = paragraph.add_run()
        run.font.size = BODY
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        if kind == "separate":
            paragraph.add_run("2").font.size = BODY


def run(paragraph, text: str, *, bold=False, italic=False, underline=False, size=BODY):
    r = paragraph.add_run(text)
    r.bold, r.italic, r.underline = bold or None, italic or None, underline or None
    r.font.size = size
    return r


def par(
    container,
    text: str = "",
    *,
    align=None,
    indent=None,
    before=0,
    after=0,
    keep=False,
    first=False,
    **style,
):
    """A paragraph of one run (`first`: fill the container's empty first paragraph, as a
    new table cell has one)."""
    p = container.paragraphs[0] if first else container.add_paragraph()
    fmt = p.paragraph_format
    if align is not None:
        p.alignment = align
    if indent is not None:
        fmt.first_line_indent = indent
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if keep:
        fmt.keep_with_next = True
    if text:
        run(p, text, **style)
    return p


def runs(container, parts, *, align=J, indent=INDENT, before=0, after=6):
    """A paragraph of several runs: parts are (text, {bold/italic/…})."""
    p = par(container, align=align, indent=indent, before=before, after=after)
    for text, style in parts:
        run(p, text, **style)
    return p


def tag(container, text: str, *, first=False):
    """A paragraph holding a {%p … %} tag alone; docxtpl removes it when rendering."""
    return par(container, text, first=first)


def rule(container, width_mm: float, within_mm: float, *, before=0, after=0, first=False):
    """A short centred line under a name or a title (Decree 30: a third to a half of the
    text above), drawn as the bottom border of an empty, indented paragraph."""
    p = par(container, before=before, after=after, first=first)
    side = Mm(max(0.0, (within_mm - width_mm) / 2))
    p.paragraph_format.left_indent = p.paragraph_format.right_indent = side
    ppr = p._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "auto")):
        bottom.set(qn(key), value)
    border.append(bottom)
    ppr.append(border)
    mark = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "4")
    mark.append(size)
    ppr.append(mark)
    return p


def page_break(container):
    p = par(container)
    p.add_run().add_break(WD_BREAK.PAGE)
    return p


def dotted(container, text: str = "", *, count: int = 1):
    """Lines for the unit to write on: the text, then dots to the right margin."""
    for index in range(count):
        p = par(container, align=J, after=3)
        p.paragraph_format.tab_stops.add_tab_stop(
            Mm(TEXT_MM), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
        )
        if text and index == 0:
            run(p, text)
        run(p, "\t")


def _no_borders(table) -> None:
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tblpr.append(borders)


def table(doc, rows: int, widths_mm: list[float], *, grid: bool):
    t = doc.add_table(rows=rows, cols=len(widths_mm))
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    if grid:
        t.style = doc.styles["Table Grid"]
    else:
        _no_borders(t)
    for index, width in enumerate(widths_mm):
        t.columns[index].width = Mm(width)
        for cell in t.columns[index].cells:
            cell.width = Mm(width)
    return t


def header_row(t, labels: list[str]) -> None:
    row = t.rows[0]
    trpr = row._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # repeated at the top of every page
    trpr.append(repeat)
    for cell, label in zip(row.cells, labels):
        par(cell, label, align=C, before=3, after=3, bold=True, first=True)


def cells(row, texts: list[str], *, aligns=None, bold=False) -> None:
    for index, (cell, text) in enumerate(zip(row.cells, texts)):
        align = aligns[index] if aligns else None
        par(cell, text, align=align, before=2, after=2, bold=bold, first=True)


def tag_row(row, text: str) -> None:
    """A table row holding a {%tr … %} tag alone (in its first cell)."""
    par(row.cells[0], text, first=True)


def heading(doc, *, left_top: list[tuple[str, dict]], number: str, date: str) -> None:
    """The heading of Decree 30: the issuing body (and the body above it) on the left with
    "Số: …" under it; the national heading on the right with the place-date line under it."""
    t = table(doc, 2, [HEAD_LEFT_MM, HEAD_RIGHT_MM], grid=False)
    left, right = t.rows[0].cells
    for index, (text, style) in enumerate(left_top):
        if text.startswith("{%p"):
            tag(left, text, first=index == 0)
        else:
            par(left, text, align=C, first=index == 0, **style)
    rule(left, HEAD_LEFT_MM / 3, HEAD_LEFT_MM, after=0)
    par(right, NATION, align=C, first=True, bold=True, size=BODY)
    par(right, MOTTO, align=C, bold=True, underline=True, size=TITLE)
    number_cell, date_cell = t.rows[1].cells
    par(number_cell, number, align=C, before=6, first=True)
    par(date_cell, date, align=C, before=6, first=True, italic=True)


def _issuer_lines() -> list[tuple[str, dict]]:
    return [
        ("{%p if superior %}", {}),
        ("{{ superior }}", {}),
        ("{%p endif %}", {}),
        ("{{ issuer }}", {"bold": True}),
    ]


def title(doc, kind: str, subject: str, *, before=18) -> None:
    par(doc, kind, align=C, before=before, bold=True, size=TITLE, keep=True)
    par(doc, subject, align=C, bold=True, size=TITLE, keep=True)
    rule(doc, TEXT_MM / 4, TEXT_MM, after=6)


def signature(doc, *, received: list[str], title_text: str, name: str) -> None:
    """ "Nơi nhận:" on the left, the signer's title, the space for the signature and the
    name on the right."""
    t = table(doc, 1, [HEAD_LEFT_MM + 10, HEAD_RIGHT_MM - 10], grid=False)
    left, right = t.rows[0].cells
    par(left, "Nơi nhận:", before=12, first=True, bold=True, italic=True, size=SMALL)
    for line in received:
        par(left, line, size=TINY)
    par(right, title_text, align=C, before=12, first=True, bold=True)
    for _ in range(4):
        par(right)
    par(right, name, align=C, bold=True)


def bases(doc, *, italic: bool) -> None:
    tag(doc, "{%p for basis in bases %}")
    par(doc, "{{ basis }}", align=J, indent=INDENT, after=6, italic=italic)
    tag(doc, "{%p endfor %}")


def annex(doc, *, people_title: str, units_title: str, caption: str) -> None:
    """The lists of recipients, one page per award type: individuals grouped by unit, each
    unit numbered I, II…, people numbered through the list; collectives after them."""
    tag(doc, "{%p for section in sections %}")
    page_break(doc)
    tag(doc, "{%p if section.people_groups %}")
    par(doc, people_title, align=C, bold=True, size=TITLE, keep=True)
    par(doc, caption, align=C, italic=True, keep=True)
    rule(doc, TEXT_MM / 4, TEXT_MM, after=6)
    widths = [12, 55, 28, TEXT_MM - 95]
    t = table(doc, 7, widths, grid=True)
    header_row(t, ["TT", "Họ và tên", "Cấp bậc", "Chức vụ"])
    tag_row(t.rows[1], "{%tr for group in section.people_groups %}")
    unit_row = t.rows[2]
    merged = unit_row.cells[0].merge(unit_row.cells[len(widths) - 1])
    par(merged, "{{ group.numeral }}. {{ group.unit }}", before=2, after=2, first=True, bold=True)
    tag_row(t.rows[3], "{%tr for person in group.people %}")
    cells(
        t.rows[4],
        ["{{ person.no }}", "{{ person.name }}", "{{ person.rank }}", "{{ person.position }}"],
        aligns=[C, None, None, None],
    )
    tag_row(t.rows[5], "{%tr endfor %}")
    tag_row(t.rows[6], "{%tr endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if section.collectives %}")
    par(doc, units_title, align=C, before=12, bold=True, size=TITLE, keep=True)
    par(doc, caption, align=C, italic=True, keep=True)
    rule(doc, TEXT_MM / 4, TEXT_MM, after=6)
    t = table(doc, 4, [12, 95, TEXT_MM - 107], grid=True)
    header_row(t, ["TT", "Tên tập thể", "Đơn vị cấp trên"])
    tag_row(t.rows[1], "{%tr for unit in section.collectives %}")
    cells(
        t.rows[2], ["{{ unit.no }}", "{{ unit.name }}", "{{ unit.parent }}"], aligns=[C, None, None]
    )
    tag_row(t.rows[3], "{%tr endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    par(doc)  # a document does not end on a table


# ── The templates ──────────────────────────────────────────────────────────────────────


def decision():
    doc = new_document("Quyết định khen thưởng")
    heading(doc, left_top=_issuer_lines(), number="Số: {{ number }}", date="{{ place_date }}")
    title(doc, "QUYẾT ĐỊNH", "{{ subject }}")
    par(doc, "{{ deciding }}", align=C, before=6, after=12, bold=True, size=TITLE)
    bases(doc, italic=True)
    par(
        doc,
        "Theo đề nghị của Thường trực Hội đồng Thi đua - Khen thưởng.",
        align=J,
        indent=INDENT,
        after=6,
        italic=True,
    )
    par(doc, "QUYẾT ĐỊNH:", align=C, before=6, after=12, bold=True, size=TITLE)
    runs(doc, [("Điều 1. ", {"bold": True}), ("{{ article_1 }}", {})])
    runs(
        doc,
        [
            ("Điều 2. ", {"bold": True}),
            (
                "Các tập thể, cá nhân có tên tại Điều 1 được hưởng chế độ khen thưởng theo "
                "quy định của pháp luật về thi đua, khen thưởng.",
                {},
            ),
        ],
    )
    runs(
        doc,
        [
            ("Điều 3. ", {"bold": True}),
            (
                "Quyết định này có hiệu lực kể từ ngày ký. Thủ trưởng các đơn vị có liên quan "
                "và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết "
                "định này./.",
                {},
            ),
        ],
    )
    signature(
        doc,
        received=["- Như Điều 3;", "- Lưu: VT."],
        title_text="{{ signer_title }}",
        name="{{ signer }}",
    )
    annex(
        doc,
        people_title="DANH SÁCH CÁ NHÂN ĐƯỢC {{ section.action|upper }} {{ section.award|upper }}",
        units_title="DANH SÁCH TẬP THỂ ĐƯỢC {{ section.action|upper }} {{ section.award|upper }}",
        caption="(Kèm theo Quyết định số {{ number }} {{ long_date }} của {{ issuer_name }})",
    )
    return doc


def submission():
    doc = new_document("Tờ trình đề nghị khen thưởng")
    heading(doc, left_top=_issuer_lines(), number="Số: {{ number }}", date="{{ place_date }}")
    title(doc, "TỜ TRÌNH", "{{ subject }}")
    par(doc, "Kính gửi: {{ addressee }}.", align=C, before=6, after=12, size=TITLE)
    bases(doc, italic=False)
    par(
        doc,
        "Căn cứ thành tích đạt được của các tập thể, cá nhân, {{ issuer_name }} kính đề nghị "
        "{{ addressee }} xem xét, {{ proposal }}.",
        align=J,
        indent=INDENT,
        after=6,
    )
    par(
        doc,
        "{{ issuer_name }} kính trình {{ addressee }} xem xét, quyết định./.",
        align=J,
        indent=INDENT,
        after=6,
    )
    signature(
        doc,
        received=["- Như trên;", "- Lưu: VT."],
        title_text="{{ signer_title }}",
        name="{{ signer }}",
    )
    annex(
        doc,
        people_title="DANH SÁCH CÁ NHÂN ĐỀ NGHỊ {{ section.action|upper }} "
        "{{ section.award|upper }}",
        units_title="DANH SÁCH TẬP THỂ ĐỀ NGHỊ {{ section.action|upper }} "
        "{{ section.award|upper }}",
        caption="(Kèm theo Tờ trình số {{ number }} của {{ issuer_name }})",
    )
    return doc


def _record_table(doc, rows: str, decision_label: str) -> None:
    tag(doc, "{%p if " + rows + " %}")
    t = table(doc, 4, [25, 55, TEXT_MM - 80], grid=True)
    header_row(t, ["Năm", rows_label(rows), decision_label])
    tag_row(t.rows[1], "{%tr for row in " + rows + " %}")
    cells(
        t.rows[2],
        ["{{ row.year }}", "{{ row.award }}", "{{ row.decision }}"],
        aligns=[C, None, None],
    )
    tag_row(t.rows[3], "{%tr endfor %}")
    tag(doc, "{%p else %}")
    par(doc, "Chưa có.", align=J, indent=INDENT, after=6, italic=True)
    tag(doc, "{%p endif %}")


def rows_label(rows: str) -> str:
    return "Danh hiệu thi đua" if rows == "titles" else "Hình thức khen thưởng"


def achievement():
    """Form 02 of Decree 98/2023/NĐ-CP, Appendix I: the achievement summary of a person."""
    doc = new_document("Báo cáo thành tích cá nhân (Mẫu số 02)")
    par(doc, "Mẫu số 02", align=R, italic=True, size=SMALL)
    par(doc, NATION, align=C, bold=True)
    par(doc, MOTTO, align=C, bold=True, underline=True, size=TITLE)
    par(doc, "{{ place_date }}", align=C, before=6, italic=True)
    par(doc, "BÁO CÁO THÀNH TÍCH", align=C, before=18, bold=True, size=TITLE)
    par(doc, "ĐỀ NGHỊ TẶNG (TRUY TẶNG) ……………………………", align=C, bold=True, size=TITLE)
    par(
        doc,
        "(Ghi danh hiệu thi đua hoặc hình thức khen thưởng đề nghị)",
        align=C,
        italic=True,
        size=SMALL,
    )
    rule(doc, TEXT_MM / 4, TEXT_MM, after=12)
    par(doc, "I. THÔNG TIN CHUNG", align=J, after=6, bold=True, keep=True)
    for line in (
        "- Họ và tên: {{ name }}",
        "- Sinh ngày, tháng, năm: {{ birth_date }}",
        "- Giới tính: {{ gender }}",
    ):
        par(doc, line, align=J, indent=INDENT, after=3)
    dotted(doc, "- Quê quán: ")
    dotted(doc, "- Trú quán: ")
    for line in (
        "- Đơn vị công tác: {{ unit }}",
        "- Chức vụ (Đảng, chính quyền, đoàn thể): {{ position }}",
        "- Cấp bậc: {{ rank }}",
    ):
        par(doc, line, align=J, indent=INDENT, after=3)
    dotted(doc, "- Trình độ chuyên môn, nghiệp vụ: ")
    dotted(doc, "- Học hàm, học vị, danh hiệu, giải thưởng: ")
    par(doc, "II. THÀNH TÍCH ĐẠT ĐƯỢC", align=J, before=6, after=6, bold=True, keep=True)
    par(doc, "1. Quyền hạn, nhiệm vụ được giao hoặc đảm nhận:", align=J, indent=INDENT, after=3)
    dotted(doc, count=3)
    par(doc, "2. Thành tích đạt được của cá nhân:", align=J, indent=INDENT, after=3)
    par(
        doc,
        "(Đơn vị ghi rõ kết quả thực hiện nhiệm vụ được giao; các giải pháp, sáng kiến, đề "
        "tài đã được công nhận; việc thực hiện chủ trương, chính sách của Đảng, pháp luật "
        "của Nhà nước.)",
        align=J,
        indent=INDENT,
        after=3,
        italic=True,
        size=SMALL,
    )
    dotted(doc, count=6)
    par(
        doc,
        "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
        align=J,
        before=6,
        after=6,
        bold=True,
        keep=True,
    )
    par(doc, "1. Danh hiệu thi đua:", align=J, indent=INDENT, after=6, keep=True)
    _record_table(
        doc,
        "titles",
        "Số, ngày, tháng, năm của quyết định công nhận danh hiệu thi đua; cơ quan ban hành "
        "quyết định",
    )
    par(doc, "2. Hình thức khen thưởng:", align=J, indent=INDENT, before=6, after=6, keep=True)
    _record_table(
        doc,
        "forms",
        "Số, ngày, tháng, năm của quyết định khen thưởng; cơ quan ban hành quyết định",
    )
    t = table(doc, 1, [TEXT_MM / 2, TEXT_MM / 2], grid=False)
    left, right = t.rows[0].cells
    par(left, "THỦ TRƯỞNG ĐƠN VỊ", align=C, before=12, first=True, bold=True)
    par(left, "XÁC NHẬN, ĐỀ NGHỊ", align=C, bold=True)
    par(left, "(Ký, đóng dấu)", align=C, italic=True)
    par(right, "NGƯỜI BÁO CÁO", align=C, before=12, first=True, bold=True)
    par(right, "THÀNH TÍCH", align=C, bold=True)
    par(right, "(Ký, ghi rõ họ và tên)", align=C, italic=True)
    for _ in range(4):
        par(right)
    par(right, "{{ name }}", align=C, bold=True)
    return doc


def summary():
    """The period summary report of reports.summary (báo cáo tổng kết)."""
    doc = new_document("Báo cáo tổng kết công tác thi đua, khen thưởng")
    heading(doc, left_top=_issuer_lines(), number="Số: {{ number }}", date="{{ place_date }}")
    title(doc, "BÁO CÁO", "{{ title }}")
    par(doc, "I. KẾT QUẢ KHEN THƯỞNG", align=J, before=6, after=6, bold=True, keep=True)
    tag(doc, "{%p for line in text %}")
    par(doc, "{{ line }}", align=J, indent=INDENT, after=6)
    tag(doc, "{%p endfor %}")
    par(
        doc,
        "II. SỐ LIỆU THEO HÌNH THỨC KHEN THƯỞNG",
        align=J,
        before=6,
        after=6,
        bold=True,
        keep=True,
    )
    widths = [11, TEXT_MM - 11 - 4 * 22, 22, 22, 22, 22]
    t = table(doc, 5, widths, grid=True)
    header_row(
        t, ["TT", "Hình thức khen thưởng", "Tập thể", "Cá nhân", "Lượt tập thể", "Lượt cá nhân"]
    )
    tag_row(t.rows[1], "{%tr for row in rows %}")
    counts = ["collectives", "individuals", "collective_times", "individual_times"]
    cells(
        t.rows[2],
        ["{{ row.no }}", "{{ row.award }}", *[f"{{{{ row.{c} }}}}" for c in counts]],
        aligns=[C, None, C, C, C, C],
    )
    tag_row(t.rows[3], "{%tr endfor %}")
    total = t.rows[4]
    merged = total.cells[0].merge(total.cells[1])
    par(merged, "Tổng cộng", align=C, before=2, after=2, first=True, bold=True)
    for cell, name in zip(total.cells[2:], counts):
        par(cell, f"{{{{ totals.{name} }}}}", align=C, before=2, after=2, first=True, bold=True)
    par(
        doc,
        "III. TẬP THỂ ĐẠT DANH HIỆU NHIỀU NĂM LIỀN",
        align=J,
        before=12,
        after=6,
        bold=True,
        keep=True,
    )
    tag(doc, "{%p if runs %}")
    t = table(doc, 4, [11, 64, 50, 18, TEXT_MM - 143], grid=True)
    header_row(t, ["TT", "Tập thể", "Danh hiệu", "Số năm", "Giai đoạn"])
    tag_row(t.rows[1], "{%tr for run in runs %}")
    cells(
        t.rows[2],
        ["{{ run.no }}", "{{ run.unit }}", "{{ run.award }}", "{{ run.years }}", "{{ run.span }}"],
        aligns=[C, None, None, C, C],
    )
    tag_row(t.rows[3], "{%tr endfor %}")
    tag(doc, "{%p else %}")
    par(
        doc,
        "Không có tập thể nào đạt một danh hiệu từ hai năm liền trở lên trong {{ span }}.",
        align=J,
        indent=INDENT,
        after=6,
    )
    tag(doc, "{%p endif %}")
    signature(
        doc,
        received=["- Như trên;", "- Lưu: VT."],
        title_text="{{ signer_title }}",
        name="{{ signer }}",
    )
    return doc


def _conference_heading(doc, kind: str) -> None:
    """A conference's printout is no administrative letter: its title, the unit and period."""
    par(doc, kind, align=C, bold=True, size=TITLE, after=0)
    par(doc, "{{ title }}", align=C, bold=True, size=TITLE, after=0)
    par(doc, "{{ subtitle }}", align=C, italic=True, after=12)


def honour_list():
    """The honour list of a conference of exemplars (danh sách tuyên dương)."""
    doc = new_document("Danh sách tuyên dương điển hình tiên tiến")
    _conference_heading(doc, "DANH SÁCH TUYÊN DƯƠNG ĐIỂN HÌNH TIÊN TIẾN")
    tag(doc, "{%p if collectives %}")
    par(doc, "{{ collectives_heading }}", align=J, bold=True, before=6, after=6, keep=True)
    t = table(doc, 4, [14, TEXT_MM - 14], grid=True)
    header_row(t, ["TT", "Tên tập thể"])
    tag_row(t.rows[1], "{%tr for e in collectives %}")
    cells(t.rows[2], ["{{ e.no }}", "{{ e.name }}"], aligns=[C, None])
    tag_row(t.rows[3], "{%tr endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if people %}")
    par(doc, "{{ people_heading }}", align=J, bold=True, before=12, after=6, keep=True)
    t = table(doc, 4, [14, 70, TEXT_MM - 84], grid=True)
    header_row(t, ["TT", "Cấp bậc, họ và tên", "Chức vụ, đơn vị"])
    tag_row(t.rows[1], "{%tr for e in people %}")
    cells(t.rows[2], ["{{ e.no }}", "{{ e.name }}", "{{ e.where }}"], aligns=[C, None, None])
    tag_row(t.rows[3], "{%tr endfor %}")
    tag(doc, "{%p endif %}")
    return doc


def booklet():
    """The booklet of a conference: each exemplar with the story of their achievements."""
    doc = new_document("Kỷ yếu hội nghị điển hình tiên tiến")
    _conference_heading(doc, "KỶ YẾU")
    tag(doc, "{%p for e in exemplars %}")
    par(
        doc,
        "{{ e.no }}. {{ e.name }}{{ e.where_suffix }}",
        align=J,
        bold=True,
        before=6,
        after=3,
        keep=True,
    )
    par(doc, "{{ e.story }}", align=J, indent=INDENT, after=6)
    tag(doc, "{%p endfor %}")
    return doc


def minutes():
    """The minutes of a council meeting (biên bản họp Hội đồng) with each item's tally."""
    doc = new_document("Biên bản họp Hội đồng Thi đua - Khen thưởng")
    heading(doc, left_top=_issuer_lines(), number="Số: {{ number }}", date="{{ place_date }}")
    title(doc, "BIÊN BẢN", "{{ subject }}")
    for line in (
        "Thời gian: {{ long_date }}.",
        "Địa điểm: {{ place }}.",
        "Chủ trì: {{ chair }}.",
        "Thư ký: {{ secretary }}.",
        "Thành phần: {{ attendance }}.",
    ):
        par(doc, line, align=J, indent=INDENT, after=3)
    par(doc, "I. THÀNH VIÊN DỰ HỌP", align=J, before=6, after=6, bold=True, keep=True)
    t = table(doc, 4, [12, 60, 55, TEXT_MM - 127], grid=True)
    header_row(t, ["TT", "Họ và tên", "Chức vụ", "Vai trò trong Hội đồng"])
    tag_row(t.rows[1], "{%tr for m in present %}")
    cells(
        t.rows[2],
        ["{{ m.no }}", "{{ m.name }}", "{{ m.position }}", "{{ m.role }}"],
        aligns=[C, None, None, None],
    )
    tag_row(t.rows[3], "{%tr endfor %}")
    tag(doc, "{%p if absent %}")
    par(doc, "Vắng mặt: {{ absent_text }}.", align=J, indent=INDENT, before=6, after=3)
    tag(doc, "{%p endif %}")
    par(doc, "II. KẾT QUẢ BỎ PHIẾU KÍN", align=J, before=6, after=6, bold=True, keep=True)
    par(
        doc,
        "Hội đồng đã xem xét hồ sơ, thảo luận và bỏ phiếu kín đối với từng đề nghị; kết quả "
        "kiểm phiếu như sau:",
        align=J,
        indent=INDENT,
        after=6,
    )
    widths = [10, 42, 30, 18, 18, 18, TEXT_MM - 136]
    t = table(doc, 4, widths, grid=True)
    header_row(
        t,
        [
            "TT",
            "Cá nhân, tập thể",
            "Hình thức",
            "Đồng ý",
            "Không đồng ý",
            "Không hợp lệ",
            "Kết quả",
        ],
    )
    tag_row(t.rows[1], "{%tr for b in items %}")
    row = t.rows[2]
    cells(
        row,
        ["{{ b.no }}", "{{ b.name }}", "{{ b.award }}", "{{ b.agree }}", "{{ b.disagree }}"],
        aligns=[C, None, None, C, C],
    )
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a row stays on one page
    par(row.cells[1], "{{ b.unit }}", after=2, italic=True, size=TINY)
    par(row.cells[5], "{{ b.invalid }}", align=C, before=2, after=2, first=True)
    par(row.cells[6], "{{ b.result }}", align=C, before=2, first=True, bold=True)
    par(row.cells[6], "{{ b.counted }}", align=C, after=2, size=TINY)
    tag_row(t.rows[3], "{%tr endfor %}")
    par(
        doc,
        "Phiếu bằng văn bản (VB) của thành viên vắng mặt được tính theo ngưỡng áp dụng. "
        "Ngưỡng biểu quyết áp dụng:",
        align=J,
        indent=INDENT,
        before=6,
        after=3,
        italic=True,
        size=SMALL,
    )
    tag(doc, "{%p for r in rules %}")
    par(
        doc,
        "({{ r.no }}) {{ r.awards }}: {{ r.text }}",
        align=J,
        indent=INDENT,
        after=3,
        size=SMALL,
    )
    tag(doc, "{%p endfor %}")
    par(
        doc,
        "Tổng số: {{ item_count }} đề nghị; thông qua {{ passed_count }}, không thông qua "
        "{{ rejected_count }}{{ waiting_text }}.",
        align=J,
        indent=INDENT,
        before=6,
        after=6,
    )
    par(
        doc,
        "Biên bản được lập xong và thông qua tại phiên họp; các thành viên dự họp nhất trí "
        "với nội dung biên bản./.",
        align=J,
        indent=INDENT,
        after=6,
    )
    t = table(doc, 1, [TEXT_MM / 2, TEXT_MM / 2], grid=False)
    left, right = t.rows[0].cells
    par(left, "THƯ KÝ", align=C, before=12, first=True, bold=True)
    par(left, "(Ký, ghi rõ họ và tên)", align=C, italic=True)
    for _ in range(4):
        par(left)
    par(left, "{{ secretary }}", align=C, bold=True)
    par(right, "CHỦ TỊCH HỘI ĐỒNG", align=C, before=12, first=True, bold=True)
    par(right, "(Ký, ghi rõ họ và tên)", align=C, italic=True)
    for _ in range(4):
        par(right)
    par(right, "{{ chair }}", align=C, bold=True)
    return doc


TEMPLATES = {
    "quyet_dinh.docx": decision,
    "to_trinh.docx": submission,
    "bao_cao_thanh_tich.docx": achievement,
    "bao_cao_tong_ket.docx": summary,
    "danh_sach_tuyen_duong.docx": honour_list,
    "ky_yeu.docx": booklet,
    "bien_ban_hop_hoi_dong.docx": minutes,
}


def _fixed_zip(data: bytes) -> bytes:
    """The same entries, in the same order, with a fixed date: building twice writes the
    same archive."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=STAMP.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(item.filename))
    return out.getvalue()


def build(output: Path = OUTPUT) -> list[Path]:
    output.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in TEMPLATES.items():
        buffer = io.BytesIO()
        make().save(buffer)
        path = output / name
        path.write_bytes(_fixed_zip(buffer.getvalue()))
        written.append(path)
    return written


if __name__ == "__main__":
    for path in build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT):
        print(path)
