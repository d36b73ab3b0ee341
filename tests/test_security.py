"""Issue 14, hardening: sign-in lockout (UI, admin, HTTP Basic), the security log, password
rules, session lifetime, security headers and the Vietnamese error pages."""

from __future__ import annotations

import base64
import logging

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import PASSWORD
from thidua.demo.accounts import DEMO_PASSWORD

LOGIN = "/dang-nhap/"
# Print pages with their own <style> (views under thidua.lib.security.allow_inline_styles), and
# the certificates, only ever rendered to PDF by WeasyPrint.
INLINE_STYLES = {
    "disclosure_print.html",
    "honour_list.html",
    "certificates.html",
    "scoring_table_print.html",
    "standing_print.html",
}
API = "/api/units/"


@pytest.fixture(autouse=True)
def _small_limit(settings):
    settings.AXES_FAILURE_LIMIT = 3


def sign_in(client, username, password, url=LOGIN):
    return client.post(url, {"username": username, "password": password})


def basic(client, username, password):
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return client.get(API, HTTP_AUTHORIZATION=f"Basic {token}")


def test_the_right_password_signs_in(client, users):
    r = sign_in(client, "officer", PASSWORD)
    assert r.status_code == 302
    assert client.get(reverse("home")).context["user"] == users.officer


def test_after_the_limit_the_right_password_does_not_sign_in(client, users):
    for _ in range(3):
        r = sign_in(client, "officer", "sai-mat-khau")
    assert r.status_code == 429
    r = sign_in(client, "officer", PASSWORD)
    assert r.status_code == 429
    body = r.content.decode()
    assert "Tài khoản tạm khoá" in body
    assert "15 phút" in body
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not locked.
    assert sign_in(client, "viewer", PASSWORD).status_code == 302


def test_failures_below_the_limit_are_forgiven_by_a_success(client, users):
    for _ in range(2):
        assert sign_in(client, "officer", "sai-mat-khau").status_code == 200
    assert sign_in(client, "officer", PASSWORD).status_code == 302
    client.logout()
    for _ in range(2):
        assert sign_in(client, "officer", "sai-mat-khau").status_code == 200
    assert sign_in(client, "officer", PASSWORD).status_code == 302


def test_the_admin_login_is_locked_too(client, users):
    url = reverse("admin:login")
    for _ in range(3):
        sign_in(client, "admin", "sai-mat-khau", url)
    r = sign_in(client, "admin", PASSWORD, url)
    assert r.status_code == 429
    assert "_auth_user_id" not in client.session


def test_basic_auth_is_locked_after_the_limit(client, users):
    assert basic(client, "officer", PASSWORD).status_code == 200
    for _ in range(3):
        r = basic(client, "officer", "sai-mat-khau")
    assert r.status_code == 429
    r = basic(client, "officer", PASSWORD)
    assert r.status_code == 429
    assert "tạm khoá" in r.json()["detail"]


