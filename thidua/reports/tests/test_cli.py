"""`thidua report summary`: the JSON contract on standard output, the Excel workbook, the
errors a user gets."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from thidua.reports.tests.test_summary import record  # noqa: F401 (fixture)


def run(*args) -> str:
    out = io.StringIO()
    call_command("report", "summary", *args, stdout=out)
    return out.getvalue()


def test_json_goes_to_standard_output_with_the_contract_keys(record):  # noqa: F811
    data = json.loads(run("--from", "2015", "--to", "2020", "--format", "json"))
    assert {"by_award", "totals", "by_year", "text"} <= data.keys()
    line = data["by_award"][0]
    assert set(line) == {
        "award",
        "collectives",
        "individuals",
        "collective_times",
        "individual_times",
    }
    assert set(line["award"]) == {"code", "name"}
    assert set(data["totals"]) == {
        "collectives",
        "individuals",
        "collective_times",
        "individual_times",
    }
    assert all({"year", "collectives"} <= set(y) for y in data["by_year"])
    assert isinstance(data["text"], list) and data["text"][0].startswith("Giai đoạn 2015–2020")


def test_a_user_gets_its_scope_and_no_other(record, users):  # noqa: F811
    data = json.loads(run("--from", "2015", "--to", "2020", "--user", "clerk_a"))
    assert data["unit"]["code"] == "CAH-A"
    with pytest.raises(CommandError, match="Không có đơn vị mã 'CAH-B' trong phạm vi được xem"):
        run("--from", "2015", "--to", "2020", "--user", "clerk_a", "--unit", "CAH-B")


def test_the_workbook_holds_the_table_the_years_and_the_text(record, tmp_path):  # noqa: F811
    path = tmp_path / "tong-ket.xlsx"
    run("--from", "2015", "--to", "2020", "--format", "xlsx", "--output", str(path))
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        rows = [list(r) for r in book["Theo hình thức"].iter_rows(values_only=True)]
        assert rows[0][0] == "Tổng kết khen thưởng giai đoạn 2015–2020"
        assert rows[2][:3] == ["STT", "Hình thức khen thưởng, danh hiệu", "Số tập thể"]
        names = [r[1] for r in rows[3:]]
        assert "Đơn vị quyết thắng" in names
        total = next(r for r in rows if r[1] and r[1].startswith("Tổng cộng"))
        assert total[2:6] == [3, 4, 7, 6]
        years = [r[0] for r in book["Theo năm"].iter_rows(min_row=2, values_only=True)]
        assert years == [2016, 2017, 2018, 2019, 2020]
        text = [r[0] for r in book["Nội dung báo cáo"].iter_rows(values_only=True)]
        assert text[0].startswith("Giai đoạn 2015–2020")
    finally:
        book.close()


def test_xlsx_and_docx_need_an_output_file(record):  # noqa: F811
    with pytest.raises(CommandError, match="cần --output"):
        run("--from", "2015", "--to", "2020", "--format", "xlsx")
    with pytest.raises(CommandError, match="--from phải không sau --to"):
        run("--from", "2021", "--to", "2020")


def test_the_word_report_holds_the_sentences_and_the_table(record, tmp_path):  # noqa: F811
    import docx

    path = tmp_path / "tong-ket.docx"
    run("--from", "2015", "--to", "2020", "--format", "docx", "--output", str(path))
    document = docx.Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Giai đoạn 2015–2020, Công an tỉnh Hưng Yên có 3 tập thể (7 lượt)" in text
    cells = [c.text for table in document.tables for row in table.rows for c in row.cells]
    assert "Đơn vị quyết thắng" in cells
