"""The engine reads real-world files: title rows, spacers, odd headers, Excel's number habits."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from thidua.imports.engine import UnknownKind, get_spec
from thidua.imports.tests.conftest import PEOPLE_HEADERS, UNIT_HEADERS
from thidua.lib.excel import cells
from thidua.lib.excel.reader import FileProblem, data_rows, read_sheet

NBSP = "\u00a0"


def _rows(path, kind="people"):
    sheet = read_sheet(path, get_spec(kind))
    return sheet, list(data_rows(sheet))


def test_header_is_found_below_a_merged_title_and_blank_rows(xlsx):
    path = xlsx(
        [PEOPLE_HEADERS, ["CA0100", "Nguyễn Văn An"]], title="DANH SÁCH CÁN BỘ", blank_above=2
    )
    sheet, rows = _rows(path)
    assert sheet.header_row == 4
    assert rows[0][0] == 5 and rows[0][1]["code"] == "CA0100"


def test_blank_spacer_rows_are_skipped_and_row_numbers_stay_those_of_excel(xlsx):
    path = xlsx([PEOPLE_HEADERS, ["CA0100"], None, None, ["CA0101"], [None, NBSP + " "]])
    _, rows = _rows(path)
    assert [number for number, _ in rows] == [2, 5]


def test_columns_in_any_order_with_extra_columns_and_untidy_headers(xlsx):
    nfd = unicodedata.normalize("NFD", "Họ và tên")
    headers = [
        "Ghi chú",
        f" MÃ {NBSP}",
        "Mã đơn vị",
        nfd.upper(),
        "giới tính",
        "Ngày sinh:",
        "Ngày vào ngành",
        "Cấp bậc",
        "Chức vụ *",
    ]
    path = xlsx([headers, ["x", "CA0100", "CAX-A1", "Nguyễn Văn An", "Nam"]])
    sheet, rows = _rows(path)
    assert set(sheet.positions) == {
        "code",
        "full_name",
        "gender",
        "birth_date",
        "service_start",
        "rank",
        "position",
        "unit_code",
    }
    values = rows[0][1]
    assert (values["code"], values["full_name"], values["unit_code"]) == (
        "CA0100",
        "Nguyễn Văn An",
        "CAX-A1",
    )
    assert "Ghi chú" not in values and "x" not in values.values()


def test_a_file_written_by_openpyxl_reads_the_same(tmp_path):
    from thidua.imports.tests.conftest import write_xlsx

    path = write_xlsx(
        tmp_path / "openpyxl.xlsx",
        [UNIT_HEADERS, ["CAT", "Công an tỉnh", "Công an tỉnh", None, dt.date(2015, 1, 1)]],
        title="DANH SÁCH ĐƠN VỊ",
        writer="openpyxl",
    )
    sheet, rows = _rows(path, "units")
    assert sheet.header_row == 2
    assert rows[0][1]["active_from"] == dt.date(2015, 1, 1)


def test_missing_required_header_is_one_clear_file_error(xlsx):
    path = xlsx([["Mã", "Họ và tên", "Giới tính"], ["CA0100", "An", "Nam"]])
    with pytest.raises(FileProblem, match="Thiếu cột: 'Ngày sinh', 'Ngày vào ngành'"):
        read_sheet(path, get_spec("people"))


def test_a_file_that_is_not_a_workbook_is_a_file_error(tmp_path):
    path = tmp_path / "khong-phai.xlsx"
    path.write_text("đây không phải tệp Excel")
    with pytest.raises(FileProblem, match="Tệp không phải bảng tính Excel hay LibreOffice"):
        read_sheet(path, get_spec("units"))


def test_unknown_kind_names_the_known_ones():
    with pytest.raises(UnknownKind, match="units, people"):
        get_spec("khen-thuong")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (1001.0, "1001"),
        ("  CA0001\u00a0", "CA0001"),
        (1027, "1027"),
        ("", ""),
        (None, ""),
    ],
)
def test_codes_read_as_floats_or_with_stray_spaces_come_back_clean(raw, expected):
    assert cells.code(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.027", 1027),
        ("1 027", 1027),
        ("12.345.678", 12345678),
        (2019.0, 2019),
        ("2019", 2019),
        (" 15 ", 15),
        ("", None),
    ],
)
def test_integers_accept_the_thousands_dot(raw, expected):
    assert cells.integer(raw) == expected


@pytest.mark.parametrize("raw", ["1,5", "12.5", 3.5, "abc", "1.02"])
def test_integers_reject_what_is_not_a_whole_number(raw):
    with pytest.raises(ValueError, match="Không phải số nguyên"):
        cells.integer(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (dt.date(1990, 5, 12), dt.date(1990, 5, 12)),
        (dt.datetime(1990, 5, 12, 0, 0), dt.date(1990, 5, 12)),
        (" 12/05/1990\u00a0", dt.date(1990, 5, 12)),
        (33005.0, dt.date(1990, 5, 12)),
        ("", None),
    ],
)
def test_dates_as_excel_cells_serials_or_text(raw, expected):
    assert cells.date(raw) == expected


@pytest.mark.parametrize("raw", ["31/02/1990", "1990", "12-5-90", "hôm qua"])
def test_bad_dates_say_which_form_is_expected(raw):
    with pytest.raises(ValueError, match="cần dạng dd/mm/yyyy"):
        cells.date(raw)
