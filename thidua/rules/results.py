"""The engine's output: a verdict per recipient and award type, with every condition's result.

`Verdict.to_dict()` is the JSON shape of `thidua eligibility --format json` (issue 4):
recipient {kind, code, name}, award {code, name}, eligible, conditions [{text, met, evidence,
citation, ...}], plus pack, unverified and the extra condition fields listed below.
"""
from __future__ import annotations

from dataclasses import dataclass, field

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
            "text": self.text, "met": self.met, "evidence": list(self.evidence),
            "citation": self.citation, "status": self.status, "missing": self.missing,
            "kind": self.kind, "depth": self.depth, "manual": self.manual,
        }


@dataclass(slots=True)
class Verdict:
    recipient_kind: str  # individual | collective
    recipient_code: str
    recipient_name: str
    award_code: str
    award_name: str
    eligible: bool
    conditions: list[ConditionResult] = field(default_factory=list)
    pack_id: str = ""

    @property
    def unverified(self) -> bool:
        """True when any rule behind this verdict is not yet confirmed in the legal text."""
        return any(c.status == "unverified" for c in self.conditions)

    def missing(self) -> list[str]:
        """What is missing, one sentence per unmet condition (the "why not" view)."""
        return [c.missing for c in self.conditions if not c.met and c.missing and c.kind not in _PARENT_KINDS]

    def to_dict(self) -> dict:
        return {
            "recipient": {"kind": self.recipient_kind, "code": self.recipient_code,
                          "name": self.recipient_name},
            "award": {"code": self.award_code, "name": self.award_name},
            "eligible": self.eligible,
            "pack": self.pack_id,
            "unverified": self.unverified,
            "missing": self.missing(),
            "conditions": [c.to_dict() for c in self.conditions],
        }
