"""Quotas: at most P% of the holders of a base title, checked over a candidate list.

A quota is not a per-person condition: the engine applies it in check_candidates, after
each candidate has been judged, over every eligible candidate of the list in list order.
"""

from __future__ import annotations

import math
from fractions import Fraction

from thidua.rules.catalogue import OR_HIGHER_MODES
from thidua.rules.conditions.base import Condition, PackError, as_codes, one_of, register

ROUNDINGS = ("floor", "ceil", "half_up")


def quota_limit(share: Fraction | int | float | str, base: int, rounding: str) -> int:
    """floor / ceil / half-up of share% × base, in exact arithmetic."""
    exact = Fraction(str(share)) * base / 100
    if rounding == "floor":
        return math.floor(exact)
    if rounding == "ceil":
        return math.ceil(exact)
    if rounding == "half_up":
        return math.floor(exact + Fraction(1, 2))
    raise ValueError(rounding)


@register
class Quota(Condition):
    kind = "quota"
    required = ("base", "share")
    optional = ("or_higher", "rounding", "count_eligible")
    award_params = ("base",)

    def setup(self, params, scales):
        self.base = as_codes(params["base"])
        self.or_higher = one_of(params, "or_higher", OR_HIGHER_MODES, "titles")
        self.rounding = one_of(params, "rounding", ROUNDINGS, "floor")
        self.share = params["share"]
        if not isinstance(self.share, (int, float)) or not 0 <= self.share <= 100:
            raise PackError("quota: share phải là phần trăm 0..100")
        self.count_eligible = bool(params.get("count_eligible", True))

    def refers_to(self):
        return self.base if self.count_eligible else ()

    def limit(self, base_count: int) -> int:
        return quota_limit(self.share, base_count, self.rounding)

    def evaluate(self, ev, subject, idx):  # pragma: no cover - never in a condition tree
        raise PackError("quota chỉ dùng trong mục quotas của gói quy tắc")
