"""The report workbooks keep formula-like names as text (lib.excel.writing)."""

from __future__ import annotations

from django.urls import reverse

from thidua.lib.tests.excel_checks import formula_like_texts
from thidua.org.models import Unit
from thidua.reports.tests.test_summary import record  # noqa: F401 (fixture)

SPAN = {"year_from": 2015, "year_to": 2020}
NAME = "=1+1 Công an huyện"


def test_the_summary_and_dashboard_downloads_quote_a_formula_like_unit_name(
    client_for,
    users,
    units,
    record,  # noqa: F811
):
    Unit.objects.filter(pk=units.cah_a.pk).update(name=NAME)
    client = client_for(users.officer)
    summary = client.get(reverse("reports:summary"), {**SPAN, "tai": "xlsx"})
    assert summary.status_code == 200
    assert NAME in formula_like_texts(summary.content)
    board = client.get(reverse("reports:dashboard_xlsx", args=["tat-ca"]), SPAN)
    assert board.status_code == 200
    assert NAME in formula_like_texts(board.content)
