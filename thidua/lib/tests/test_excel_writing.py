"""Text cells are never formulas; numbers stay numbers."""

from __future__ import annotations

import io

import openpyxl
import pytest

from thidua.lib.excel.writing import TextCells, looks_like_formula, workbook
from thidua.lib.tests.excel_checks import formula_like_texts

DANGEROUS = ["=1+1", "+84912", "-Nguyễn", "@SUM(A1)", "\t=cmd", "\r=cmd", '=HYPERLINK("x")']


@pytest.mark.parametrize("text", DANGEROUS)
def test_formula_prefixes_are_recognised(text):
    assert looks_like_formula(text)


@pytest.mark.parametrize("text", ["Nguyễn Văn An", "1+1", "a=b", " =1", "'=1", ""])
def test_ordinary_text_is_not_taken_for_a_formula(text):
    assert not looks_like_formula(text)


def _book(write) -> bytes:
    out = io.BytesIO()
    book = workbook(out, in_memory=True)
    cells = TextCells(book)
    write(cells, book.add_worksheet("Trang"))
    book.close()
    return out.getvalue()


def test_formula_like_text_is_a_quoted_string_with_its_value_unchanged():
    def write(cells, sheet):
        bold = cells.format({"bold": True})
        for row, text in enumerate(DANGEROUS):
            cells.text(sheet, row, 0, text, bold if row % 2 else None)
        cells.text(sheet, len(DANGEROUS), 0, "Nguyễn Văn An", bold)
        sheet.write_number(len(DANGEROUS) + 1, 0, -5)

    data = _book(write)
    assert formula_like_texts(data) == [t for t in DANGEROUS if not t.startswith("\r")]
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet["B1"].value is None and sheet["A2"].font.b  # the twin keeps the bold
    assert sheet.cell(len(DANGEROUS) + 2, 1).value == -5  # a negative number is a number
    assert sheet.cell(len(DANGEROUS) + 2, 1).data_type == "n"


def test_the_conversions_cannot_be_turned_back_on():
    out = io.BytesIO()
    book = workbook(out, in_memory=True, strings_to_formulas=True, strings_to_numbers=True)
    book.add_worksheet().write_row(0, 0, ["=1+1", "0012"])
    book.close()
    cells = next(openpyxl.load_workbook(out).active.iter_rows())
    assert [(c.value, c.data_type) for c in cells] == [("=1+1", "s"), ("0012", "s")]


def test_a_format_made_elsewhere_is_refused_rather_than_written_unquoted():
    def write(cells, sheet):
        cells.text(sheet, 0, 0, "=1", cells.book.add_format({"bold": True}))

    with pytest.raises(ValueError):
        _book(write)
