"""Assertions on the workbooks the project writes: no formula anywhere, and every text that a
spreadsheet program would take for a formula kept as text (lib.excel.writing)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl

from thidua.lib.excel.writing import looks_like_formula


def formula_like_texts(source: Path | bytes) -> list[str]:
    """The formula-like texts of every sheet, after checking that none of them is a formula
    and that each is quote-prefixed; a missing prefix or a formula cell fails."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                xml = archive.read(name)
                assert b"<f>" not in xml and b"<f " not in xml, f"formula in {name}"
    book = openpyxl.load_workbook(io.BytesIO(data))
    found = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str) and looks_like_formula(cell.value):
                    assert cell.quotePrefix, f"{sheet.title}!{cell.coordinate} not quoted"
                    found.append(cell.value)
                elif isinstance(cell.value, str) and not cell.value.startswith("_x000D_"):
                    # (openpyxl leaves a carriage return as XlsxWriter escapes it)
                    assert not cell.quotePrefix, f"{sheet.title}!{cell.coordinate} quoted"
    return found
