"""Personal API tokens: a token is its owner, with the owner's scope and role and never more;
revoked, expired, or with its owner deactivated or locked out, it is refused (401 or 429, in
Vietnamese, logged to thidua.security); only its digest is stored."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from thidua.accounts import tokens
from thidua.accounts.models import ApiToken


def bearer(client, plain: str):
    """GET/POST with the token, no session."""

    class TokenClient:
        def get(self, url, params=None):
            return client.get(url, params or {}, HTTP_AUTHORIZATION=f"Bearer {plain}")

        def post(self, url, body):
            return client.post(
                url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {plain}"
            )

    return TokenClient()


@pytest.fixture
def token_of():
    return lambda user, **kw: tokens.token_create(user=user, name="Phần mềm thống kê", **kw)


def test_a_clerks_token_reads_its_own_subtree_only(client, users, people, token_of):
    api = bearer(client, token_of(users.clerk_a)[1])
    listed = api.get("/api/people/")
    assert listed.status_code == 200
    assert {p["code"] for p in listed.json()["results"]} == {"CA0001", "CA0002"}
    assert api.get("/api/people/CA0003/").status_code == 404  # CAH-B's
    assert api.get("/api/units/CAH-B/").status_code == 404
    assert api.get("/api/people/", {"unit": "CAH-B"}).status_code == 404


def test_a_token_carries_its_owners_role_never_more(client, users, people, token_of):
    api = bearer(client, token_of(users.viewer)[1])
    assert api.get("/api/people/CA0003/").status_code == 200  # a viewer reads everything
    r = api.post("/api/people/CA0001/assignments/", {"unit": "CAH-A", "start": "2020-01-01"})
    assert r.status_code == 403
    assert r.json()["detail"] == "Vai trò của bạn chỉ được xem, không được thêm hay sửa dữ liệu."


def test_use_sets_the_last_used_time(client, users, token_of):
    token, plain = token_of(users.officer)
    assert token.last_used_at is None
    assert bearer(client, plain).get("/api/units/").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_only_the_digest_is_stored(users, token_of):
    token, plain = token_of(users.officer)
    assert plain.startswith("td_") and len(plain) > 40
    row = ApiToken.objects.values().get(pk=token.pk)
    assert plain not in {str(v) for v in row.values()}
    assert row["digest"] == tokens.digest(plain)
    assert plain.startswith(row["prefix"])


def _refused(response, words: str) -> None:
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert words in response.json()["detail"]


def test_a_revoked_token_is_refused_and_logged(client, users, token_of, caplog):
    token, plain = token_of(users.clerk_a)
    tokens.token_revoke(user=users.clerk_a, token=token)
    with caplog.at_level(logging.WARNING, logger="thidua.security"):
        _refused(bearer(client, plain).get("/api/units/"), "đã bị thu hồi")
    assert any(
        "api token refused (revoked)" in r.getMessage() and token.prefix in r.getMessage()
        for r in caplog.records
    )
    assert plain not in caplog.text


def test_an_expired_token_is_refused(client, users, token_of):
    token, plain = token_of(users.clerk_a, days=1)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(1))
    _refused(bearer(client, plain).get("/api/units/"), "hết hạn")


def test_a_deactivated_owners_token_stops_working(client, users, token_of):
    plain = token_of(users.officer)[1]
    users.officer.is_active = False
    users.officer.save()
    _refused(bearer(client, plain).get("/api/units/"), "bị khoá")


def test_an_unknown_or_malformed_token_is_refused(client, db, caplog):
    with caplog.at_level(logging.WARNING, logger="thidua.security"):
        _refused(bearer(client, "td_" + "x" * 40).get("/api/units/"), "không hợp lệ")
        _refused(bearer(client, "abc").get("/api/units/"), "không hợp lệ")
    assert "api token refused (unknown)" in caplog.text
    assert "api token refused (malformed)" in caplog.text


def test_a_locked_out_owners_token_is_refused(client, users, token_of, settings):
    plain = token_of(users.clerk_a)[1]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/dang-nhap/", {"username": "clerk_a", "password": "sai-mat-khau"})
    r = bearer(client, plain).get("/api/units/")
    assert r.status_code == 429
    assert "tạm khoá" in r.json()["detail"]


def test_the_expiry_defaults_and_is_bounded_by_the_settings(users, settings):
    settings.API_TOKEN_MAX_DAYS, settings.API_TOKEN_DEFAULT_DAYS = 30, 20
    with pytest.raises(ValidationError, match="Thời hạn phải từ 1 đến 30 ngày"):
        tokens.token_create(user=users.clerk_a, name="Dài hạn", days=31)
    token = tokens.token_create(user=users.clerk_a, name="Mặc định")[0]
    assert round((token.expires_at - timezone.now()) / dt.timedelta(days=1)) == 20


def test_nobody_revokes_another_accounts_token(users, token_of):
    token = token_of(users.clerk_b)[0]
    with pytest.raises(PermissionDenied, match="không phải khoá API của bạn"):
        tokens.token_revoke(user=users.clerk_a, token=token)
    token.refresh_from_db()
    assert token.revoked_at is None
