"""The interpreter: walks a rule's condition tree, in one year, under one pack.

Three paths share the same tree:
- `passing` decides eligibility for a whole population at once (a sweep, `bulk`): each leaf
  gives the set of everyone meeting it (Condition.passing) and the tree combines them by
  intersection, union and difference; no text is built;
- `filter` answers for a few subjects, one fast `test` each (an `all` narrows the list child
  by child), and is the fallback for a leaf without a population-wide answer;
- `explain` builds the condition rows (text, evidence, citation, what is missing) for one
  subject, and is only called when a verdict's conditions are read.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from functools import partial
from itertools import compress

from thidua.rules.calendar import month_diff
from thidua.rules.catalogue import Catalogue
from thidua.rules.conditions.personal import served_months
from thidua.rules.facts import COLLECTIVE, INDIVIDUAL, History, PersonFacts, Subject, UnitFacts
from thidua.rules.index import SubjectIndex, subject_index
from thidua.rules.packs import AwardRule, Node, Pack
from thidua.rules.results import ConditionResult, Verdict

_GROUP_TEXT = {
    "all": "Đáp ứng tất cả các điều kiện sau",
    "any": "Đáp ứng một trong các điều kiện sau",
}
_MAX_DEPTH = 8


class Evaluator:
    """One (history, year, pack) triple; cheap to create, caches live in the History.

    `bulk` (set by sweeps): "is X eligible for Y this year" is answered from a set computed
    once over the whole population, instead of one subject at a time.
    """

    def __init__(
        self, history: History, year: int, pack: Pack, catalogue: Catalogue, *, bulk: bool = False
    ):
        self.history, self.year, self.pack, self.catalogue = history, year, pack, catalogue
        self.bulk = bulk
        self._depth = 0
        # Months of service by 31/12 of the year, per person: several medals ask each person.
        self._year_end = date(year, 12, 31)
        self._served: dict[str, int] = history.cache.setdefault(("served", year), {})

    # -- names and ranks -------------------------------------------------------------------
    def award_name(self, code: str) -> str:
        rule = self.pack.awards.get(code)
        return (rule.name if rule and rule.name else "") or self.catalogue.name(code)

    def catalogue_rank(self, code: str) -> int:
        info = self.catalogue.get(code)
        return info.rank if info else 0

    def recipient_kind(self, rule: AwardRule) -> str:
        if rule.recipient:
            return rule.recipient
        info = self.catalogue.get(rule.code)
        return COLLECTIVE if info and info.recipient == COLLECTIVE else INDIVIDUAL

    # -- populations -----------------------------------------------------------------------
    def persons_in_service(self) -> list[PersonFacts]:
        key = ("in_service", self.year)
        found = self.history.cache.get(key)
        if found is None:
            first, last = date(self.year, 1, 1), date(self.year, 12, 31)
            found = [
                p
                for p in self.history.persons
                if (p.service_start is None or p.service_start <= last)
                and (p.service_end is None or p.service_end >= first)
            ]
            self.history.cache[key] = found
        return found

    def active_units(self) -> list[UnitFacts]:
        key = ("active_units", self.year)
        found = self.history.cache.get(key)
        if found is None:
            found = [
                u
                for u in self.history.units
                if u.is_active_in(self.year) and not self.closed_out(u)
            ]
            self.history.cache[key] = found
        return found

    def closed_out(self, unit: UnitFacts) -> bool:
        """A unit the pack does not propose this year: closed in a reorganisation taking
        effect by 31/12 of the year (Pack.reorganisation.closed_units)."""
        return self.pack.reorganisation.closed_units is not None and unit.closed_before_end_of(
            self.year
        )

    def population(self, kind: str) -> list[Subject]:
        return self.persons_in_service() if kind == INDIVIDUAL else self.active_units()

    def member_units(self, person: PersonFacts, mode: str) -> list[str]:
        unit = person.unit_in(self.year)
        if mode == "direct":
            return [unit] if unit else []
        return self.history.unit_ancestors(unit, person.unit_path)

    def served_months(self, person: PersonFacts) -> int:
        """Whole months of service by 31/12 of the year (cached: several medals ask)."""
        found = self._served.get(person.code)
        if found is None:
            found = self._served[person.code] = served_months(person, self._year_end)
        return found

    def served_groups(self) -> dict[tuple[int, bool], list[str]]:
        """(whole months of service by 31/12, female) -> codes of the persons in service
        this year (those without a start date left out): the sweep's input for service
        conditions, built in one pass."""
        key = ("served_groups", self.year)
        found = self.history.cache.get(key)
        if found is None:
            found = self.history.cache[key] = {}
            year_end, next_new_year = self._year_end, date(self.year + 1, 1, 1)
            for person in self.persons_in_service():
                start = person.service_start
                if start is None:
                    continue
                if person.service_interruptions or (
                    person.service_end is not None and person.service_end < year_end
                ):
                    months = self.served_months(person)
                else:  # serving through 31/12: served_months without its general steps
                    months = max(month_diff(start, next_new_year), 0)
                found.setdefault((months, person.gender == "F"), []).append(person.code)
        return found

    def graded(self, floor: str, year: int) -> set[str]:
        """Codes of the persons appraised `floor` or better in `year` (shared: read only)."""
        key = ("graded", self.pack.id, floor, year)
        found = self.history.cache.get(key)
        if found is None:
            ranks = self.pack.scales.appraisal.ranks
            grades = self.history.year_sets(INDIVIDUAL).grades
            found = self.history.cache[key] = set().union(
                *(
                    grades.get((year, grade), ())
                    for grade, rank in ranks.items()
                    if rank >= ranks[floor]
                )
            )
        return found

    def index(self, subject: Subject) -> SubjectIndex:
        return subject_index(self.history, subject)

    # -- eligibility -----------------------------------------------------------------------
    def eligible_set(self, code: str) -> frozenset[str]:
        """Codes of every subject in the population who meets `code` this year."""
        key = ("eligible_set", self.pack.id, self.year, code)
        found = self.history.cache.get(key)
        if found is None:
            rule = self.pack.awards.get(code)
            if rule is None:
                found = frozenset()
            else:
                kind = self.recipient_kind(rule)
                ok = self.guarded(lambda: self.passing(rule.conditions, kind), set())
                if ok is None:  # some condition can only be tested subject by subject
                    passed = self.guarded(
                        lambda: self.filter(rule.conditions, self.population(kind)), []
                    )
                    found = frozenset(s.code for s in passed)
                else:
                    found = frozenset(ok & self.population_codes(kind))
            self.history.cache[key] = found
        return found

    def having(self, kind: str, attribute: str) -> list[Subject]:
        """The subjects of the population with some `attribute` records (initiatives,
        disciplines): the few a sweep needs to test for conditions on those records."""
        key = ("having", self.year, kind, attribute)
        found = self.history.cache.get(key)
        if found is None:
            found = self.history.cache[key] = [
                s for s in self.population(kind) if getattr(s, attribute)
            ]
        return found

    def population_codes(self, kind: str) -> set[str]:
        key = ("population_codes", self.year, kind)
        found = self.history.cache.get(key)
        if found is None:
            found = self.history.cache[key] = set(self.population_code_list(kind))
        return found

    def leaf_passing(self, condition, kind: str) -> set[str] | None:
        """condition.passing(), once per condition, year and kind for the whole History."""
        key = ("leaf_passing", id(condition), self.pack.id, self.year, kind)
        found = self.history.cache.get(key)
        if found is None or found[0] is not condition:  # the condition keeps its id alive
            found = self.history.cache[key] = (condition, condition.passing(self, kind))
        return found[1]

    def passing(self, node: Node, kind: str) -> set[str] | None:
        """The sweep's set algebra over a condition tree: codes of the subjects of `kind`
        meeting `node` (outside the population too, possibly), or None when a leaf can only
        be tested subject by subject. The sets returned by leaves are shared: never mutated."""
        if node.condition is not None:
            if node.condition.manual:
                return self.population_codes(kind)
            return self.leaf_passing(node.condition, kind)
        if node.op == "all":
            found: set[str] | None = None
            for child in node.by_cost:
                ok = self.passing(child, kind)
                if ok is None:
                    return None
                found = ok if found is None else found & ok
                if not found:
                    break
            return found if found is not None else self.population_codes(kind)
        if node.op == "any":
            found = set()
            for child in node.children:
                ok = self.passing(child, kind)
                if ok is None:
                    return None
                found |= ok
            return found
        ok = self.passing(node.children[0], kind)
        return None if ok is None else self.population_codes(kind) - ok

    def eligible_for(self, code: str, subject: Subject) -> bool:
        """Whether `subject` meets the conditions of `code` in this year (cached)."""
        rule = self.pack.awards.get(code)
        if rule is None or self.recipient_kind(rule) != subject.kind:
            return False
        if self.bulk:
            return subject.code in self.eligible_set(code)
        table = self.history.cache.setdefault(("eligible", self.pack.id, self.year, code), {})
        found = table.get(subject.code)
        if found is None:
            found = table[subject.code] = self.guarded(
                lambda: bool(self.filter(rule.conditions, [subject])), False
            )
        return found

    def guarded(self, work, fallback):
        """Stops runaway `meets` chains (a pack cycle) instead of recursing forever."""
        if self._depth >= _MAX_DEPTH:
            return fallback
        self._depth += 1
        try:
            return work()
        finally:
            self._depth -= 1

    def eligible_codes(self, codes: tuple[str, ...], kind: str) -> set[str]:
        """Sweep path: codes of the population of `kind` meeting any of `codes` this year."""
        found: set[str] = set()
        for code in codes:
            rule = self.pack.awards.get(code)
            if rule is not None and self.recipient_kind(rule) == kind:
                found |= self.eligible_set(code)
        return found

    # -- set indexes for sweeps --------------------------------------------------------------
    def year_index(self, kind: str) -> tuple[dict, dict, dict]:
        """(code, year) -> codes of the subjects that hold it (`held`: every year of an
        award's period) / got it (`ended`: the end year), over the whole History; plus
        code -> the years it was given in. Built once (see YearSets)."""
        key = ("year_index", kind)
        found = self.history.cache.get(key)
        if found is None:
            sets = self.history.year_sets(kind)
            years: defaultdict[str, set[int]] = defaultdict(set)
            for award_code, year in sets.ended:
                years[award_code].add(year)
            found = self.history.cache[key] = (sets.held, sets.ended, dict(years))
        return found

    def holders(
        self,
        codes: frozenset[str],
        year: int,
        kind: str,
        which: str = "held",
        grounds: bool = False,
    ) -> set[str]:
        """Codes of the subjects holding (or, which="ended", given) any of `codes` in `year`;
        with `grounds`, leaving out those who hold it only through awards the pack does not
        count as grounds (not_grounds_kinds)."""
        leave_out = self.not_grounds_kinds() if grounds else frozenset()
        key = ("holders", which, kind, codes, year, leave_out)
        found = self.history.cache.get(key)
        if found is None:
            if leave_out:
                found = self.holders(codes, year, kind, which) - self._held_only_in_movements(
                    codes, year, kind, which, leave_out
                )
            else:
                table = self.year_index(kind)[0 if which == "held" else 1]
                found = set()
                for code in codes:
                    found |= table.get((code, year), set())
            self.history.cache[key] = found
        return found

    # -- awards a pack does not count as grounds (Pack.movement_grounds) --------------------
    def not_grounds_kinds(self) -> frozenset[str]:
        """The kinds of movement whose awards are no grounds for a higher award this year."""
        rule = self.pack.movement_grounds
        return rule.kinds_in(self.year) if rule is not None else frozenset()

    def grounds_index(self, subject: Subject) -> SubjectIndex:
        """The subject's index without the awards that are not grounds this year."""
        return self.index(subject).without(self.not_grounds_kinds())

    def _held_only_in_movements(
        self, codes: frozenset[str], year: int, kind: str, which: str, leave_out: frozenset[str]
    ) -> set[str]:
        """Of the few subjects given one of `codes` in a movement of `leave_out` kinds, those
        holding it that year through no other award or title."""
        sets = self.history.year_sets(kind)
        table = sets.movement_held if which == "held" else sets.movement_ended
        suspects = set().union(
            *(table.get((movement, code, year), ()) for movement in leave_out for code in codes)
        )
        only: set[str] = set()
        for code in suspects:
            subject = self.history.subject(kind, code)
            if subject is None:
                continue
            idx = self.grounds_index(subject)
            own = idx.held if which == "held" else idx.ended
            if not any(year in own.get(c, ()) for c in codes):
                only.add(code)
        return only

    def ended_years(self, codes: frozenset[str], kind: str) -> set[int]:
        table = self.year_index(kind)[2]
        return {y for code in codes for y in table.get(code, ())}

    def filter(self, node: Node, subjects: list[Subject]) -> list[Subject]:
        """The subjects (kept in order) for whom `node` holds."""
        if not subjects:
            return subjects
        if node.condition is not None:
            if node.condition.manual:
                return subjects
            return node.condition.filter(self, subjects)
        if node.op == "all":
            for child in node.by_cost:
                subjects = self.filter(child, subjects)
                if not subjects:
                    break
            return subjects
        if node.op == "any":
            passed: set[str] = set()
            remaining = subjects
            for child in node.by_cost:
                passed.update(s.code for s in self.filter(child, remaining))
                remaining = [s for s in remaining if s.code not in passed]
                if not remaining:
                    break
            return [s for s in subjects if s.code in passed]
        blocked = {s.code for s in self.filter(node.children[0], subjects)}
        return [s for s in subjects if s.code not in blocked]

    # -- verdicts --------------------------------------------------------------------------
    def verdict(self, rule: AwardRule, subject: Subject, eligible: bool | None = None) -> Verdict:
        """A verdict whose rows are built on first read; `eligible` if already known."""
        if eligible is None:
            eligible = bool(self.filter(rule.conditions, [subject]))
        return Verdict(
            subject.kind,
            subject.code,
            subject.name,
            rule.code,
            self.award_name(rule.code),
            eligible,
            None,
            self.pack.id,
            lambda: self.explain(rule, subject, eligible),
        )

    def verdicts(
        self,
        rule: AwardRule,
        subjects: list[Subject],
        passed: set[str] | frozenset[str],
        only_eligible: bool = False,
    ) -> list[Verdict]:
        """verdict() for many subjects of one kind, eligible when their code is in `passed`
        (only those with only_eligible): a sweep makes one per eligible person, so the
        invariant parts are looked up once."""
        if not subjects:
            return []
        kind, code, name, pack_id = (
            subjects[0].kind,
            rule.code,
            self.award_name(rule.code),
            self.pack.id,
        )
        explain = self.explain
        if only_eligible:
            # Pick the eligible in C (compress over the codes), in population order.
            codes = (
                [s.code for s in subjects]
                if subjects is not self.population(kind)
                else self.population_code_list(kind)
            )
            return [
                Verdict(
                    kind,
                    s.code,
                    s.name,
                    code,
                    name,
                    True,
                    None,
                    pack_id,
                    partial(explain, rule, s, True),
                )
                for s in compress(subjects, map(passed.__contains__, codes))
            ]
        return [
            Verdict(
                kind,
                s.code,
                s.name,
                code,
                name,
                s.code in passed,
                None,
                pack_id,
                partial(explain, rule, s, s.code in passed),
            )
            for s in subjects
        ]

    def population_code_list(self, kind: str) -> list[str]:
        """The codes of population(kind), in the same order (built once per year)."""
        key = ("population_code_list", self.year, kind)
        found = self.history.cache.get(key)
        if found is None:
            found = self.history.cache[key] = [s.code for s in self.population(kind)]
        return found

    def explain(
        self, rule: AwardRule, subject: Subject, expected: bool | None = None
    ) -> list[ConditionResult]:
        rows: list[ConditionResult] = []
        met = self.run(rule.conditions, subject, self.index(subject), rows, 0, root=True)
        if expected is not None and met != expected:
            raise AssertionError(f"{rule.code}/{subject.code}: fast path and rows disagree")
        return rows

    def run(
        self,
        node: Node,
        subject: Subject,
        idx: SubjectIndex,
        rows: list[ConditionResult],
        depth: int,
        root: bool = False,
    ) -> bool:
        """Evaluate `node` for one subject, appending its rows. The root `all` of a rule gets
        no row of its own: its children are the conditions."""
        if node.condition is not None:
            outcome = node.condition.evaluate(self, subject, idx)
            rows.append(
                ConditionResult(
                    node.text,
                    outcome.met,
                    outcome.evidence,
                    node.cited,
                    node.status,
                    "" if outcome.met else (node.missing or outcome.missing),
                    node.condition.kind,
                    depth,
                    node.condition.manual,
                    node.note,
                )
            )
            return outcome.met
        if node.op == "not":
            return self._run_not(node, subject, idx, rows, depth)
        row = None
        if not root:
            row = ConditionResult(
                node.text or _GROUP_TEXT[node.op],
                False,
                [],
                node.cited,
                node.status,
                "",
                node.op,
                depth,
                False,
                node.note,
            )
            rows.append(row)
        child_depth = depth if row is None else depth + 1
        results = [self.run(child, subject, idx, rows, child_depth) for child in node.children]
        met = any(results) if node.op == "any" else all(results)
        if row is not None:
            row.met = met
            row.missing = "" if met else node.missing
        return met

    def _run_not(self, node, subject, idx, rows, depth) -> bool:
        inner: list[ConditionResult] = []
        child = node.children[0]
        hit = self.run(child, subject, idx, inner, depth + 1)
        evidence = [e for r in inner if r.met and not r.is_group for e in r.evidence]
        rows.append(
            ConditionResult(
                node.text or f"Không thuộc trường hợp: {child.text}",
                not hit,
                evidence if hit else [],
                node.cited or child.cited,
                node.status if node.citation else child.status,
                (node.missing or f"thuộc trường hợp: {child.text}") if hit else "",
                "not",
                depth,
                False,
                node.note,
            )
        )
        return not hit
