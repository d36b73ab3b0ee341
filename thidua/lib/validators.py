"""Bounds on what a user may type, shared by models (full_clean in every service), forms,
the API and the imports: dates of the register's era, plausible years, notes of a page or
two. Without them a year 0001 or a 5 MB note was stored as given."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from thidua.lib.cellvalues import MIN_YEAR
from thidua.lib.dates import format_date

# The oldest people on record were born in the early 20th century; nothing is dated after 2100.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)
MAX_YEAR = LATEST_DATE.year
# About two printed pages of Vietnamese text: notes, achievements, reasons.
TEXT_MAX_LENGTH = 4000


def date_out_of_range(value: dt.date) -> str | None:
    """The Vietnamese reason a date is refused, or None when it is plausible."""
    if EARLIEST_DATE <= value <= LATEST_DATE:
        return None
    return str(_("Ngày %(day)s nằm ngoài khoảng %(first)s – %(last)s.")) % {
        "day": format_date(value),
        "first": format_date(EARLIEST_DATE),
        "last": format_date(LATEST_DATE),
    }


def validate_date(value: dt.date | None) -> None:
    if value is not None and (reason := date_out_of_range(value)):
        raise ValidationError(reason, code="date_range")


def year_validators(first: int = MIN_YEAR) -> list:
    return [
        MinValueValidator(first, _("Năm không được trước %(limit_value)s.")),
        MaxValueValidator(MAX_YEAR, _("Năm không được sau %(limit_value)s.")),
    ]


def recorded_year_problem(year: int | None, today: dt.date) -> str:
    """'' when a year of the record (a result, an initiative) is plausible, else the reason.
    Stricter than year_validators: nothing is appraised or recognised before it happens.
    The imports and the entry pages both ask this, so a year refused by one is by the other."""
    if year is not None and not MIN_YEAR <= year <= today.year:
        return str(_("Năm %(year)s không hợp lệ: phải từ %(first)s đến %(last)s.")) % {
            "year": year,
            "first": MIN_YEAR,
            "last": today.year,
        }
    return ""


def text_validators(limit: int = TEXT_MAX_LENGTH) -> list:
    return [
        MaxLengthValidator(
            limit, _("Không được dài quá %(limit_value)d ký tự (hiện có %(show_value)d).")
        )
    ]
