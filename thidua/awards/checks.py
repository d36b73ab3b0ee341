"""The rules of a yearly result (xếp loại) and of an initiative that are not a column's own:
asked by the imports for every row and by awards.services for every hand entry, so a row
the import refuses is refused on the page with the same words."""

from __future__ import annotations

from django.utils.translation import gettext as _

from thidua.awards.choices import AwardKind, Frequency
from thidua.awards.models import AwardType, Initiative
from thidua.lib.vntext import fold


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


def initiative_exists_problem(title: str, year: int) -> str:
    """'' unless an initiative of the same key is already recorded."""
    key = initiative_key(title, year)
    stored = Initiative.objects.filter(year=year).values_list("title", flat=True)
    if any(initiative_key(t, year) == key for t in stored):
        return _("Sáng kiến '%(title)s' năm %(year)s đã được ghi nhận.") % {
            "title": title,
            "year": year,
        }
    return ""
