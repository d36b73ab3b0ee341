"""The engine's output: a verdict per recipient and award type, with every condition's result.

`Verdict.to_dict()` is the JSON shape of `thidua eligibility --format json` (issue 4):
recipient {kind, code, name}, award {code, name}, eligible, conditions [{text, met, evidence,
citation, ...}], plus pack, unverified and the extra condition fields listed below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

GROUP_KINDS = ("all", "any", "not")
# Rows whose children follow them; a `not` row stands alone (its child is not listed).
_PARENT_KINDS = ("all", "any")


@dataclass(slots=True)
class ConditionResult:
    text: str
    met: bool
    evidence: list[str]
    citation: str
    status: str = "verified"  # verified | verified_old | partial | unverified
    missing: str = ""  # Vietnamese: what is missing, for unmet conditions
    kind: str = ""  # condition kind, or all/any/not for a group row, quota for quotas
    depth: int = 0  # nesting level, to indent the rows of any/not groups
    manual: bool = False  # a criterion the council judges; always met here
    note: str = ""

    @property
    def is_group(self) -> bool:
        return self.kind in GROUP_KINDS

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "met": self.met,
            "evidence": list(self.evidence),
            "citation": self.citation,
            "status": self.status,
            "missing": self.missing,
            "kind": self.kind,
            "depth": self.depth,
            "manual": self.manual,
        }


class Verdict:
    """One recipient judged for one award type.

    A sweep decides `eligible` with the fast path and builds the condition rows only when
    they are read (`explain` is called once), so listing 100,000 verdicts stays cheap.
    """

    __slots__ = (
        "_conditions",
        "_explain",
        "award_code",
        "award_name",
        "eligible",
        "pack_id",
        "recipient_code",
        "recipient_kind",
        "recipient_name",
    )

    def __init__(
        self,
        recipient_kind: str,
        recipient_code: str,
        recipient_name: str,
        award_code: str,
        award_name: str,
        eligible: bool,
        conditions: list[ConditionResult] | None = None,
        pack_id: str = "",
        explain: Callable[[], list[ConditionResult]] | None = None,
    ):
        self.recipient_kind = recipient_kind  # individual | collective
        self.recipient_code = recipient_code
        self.recipient_name = recipient_name
        self.award_code = award_code
        self.award_name = award_name
        self.eligible = eligible
        self.pack_id = pack_id
        self._conditions = conditions
        self._explain = explain

    @property
    def conditions(self) -> list[ConditionResult]:
        if self._conditions is None:
            self._conditions = self._explain() if self._explain else []
            self._explain = None
        return self._conditions

    @property
    def rows_pending(self) -> bool:
        """True while the rows are still to be built by the engine (`explain` not yet called).
        Such rows are the rule's tree node by node (evaluator.run visits every node, met or
        not), so their texts, citations and statuses are those of every other pending verdict
        of the same pack and award type; only whether each is met and its evidence differ."""
        return self._conditions is None and self._explain is not None

    def __repr__(self) -> str:
        return (
            f"Verdict({self.recipient_kind} {self.recipient_code}, {self.award_code}, "
            f"eligible={self.eligible}, pack={self.pack_id})"
        )

    @property
    def unverified(self) -> bool:
        """True when any rule behind this verdict is not yet confirmed in the legal text."""
        return any(c.status == "unverified" for c in self.conditions)

    def missing(self) -> list[str]:
        """What is missing, one sentence per unmet condition (the "why not" view).

        Conditions inside a group that is met (an alternative of a satisfied "any") are not
        missing, so they are left out.
        """
        found: list[str] = []
        groups: list[ConditionResult] = []  # the enclosing group rows, innermost last
        for row in self.conditions:
            while groups and groups[-1].depth >= row.depth:
                groups.pop()
            if row.kind in _PARENT_KINDS:
                groups.append(row)
            elif not row.met and row.missing and not any(g.met for g in groups):
                found.append(row.missing)
        return found

    def to_dict(self) -> dict:
        return {
            "recipient": {
                "kind": self.recipient_kind,
                "code": self.recipient_code,
                "name": self.recipient_name,
            },
            "award": {"code": self.award_code, "name": self.award_name},
            "eligible": self.eligible,
            "pack": self.pack_id,
            "unverified": self.unverified,
            "missing": self.missing(),
            "conditions": [c.to_dict() for c in self.conditions],
        }
