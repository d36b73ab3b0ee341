"""What one step of the demo build hands to the next (thidua.demo.builder runs the steps)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import TextIO

from django.utils import timezone

from thidua.demo.people import PersonPlan
from thidua.demo.units import UnitSpec
from thidua.org.models import Unit


@dataclass
class DemoContext:
    """What one step hands to the next: settings, the units by code, the people plans."""

    people_count: int
    seed: int
    years: int
    reference_year: int
    stdout: TextIO
    history: bool = True
    specs: list[UnitSpec] = field(default_factory=list)
    units: dict[str, Unit] = field(default_factory=dict)
    people: list[PersonPlan] = field(default_factory=list)
    assignment_count: int = 0
    # One timestamp for every generated audit record: they were all written by this run.
    stamp: dt.datetime = field(default_factory=timezone.now)

    @property
    def reference_date(self) -> dt.date:
        return dt.date(self.reference_year, 12, 31)

    @property
    def first_year(self) -> int:
        """First year of the history window (years=10, reference 2025 → 2016)."""
        return self.reference_year - self.years + 1

    def rng(self, step: str) -> random.Random:
        # String seeds hash with SHA-512, independent of PYTHONHASHSEED.
        return random.Random(f"thidua-demo:{self.seed}:{step}")

    def say(self, message: str) -> None:
        self.stdout.write(message + "\n")
