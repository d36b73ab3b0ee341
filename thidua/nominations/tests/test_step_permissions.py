"""Every step of a dossier against every role: who may take it and who may not."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from thidua.nominations import services
from thidua.nominations.models import DossierStatus
from thidua.nominations.tests.conftest import move

pytestmark = pytest.mark.django_db

ROLES = ("admin", "officer", "clerk_a", "clerk_b", "council", "viewer")
UNIT = {"admin", "officer", "clerk_a"}  # the proposing unit's editors (the office may act too)
OFFICE = {"admin", "officer"}

# action -> (the steps that bring a fresh draft to where the action starts, who may take it)
MATRIX = {
    "submit": ((), UNIT),
    "withdraw": (("submit",), UNIT),
    "start_review": (("submit",), OFFICE),
    "return": (("submit", "start_review"), OFFICE),
    "resubmit": (("submit", "start_review", "return"), UNIT),
    "to_council": (("submit", "start_review"), OFFICE),
}


def _prepare(dossier, steps, users):
    for step in steps:
        actor = users.clerk_a if STEPS_BY_UNIT[step] else users.officer
        comment = "Thiếu biên bản" if step == "return" else ""
        dossier = services.transition(actor=actor, dossier=dossier, action=step, comment=comment)
    return dossier


STEPS_BY_UNIT = {name: step.by_unit for name, step in services.STEPS.items()}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", sorted(MATRIX))
def test_each_step_is_taken_only_by_the_roles_allowed(dossier, users, action, role):
    before_steps, allowed = MATRIX[action]
    dossier = _prepare(dossier, before_steps, users)
    actor = getattr(users, role)
    comment = "Lý do" if action in ("withdraw", "return") else ""
    if action == "resubmit":
        for item in dossier.items.filter(status="returned"):
            services.item_update(actor=users.clerk_a, item=item, answer="Đã bổ sung")
    if role in allowed:
        after = services.transition(actor=actor, dossier=dossier, action=action, comment=comment)
        assert after.status == services.STEPS[action].target
    else:
        with pytest.raises(PermissionDenied):
            services.transition(actor=actor, dossier=dossier, action=action, comment=comment)
        dossier.refresh_from_db()
        assert dossier.status != services.STEPS[action].target


@pytest.mark.parametrize("role", ROLES)
def test_only_the_office_returns_an_item(dossier, users, role):
    dossier = move(dossier, "submit", actor=users.clerk_a)
    dossier = move(dossier, "start_review", actor=users.officer)
    item = dossier.items.first()
    actor = getattr(users, role)
    if role in OFFICE:
        assert services.item_return(actor=actor, item=item, comment="Sai năm").status == "returned"
    else:
        with pytest.raises(PermissionDenied):
            services.item_return(actor=actor, item=item, comment="Sai năm")


def test_a_withdrawn_dossier_takes_no_more_steps(dossier, users):
    dossier = services.transition(
        actor=users.clerk_a, dossier=dossier, action="withdraw", comment="Lập nhầm"
    )
    assert dossier.status == DossierStatus.WITHDRAWN
    assert services.allowed_actions(users.officer, dossier) == []
