"""A forgotten actor fails closed: None is no longer "every right". Commands and imports
without an account act as scope.SYSTEM, explicitly."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from thidua.accounts import scope
from thidua.eligibility.services import EligibilityError, eligibility_report
from thidua.imports.engine import run_export, run_import
from thidua.imports.tests.conftest import UNIT_HEADERS, write_xlsx


def test_none_sees_nothing_and_may_do_nothing(people, units):
    assert not scope.visible_units(None).exists()
    assert not scope.visible_people(None).exists()
    assert not scope.visible_decisions(None).exists()
    assert not scope.can_edit(None) and not scope.can_import(None)
    assert not scope.can_manage_decisions(None) and not scope.can_change_unit(None, units.cat)


def test_system_has_an_administrators_rights_and_records_the_system_account(people, units):
    assert scope.visible_people(scope.SYSTEM).count() == 4
    assert scope.can_manage_decisions(scope.SYSTEM)
    author = scope.history_author(scope.SYSTEM)
    assert author.username == scope.SYSTEM_USERNAME and not author.is_active
    assert scope.history_author(None) is None
    # The account's rights are nobody's: SYSTEM's come from SystemActor, not from it.
    assert not scope.can_edit(author) and not scope.visible_people(author).exists()


def test_an_import_without_an_actor_is_refused(units, tmp_path):
    path = write_xlsx(tmp_path / "u.xlsx", [UNIT_HEADERS, ["X1", "Xã", "Công an xã", "CAH-A"]])
    with pytest.raises(PermissionDenied):
        run_import("units", path, user=None)


def test_an_export_without_an_actor_writes_no_row(people, tmp_path):
    assert run_export("people", tmp_path / "p.xlsx", user=None) == 0
    assert run_export("people", tmp_path / "p.xlsx", user=scope.SYSTEM) == 4


def test_eligibility_without_an_actor_is_refused(people):
    with pytest.raises(EligibilityError):
        eligibility_report(user=None, year=2024)
