"""Fixtures of the documents: a decision whose recipients span both districts, one of them
moved to another unit after it, and helpers that read a rendered .docx back."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from types import SimpleNamespace

import pytest
from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from thidua.awards.services import Recipient, decision_create
from thidua.org.services import person_move

DECISION_DAY = dt.date(2024, 12, 20)
MOVED_ON = dt.date(2025, 3, 1)


@pytest.fixture
def decided(types, units, people):
    """15/QĐ-CAT-PX01 of 20/12/2024, Giấy khen of the director, for An (CAX-A1), Bình
    (CAH-A), Cường (CAH-B), Dung (PV01-D1) and the commune unit CAX-A1. Dung moved to CAH-B
    on 01/03/2025. Also a title decision of 2023 for An."""
    gk = decision_create(
        number="15/QĐ-CAT-PX01",
        date=DECISION_DAY,
        award_type=types.giay_khen_giam_doc,
        signer="Thiếu tướng Nguyễn Văn Tỉnh",
        recipients=[
            Recipient(person=people.an, year_from=2024, achievement="Phá án ma túy"),
            Recipient(person=people.binh, year_from=2024),
            Recipient(person=people.cuong, year_from=2024),
            Recipient(person=people.dung, year_from=2024),
            Recipient(unit=units.cax_a1, year_from=2024),
        ],
    )
    cstdcs = decision_create(
        number="7/QĐ-CAT-PX01",
        date=dt.date(2023, 12, 25),
        award_type=types.cstd_co_so,
        recipients=[Recipient(person=people.an, year_from=2023)],
    )
    person_move(person=people.dung, unit=units.cah_b, start=MOVED_ON)
    people.dung.refresh_from_db()
    return SimpleNamespace(gk=gk, cstdcs=cstdcs)


def open_docx(source: bytes | str | Path):
    return Document(io.BytesIO(source) if isinstance(source, bytes) else source)


def paragraphs(doc) -> list[str]:
    """The text of the body's paragraphs, table cells included, in document order."""
    lines = []
    for block in doc.element.body.iterchildren():
        if block.tag.endswith("}p"):
            lines.append(Paragraph(block, doc).text)
        elif block.tag.endswith("}tbl"):
            for row in Table(block, doc).rows:
                for cell in _distinct(row.cells):
                    lines.extend(p.text for p in cell.paragraphs)
    return lines


def text_of(doc) -> str:
    return "\n".join(paragraphs(doc))


def _distinct(cells):
    seen = []
    for cell in cells:
        if all(cell._tc is not other._tc for other in seen):
            seen.append(cell)
    return seen


def annex_tables(doc) -> list[list[list[str]]]:
    """Every table with a header row starting "TT", as rows of cell texts (a merged cell
    once)."""
    found = []
    for table in doc.tables:
        rows = [[c.text for c in _distinct(row.cells)] for row in table.rows]
        if rows and rows[0][0] == "TT":
            found.append(rows)
    return found


def people_by_unit(doc) -> dict[str, list[list[str]]]:
    """{group heading: [[TT, name, rank, position], …]} of the individuals' annex tables."""
    groups: dict[str, list[list[str]]] = {}
    for rows in annex_tables(doc):
        if rows[0][:2] != ["TT", "Họ và tên"]:
            continue
        heading = None
        for row in rows[1:]:
            if len(row) == 1:
                heading = row[0]
                groups[heading] = []
            else:
                groups[heading].append(row)
    return groups
