"""The procedure a pack sets for nominations: which award types must be disclosed and for how
many working days, and each award type's council quorum and approval threshold.

Plain data with citation and status, like every other figure of a pack (`procedure:` in the
YAML). The arithmetic of a secret ballot lives here too, so that a council's result is always
computed from its tally and the pack, never typed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from thidua.rules.conditions import PackError

_BASES = ("members", "present")


def _share(raw: Any, where: str) -> Fraction:
    try:
        value = Fraction(str(raw))
    except (TypeError, ValueError, ZeroDivisionError):
        raise PackError(f"{where}: share {raw!r} phải là một số từ 0 đến 1 (0.9, 2/3)") from None
    if not 0 < value <= 1:
        raise PackError(f"{where}: share {raw!r} phải lớn hơn 0 và không quá 1")
    return value


@dataclass(frozen=True)
class Threshold:
    """At least (or, when strict, more than) `share` of the council's members (`of: members`)
    or of those present (`of: present`)."""

    share: Fraction
    of: str
    strict: bool
    text: str
    cited: str
    status: str

    def needed(self, members: int, present: int) -> int:
        """The smallest count that meets the threshold."""
        base = members if self.of == "members" else present
        exact = self.share * base
        if self.strict:
            return math.floor(exact) + 1
        return math.ceil(exact)


@dataclass(frozen=True)
class BallotRule:
    awards: tuple[str, ...]  # empty: the default rule
    quorum: Threshold
    approval: Threshold
    written_votes: bool  # may absent members vote in writing (counted with the tally)


@dataclass(frozen=True)
class DisclosureRule:
    awards: tuple[str, ...]
    working_days: int
    text: str
    cited: str
    status: str


@dataclass(frozen=True)
class BallotOutcome:
    members: int
    present: int
    quorum_needed: int
    quorum_met: bool
    agree: int  # agree votes counted for the threshold (written votes included if allowed)
    needed: int
    passed: bool
    rule: BallotRule


@dataclass(frozen=True)
class Procedure:
    disclosure: tuple[DisclosureRule, ...] = ()
    ballots: tuple[BallotRule, ...] = ()
    default_ballot: BallotRule | None = None
    notes: tuple[str, ...] = field(default=())

    def disclosure_for(self, award_code: str) -> DisclosureRule | None:
        return next((d for d in self.disclosure if award_code in d.awards), None)

    def ballot_for(self, award_code: str) -> BallotRule:
        rule = next((b for b in self.ballots if award_code in b.awards), self.default_ballot)
        if rule is None:
            raise PackError("procedure: thiếu ballot.default")
        return rule


def tally(
    rule: BallotRule,
    *,
    members: int,
    present: int,
    agree: int,
    disagree: int = 0,
    invalid: int = 0,
    written_agree: int = 0,
    written_disagree: int = 0,
) -> BallotOutcome:
    """The result of one item's secret ballot. A tally that cannot be (more ballots than
    people present, more written votes than absent members) is refused with ValueError."""
    counts = (members, present, agree, disagree, invalid, written_agree, written_disagree)
    if min(counts) < 0:
        raise ValueError("negative count")
    if present > members:
        raise ValueError("present > members")
    if agree + disagree + invalid > present:
        raise ValueError("ballots > present")
    written = written_agree + written_disagree
    if written and not rule.written_votes:
        raise ValueError("written votes not allowed")
    if written > members - present:
        raise ValueError("written > absent")
    quorum_needed = rule.quorum.needed(members, present)
    quorum_met = present >= quorum_needed
    counted = agree + (written_agree if rule.written_votes else 0)
    needed = rule.approval.needed(members, present)
    return BallotOutcome(
        members=members,
        present=present,
        quorum_needed=quorum_needed,
        quorum_met=quorum_met,
        agree=counted,
        needed=needed,
        passed=quorum_met and counted >= needed,
        rule=rule,
    )


# ── Reading the pack's `procedure:` ───────────────────────────────────────────────────


def parse_procedure(raw: dict | None, render, statuses: tuple[str, ...], where: str) -> Procedure:
    """`render(citation_dict) -> str` renders a citation against the pack's documents."""
    if not raw:
        return Procedure()

    def status_of(entry: dict, what: str) -> str:
        status = entry.get("status", "verified")
        if status not in statuses:
            raise PackError(f"{where}: procedure {what}: status {status!r} không hợp lệ")
        return status

    def threshold(entry: Any, what: str) -> Threshold:
        if not isinstance(entry, dict) or "share" not in entry or not entry.get("text"):
            raise PackError(f"{where}: procedure {what}: cần share và text")
        of = entry.get("of", "members")
        if of not in _BASES:
            raise PackError(f"{where}: procedure {what}: of phải là một trong {_BASES}")
        return Threshold(
            _share(entry["share"], f"{where}: procedure {what}"),
            of,
            bool(entry.get("strict", False)),
            entry["text"],
            render(entry.get("citation")),
            status_of(entry, what),
        )

    def ballot(entry: dict, what: str) -> BallotRule:
        return BallotRule(
            tuple(entry.get("awards") or ()),
            threshold(entry.get("quorum"), f"{what}.quorum"),
            threshold(entry.get("approval"), f"{what}.approval"),
            bool(entry.get("written_votes", False)),
        )

    disclosure = []
    for i, entry in enumerate(raw.get("disclosure") or ()):
        days = entry.get("working_days")
        if not isinstance(days, int) or days < 1 or not entry.get("awards"):
            raise PackError(f"{where}: procedure disclosure[{i}]: cần awards và working_days ≥ 1")
        disclosure.append(
            DisclosureRule(
                tuple(entry["awards"]),
                days,
                entry.get("text", ""),
                render(entry.get("citation")),
                status_of(entry, f"disclosure[{i}]"),
            )
        )
    ballots_raw = raw.get("ballot") or {}
    ballots = tuple(
        ballot(entry, f"ballot.rules[{i}]")
        for i, entry in enumerate(ballots_raw.get("rules") or ())
    )
    default = ballot(ballots_raw["default"], "ballot.default") if "default" in ballots_raw else None
    return Procedure(tuple(disclosure), ballots, default)
