"""The "Khoá API" page of the account menu: create a token (shown once), list, revoke."""

from __future__ import annotations

from thidua.accounts.models import ApiToken

PAGE = "/tai-khoan/khoa-api/"


def test_a_created_token_is_shown_once_and_works(client_for, users):
    client = client_for(users.clerk_a)
    r = client.post(PAGE, {"name": "Phần mềm thống kê", "days": "30"})
    assert r.status_code == 201
    assert "no-store" in r["Cache-Control"]
    token = ApiToken.objects.get(user=users.clerk_a)
    page = r.content.decode()
    start = page.index(token.prefix)
    plain = page[start : page.index("<", start)]
    assert len(plain) > 40
    again = client.get(PAGE).content.decode()
    assert plain not in again and token.prefix in again  # listed by its prefix only
    client.logout()
    r = client.get("/api/units/", HTTP_AUTHORIZATION=f"Bearer {plain}")
    assert r.status_code == 200


def test_a_bad_expiry_is_refused_with_a_message(client_for, users, settings):
    settings.API_TOKEN_MAX_DAYS = 365
    r = client_for(users.viewer).post(PAGE, {"name": "Dài", "days": "366"})
    assert r.status_code == 400
    assert "Thời hạn không được quá 365 ngày." in r.content.decode()
    assert not ApiToken.objects.exists()


def test_revoking_ones_own_token_and_not_anothers(client_for, users):
    client = client_for(users.clerk_a)
    client.post(PAGE, {"name": "Một", "days": "10"})
    mine = ApiToken.objects.get()
    r = client.post(f"{PAGE}{mine.pk}/thu-hoi/")
    assert r.status_code == 302
    mine.refresh_from_db()
    assert mine.revoked_at is not None
    assert "đã thu hồi" in client.get(PAGE).content.decode()
    other = client_for(users.clerk_b)
    assert other.post(f"{PAGE}{mine.pk}/thu-hoi/").status_code == 404
