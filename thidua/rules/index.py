"""Per-subject indexes, built once per person or unit and kept in the History's cache."""

from __future__ import annotations

from collections.abc import Iterable

from thidua.lib.dates import format_date
from thidua.rules.facts import AwardFact, History, Subject


def award_evidence(award: AwardFact) -> str:
    text = (
        f"{award.year_to}: QĐ {award.decision_number}"
        if award.decision_number
        else (f"{award.year_to}: khen thưởng năm {award.year_to}")
    )
    if award.decision_date:
        text += f" ngày {format_date(award.decision_date)}"
    return text


class SubjectIndex:
    """What a subject holds, by award code and year.

    `held[code][year]`: the subject holds `code` in `year` (every year of an award's period,
    and the yearly titles); used by "holds title" and "consecutive years".
    `ended[code][year]`: one entry per award record at the end year of its period, plus the
    yearly titles; used for counting awards and "years since the last one". A year with both
    a title and its decision keeps the decision as evidence.
    """

    __slots__ = ("ended", "held")

    def __init__(self, subject: Subject):
        self.held: dict[str, dict[int, str]] = {}
        self.ended: dict[str, dict[int, str]] = {}
        for year, code in subject.titles.items():
            text = f"{year}: kết quả thi đua năm {year}"
            self.held.setdefault(code, {})[year] = text
            self.ended.setdefault(code, {})[year] = text
        for award in subject.awards:
            text = award_evidence(award)
            held = self.held.setdefault(award.award_code, {})
            for year in range(award.year_from, award.year_to + 1):
                held[year] = text
            self.ended.setdefault(award.award_code, {})[award.year_to] = text

    def held_years(self, codes: Iterable[str], up_to: int) -> dict[int, str]:
        """Years (≤ up_to) in which any of `codes` is held, with one evidence each."""
        return _merge(self.held, codes, up_to)

    def ended_years(self, codes: Iterable[str], up_to: int) -> dict[int, str]:
        return _merge(self.ended, codes, up_to)

    def holds(self, codes: Iterable[str], year: int) -> str | None:
        for code in codes:
            text = self.held.get(code, {}).get(year)
            if text:
                return text
        return None


def _merge(table: dict[str, dict[int, str]], codes: Iterable[str], up_to: int) -> dict[int, str]:
    merged: dict[int, str] = {}
    for code in codes:
        for year, text in table.get(code, {}).items():
            if year <= up_to and (year not in merged or "QĐ" not in merged[year]):
                merged[year] = text
    return merged


def subject_index(history: History, subject: Subject) -> SubjectIndex:
    key = ("idx", subject.kind, subject.code)
    idx = history.cache.get(key)
    if idx is None:
        idx = history.cache[key] = SubjectIndex(subject)
    return idx
