"""The API answers every error in JSON with a Vietnamese message, never Django's HTML page."""

from __future__ import annotations

from django.db import OperationalError

from thidua.api import errors


def _raise(exc):
    def fail(**kwargs):
        raise exc

    return fail


def test_a_database_that_stays_busy_is_a_json_503_with_retry_after(
    api_as, users, people, monkeypatch
):
    monkeypatch.setattr(
        "thidua.org.services.person_save", _raise(OperationalError("database is locked"))
    )
    r = api_as(users.officer).patch("/api/people/CA0001/", {"position": "Đội trưởng"})
    assert r.status_code == 503
    assert r.headers["Content-Type"] == "application/json"
    assert r.headers["Retry-After"] == errors.RETRY_AFTER_SECONDS
    assert r.json() == {"detail": errors.BUSY}


def test_an_unexpected_failure_is_a_json_500(api_as, users, people, monkeypatch):
    monkeypatch.setattr("thidua.org.services.person_save", _raise(RuntimeError("boom")))
    r = api_as(users.officer).patch("/api/people/CA0001/", {"position": "Đội trưởng"})
    assert r.status_code == 500
    assert r.json() == {"detail": errors.FAILED}


def test_an_unknown_api_address_is_a_json_404(api_as, users):
    r = api_as(users.viewer).get("/api/khong-co/")
    assert r.status_code == 404
    assert r.json() == {"detail": errors.NOT_FOUND}


def test_a_body_that_is_not_json_is_refused_in_vietnamese(api_as, users):
    client = api_as(users.officer).client
    r = client.post("/api/units/", {"code": "X"})  # a form, not JSON
    assert r.status_code == 415
    assert r.json() == {"detail": errors.NOT_JSON}
    r = client.post("/api/units/", "{bad", content_type="application/json")
    assert r.status_code == 400
    assert r.json() == {"detail": errors.BAD_JSON}