def test_the_cool_off_ends_the_lockout(client, users, settings):
    import datetime as dt

    from axes.models import AccessAttempt

    for _ in range(3):
        sign_in(client, "officer", "sai-mat-khau")
    assert sign_in(client, "officer", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    assert sign_in(client, "officer", PASSWORD).status_code == 302


def test_failed_sign_ins_and_lockouts_are_logged(client, users, caplog):
    caplog.set_level(logging.INFO, logger="thidua.security")
    sign_in(client, "officer", "sai-mat-khau")
    basic(client, "viewer", "sai-mat-khau")
    for _ in range(2):
        sign_in(client, "officer", "sai-mat-khau")
    sign_in(client, "clerk_a", PASSWORD)
    lines = [r.getMessage() for r in caplog.records if r.name == "thidua.security"]
    assert any("sign-in failed: username=officer" in m and "/dang-nhap/" in m for m in lines)
    assert any("sign-in failed: username=viewer" in m and "/api/units/" in m for m in lines)
    assert any("locked out: username=officer" in m for m in lines)
    assert any("signed in: username=clerk_a" in m for m in lines)
    assert not any("sai-mat-khau" in m or PASSWORD in m for m in lines)


def test_refused_requests_are_logged(client_for, users, caplog):
    caplog.set_level(logging.INFO, logger="thidua.security")
    client = client_for(users.viewer)
    r = client.get(reverse("admin:index"))  # not staff: a redirect, not logged
    r = client.post(reverse("org:cluster_create"), {})
    assert r.status_code == 403
    lines = [r.getMessage() for r in caplog.records if r.name == "thidua.security"]
    assert any("refused 403: user=viewer" in m and "POST" in m for m in lines)


def test_anonymous_api_request_is_logged(client, db, caplog):
    caplog.set_level(logging.INFO, logger="thidua.security")
    assert client.get(API).status_code in (401, 403)
    assert any(r.name == "thidua.security" and "refused" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("password", ["12345678", "1234567890", "password123", "officer-1"])
def test_weak_passwords_are_refused(users, password):
    with pytest.raises(ValidationError):
        validate_password(password, users.officer)


def test_a_too_common_password_is_refused_in_vietnamese(users):
    with pytest.raises(ValidationError) as e:
        validate_password("12345678", users.officer)
    text = " ".join(e.value.messages)
    assert "quá ngắn: cần ít nhất 10 ký tự" in text
    assert "phổ biến" in text
    assert "số" in text


def test_the_demo_and_test_passwords_are_still_accepted(users):
    validate_password(DEMO_PASSWORD, users.admin)
    validate_password(PASSWORD, users.officer)


def test_sessions_expire(client, users, settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    sign_in(client, "officer", PASSWORD)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["expires"] and not cookie["max-age"]  # a browser-session cookie
    assert client.session.get_expiry_age() <= 8 * 3600


def test_security_headers_on_a_page(client, db):
    r = client.get(LOGIN)
    csp = r["Content-Security-Policy"]
    assert "script-src 'self';" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert r["X-Frame-Options"] == "DENY"
    assert r["X-Content-Type-Options"] == "nosniff"
    assert r["Referrer-Policy"] == "same-origin"


def test_no_inline_scripts_or_handlers_in_templates():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "thidua"
    bad = []
    for path in root.rglob("templates/**/*.html"):
        text = path.read_text()
        for m in re.finditer(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", text):
            bad.append(f"{path}: {m.group(0)}")
        for m in re.finditer(r"\son[a-z]+\s*=", text):
            bad.append(f"{path}: {m.group(0)}")
        if path.name in INLINE_STYLES:
            continue
        for m in re.finditer(r"\sstyle\s*=|<style", text):
            bad.append(f"{path}: {m.group(0)}")
    assert bad == []


def test_404_is_vietnamese(client_for, users, settings):
    settings.DEBUG = False
    r = client_for(users.viewer).get("/khong-co-trang-nay/")
    assert r.status_code == 404
    body = r.content.decode()
    assert "Không tìm thấy trang" in body
    assert "Page not found" not in body


def test_404_for_anonymous_is_vietnamese(client, db, settings):
    settings.DEBUG = False
    r = client.get("/khong-co-trang-nay/")
    assert r.status_code == 404
    assert "Không tìm thấy trang" in r.content.decode()


def test_403_is_vietnamese(client_for, users):
    r = client_for(users.viewer).post(reverse("org:cluster_create"), {})
    assert r.status_code == 403
    assert "Không có quyền truy cập" in r.content.decode()


def test_500_page_needs_no_context():
    from django.template import loader

    html = loader.get_template("500.html").render()
    assert "Lỗi hệ thống" in html


def test_500_is_vietnamese(client, db, settings):
    from django.urls import path

    def boom(request):
        raise RuntimeError("boom")

    import thidua.urls

    settings.DEBUG = False
    settings.ROOT_URLCONF = type(
        "U", (), {"urlpatterns": [path("boom/", boom), *thidua.urls.urlpatterns]}
    )
    client.raise_request_exception = False
    r = client.get("/boom/")
    assert r.status_code == 500
    assert "Lỗi hệ thống" in r.content.decode()


def test_behind_tls_the_production_settings_apply(monkeypatch):
    import importlib

    import thidua.settings as s

    monkeypatch.setenv("HTTPS", "1")
    try:
        prod = importlib.reload(s)
        assert prod.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
        assert prod.SESSION_COOKIE_SECURE and prod.CSRF_COOKIE_SECURE
        assert prod.SECURE_HSTS_SECONDS >= 31536000
        assert prod.SECURE_SSL_REDIRECT
    finally:
        monkeypatch.delenv("HTTPS")
        importlib.reload(s)


def test_behind_the_proxy_links_are_https(client_for, users, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    r = client_for(users.officer).get(f"{API}?page_size=1", HTTP_X_FORWARDED_PROTO="https")
    assert r.status_code == 200
    assert r.json()["next"].startswith("https://")


def test_only_the_browsable_api_allows_inline_styles(client_for, users):
    client = client_for(users.officer)
    assert "'unsafe-inline'" not in client.get(reverse("home"))["Content-Security-Policy"]
    api = client.get(API, HTTP_ACCEPT="text/html")["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in api
    assert "script-src 'self';" in api
