"""Measuring the XML parts of .xlsx/.xlsm and .ods files the way python-calamine reads them.

Each scanner is fed a part's bytes in chunks as they are decompressed (a part is never held
whole) and fills an Extent. The measure must never be smaller than what calamine allocates,
so every rule of these modules follows calamine's own reading (calamine 0.36: xlsx/cells_reader.rs,
xlsx/mod.rs, ods.rs, attrs.rs) and, where that cannot be followed cheaply, counts more.

Worksheets (SheetScan) are measured with C-level bytes.count and re.findall per chunk when
every cell tag starts with its reference (`<c r="B7"`, the shape every known writer
produces): calamine places such a cell at its r attribute, so the column letters and the
smallest and largest row numbers of all r attributes bound the range. Any other cell (no r,
r not first) makes the part "irregular"; SlowSheetScan then measures it again token by token,
with calamine's row and column counters.

The parts: chunked (the chunk-by-chunk feeding every scanner shares), syntax (tags and
attributes as quick-xml and calamine read them), refs (cell references), sheet (SheetScan),
slowsheet (SlowSheetScan), strings (StringsScan, sharedStrings.xml), ods (OdsScan,
content.xml), workbook (which parts are worksheets, and their names).
"""

from __future__ import annotations

from thidua.lib.excel.xmlscan.ods import OdsScan
from thidua.lib.excel.xmlscan.sheet import SheetScan
from thidua.lib.excel.xmlscan.slowsheet import SlowSheetScan
from thidua.lib.excel.xmlscan.strings import StringsScan
from thidua.lib.excel.xmlscan.workbook import office_document, workbook_sheets

__all__ = [
    "OdsScan",
    "SheetScan",
    "SlowSheetScan",
    "StringsScan",
    "office_document",
    "workbook_sheets",
]
