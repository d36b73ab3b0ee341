"""Conditions on titles and awards already held."""
from __future__ import annotations

from thidua.rules.catalogue import OR_HIGHER_MODES
from thidua.rules.conditions.base import (
    Condition, Outcome, PackError, as_codes, one_of, positive_int, register, year_span,
)


class _AwardCondition(Condition):
    """Shared parameters: `award` (a code or a list), `or_higher`, `years_before`."""

    award_params = ("award",)

    def setup(self, params, scales):
        self.codes = as_codes(params["award"])
        self.or_higher = one_of(params, "or_higher", OR_HIGHER_MODES, "none")
        self.years_before = positive_int(params, "years_before", 0)

    def widened(self, ev) -> frozenset[str]:
        return ev.catalogue.widen(self.codes, self.or_higher)

    def names(self, ev) -> str:
        return " hoặc ".join(ev.award_name(c) for c in self.codes)


@register
class HoldsTitle(_AwardCondition):
    """Holds X in year Y (or Y - years_before)."""

    kind = "holds_title"
    required = ("award",)
    optional = ("or_higher", "years_before")
    monotone_in_awards = True

    def evaluate(self, ev, subject, idx):
        year = ev.year - self.years_before
        text = idx.holds(self.widened(ev), year)
        if text:
            return Outcome(True, [text])
        return Outcome(False, [], f"chưa đạt {self.names(ev)} năm {year}")


def streak_ending(years: dict[int, str] | set[int], end: int) -> int:
    length = 0
    while end - length in years:
        length += 1
    return length


def longest_run(years: dict[int, str] | set[int], first: int, last: int) -> tuple[int, int]:
    """(length, end year) of the longest run of held years inside [first, last]."""
    best, best_end, run = 0, last, 0
    for year in range(first, last + 1):
        run = run + 1 if year in years else 0
        if run > best:
            best, best_end = run, year
    return best, best_end


@register
class Consecutive(_AwardCondition):
    """Holds X for N consecutive years ending in Y (or inside a window of W years)."""

    kind = "consecutive"
    required = ("award", "years")
    optional = ("or_higher", "years_before", "within")
    monotone_in_awards = True

    def setup(self, params, scales):
        super().setup(params, scales)
        self.years = positive_int(params, "years", minimum=1)
        self.within = positive_int(params, "within", self.years, minimum=1)
        if self.within < self.years:
            raise PackError("consecutive: within phải ≥ years")

    def evaluate(self, ev, subject, idx):
        end = ev.year - self.years_before
        held = idx.held_years(self.widened(ev), end)
        if self.within == self.years:
            length, run_end = streak_ending(held, end), end
        else:
            length, run_end = longest_run(held, end - self.within + 1, end)
        if length >= self.years:
            run = range(run_end - self.years + 1, run_end + 1)
            return Outcome(True, [held[y] for y in run])
        evidence = [held[y] for y in range(run_end - length + 1, run_end + 1)]
        where = f"kết thúc năm {end}" if self.within == self.years else (
            f"trong giai đoạn {year_span(end - self.within + 1, end)}")
        return Outcome(False, evidence, (
            f"còn thiếu {self.years - length} năm {self.names(ev)} liên tục ({where})"))


@register
class CountAwards(_AwardCondition):
    """At least M years with X (or higher) within the last `window` years (all time if none)."""

    kind = "count_awards"
    required = ("award", "at_least")
    optional = ("or_higher", "years_before", "window")
    monotone_in_awards = True

    def setup(self, params, scales):
        super().setup(params, scales)
        self.at_least = positive_int(params, "at_least", minimum=1)
        self.window = params.get("window")
        if self.window is not None:
            positive_int(params, "window", minimum=1)

    def evaluate(self, ev, subject, idx):
        end = ev.year - self.years_before
        first = end - self.window + 1 if self.window else None
        years = {y: t for y, t in idx.ended_years(self.widened(ev), end).items()
                 if first is None or y >= first}
        evidence = [years[y] for y in sorted(years)]
        if len(years) >= self.at_least:
            return Outcome(True, evidence)
        where = f" trong giai đoạn {year_span(first, end)}" if first is not None else ""
        return Outcome(False, evidence, (
            f"còn thiếu {self.at_least - len(years)} lần {self.names(ev)}{where}"))


@register
class SinceLast(_AwardCondition):
    """At least N years since the last X (counted from the year its achievement ended)."""

    kind = "since_last"
    required = ("award", "years")
    optional = ("or_higher", "if_none")

    def setup(self, params, scales):
        super().setup(params, scales)
        self.years = positive_int(params, "years", minimum=1)
        self.if_none = one_of(params, "if_none", ("met", "unmet"), "met")

    def evaluate(self, ev, subject, idx):
        ended = idx.ended_years(self.widened(ev), ev.year)
        if not ended:
            if self.if_none == "met":
                return Outcome(True, [f"chưa được tặng {self.names(ev)}"])
            return Outcome(False, [], f"chưa được tặng {self.names(ev)}")
        last = max(ended)
        if ev.year - last >= self.years:
            return Outcome(True, [ended[last]])
        return Outcome(False, [ended[last]], (
            f"lần {self.names(ev)} gần nhất là năm {last}; cần cách ít nhất {self.years} năm "
            f"(xét từ năm {last + self.years})"))


@register
class NotAlreadyHeld(_AwardCondition):
    """Does not hold X (or any higher, per `or_higher`) up to year Y."""

    kind = "not_already_held"
    required = ("award",)
    optional = ("or_higher",)

    def evaluate(self, ev, subject, idx):
        codes = self.widened(ev)
        for code in sorted(codes, key=lambda c: -ev.catalogue_rank(c)):
            ended = idx.ended_years((code,), ev.year)
            if ended:
                last = max(ended)
                return Outcome(False, [ended[last]], f"đã được tặng {ev.award_name(code)}")
        return Outcome(True, [])


@register
class Meets(Condition):
    """Meets every condition of another award type of the same pack (e.g. the CSTT standard)."""

    kind = "meets"
    required = ("award",)
    award_params = ("award",)

    def setup(self, params, scales):
        if not isinstance(params["award"], str):
            raise PackError("meets: award phải là một mã")
        self.code = params["award"]

    def evaluate(self, ev, subject, idx):
        results: list = []
        met = ev.run_rule(self.code, subject, results)
        leaves = [r for r in results if r.kind not in ("all", "any", "not")]
        evidence = [e for r in leaves if r.met for e in r.evidence]
        if met:
            return Outcome(True, evidence)
        missing = "; ".join(r.missing for r in leaves if not r.met and r.missing)
        return Outcome(False, evidence, (
            f"chưa đạt tiêu chuẩn {ev.award_name(self.code)}" + (f": {missing}" if missing else "")))
