"""Conditions on titles and awards already held."""

from __future__ import annotations

from collections import Counter
from datetime import date

from thidua.lib.dates import format_date
from thidua.rules.catalogue import OR_HIGHER_MODES
from thidua.rules.conditions.base import (
    Condition,
    Outcome,
    PackError,
    as_codes,
    one_of,
    positive_int,
    register,
    year_span,
)
from thidua.rules.facts import COLLECTIVE, LINEAGE_KINDS
from thidua.rules.index import award_evidence


def _last_year(last_day: date) -> int:
    """The last year a name was the unit's at the year's end (31/12): a name used until
    28/02/2025 was last the name of 2024's yearly review."""
    return last_day.year if (last_day.month, last_day.day) == (12, 31) else last_day.year - 1


def _years(years: list[int]) -> str:
    return ", ".join(map(str, years))


class _AwardCondition(Condition):
    """Shared parameters: `award` (a code or a list), `or_higher`, `years_before`, and
    `include_current`: the year judged counts as held when the recipient meets that award's
    own conditions in it (the titles of a year are decided together, so the 3rd CSTĐCS is
    usually not recorded yet when CSTĐ cấp Bộ is considered)."""

    award_params = ("award",)
    cost = 1
    # Counts earlier awards as grounds for the award judged: awards the pack does not count
    # as grounds (Pack.movement_grounds: those of a themed movement) are left out.
    grounds = False

    def setup(self, params, scales):
        self.codes = as_codes(params["award"])
        self.or_higher = one_of(params, "or_higher", OR_HIGHER_MODES, "none")
        self.years_before = positive_int(params, "years_before", 0)
        self.include_current = bool(params.get("include_current", False))

    def record_codes(self, catalogue):
        return catalogue.widen(self.codes, self.or_higher)

    def refers_to(self):
        return self.codes if self.include_current else ()

    def with_current(self, ev, subject, years: dict[int, str]) -> dict[int, str]:
        if not self.include_current or ev.year in years:
            return years
        for code in self.codes:
            if ev.eligible_for(code, subject):
                text = f"{ev.year}: đủ điều kiện {ev.award_name(code)} (đang xét)"
                return {**years, ev.year: text}
        return years

    def current_counts(self, ev, subject) -> bool:
        return self.include_current and any(ev.eligible_for(c, subject) for c in self.codes)

    def index_of(self, ev, subject, idx=None):
        """The subject's index this condition reads: without the awards that are not grounds
        when it counts grounds."""
        if self.grounds:
            return ev.grounds_index(subject)
        return idx if idx is not None else ev.index(subject)

    def not_counted(self, ev, idx, up_to: int) -> str:
        """Why-not words for the awards of these codes left out as no grounds, or ""."""
        dropped = idx.dropped_of(self.widened(ev), up_to) if self.grounds else ()
        if not dropped:
            return ""
        rule = ev.pack.movement_grounds
        parts = [
            f"{award_evidence(a)} (khen thưởng trong phong trào thi đua "
            f"{rule.kinds.get(a.movement_kind, a.movement_kind)}"
            + (f" “{a.movement}”" if a.movement else "")
            + ")"
            for a in dropped
        ]
        return (
            f"không tính {'; '.join(parts)}: khen thưởng trong phong trào thi đua theo chuyên "
            f"đề, đợt cao điểm không được tính làm căn cứ đề nghị khen thưởng công trạng cao "
            f"hơn ({rule.cited})"
        )

    def with_note(self, ev, idx, outcome: Outcome, up_to: int) -> Outcome:
        """An unmet outcome that says which awards were not counted, and why."""
        if outcome.met:
            return outcome
        note = self.not_counted(ev, idx, up_to)
        if note:
            outcome.missing = f"{outcome.missing}; {note}" if outcome.missing else note
        return outcome

    def held_in(self, ev, subject, idx, years) -> list[bool]:
        """For each year: held (or, for the year judged, counted as current)."""
        codes = self.widened(ev)
        tables = [t for t in (idx.held.get(c) for c in codes) if t]
        flags = [any(y in t for t in tables) for y in years]
        for i, y in enumerate(years):
            if y == ev.year and not flags[i]:
                flags[i] = self.current_counts(ev, subject)
        return flags

    def held_sets(self, ev, kind, years, which="held") -> dict[int, set[str]]:
        """Sweep path: per year, the codes of the subjects of `kind` holding the award (or
        counted as current in the year judged)."""
        codes = self.widened(ev)
        sets = {y: ev.holders(codes, y, kind, which, self.grounds) for y in years}
        if self.include_current and ev.year in sets:
            sets[ev.year] = sets[ev.year] | ev.eligible_codes(self.codes, kind)
        return sets

    def widened(self, ev) -> frozenset[str]:
        return ev.catalogue.widen(self.codes, self.or_higher)

    def names(self, ev) -> str:
        return " hoặc ".join(ev.award_name(c) for c in self.codes)


