"""Applying a pack's quotas to a candidate list (see conditions/quota.py for the rule)."""

from __future__ import annotations

from dataclasses import dataclass

from thidua.rules.evaluator import Evaluator
from thidua.rules.packs import QuotaRule
from thidua.rules.results import ConditionResult, Verdict


def base_count(ev: Evaluator, quota: QuotaRule, kind: str, unit_code: str | None) -> int:
    """How many recipients in scope hold the base title in the year (or, when the quota says
    so, meet its conditions: the yearly titles are often decided together with the list)."""
    cond = quota.node.condition
    key = (
        "quota_base",
        ev.year,
        ev.pack.id,
        cond.base,
        cond.or_higher,
        cond.count_eligible,
        kind,
        unit_code,
    )
    cached = ev.history.cache.get(key)
    if cached is not None:
        return cached
    # From the set indexes of the whole History (one pass), not one subject index each.
    counted = set(
        ev.holders(frozenset(ev.catalogue.widen(cond.base, cond.or_higher)), ev.year, kind)
    )
    for c in cond.base if cond.count_eligible else ():
        if c in ev.pack.awards and ev.recipient_kind(ev.pack.awards[c]) == kind:
            counted |= ev.eligible_set(c)
    count = 0
    for subject in ev.population(kind):
        if subject.code in counted and (
            not unit_code or ev.history.in_subtree(subject, unit_code, ev.year)
        ):
            count += 1
    ev.history.cache[key] = count
    return count


def apply_quotas(ev: Evaluator, verdicts: list[Verdict], unit_code: str | None) -> None:
    """Flag, in list order, the eligible candidates beyond each quota's limit."""
    by_award: dict[str, list[Verdict]] = {}
    for verdict in verdicts:
        by_award.setdefault(verdict.award_code, []).append(verdict)
    for code, group in by_award.items():
        rule = ev.pack.awards.get(code)
        if rule is None:
            continue
        for quota in rule.quotas:
            _apply_one(ev, quota, group, ev.recipient_kind(rule), unit_code)


def _apply_one(
    ev: Evaluator, quota: QuotaRule, group: list[Verdict], kind: str, unit_code: str | None
) -> None:
    cond, node = quota.node.condition, quota.node
    base = base_count(ev, quota, kind, unit_code)
    limit = cond.limit(base)
    base_names = " hoặc ".join(ev.award_name(c) for c in cond.base)
    scope = f"thuộc {unit_code}" if unit_code else "trong toàn bộ dữ liệu"
    facts = f"{cond.share}% của {base} {base_names} {scope} = tối đa {limit}"
    taken = 0
    for verdict in group:
        if not verdict.eligible:
            continue
        taken += 1
        met = taken <= limit
        verdict.conditions.append(
            ConditionResult(
                node.text,
                met,
                [f"{facts}; thứ tự trong danh sách: {taken}"],
                node.cited,
                node.status,
                "" if met else (node.missing or f"vượt chỉ tiêu: {facts}"),
                "quota",
                0,
                False,
                node.note,
            )
        )
        if not met:
            verdict.eligible = False


@dataclass(frozen=True)
class QuotaLine:
    """A quota of a list of suggestions: how many it holds against the ceiling."""

    award_code: str
    text: str
    base_names: str  # the title the ceiling is a share of ("Cờ thi đua của Bộ Công an …")
    base: int  # holders (or, with count_eligible, candidates) of that title in scope
    share: float
    limit: int
    count: int  # eligible suggestions of the award type
    citation: str
    status: str  # a pack status, or settings.PROVINCE_STATUS for the province's value
    note: str
    setting: str = ""  # the pack setting the share comes from ("" for a number of the pack)

    @property
    def over(self) -> int:
        return max(self.count - self.limit, 0)


def quota_lines(ev: Evaluator, verdicts: list[Verdict], unit_code: str | None) -> list[QuotaLine]:
    """Every quota of the award types in `verdicts`, counted over their eligible ones: what
    the suggestions page shows above a list that an officer must cut to its ceiling."""
    counts: dict[str, int] = {}
    for verdict in verdicts:
        if verdict.eligible:
            counts[verdict.award_code] = counts.get(verdict.award_code, 0) + 1
    lines = []
    for code, count in counts.items():
        rule = ev.pack.awards.get(code)
        for quota in rule.quotas if rule else ():
            cond, node = quota.node.condition, quota.node
            base = base_count(ev, quota, ev.recipient_kind(rule), unit_code)
            lines.append(
                QuotaLine(
                    code,
                    node.text,
                    " hoặc ".join(ev.award_name(c) for c in cond.base),
                    base,
                    cond.share,
                    cond.limit(base),
                    count,
                    node.cited,
                    node.status,
                    node.note,
                    node.setting,
                )
            )
    return lines
