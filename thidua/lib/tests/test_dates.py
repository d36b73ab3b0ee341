from __future__ import annotations

import datetime as dt

import pytest

from thidua.lib.dates import format_date, format_moment, parse_date


@pytest.mark.parametrize(
    "value, expected",
    [
        ("05/03/1990", dt.date(1990, 3, 5)),
        ("5/3/1990", dt.date(1990, 3, 5)),
        (" 05-03-1990\u00a0", dt.date(1990, 3, 5)),
        ("1990-03-05", dt.date(1990, 3, 5)),
        (dt.datetime(1990, 3, 5, 0, 0), dt.date(1990, 3, 5)),
        (dt.date(1990, 3, 5), dt.date(1990, 3, 5)),
        (32937.0, dt.date(1990, 3, 5)),
        ("", None),
        (None, None),
    ],
)
def test_parse_date_accepts_office_formats(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["31/02/2020", "hôm qua", "2020", "13/13/2013"])
def test_parse_date_rejects_nonsense(value):
    with pytest.raises(ValueError):
        parse_date(value)


def test_format_date_is_dd_mm_yyyy():
    assert format_date(dt.date(2024, 1, 9)) == "09/01/2024"


def test_a_moment_is_written_in_local_time_day_first():
    utc = dt.datetime(2025, 3, 5, 7, 30, tzinfo=dt.UTC)
    assert format_moment(utc) == "05/03/2025 14:30"  # Asia/Ho_Chi_Minh, UTC+7
    assert format_moment(None) == ""