@register
class HoldsTitle(_AwardCondition):
    """Holds X in year Y (or Y - years_before)."""

    kind = "holds_title"
    required = ("award",)
    optional = ("or_higher", "years_before", "include_current")
    monotone_in_awards = True
    grounds = True

    def years_read(self):
        return self.years_before + 1

    def evaluate(self, ev, subject, idx):
        idx = self.index_of(ev, subject, idx)
        year = ev.year - self.years_before
        text = idx.holds(self.widened(ev), year)
        if not text and year == ev.year:
            text = self.with_current(ev, subject, {}).get(year)
        if text:
            return Outcome(True, [text])
        return self.with_note(
            ev, idx, Outcome(False, [], f"chưa đạt {self.names(ev)} năm {year}"), year
        )

    def test(self, ev, subject):
        idx = self.index_of(ev, subject)
        return self.held_in(ev, subject, idx, [ev.year - self.years_before])[0]

    def passing(self, ev, kind):
        year = ev.year - self.years_before
        return self.held_sets(ev, kind, [year])[year]


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
    optional = ("or_higher", "years_before", "within", "include_current")
    monotone_in_awards = True
    grounds = True

    def setup(self, params, scales):
        super().setup(params, scales)
        self.years = positive_int(params, "years", minimum=1)
        self.within = positive_int(params, "within", self.years, minimum=1)
        if self.within < self.years:
            raise PackError("consecutive: within phải ≥ years")

    def years_read(self):
        return self.within + self.years_before

    def evaluate(self, ev, subject, idx):
        idx = self.index_of(ev, subject, idx)
        end = ev.year - self.years_before
        outcome, years = self._outcome(ev, subject, idx, end)
        if subject.kind == COLLECTIVE:
            outcome = self.across_lineage(ev, subject, idx, outcome, years, end)
        return self.with_note(ev, idx, outcome, end)

    def across_lineage(self, ev, subject, idx, outcome: Outcome, years, end: int) -> Outcome:
        """The why/why-not of a collective's streak across a reorganisation: the years held
        under a former name ("tính cả năm … của đơn vị cũ X (đổi tên)") or by a unit it took
        over that the pack counts ("… (sáp nhập 01/07/2025)"); unmet, each unit taken over
        in the window that the pack does not count ("chuỗi năm không tiếp nối qua sáp nhập
        ngày …")."""
        held = [y for y in years if y in idx.held_years(self.widened(ev), end)]
        notes = []
        after = None
        for name, last_day in subject.former_names:
            under = [y for y in held if (after is None or after < y) and y <= _last_year(last_day)]
            if under:
                notes.append(f"tính cả năm {_years(under)} của đơn vị cũ {name} (đổi tên)")
            after = _last_year(last_day)
        by_unit: dict[str, list[int]] = {}
        for code in self.widened(ev):
            for year, via in idx.via.get(code, {}).items():
                if year in held:
                    by_unit.setdefault(via, []).append(year)
        for via, in_run in by_unit.items():
            notes.append(f"tính cả năm {_years(sorted(set(in_run)))} của {via}")
        outcome.evidence = [*outcome.evidence, *notes]
        if not outcome.met:
            first = end - self.within + 1
            rule = ev.pack.reorganisation.streaks
            broken = [
                f"chuỗi năm không tiếp nối qua {LINEAGE_KINDS.get(p.kind, p.kind)} ngày "
                f"{format_date(p.date)} (đơn vị cũ {p.name})"
                for p in subject.predecessors
                if not p.counted and first <= p.date.year <= end + 1
            ]
            if broken:
                why = f"{'; '.join(broken)}: {rule.text}" if rule.text else "; ".join(broken)
                outcome.missing = f"{outcome.missing}; {why}" if outcome.missing else why
        return outcome

    def _outcome(self, ev, subject, idx, end: int) -> tuple[Outcome, list[int]]:
        held = self.with_current(ev, subject, idx.held_years(self.widened(ev), end))
        if self.within == self.years:
            length, run_end = streak_ending(held, end), end
        else:
            length, run_end = longest_run(held, end - self.within + 1, end)
        if length >= self.years:
            run = range(run_end - self.years + 1, run_end + 1)
            return Outcome(True, [held[y] for y in run]), list(run)
        # The N-year window (ending in the allowed range) that lacks the fewest years.
        _, best_end = max(
            (sum(y in held for y in range(e - self.years + 1, e + 1)), e)
            for e in range(end - self.within + self.years, end + 1)
        )
        window = range(best_end - self.years + 1, best_end + 1)
        lacking = [y for y in window if y not in held]
        return Outcome(
            False,
            [held[y] for y in window if y in held],
            (
                f"còn thiếu {len(lacking)} năm {self.names(ev)} liên tục "
                f"(năm {', '.join(map(str, lacking))})"
            ),
        ), list(window)

    def test(self, ev, subject):
        end = ev.year - self.years_before
        flags = self.held_in(
            ev, subject, self.index_of(ev, subject), list(range(end - self.within + 1, end + 1))
        )
        run = 0
        for flag in flags:
            run = run + 1 if flag else 0
            if run >= self.years:
                return True
        return False

    def passing(self, ev, kind):
        end = ev.year - self.years_before
        sets = self.held_sets(ev, kind, range(end - self.within + 1, end + 1))
        ok: set[str] = set()
        for last in range(end - self.within + self.years, end + 1):
            ok |= set.intersection(*(sets[y] for y in range(last - self.years + 1, last + 1)))
        return ok


