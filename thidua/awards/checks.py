"""The rules of a yearly result (xếp loại), an initiative and a discipline measure that are
not a column's own: asked by the imports for every row and by awards.services (or the entry
forms) for every hand entry, so a row the import refuses is refused on the page with the
same words."""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

from thidua.awards.choices import AwardKind, Frequency
from thidua.awards.models import AwardType, Discipline, Initiative
from thidua.lib.dates import format_date
from thidua.lib.excel.cells import is_valid_code
from thidua.lib.vntext import fold

MAX_DISCIPLINE_MONTHS = 240
_CODE_SEPARATORS = re.compile(r"[;,\n]+")


def result_content_problem(appraisal: str, has_title: bool) -> str:
    """'' when the result says something; a result with neither is no result."""
    if not appraisal and not has_title:
        return _("Cần ghi Xếp loại (hoặc Danh hiệu).")
    return ""


def yearly_title_problem(title: AwardType, *, collective: bool | None) -> str:
    """'' when `title` may be the year's title of this kind of recipient (None: unknown yet)."""
    if title.kind != AwardKind.TITLE or title.frequency != Frequency.ANNUAL:
        return _("'%(name)s' không phải danh hiệu thi đua hằng năm.") % {"name": title.name}
    if collective is not None and not title.accepts(collective=collective):
        message = (
            _("Danh hiệu '%(name)s' không dành cho tập thể.")
            if collective
            else _("Danh hiệu '%(name)s' không dành cho cá nhân.")
        )
        return message % {"name": title.name}
    return ""


def initiative_key(title: str, year: int | None) -> tuple[str, int | None]:
    """What makes two initiatives one: the name without accents or case, and the year. The
    import updates the initiative of a row's key; a hand entry may not add a second one."""
    return fold(title), year


def initiative_exists_problem(title: str, year: int, *, exclude: int | None = None) -> str:
    """'' unless an initiative of the same key (other than `exclude`) is already recorded."""
    key = initiative_key(title, year)
    stored = Initiative.objects.filter(year=year).exclude(pk=exclude)
    stored = stored.values_list("title", flat=True)
    if any(initiative_key(t, year) == key for t in stored):
        return _("Sáng kiến '%(title)s' năm %(year)s đã được ghi nhận.") % {
            "title": title,
            "year": year,
        }
    return ""


def author_codes(text: str) -> tuple[list[str], list[str]]:
    """(the distinct person codes of `text`, separated by ";", "," or new lines, in order;
    the problems of the malformed ones)."""
    codes: list[str] = []
    for part in _CODE_SEPARATORS.split(text or ""):
        code = part.strip()
        if code and code not in codes:
            codes.append(code)
    bad = [c for c in codes if not is_valid_code(c)]
    return codes, [_("Mã tác giả '%(code)s' không hợp lệ.") % {"code": c} for c in bad]


def person_code_problem(code: str, *, found: bool, in_scope: bool) -> str:
    """'' for a person code that names someone the user may write for, else the reason."""
    if not found:
        return _("Không có cán bộ mã '%(code)s' trong hệ thống.") % {"code": code}
    if not in_scope:
        return _("Cán bộ mã '%(code)s' thuộc đơn vị nằm ngoài phạm vi được phân quyền.") % {
            "code": code
        }
    return ""


def discipline_date_problem(date: dt.date | None, today: dt.date) -> str:
    """'' unless the decision is dated after today."""
    if date is not None and date > today:
        return _("Ngày quyết định %(date)s sau ngày hôm nay.") % {"date": format_date(date)}
    return ""


def discipline_months_problem(months: int | None) -> str:
    """'' for no time limit or a plausible one."""
    if months is not None and not 1 <= months <= MAX_DISCIPLINE_MONTHS:
        return _("Thời hạn phải từ 1 đến %(max)s tháng.") % {"max": MAX_DISCIPLINE_MONTHS}
    return ""


def discipline_key(person_id: int | None, number: str, form: str) -> tuple:
    """What makes two measures one: the person, the decision number (accents, case ignored)
    and the form. The import updates the measure of a row's key; a hand entry may not add a
    second one."""
    return person_id, fold(number), form


def discipline_clash_problem(clash: Discipline) -> str:
    """The reason a measure may not be recorded: `clash`, another form, has its decision."""
    return _(
        "Quyết định %(number)s ngày %(date)s đã được ghi cho cán bộ này với hình thức %(form)s."
    ) % {
        "number": clash.decision_number,
        "date": format_date(clash.decision_date),
        "form": clash.get_form_display(),
    }


def discipline_exists_problem(
    person_id: int, number: str, form: str, date: dt.date | None, *, exclude: int | None = None
) -> str:
    """'' unless the person already has this measure (same key), or this decision and date
    under another form: the import would update the first and refuses the second."""
    key = discipline_key(person_id, number, form)
    for stored in Discipline.objects.filter(person_id=person_id).exclude(pk=exclude):
        if discipline_key(stored.person_id, stored.decision_number, stored.form) == key:
            return _("Kỷ luật %(form)s theo quyết định %(number)s đã được ghi nhận.") % {
                "form": stored.get_form_display(),
                "number": stored.decision_number,
            }
        if stored.decision_number == number and stored.decision_date == date:
            return discipline_clash_problem(stored)
    return ""
