"""Two officers correcting the same decision: the later page is refused, the earlier
correction and its reason stay in the history (lib.versioning)."""

from __future__ import annotations

from django.urls import reverse

from conftest import version_of
from thidua.awards.models import Decision
from thidua.lib.versioning import STALE_MESSAGE


def _correct(client, decision, types, version, **changes):
    data = {
        "number": decision.number,
        "date": decision.date.strftime("%d/%m/%Y"),
        "authority": decision.authority,
        "signer": decision.signer,
        "award_type": types.bang_khen_bo_truong.pk,
        "note": decision.note,
        "version": version,
        **changes,
    }
    return client.post(reverse("awards:decision_correct", args=[decision.pk]), data)


def test_a_correction_page_opened_before_another_correction_is_refused(
    client_for, users, decisions, types
):
    seen = version_of(decisions.bk)
    first = _correct(
        client_for(users.officer),
        decisions.bk,
        types,
        seen,
        number="345/QĐ-BCA-X01",
        reason="Sai số hiệu",
    )
    assert first.status_code == 302
    second = _correct(
        client_for(users.admin),
        decisions.bk,
        types,
        seen,
        signer="Nguyễn Văn B",
        reason="Thiếu người ký",
    )
    assert second.status_code == 400
    assert str(STALE_MESSAGE) in second.content.decode()
    decision = Decision.objects.get(pk=decisions.bk.pk)
    # The stale page held the old number: saved, it would have put it back.
    assert (decision.number, decision.signer) == ("345/QĐ-BCA-X01", "")
    assert decision.history.first().history_change_reason == "Sai số hiệu"


def test_revoking_from_a_page_opened_before_a_correction_is_refused(
    client_for, users, decisions, types
):
    seen = version_of(decisions.bk)
    _correct(
        client_for(users.officer),
        decisions.bk,
        types,
        seen,
        number="345/QĐ-BCA-X01",
        reason="Sai số hiệu",
    )
    r = client_for(users.admin).post(
        reverse("awards:decision_revoke", args=[decisions.bk.pk]),
        {"reason": "Hồ sơ giả mạo", "version": seen},
    )
    assert r.status_code == 400 and str(STALE_MESSAGE) in r.content.decode()
    assert not Decision.objects.get(pk=decisions.bk.pk).is_revoked