@register
class CountAwards(_AwardCondition):
    """At least M years with X (or higher) within the last `window` years (all time if none)."""

    kind = "count_awards"
    required = ("award", "at_least")
    optional = ("or_higher", "years_before", "window", "include_current")
    monotone_in_awards = True
    grounds = True

    def setup(self, params, scales):
        super().setup(params, scales)
        self.at_least = positive_int(params, "at_least", minimum=1)
        self.window = params.get("window")
        if self.window is not None:
            positive_int(params, "window", minimum=1)

    def years_read(self):
        """No window: every year of the record counts."""
        return None if self.window is None else self.window + self.years_before

    def evaluate(self, ev, subject, idx):
        idx = self.index_of(ev, subject, idx)
        end = ev.year - self.years_before
        first = end - self.window + 1 if self.window else None
        ended = self.with_current(ev, subject, idx.ended_years(self.widened(ev), end))
        years = {y: t for y, t in ended.items() if (first is None or y >= first) and y <= end}
        evidence = [years[y] for y in sorted(years)]
        if len(years) >= self.at_least:
            return Outcome(True, evidence)
        where = f" trong giai đoạn {year_span(first, end)}" if first is not None else ""
        missing = f"còn thiếu {self.at_least - len(years)} lần {self.names(ev)}{where}"
        return self.with_note(ev, idx, Outcome(False, evidence, missing), end)

    def test(self, ev, subject):
        end = ev.year - self.years_before
        first = end - self.window + 1 if self.window else -(10**6)
        idx = self.index_of(ev, subject)
        years = {y for c in self.widened(ev) for y in idx.ended.get(c, ()) if first <= y <= end}
        if len(years) >= self.at_least:
            return True
        return (
            len(years) + 1 >= self.at_least
            and end == ev.year
            and ev.year not in years
            and self.current_counts(ev, subject)
        )

    def passing(self, ev, kind):
        end = ev.year - self.years_before
        known = ev.ended_years(self.widened(ev), kind) | {ev.year}
        years = [y for y in known if y <= end and (not self.window or y > end - self.window)]
        counts: Counter[str] = Counter()
        for found in self.held_sets(ev, kind, years, "ended").values():
            counts.update(found)
        return {code for code, n in counts.items() if n >= self.at_least}


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

    def years_read(self) -> int | None:
        """The last X may lie in any year. The last `years` years would give the verdict
        when if_none is met, not its evidence: someone awarded long ago is not "chưa được
        tặng", and if_none: unmet asks whether X was ever received."""
        return None

    def evaluate(self, ev, subject, idx):
        ended = idx.ended_years(self.widened(ev), ev.year)
        if not ended:
            if self.if_none == "met":
                return Outcome(True, [f"chưa được tặng {self.names(ev)}"])
            return Outcome(False, [], f"chưa được tặng {self.names(ev)}")
        last = max(ended)
        if ev.year - last >= self.years:
            return Outcome(True, [ended[last]])
        return Outcome(
            False,
            [ended[last]],
            (
                f"lần {self.names(ev)} gần nhất là năm {last}; cần cách ít nhất {self.years} năm "
                f"(xét từ năm {last + self.years})"
            ),
        )

    def passing(self, ev, kind):
        codes = self.widened(ev)
        years = [y for y in ev.ended_years(codes, kind) if y <= ev.year]
        recent = set().union(
            *(ev.holders(codes, y, kind, "ended") for y in years if ev.year - y < self.years)
        )
        if self.if_none == "met":
            return ev.population_codes(kind) - recent
        anyone = set().union(*(ev.holders(codes, y, kind, "ended") for y in years))
        return anyone - recent


