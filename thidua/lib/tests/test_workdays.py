"""Working days: weekends, Vietnam's public holidays and Tết, and the office's added days."""

from __future__ import annotations

import datetime as dt

import pytest

from thidua.lib import workdays

D = dt.date


def test_ten_working_days_from_10_february_2026_skip_tet_and_weekends():
    # Tết Bính Ngọ: 16–20/02/2026 off; 10–13/02 are 4 days, 23–27/02 five more, 02/03 the 10th.
    assert workdays.nth_working_day(D(2026, 2, 10), 10) == D(2026, 3, 2)


def test_a_period_starting_on_a_day_off_begins_on_the_next_working_day():
    assert workdays.nth_working_day(D(2026, 2, 14), 1) == D(2026, 2, 23)


def test_an_office_day_off_pushes_the_end_by_one_working_day():
    plain = workdays.nth_working_day(D(2026, 11, 2), 10)
    added = workdays.nth_working_day(D(2026, 11, 2), 10, {D(2026, 11, 5)})
    assert (plain, added) == (D(2026, 11, 13), D(2026, 11, 16))


def test_national_day_and_its_bridge_are_days_off():
    assert workdays.day_off_name(D(2025, 9, 2)) != ""
    assert workdays.day_off_name(D(2025, 9, 1)) != ""
    assert workdays.is_working_day(D(2025, 9, 3))


def test_names_of_days_off_are_vietnamese():
    assert workdays.day_off_name(D(2026, 2, 17)) == "Tết Nguyên Đán"
    assert workdays.day_off_name(D(2026, 3, 1)) == "Chủ nhật"
    assert workdays.day_off_name(D(2026, 3, 2)) == ""


def test_working_days_between_counts_both_ends():
    assert workdays.working_days_between(D(2026, 2, 10), D(2026, 3, 2)) == 10


def test_nth_working_day_needs_a_positive_n():
    with pytest.raises(ValueError):
        workdays.nth_working_day(D(2026, 1, 5), 0)
