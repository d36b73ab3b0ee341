"""Conditions on a recipient's own record: appraisals, initiatives, service, discipline."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from thidua.lib.dates import format_date
from thidua.rules.calendar import add_months, month_diff, months_and_days
from thidua.rules.conditions.base import (
    Condition,
    Outcome,
    PackError,
    one_of,
    positive_int,
    register,
    year_span,
)
from thidua.rules.facts import INDIVIDUAL, DisciplineFact


def duration_text(months: int) -> str:
    years, rest = divmod(max(months, 0), 12)
    parts = ([f"{years} năm"] if years else []) + ([f"{rest} tháng"] if rest or not years else [])
    return " ".join(parts)


@register
class AppraisalAtLeast(Condition):
    """Grade ≥ G for N consecutive years ending in Y, with ≥ K of them at grade ≥ H."""

    kind = "appraisal_at_least"
    shared_in_sweep = True
    cost = 2
    required = ("grade",)
    optional = ("years", "years_before", "higher_grade", "higher_at_least")

    def setup(self, params, scales):
        scale = scales.appraisal
        self.grade = scale.check(params["grade"])
        self.years = positive_int(params, "years", 1, minimum=1)
        self.years_before = positive_int(params, "years_before", 0)
        self.higher = params.get("higher_grade")
        self.higher_at_least = positive_int(params, "higher_at_least", 1 if self.higher else 0)
        if self.higher:
            scale.check(self.higher)

    def years_read(self):
        return self.years + self.years_before

    def evaluate(self, ev, subject, idx):
        scale = self.scales.appraisal
        end = ev.year - self.years_before
        grades = subject.appraisals
        streak = 0
        while streak < self.years and scale.at_least(grades.get(end - streak), self.grade):
            streak += 1
        span = range(end - streak + 1, end + 1)
        evidence = [f"{y}: {scale.name(grades[y])}" for y in span]
        if streak < self.years:
            bad = end - streak
            got = scale.name(grades[bad]) if bad in grades else "chưa có xếp loại"
            if self.years == 1:
                # What is needed, then what the person has.
                need = f"cần: {scale.name(self.grade)} trở lên"
                return Outcome(False, evidence, f"{need}; năm {bad}: {got}")
            return Outcome(
                False,
                evidence,
                (
                    f"còn thiếu {self.years - streak} năm liên tục xếp loại "
                    f"{scale.name(self.grade)} trở lên (năm {bad}: {got})"
                ),
            )
        if self.higher:
            top = [y for y in span if scale.at_least(grades.get(y), self.higher)]
            if len(top) < self.higher_at_least:
                return Outcome(
                    False,
                    evidence,
                    (
                        f"còn thiếu {self.higher_at_least - len(top)} năm xếp loại "
                        f"{scale.name(self.higher)} trong giai đoạn {year_span(span[0], span[-1])}"
                    ),
                )
        return Outcome(True, evidence)

    def test(self, ev, subject):
        ranks, grades = self.scales.appraisal.ranks, subject.appraisals
        floor, top, end = ranks[self.grade], ranks.get(self.higher, -1), ev.year - self.years_before
        high = 0
        for year in range(end - self.years + 1, end + 1):
            rank = ranks.get(grades.get(year), -1)
            if rank < floor:
                return False
            high += rank >= top
        return not self.higher or high >= self.higher_at_least

    def passing(self, ev, kind):
        # Persons: intersect the population's per-year grade sets (YearSets) instead of
        # walking every person's appraisals. Units: one test each.
        if kind != INDIVIDUAL:
            return super().passing(ev, kind)
        end = ev.year - self.years_before
        years = range(end - self.years + 1, end + 1)
        passing = set.intersection(*(ev.graded(self.grade, y) for y in years))
        if self.higher:
            high: Counter[str] = Counter()
            for year in years:
                high.update(ev.graded(self.higher, year) & passing)
            passing = {code for code in passing if high[code] >= self.higher_at_least}
        return passing


@register
class InitiativeScope(Condition):
    """At least M initiatives recognised at scope ≥ S within the last `window` years."""

    kind = "initiative_scope"
    shared_in_sweep = True
    cost = 2
    required = ("scope",)
    optional = ("at_least", "window", "years_before")

    def setup(self, params, scales):
        self.scope = scales.initiative_scope.check(params["scope"])
        self.at_least = positive_int(params, "at_least", 1, minimum=1)
        self.window = positive_int(params, "window", 1, minimum=1)
        self.years_before = positive_int(params, "years_before", 0)

    def years_read(self):
        return self.window + self.years_before

    def evaluate(self, ev, subject, idx):
        scale = self.scales.initiative_scope
        end = ev.year - self.years_before
        first = end - self.window + 1
        found = sorted(
            (
                i
                for i in subject.initiatives
                if first <= i.year <= end and scale.at_least(i.scope, self.scope)
            ),
            key=lambda i: i.year,
        )
        evidence = [
            f"{i.year}: sáng kiến {scale.name(i.scope)}"
            + (f" (QĐ {i.decision_number})" if i.decision_number else "")
            for i in found
        ]
        if len(found) >= self.at_least:
            return Outcome(True, evidence)
        return Outcome(
            False,
            evidence,
            (
                f"còn thiếu {self.at_least - len(found)} sáng kiến được công nhận "
                f"{scale.name(self.scope)} trở lên (giai đoạn {year_span(first, end)})"
            ),
        )

    def test(self, ev, subject):
        if not subject.initiatives:
            return False
        ranks, floor = (
            self.scales.initiative_scope.ranks,
            self.scales.initiative_scope.ranks[self.scope],
        )
        end = ev.year - self.years_before
        first = end - self.window + 1
        return (
            sum(
                first <= i.year <= end and ranks.get(i.scope, -1) >= floor
                for i in subject.initiatives
            )
            >= self.at_least
        )

    def passing(self, ev, kind):
        ranks, floor = (
            self.scales.initiative_scope.ranks,
            self.scales.initiative_scope.ranks[self.scope],
        )
        end = ev.year - self.years_before
        first = end - self.window + 1
        counts: Counter[str] = Counter()
        for (year, scope), codes in ev.history.year_sets(kind).initiatives.items():
            if first <= year <= end and ranks.get(scope, -1) >= floor:
                counts.update(codes)
        return {code for code, n in counts.items() if n >= self.at_least}


@register
class ServiceYears(Condition):
    """Service ≥ N years M months by 31/12 of Y (optionally < a ceiling), interruptions out."""

    kind = "service_years"
    shared_in_sweep = True
    cost = 3
    optional = (
        "years",
        "months",
        "below_years",
        "female_years",
        "female_months",
        "female_below_years",
    )

    def setup(self, params, scales):
        self.need = 12 * positive_int(params, "years", 0) + positive_int(params, "months", 0)
        below = params.get("below_years")
        self.below = 12 * positive_int(params, "below_years") if below is not None else None
        if "female_years" in params or "female_months" in params:
            self.need_f = 12 * positive_int(params, "female_years", 0) + positive_int(
                params, "female_months", 0
            )
        else:
            self.need_f = self.need
        below_f = params.get("female_below_years")
        self.below_f = (
            12 * positive_int(params, "female_below_years") if below_f is not None else self.below
        )
        if self.need == 0:
            raise PackError("service_years: cần years hoặc months")

    # years_read: 1. Service counts from the service dates and every interruption, which are
    # the person's own facts, given whole whatever the window.

    def evaluate(self, ev, subject, idx):
        start = getattr(subject, "service_start", None)
        if start is None:
            return Outcome(False, [], "chưa có ngày vào ngành")
        female = getattr(subject, "gender", "") == "F"
        need, below = (self.need_f, self.below_f) if female else (self.need, self.below)
        months = ev.served_months(subject)
        evidence = [
            f"vào ngành {format_date(start)}; đến 31/12/{ev.year} có "
            f"{duration_text(months)} công tác"
        ]
        if months < need:
            return Outcome(False, evidence, f"còn thiếu {duration_text(need - months)} công tác")
        if below is not None and months >= below:
            return Outcome(
                False,
                evidence,
                (f"đã đủ {duration_text(below)} công tác trở lên: xét hạng, mức cao hơn"),
            )
        return Outcome(True, evidence)

    def test(self, ev, subject):
        if getattr(subject, "service_start", None) is None:
            return False
        need, below = (
            (self.need_f, self.below_f) if subject.gender == "F" else (self.need, self.below)
        )
        months = ev.served_months(subject)
        return months >= need and (below is None or months < below)

    def passing(self, ev, kind):
        # Persons: everyone's months of service by 31/12, grouped by (months, female) once
        # a year; each medal class unites the groups in its range.
        if kind != INDIVIDUAL:
            return super().passing(ev, kind)
        return self._passing(ev.served_groups())

    def _passing(self, groups: dict[tuple[int, bool], list[str]]) -> set[str]:
        found: set[str] = set()
        for (months, female), codes in groups.items():
            need, below = (self.need_f, self.below_f) if female else (self.need, self.below)
            if months >= need and (below is None or months < below):
                found.update(codes)
        return found


def served_months(subject, until: date) -> int:
    """Whole months of service up to `until` (inclusive), interruptions taken out."""
    end = min(subject.service_end or until, until) + timedelta(days=1)
    for first, last in subject.service_interruptions:
        lo, hi = max(first, subject.service_start), min(last + timedelta(days=1), end)
        if hi <= lo:
            continue
        # Whole calendar months of the interruption, then its leftover days: counting it
        # in days alone would make 01/03/2015–30/04/2016 (14 months, with a 29 February)
        # cost 15 months.
        months, days = months_and_days(lo, hi - timedelta(days=1))
        end = add_months(end, -months) - timedelta(days=days)
    return max(month_diff(subject.service_start, end), 0)


WHEN = ("decided_in_year", "in_force_in_year", "in_force_at_year_end", "within_months")
_WHEN_TEXT = {
    "decided_in_year": "trong năm {y}",
    "in_force_in_year": "còn hiệu lực trong năm {y}",
    "in_force_at_year_end": "còn hiệu lực tại thời điểm xét (31/12/{y})",
    "within_months": "trong {m} tháng tính đến 31/12/{y}",
}


def discipline_end(d: DisciplineFact, default_months: int) -> date:
    if d.end_date:
        return d.end_date
    return add_months(d.date, d.months if d.months is not None else default_months)


def discipline_hits(d: DisciplineFact, when: str, year: int, months: int, default: int) -> bool:
    first, last = date(year, 1, 1), date(year, 12, 31)
    end = discipline_end(d, default)
    if when == "decided_in_year":
        return d.date.year == year
    if when == "in_force_in_year":
        return d.date <= last and end >= first
    if when == "in_force_at_year_end":
        return d.date <= last < end
    return d.date <= last and end >= add_months(last, -months)


def discipline_years(when: str, months: int, default_months: int) -> int:
    """How many years of decisions, the year judged included, discipline_hits may find
    hitting year Y: back to the earliest month a hitting measure can have been decided in,
    a measure without an end date lasting `default_months` (the pack's scale)."""
    earliest = {  # that month, counted from January of Y (0); December of Y-1 is -1
        "decided_in_year": 0,
        "in_force_in_year": -default_months,  # still in force on 01/01/Y
        "in_force_at_year_end": 12 - default_months,  # still in force after 31/12/Y
        "within_months": 11 - months - default_months,  # in force `months` before 31/12/Y
    }[when]
    return max(1, 1 - earliest // 12)


@register
class NoDiscipline(Condition):
    """No discipline of form ≥ F decided / in force in Y, or within N months before 31/12/Y."""

    kind = "no_discipline"
    shared_in_sweep = True
    cost = 2
    optional = ("form_at_least", "when", "months")

    def setup(self, params, scales):
        scale = scales.discipline
        self.form = scale.check(params.get("form_at_least", scale.codes[0]))
        self.when = one_of(params, "when", WHEN, "in_force_in_year")
        self.months = positive_int(params, "months", 0)
        if self.when == "within_months" and not self.months:
            raise PackError("no_discipline: within_months cần months")

    def years_read(self):
        return discipline_years(self.when, self.months, self.scales.discipline_default_months)

    def hits(self, ev, subject) -> list[DisciplineFact]:
        scale = self.scales.discipline
        default = self.scales.discipline_default_months
        return [
            d
            for d in subject.disciplines
            if scale.at_least(d.form, self.form)
            and discipline_hits(d, self.when, ev.year, self.months, default)
        ]

    def evaluate(self, ev, subject, idx):
        hits = self.hits(ev, subject)
        if not hits:
            return Outcome(True, [])
        scale = self.scales.discipline
        evidence = [
            f"{scale.name(d.form)}: QĐ {d.decision_number} ngày {format_date(d.date)}" for d in hits
        ]
        window = _WHEN_TEXT[self.when].format(y=ev.year, m=self.months)
        return Outcome(False, evidence, f"bị kỷ luật {evidence[0]} ({window})")

    def test(self, ev, subject):
        return not subject.disciplines or not self.hits(ev, subject)

    def passing(self, ev, kind):
        # Everyone but the few with a discipline that hits.
        return ev.population_codes(kind) - {
            s.code for s in ev.having(kind, "disciplines") if self.hits(ev, s)
        }


@register
class CouncilJudgement(Condition):
    """A criterion only the council can judge (e.g. "tiêu biểu xuất sắc"): shown, never blocks."""

    kind = "council_judgement"
    cost = 9
    manual = True

    def evaluate(self, ev, subject, idx):
        return Outcome(True, ["do Hội đồng Thi đua – Khen thưởng xem xét"])

    def test(self, ev, subject):
        return True
