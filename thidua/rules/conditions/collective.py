"""Conditions on a collective's members, computed from the persons in the same History.

Counts are aggregated once per year and statistic over all persons (grouped by unit, each
group adding to every unit above it), so judging 2,000 units never rescans their members.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from thidua.rules.catalogue import OR_HIGHER_MODES
from thidua.rules.conditions.base import (
    Condition,
    Outcome,
    PackError,
    as_codes,
    one_of,
    positive_int,
    register,
)
from thidua.rules.conditions.personal import WHEN, discipline_hits, discipline_years
from thidua.rules.facts import INDIVIDUAL, PersonFacts

MEASURES = ("title_share", "title_count", "grade_share", "discipline_none")


def member_counts(
    ev,
    key: tuple,
    mode: str,
    make_predicate: Callable[[], set[str] | Callable[[PersonFacts], bool]],
) -> Counter:
    """unit code -> how many members (in its subtree, or direct) pass the predicate: a set
    of person codes (a population-wide statistic from the YearSets), or a test per person.

    Members are counted per group (persons sharing the same unit list) and each group's
    count is then added to its units once: the unit paths are walked once per group, not
    once per person and statistic. Cached per (year, mode, statistic) for the whole sweep.
    """
    cache_key = ("members", ev.year, mode, key)
    counts = ev.history.cache.get(cache_key)
    if counts is None:
        group_of, units_of = _member_groups(ev, mode)
        if key == ("all",):
            by_group = Counter(group_of)
        else:
            predicate = make_predicate()
            if isinstance(predicate, (set, frozenset)):
                codes = ev.population_code_list(INDIVIDUAL)
                by_group = Counter(g for c, g in zip(codes, group_of) if c in predicate)
            else:
                by_group = Counter(
                    g for p, g in zip(ev.persons_in_service(), group_of) if predicate(p)
                )
        counts = Counter()
        for group, n in by_group.items():
            for unit in units_of[group]:
                counts[unit] += n
        ev.history.cache[cache_key] = counts
    return counts


def _member_groups(ev, mode: str) -> tuple[list[int], list[tuple[str, ...]]]:
    """The group number of each person in service (same order), and each group's units
    (the person's unit that year and, for "subtree", every unit above it). Built once per
    year: a person's group follows from their unit that year (and, for a unit missing from
    the History, their own unit path)."""
    cache_key = ("member_groups", ev.year, mode)
    found = ev.history.cache.get(cache_key)
    if found is None:
        groups: dict[tuple[str, ...], int] = {}
        by_unit: dict[tuple[str, str], int] = {}
        known, year = ev.history.unit_by_code, ev.year
        group_of = []
        for person in ev.persons_in_service():
            unit = person.unit_by_year.get(year, person.unit_code)
            found_unit = known.get(unit)
            place = (unit, "" if found_unit is not None and found_unit.path else person.unit_path)
            group = by_unit.get(place)
            if group is None:
                units = tuple(ev.member_units(person, mode))
                group = by_unit[place] = groups.setdefault(units, len(groups))
            group_of.append(group)
        found = ev.history.cache[cache_key] = (group_of, list(groups))
    return found


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}".rstrip("0").rstrip(".") + "%"


@register
class MemberShare(Condition):
    """Share or count of a unit's members (in year Y) meeting a test."""

    kind = "member_share"
    shared_in_sweep = True  # one test per unit, from member counts computed once
    cost = 2
    required = ("measure",)
    optional = (
        "award",
        "or_higher",
        "share",
        "op",
        "at_least",
        "grade",
        "form_at_least",
        "when",
        "months",
        "members",
        "include_current",
    )
    award_params = ("award",)

    def setup(self, params, scales):
        self.measure = one_of(params, "measure", MEASURES, "title_share")
        self.mode = one_of(params, "members", ("subtree", "direct"), "subtree")
        self.op = one_of(params, "op", ("ge", "gt"), "ge")
        self.codes, self.include_current = (), False
        if self.measure in ("title_share", "title_count"):
            if "award" not in params:
                raise PackError("member_share: cần award")
            self.codes = as_codes(params["award"])
            self.or_higher = one_of(params, "or_higher", OR_HIGHER_MODES, "none")
            # A member counts when they meet the title's conditions in the year judged.
            self.include_current = bool(params.get("include_current", False))
        if self.measure in ("title_share", "grade_share"):
            self.share = params.get("share")
            if not isinstance(self.share, (int, float)) or not 0 <= self.share <= 100:
                raise PackError("member_share: share phải là phần trăm 0..100")
        if self.measure == "title_count":
            self.at_least = positive_int(params, "at_least", 1, minimum=1)
        if self.measure == "grade_share":
            self.grade = scales.appraisal.check(params.get("grade"))
        if self.measure == "discipline_none":
            self.form = scales.discipline.check(
                params.get("form_at_least", scales.discipline.codes[0])
            )
            self.when = one_of(params, "when", WHEN, "in_force_in_year")
            self.months = positive_int(params, "months", 0)

    def years_read(self):
        """The members of year Y: their titles and grades of that year, their disciplines
        as no_discipline reads them."""
        if self.measure != "discipline_none":
            return 1
        return discipline_years(self.when, self.months, self.scales.discipline_default_months)

    def refers_to(self):
        return self.codes if self.include_current else ()

    def _predicate(
        self, ev
    ) -> tuple[tuple, Callable[[], set[str] | Callable[[PersonFacts], bool]]]:
        """A cache key for the member count, and a factory for the members who count (a set
        of person codes) or for a per-member test."""
        year = ev.year
        if self.measure in ("title_share", "title_count"):
            codes = ev.catalogue.widen(self.codes, self.or_higher)

            def titled():
                # Member statistics are population-wide: answered from the set indexes.
                held = ev.holders(codes, year, INDIVIDUAL)
                if self.include_current:
                    held = held.union(
                        *(
                            ev.eligible_set(c)
                            for c in self.codes
                            if c in ev.pack.awards
                            and ev.recipient_kind(ev.pack.awards[c]) == INDIVIDUAL
                        )
                    )
                return held

            return ("title", ev.pack.id, codes, self.include_current), titled
        if self.measure == "grade_share":
            return ("grade", ev.pack.id, self.grade), lambda: ev.graded(self.grade, year)
        scale, default = self.scales.discipline, self.scales.discipline_default_months
        form, when, months = self.form, self.when, self.months
        return (
            ("discipline", ev.pack.id, form, when, months),
            lambda: (
                lambda p: any(
                    scale.at_least(d.form, form) and discipline_hits(d, when, year, months, default)
                    for d in p.disciplines
                )
            ),
        )

    def test(self, ev, subject):
        key, predicate = self._predicate(ev)
        total = member_counts(ev, ("all",), self.mode, lambda: lambda p: True)[subject.code]
        count = member_counts(ev, key, self.mode, predicate)[subject.code]
        if total == 0:
            return False
        if self.measure == "discipline_none":
            return count == 0
        if self.measure == "title_count":
            return count >= self.at_least
        if self.op == "gt":
            return 100 * count > self.share * total
        return 100 * count >= self.share * total

    def evaluate(self, ev, subject, idx):
        key, predicate = self._predicate(ev)
        total = member_counts(ev, ("all",), self.mode, lambda: lambda p: True)[subject.code]
        count = member_counts(ev, key, self.mode, predicate)[subject.code]
        if total == 0:
            return Outcome(False, [], f"đơn vị không có cán bộ, chiến sĩ trong năm {ev.year}")
        if self.measure == "discipline_none":
            name = self.scales.discipline.name(self.form)
            if count == 0:
                return Outcome(True, [f"0/{total} cán bộ, chiến sĩ bị kỷ luật"])
            return Outcome(
                False,
                [f"{count}/{total} cán bộ, chiến sĩ bị kỷ luật"],
                (f"có {count} cán bộ, chiến sĩ bị kỷ luật từ {name.lower()} trở lên"),
            )
        what = (
            " hoặc ".join(ev.award_name(c) for c in self.codes)
            if self.measure != "grade_share"
            else f"xếp loại {self.scales.appraisal.name(self.grade)} trở lên"
        )
        evidence = [f"{count}/{total} cán bộ, chiến sĩ đạt {what} ({_percent(count, total)})"]
        if self.measure == "title_count":
            if count >= self.at_least:
                return Outcome(True, evidence)
            return Outcome(False, evidence, f"còn thiếu {self.at_least - count} cá nhân đạt {what}")
        scaled = 100 * count
        met = scaled > self.share * total if self.op == "gt" else scaled >= self.share * total
        if met:
            return Outcome(True, evidence)
        bound = "trên" if self.op == "gt" else "từ"
        return Outcome(
            False,
            evidence,
            (f"tỷ lệ đạt {what} mới là {_percent(count, total)} (cần {bound} {self.share}%)"),
        )
