"""Steps the tests of records read through lineage share: a new unit, one reorganisation."""

from __future__ import annotations

import datetime as dt

from thidua.org.choices import EdgeKind, UnitKind
from thidua.org.lineage import EdgeInput, reorganise
from thidua.org.models import Unit
from thidua.org.services import unit_save


def new_unit(code: str, name: str, parent: Unit, day: dt.date, kind=UnitKind.COMMUNE) -> Unit:
    """A unit in force from `day` (the successor a Hợp nhất or Chia tách creates)."""
    return unit_save(unit=Unit(code=code, name=name, kind=kind, parent=parent, active_from=day))


def take_over(kind: str, day: dt.date, basis: str, olds: list[Unit], new: Unit) -> None:
    """One event: each of `olds` taken over by `new` (Sáp nhập, Hợp nhất)."""
    reorganise(effective_date=day, basis=basis, edges=[EdgeInput(kind, o, new) for o in olds])


def split(day: dt.date, basis: str, old: Unit, news: list[Unit]) -> None:
    reorganise(
        effective_date=day, basis=basis, edges=[EdgeInput(EdgeKind.SPLIT, old, n) for n in news]
    )
