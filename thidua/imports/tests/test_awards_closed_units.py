"""The awards import warns (never refuses) on a collective closed in a reorganisation by the
decision's date, with the pack's rule, as the decision page does."""

from __future__ import annotations

import datetime as dt

from thidua.accounts.scope import SYSTEM
from thidua.awards.models import Award
from thidua.awards.tests.test_closed_unit_warning import RULE, _merge_a_into_b
from thidua.imports.engine import run_import
from thidua.imports.tests.test_awards import HEADERS, row


def test_the_awards_import_preview_warns_on_a_closed_unit(types, units, people, xlsx):
    _merge_a_into_b(units)
    closed = _collective_row(dt.date(2025, 6, 1), "5/QĐ-CAT")
    before = _collective_row(dt.date(2025, 2, 1), "4/QĐ-CAT")
    plan = run_import("awards", xlsx([HEADERS, closed, before]), user=SYSTEM, dry_run=True)
    assert not plan.errors
    warned = [(w.row, str(w)) for w in plan.warnings if "kết thúc hoạt động" in str(w)]
    assert len(warned) == 1 and warned[0][0] == 2
    assert RULE in warned[0][1]
    assert not Award.objects.filter(unit=units.cah_a).exists()


def _collective_row(day, number):
    return row(
        "CAH-A",
        "Công an huyện An Phú",
        "CAT",
        kind="Tập thể",
        form="Giấy khen",
        date=day,
        year=2025,
        number=number,
    )
