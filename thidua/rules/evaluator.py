"""The interpreter: walks a rule's condition tree for one subject, in one year, under one pack."""
from __future__ import annotations

from datetime import date

from thidua.rules.catalogue import Catalogue
from thidua.rules.facts import COLLECTIVE, INDIVIDUAL, History, PersonFacts, Subject, UnitFacts
from thidua.rules.index import SubjectIndex, subject_index
from thidua.rules.packs import AwardRule, Node, Pack
from thidua.rules.results import ConditionResult, Verdict

_GROUP_TEXT = {
    "all": "Đáp ứng tất cả các điều kiện sau",
    "any": "Đáp ứng một trong các điều kiện sau",
}
_MAX_MEETS_DEPTH = 8


class Evaluator:
    """One (history, year, pack) triple; cheap to create, caches live in the History."""

    def __init__(self, history: History, year: int, pack: Pack, catalogue: Catalogue):
        self.history, self.year, self.pack, self.catalogue = history, year, pack, catalogue
        self._meets_depth = 0

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
            found = [p for p in self.history.persons
                     if (p.service_start is None or p.service_start <= last)
                     and (p.service_end is None or p.service_end >= first)]
            self.history.cache[key] = found
        return found

    def active_units(self) -> list[UnitFacts]:
        key = ("active_units", self.year)
        found = self.history.cache.get(key)
        if found is None:
            found = [u for u in self.history.units if u.is_active_in(self.year)]
            self.history.cache[key] = found
        return found

    def population(self, kind: str) -> list[Subject]:
        return self.persons_in_service() if kind == INDIVIDUAL else self.active_units()

    def member_units(self, person: PersonFacts, mode: str) -> list[str]:
        unit = person.unit_in(self.year)
        if mode == "direct":
            return [unit] if unit else []
        return self.history.unit_ancestors(unit, person.unit_path)

    def index(self, subject: Subject) -> SubjectIndex:
        return subject_index(self.history, subject)

    # -- the interpreter -------------------------------------------------------------------
    def verdict(self, rule: AwardRule, subject: Subject, *, only_eligible: bool = False
                ) -> Verdict | None:
        """The verdict for one subject; with only_eligible, None (cheaply) when not eligible."""
        idx = self.index(subject)
        if only_eligible and not self.run(rule.conditions, subject, idx, None, 0, True):
            return None
        rows: list[ConditionResult] = []
        eligible = self.run(rule.conditions, subject, idx, rows, 0, True)
        return Verdict(subject.kind, subject.code, subject.name, rule.code,
                       self.award_name(rule.code), eligible, rows, self.pack.id)

    def run_rule(self, code: str, subject: Subject, rows: list | None) -> bool:
        """Used by `meets`: the conditions of another award type of the same pack."""
        rule = self.pack.awards.get(code)
        if rule is None or self._meets_depth >= _MAX_MEETS_DEPTH:
            return False
        self._meets_depth += 1
        try:
            return self.run(rule.conditions, subject, self.index(subject), rows, 0, True)
        finally:
            self._meets_depth -= 1

    def run(self, node: Node, subject: Subject, idx: SubjectIndex,
            rows: list[ConditionResult] | None, depth: int, root: bool = False) -> bool:
        """Evaluate `node`; when `rows` is None, short-circuit and record nothing.

        The root `all` of a rule gets no row of its own: its children are the conditions.
        """
        if node.condition is not None:
            outcome = node.condition.evaluate(self, subject, idx)
            if rows is not None:
                rows.append(ConditionResult(
                    node.text, outcome.met, outcome.evidence, self.pack.cite(node.citation),
                    node.status, "" if outcome.met else (node.missing or outcome.missing),
                    node.condition.kind, depth, node.condition.manual, node.note))
            return outcome.met
        if node.op == "not":
            return self._run_not(node, subject, idx, rows, depth)
        row = None
        if rows is not None and not root:
            row = ConditionResult(node.text or _GROUP_TEXT[node.op], False, [],
                                  self.pack.cite(node.citation), node.status, "", node.op,
                                  depth, False, node.note)
            rows.append(row)
        child_depth = depth if row is None else depth + 1
        want = node.op == "any"
        met = not want
        for child in node.children:
            if self.run(child, subject, idx, rows, child_depth) == want:
                met = want
                if rows is None:
                    break
        if row is not None:
            row.met = met
            if not met:
                row.missing = node.missing
        return met

    def _run_not(self, node, subject, idx, rows, depth) -> bool:
        inner: list[ConditionResult] | None = [] if rows is not None else None
        child = node.children[0]
        hit = self.run(child, subject, idx, inner, depth + 1)
        if rows is not None:
            evidence = [e for r in inner if r.met and not r.is_group for e in r.evidence]
            text = node.text or f"Không thuộc trường hợp: {child.text}"
            rows.append(ConditionResult(
                text, not hit, evidence if hit else [], self.pack.cite(node.citation or child.citation),
                node.status if node.citation else child.status,
                (node.missing or f"thuộc trường hợp: {child.text}") if hit else "",
                "not", depth, False, node.note))
        return not hit
