"""Every Excel file the imports write keeps formula-like text as text, and reads back the same."""

from __future__ import annotations

import pytest

from thidua.accounts.scope import SYSTEM
from thidua.imports import engine
from thidua.imports.engine import run_export, run_import, write_template
from thidua.imports.tests.test_dossier_export import dossier  # noqa: F401 (a fixture)
from thidua.lib.tests.excel_checks import formula_like_texts
from thidua.org.models import Person, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def crafted(people, units):
    """Register entries that a spreadsheet program would take for formulas."""
    Person.objects.filter(pk=people.an.pk).update(full_name="-Nguyễn Văn An")
    Person.objects.filter(pk=people.binh.pk).update(full_name="=1+1", position="@SUM(A1)")
    Unit.objects.filter(pk=units.cax_a1.pk).update(name='=HYPERLINK("http://x","bấm")')


def test_the_exports_write_formula_like_text_quoted_and_read_it_back_unchanged(
    crafted, users, tmp_path
):
    for kind in ("units", "people"):
        path = tmp_path / f"{kind}.xlsx"
        run_export(kind, path, user=users.officer)
        plan = run_import(kind, path, user=users.officer, dry_run=True)
        assert plan.ok, plan.errors
        assert (len(plan.creates), len(plan.updates)) == (0, 0)
        found = formula_like_texts(path)
        if kind == "people":
            assert {"-Nguyễn Văn An", "=1+1", "@SUM(A1)"} <= set(found)
        else:
            assert '=HYPERLINK("http://x","bấm")' in found


def test_every_kind_of_export_and_template_is_formula_free(crafted, tmp_path):
    for spec in engine.all_specs():
        path = tmp_path / f"{spec.kind}.xlsx"
        run_export(spec, path, user=SYSTEM)
        formula_like_texts(path)
        write_template(spec, tmp_path / f"mau-{spec.kind}.xlsx")
        formula_like_texts(tmp_path / f"mau-{spec.kind}.xlsx")


def test_the_dossier_list_keeps_a_formula_like_achievement_as_text(
    dossier,  # noqa: F811
    client_for,
    users,
):
    dossier.items.filter(unit__isnull=False).update(achievement="=cmd|' /C calc'!A0")
    response = client_for(users.clerk_a).get(f"/nhap-xuat/ho-so/{dossier.pk}/")
    assert response.status_code == 200
    found = formula_like_texts(b"".join(response.streaming_content))
    assert found == ["=cmd|' /C calc'!A0"]
