"""The tờ trình of a nomination dossier: the proposing unit asks the authority for its items,
less those the council did not pass, in the layout of a decision's tờ trình."""

from __future__ import annotations

import io

import pytest

from thidua.nominations import services
from thidua.nominations.models import ItemStatus
from thidua.reports.documents.dossier import render_dossier_submission_docx
from thidua.reports.documents.render import DocumentError
from thidua.reports.tests.conftest import open_docx, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(users, units, people, types):
    dossier = services.dossier_create(actor=users.clerk_a, unit=units.cah_a, year=2024)
    for person in (people.an, people.binh):
        services.item_add(
            actor=users.clerk_a,
            dossier=dossier,
            person=person,
            award_type=types.cstd_co_so,
            achievement="Hoàn thành xuất sắc nhiệm vụ",
        )
    return dossier


def _text(dossier) -> str:
    buffer = io.BytesIO()
    render_dossier_submission_docx(dossier, buffer)
    return text_of(open_docx(buffer.getvalue()))


def test_the_dossier_tờ_trình_is_from_its_unit_and_lists_its_items(dossier):
    text = _text(dossier)
    assert "CÔNG AN HUYỆN AN PHÚ" in text and "/TTr-CAH-A" in text
    assert "Về việc đề nghị công nhận danh hiệu Chiến sĩ thi đua cơ sở" in text
    assert "cho 2 cá nhân" in text
    assert "Nguyễn Văn An" in text and "Trần Thị Bình" in text


def test_items_the_council_rejected_are_left_out(dossier):
    dossier.items.filter(person__code="CA0002").update(status=ItemStatus.REJECTED)
    text = _text(dossier)
    assert "Trần Thị Bình" not in text and "cho 1 cá nhân" in text


def test_a_dossier_with_nothing_to_propose_is_refused(users, units):
    empty = services.dossier_create(actor=users.clerk_a, unit=units.cah_a, year=2024)
    with pytest.raises(DocumentError):
        _text(empty)


def test_the_download_stays_in_scope(dossier, client_for, users):
    url = f"/van-ban/ho-so/{dossier.pk}/to-trinh/"
    response = client_for(users.clerk_a).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert client_for(users.clerk_b).get(url).status_code == 404


def test_the_dossier_page_links_its_tờ_trình(dossier, client_for, users):
    page = client_for(users.clerk_a).get(dossier.get_absolute_url()).content.decode()
    assert f"/van-ban/ho-so/{dossier.pk}/to-trinh/" in page
