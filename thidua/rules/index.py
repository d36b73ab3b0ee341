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
    if award.via:
        text += f" (của {award.via})"
    return text


class SubjectIndex:
    """What a subject holds, by award code and year.

    `held[code][year]`: the subject holds `code` in `year` (every year of an award's period,
    and the yearly titles); used by "holds title" and "consecutive years".
    `ended[code][year]`: one entry per award record at the end year of its period, plus the
    yearly titles; used for counting awards and "years since the last one". A year with both
    a title and its decision keeps the decision as evidence.
    `without(kinds)`: the same index leaving out the awards given in movements of those
    kinds (the awards a pack does not count as grounds); `dropped` lists them.
    """

    __slots__ = ("_subject", "_without", "dropped", "ended", "held", "via")

    def __init__(self, subject: Subject, leave_out: frozenset[str] = frozenset()):
        self.held: dict[str, dict[int, str]] = {}
        self.ended: dict[str, dict[int, str]] = {}
        self.dropped: tuple[AwardFact, ...] = ()
        # via[code][year]: the unit taken over whose award makes the year held (AwardFact.via)
        self.via: dict[str, dict[int, str]] = {}
        self._subject, self._without = subject, None
        for year, code in subject.titles.items():
            text = f"{year}: kết quả thi đua năm {year}"
            self.held.setdefault(code, {})[year] = text
            self.ended.setdefault(code, {})[year] = text
        dropped = []
        for award in subject.awards:
            if award.movement_kind and award.movement_kind in leave_out:
                dropped.append(award)
                continue
            text = award_evidence(award)
            held = self.held.setdefault(award.award_code, {})
            if award.via:  # a predecessor's year: the subject's own record comes first
                via = self.via.setdefault(award.award_code, {})
                for year in range(award.year_from, award.year_to + 1):
                    if year not in held:
                        held[year], via[year] = text, award.via
                self.ended.setdefault(award.award_code, {}).setdefault(award.year_to, text)
                continue
            for year in range(award.year_from, award.year_to + 1):
                held[year] = text
                self.via.get(award.award_code, {}).pop(year, None)
            self.ended.setdefault(award.award_code, {})[award.year_to] = text
        self.dropped = tuple(dropped)

    def without(self, kinds: frozenset[str]) -> SubjectIndex:
        """The index without the awards of movements of `kinds` (self when there are none)."""
        if not kinds or not any(a.movement_kind in kinds for a in self._subject.awards):
            return self
        found = self._without
        if found is None or found[0] != kinds:
            found = self._without = (kinds, SubjectIndex(self._subject, kinds))
        return found[1]

    def dropped_of(self, codes: Iterable[str], up_to: int) -> list[AwardFact]:
        """The awards left out (without) of these codes, ending by `up_to`."""
        wanted = set(codes)
        return [a for a in self.dropped if a.award_code in wanted and a.year_to <= up_to]

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
