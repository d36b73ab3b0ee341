"""Condition kinds understood by the engine (a closed set; see docs/rule-packs.md)."""

from __future__ import annotations

from thidua.rules.conditions import (  # noqa: F401 (register)
    awards,
    collective,
    personal,
    quota,
    registration,
)
from thidua.rules.conditions.base import CONDITIONS, Condition, Outcome, PackError

__all__ = ["CONDITIONS", "Condition", "Outcome", "PackError"]
