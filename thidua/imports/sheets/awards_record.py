"""One row of the awards sheet as a typed record, filled in by the parser (awards.py) and
resolved while planning (awards_plan.py, awards_match.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from thidua.awards.models import AwardType


@dataclass(slots=True, eq=False)
class AwardRecord:
    row: int
    number: str
    date: dt.date | None
    authority: str
    form: str
    collective: bool | None
    code: str
    name: str
    unit_code: str
    year_from: int | None
    year_to: int | None
    achievement: str
    movement_text: str = ""  # Phong trào (optional column): the movement the decision rewards
    bad: bool = False
    # Resolved while planning.
    award_type: AwardType | None = None
    person_id: int | None = None
    unit_id: int | None = None
    new_recipient: Any = None  # awards_plan.NewPerson / NewUnit, created by apply
    decision: Any = None  # an existing decision's id, or awards_plan.NewDecision
    movement_id: int | None = None
