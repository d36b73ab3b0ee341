"""The order of the suggestions of an award type with a quota, so that an officer cutting a
list to its ceiling keeps the strongest first.

The criteria are the pack's `ranking` (packs.Ranking: data, with the years they look back), documented in
docs/rule-packs.md; they are an aid to the council, not a rule of law: the list may be cut
otherwise, and the quota itself is what the law sets. Highest first, by:

- top_appraisals: years at the top grade of the appraisal scale in the window;
- initiative_scope: the widest scope of an initiative recognised in the window;
- initiatives: how many initiatives were recognised in the window;
- service: the earliest start of service (the longest service).

Ties keep the sweep's order (unit, then name).
"""

from __future__ import annotations

from datetime import date
from itertools import groupby

from thidua.rules.facts import INDIVIDUAL, History
from thidua.rules.packs import Pack
from thidua.rules.results import Verdict


def ranked(verdicts: list[Verdict], history: History, year: int, pack: Pack) -> list[Verdict]:
    """The verdicts with those of each award type that has a quota in ranking order; the
    others, and their places in the list, unchanged."""
    ranking = pack.ranking
    quota_codes = {code for code, rule in pack.awards.items() if rule.quotas}
    if ranking is None or not quota_codes & {v.award_code for v in verdicts}:
        return verdicts
    first = year - ranking.years + 1
    top = pack.scales.appraisal.codes[-1]
    scopes = pack.scales.initiative_scope

    years = range(first, year + 1)
    # A person's appraisals are read from the force's YearSets, one set per year of the window:
    # asking each person's own view would scan the whole table once per suggestion.
    grades = history.year_sets(INDIVIDUAL).grades
    top_sets = [grades.get((y, top), frozenset()) for y in years]

    def top_appraisals(verdict: Verdict, subject) -> int:
        if verdict.recipient_kind == INDIVIDUAL:
            return sum(verdict.recipient_code in found for found in top_sets)
        return sum(subject.appraisals.get(y) == top for y in years)

    def key(verdict: Verdict) -> tuple:
        subject = history.subject(verdict.recipient_kind, verdict.recipient_code)
        if subject is None:
            return (0,) * len(ranking.criteria)
        window = [i for i in subject.initiatives if first <= i.year <= year]
        values = {
            "top_appraisals": top_appraisals(verdict, subject),
            "initiative_scope": max((scopes.rank(i.scope) for i in window), default=-1),
            "initiatives": len(window),
            "service": -(getattr(subject, "service_start", None) or date.max).toordinal(),
        }
        return tuple(values[c] for c in ranking.criteria)

    # A sweep's verdicts come grouped by award type (engine.evaluate): sort each quota'd block.
    result: list[Verdict] = []
    for code, block in groupby(verdicts, key=lambda v: v.award_code):
        block = list(block)
        result += sorted(block, key=key, reverse=True) if code in quota_codes else block
    return result
