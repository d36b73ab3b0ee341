"""A dossier's list in the awards import format: the Excel check reads it back as it is."""

from __future__ import annotations

import pytest

from thidua.accounts.scope import SYSTEM
from thidua.eligibility.services import check_candidates_file
from thidua.eligibility.tests.conftest import record  # noqa: F401 (a fixture)
from thidua.nominations import services
from thidua.nominations.models import ItemStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(users, units, people, types):
    dossier = services.dossier_create(actor=users.clerk_a, unit=units.cah_a, year=2024)
    services.item_add(
        actor=users.clerk_a, dossier=dossier, person=people.an, award_type=types.cstd_cand
    )
    services.item_add(
        actor=users.clerk_a,
        dossier=dossier,
        unit=units.cax_a1,
        award_type=types.don_vi_tien_tien,
        achievement="Hoàn thành xuất sắc nhiệm vụ",
    )
    return dossier


@pytest.mark.usefixtures("record")
def test_the_exported_list_is_read_back_by_the_excel_check(dossier, client_for, users, tmp_path):
    response = client_for(users.clerk_a).get(f"/nhap-xuat/ho-so/{dossier.pk}/")
    assert response.status_code == 200
    path = tmp_path / "ho-so.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    checked = check_candidates_file(user=SYSTEM, year=2024, path=path)
    assert checked.errors == []
    got = [(v.recipient_code, v.award_code) for v in checked.verdicts]
    assert got == [("CA0001", "cstd_cand"), ("CAX-A1", "don_vi_tien_tien")]
    assert checked.verdicts[0].eligible  # An's record makes him eligible


def test_items_the_council_rejected_are_not_exported(dossier, client_for, users, tmp_path):
    dossier.items.filter(unit__isnull=False).update(status=ItemStatus.REJECTED)
    response = client_for(users.clerk_a).get(f"/nhap-xuat/ho-so/{dossier.pk}/")
    path = tmp_path / "ho-so.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    checked = check_candidates_file(user=SYSTEM, year=2024, path=path)
    assert [v.recipient_code for v in checked.verdicts] == ["CA0001"]


def test_another_units_clerk_gets_404(dossier, client_for, users):
    assert client_for(users.clerk_b).get(f"/nhap-xuat/ho-so/{dossier.pk}/").status_code == 404
