"""A dossier of CAH-A for 2024 on the shared cast (conftest.py at the root) and the
eligibility record of thidua/eligibility/tests/conftest.py (An is proposed for CSTĐ CAND)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from thidua.eligibility.tests.conftest import record  # noqa: F401 (a fixture)
from thidua.nominations import council as council_services
from thidua.nominations import services

YEAR = 2024


@pytest.fixture
def dossier(users, units, people, types):
    dossier = services.dossier_create(actor=users.clerk_a, unit=units.cah_a, year=YEAR)
    services.item_add(
        actor=users.clerk_a,
        dossier=dossier,
        person=people.an,
        award_type=types.cstd_cand,
        achievement="Hoàn thành xuất sắc nhiệm vụ ba năm liền",
    )
    services.item_add(
        actor=users.clerk_a, dossier=dossier, person=people.binh, award_type=types.cstd_co_so
    )
    dossier.refresh_from_db()
    return dossier


def move(dossier, *steps, actor):
    for step in steps:
        dossier = services.transition(actor=actor, dossier=dossier, action=step)
    return dossier


@pytest.fixture
def at_council(dossier, users):
    dossier = move(dossier, "submit", actor=users.clerk_a)
    return move(dossier, "start_review", "to_council", actor=users.officer)


@pytest.fixture
def council(users, units):
    council = council_services.council_create(
        actor=users.officer,
        name="Hội đồng Thi đua – Khen thưởng Công an tỉnh",
        unit=units.cat,
        term_from=dt.date(2024, 1, 1),
    )
    roles = ["chair", "deputy", "deputy"] + ["member"] * 6 + ["secretary"]
    members = [
        council_services.member_add(
            actor=users.officer, council=council, full_name=f"Thành viên {n}", role=role
        )
        for n, role in enumerate(roles, start=1)
    ]
    return SimpleNamespace(council=council, members=members)


@pytest.fixture
def medal(users, units, people, types):
    """A dossier at the council proposing a Huân chương, which the pack says to disclose."""
    dossier = services.dossier_create(actor=users.clerk_a, unit=units.cah_a, year=YEAR)
    services.item_add(
        actor=users.clerk_a, dossier=dossier, person=people.an, award_type=types.hc_lao_dong_3
    )
    dossier = move(dossier, "submit", actor=users.clerk_a)
    dossier = move(dossier, "start_review", "to_council", actor=users.officer)
    return dossier.items.get()
