"""Scope follows lineage, for reading: a clerk of the unit that took another over reads the
predecessor's history (its record, its people's records, the decisions naming it) and gains
no write right over it; a clerk elsewhere reads none of it."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from thidua.accounts import scope
from thidua.accounts.models import Role, User
from thidua.awards.services import Recipient, decision_create
from thidua.org.choices import EdgeKind
from thidua.org.lineage import EdgeInput, reorganise

MARCH = dt.date(2025, 3, 1)


@pytest.fixture
def merged(users, units, people, types):
    """CAH-A (with CAX-A1, An and Bình) merged into CAX-B1, a unit under CAH-B (clerk_b), on
    01/03/2025, people not moved;
    a 2024 decision naming CAH-A and An only; a clerk of PV01, elsewhere."""
    decision = decision_create(
        number="9/QĐ-CAT",
        date=dt.date(2024, 12, 20),
        award_type=types.giay_khen_giam_doc,
        recipients=[
            Recipient(year_from=2024, year_to=2024, unit=units.cah_a),
            Recipient(year_from=2024, year_to=2024, person=people.an),
        ],
    )
    reorganise(
        effective_date=MARCH,
        basis="12/QĐ-BCA",
        edges=[EdgeInput(EdgeKind.MERGE, units.cah_a, units.cax_b1)],
    )
    elsewhere = User.objects.create_user(
        username="clerk_pv01", password="x", role=Role.UNIT_CLERK, unit=units.pv01
    )
    return SimpleNamespace(decision=decision, successor=users.clerk_b, elsewhere=elsewhere)


def test_the_successors_clerk_reads_the_predecessor_and_its_subtree(merged, units, people):
    clerk = merged.successor
    codes = set(scope.readable_units(clerk).values_list("code", flat=True))
    assert {"CAH-B", "CAX-B1", "CAH-A", "CAX-A1"} <= codes
    assert "CAT" not in codes and "PV01" not in codes
    assert set(scope.lineage_units(clerk).values_list("code", flat=True)) == {"CAH-A", "CAX-A1"}
    assert {people.an, people.binh} <= set(scope.readable_people(clerk))
    assert scope.readable_decisions(clerk).filter(pk=merged.decision.pk).exists()
    assert scope.readable_awards(clerk).filter(decision=merged.decision).count() == 2
    # Its own scope, lists and pickers are unchanged.
    assert not scope.visible_units(clerk).filter(code="CAH-A").exists()
    assert not scope.visible_decisions(clerk).filter(pk=merged.decision.pk).exists()


def test_the_successors_clerk_gains_no_write_right_over_the_closed_unit(merged, units):
    clerk = merged.successor
    assert not scope.can_edit_unit(clerk, units.cah_a)
    assert not scope.can_edit_unit(clerk, units.cax_a1)
    assert not scope.editable_units(clerk).filter(code__in=["CAH-A", "CAX-A1"]).exists()
    assert not scope.can_add_to_decision(clerk, merged.decision)


def test_a_clerk_elsewhere_reads_nothing_of_the_predecessor(merged, people):
    other = merged.elsewhere
    assert not scope.lineage_units(other).exists()
    assert not scope.readable_units(other).filter(code="CAH-A").exists()
    assert people.an not in set(scope.readable_people(other))
    assert not scope.readable_decisions(other).filter(pk=merged.decision.pk).exists()


def test_the_successors_clerk_opens_the_predecessors_pages_but_cannot_write(
    merged, units, people, client_for
):
    client = client_for(merged.successor)
    assert client.get("/khen-thuong/don-vi/CAH-A/").status_code == 200
    assert client.get(f"/khen-thuong/ca-nhan/{people.an.code}/").status_code == 200
    assert client.get(f"/khen-thuong/quyet-dinh/{merged.decision.pk}/").status_code == 200
    assert client.get(f"/don-vi/{units.cah_a.pk}/").status_code == 200
    page = client.get("/khen-thuong/don-vi/CAH-A/").content.decode()
    assert 'action="/khen-thuong/don-vi/CAH-A/xep-loai/"' not in page  # no entry form
    posted = client.post("/khen-thuong/don-vi/CAH-A/xep-loai/", {"year": 2024})
    assert posted.status_code == 403
    assert client.get(f"/don-vi/{units.cah_a.pk}/sua/").status_code in (403, 404)


def test_a_clerk_elsewhere_gets_404_on_the_predecessors_pages(merged, units, people, client_for):
    client = client_for(merged.elsewhere)
    assert client.get("/khen-thuong/don-vi/CAH-A/").status_code == 404
    assert client.get(f"/khen-thuong/ca-nhan/{people.an.code}/").status_code == 404
    assert client.get(f"/khen-thuong/quyet-dinh/{merged.decision.pk}/").status_code == 404
    assert client.get(f"/don-vi/{units.cah_a.pk}/").status_code == 404