@register
class NotAlreadyHeld(_AwardCondition):
    """Does not hold X (or any higher, per `or_higher`) up to year Y."""

    kind = "not_already_held"
    required = ("award",)
    optional = ("or_higher",)

    def years_read(self) -> int | None:
        return None  # "already holds" has no time limit

    def evaluate(self, ev, subject, idx):
        codes = self.widened(ev)
        for code in sorted(codes, key=lambda c: -ev.catalogue_rank(c)):
            ended = idx.ended_years((code,), ev.year)
            if ended:
                last = max(ended)
                return Outcome(False, [ended[last]], f"đã được tặng {ev.award_name(code)}")
        return Outcome(True, [])

    def passing(self, ev, kind):
        codes = self.widened(ev)
        held = set().union(
            *(
                ev.holders(codes, y, kind, "ended")
                for y in ev.ended_years(codes, kind)
                if y <= ev.year
            )
        )
        return ev.population_codes(kind) - held


@register
class Meets(Condition):
    """Meets every condition of another award type of the same pack (e.g. the CSTT standard)."""

    kind = "meets"
    required = ("award",)
    cost = 1
    award_params = ("award",)

    def setup(self, params, scales):
        if not isinstance(params["award"], str):
            raise PackError("meets: award phải là một mã")
        self.code = params["award"]

    def refers_to(self):
        return (self.code,)

    def evaluate(self, ev, subject, idx):
        rule = ev.pack.awards.get(self.code)
        name = ev.award_name(self.code)
        rows = ev.guarded(lambda: ev.explain(rule, subject), None) if rule else None
        if rows is None:
            return Outcome(False, [], f"không xét được tiêu chuẩn {name}")
        evidence = [e for r in rows if r.met and not r.is_group for e in r.evidence]
        if ev.eligible_for(self.code, subject):
            return Outcome(True, evidence)
        missing = "; ".join(r.missing for r in rows if not r.met and r.missing)
        return Outcome(
            False, evidence, f"chưa đạt tiêu chuẩn {name}" + (f": {missing}" if missing else "")
        )

    def test(self, ev, subject):
        return ev.eligible_for(self.code, subject)

    def passing(self, ev, kind):
        return ev.eligible_codes((self.code,), kind)
