"""Adding recipients to a decision and revoking an award appear in the decision's change log
and in the person's (the person page and the record page), each with its author."""

from __future__ import annotations

from django.urls import reverse

from thidua.awards import services


def _log(page) -> str:
    html = page.content.decode()
    return html[html.index('<section id="history"') :]


def test_an_added_recipient_and_a_revoked_award_show_in_the_decision_log(
    decisions, people, users, client_for
):
    client = client_for(users.officer)
    url = decisions.bk.get_absolute_url()
    client.post(
        reverse("awards:award_add", args=[decisions.bk.pk]),
        {"kind": "person", "person": people.dung.code, "year": "2021", "unit": ""},
    )
    added = decisions.bk.awards.get(person=people.dung)
    services.award_revoke(award=decisions.bk.awards.get(person=people.cuong), reason="Trùng")
    log = _log(client.get(url))
    assert 'Tạo <span class="muted">khen thưởng</span>' in log
    assert str(people.dung) in log
    assert 'Sửa <span class="muted">khen thưởng</span>' in log
    assert "<del>Có hiệu lực</del> → <ins>Đã hủy bỏ</ins>" in log and "Trùng" in log
    assert added.history.get().history_user == users.officer


def test_the_decision_log_names_no_recipient_outside_the_clerks_scope(decisions, users, client_for):
    log = _log(client_for(users.clerk_a).get(decisions.mixed.get_absolute_url()))
    assert "Nguyễn Văn An" in log  # CAH-A
    assert "Lê Đức Cường" not in log  # CAH-B


def test_a_revoked_award_shows_in_the_persons_logs(decisions, people, users, client_for):
    award = decisions.bk.awards.get(person=people.cuong)
    services.award_revoke(award=award, reason="Khen nhầm người")
    client = client_for(users.officer)
    for url in (
        reverse("org:person_detail", args=[people.cuong.pk]),
        reverse("awards:person_history", args=[people.cuong.code]),
    ):
        log = _log(client.get(url))
        assert "<del>Có hiệu lực</del> → <ins>Đã hủy bỏ</ins>" in log, url
        assert "Khen nhầm người" in log and str(decisions.bk) in log
