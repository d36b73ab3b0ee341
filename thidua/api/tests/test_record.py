"""The record over the API: the catalogue, decisions (create, correct, revoke, add a recipient),
awards (revoke), yearly results, initiatives, discipline, eligibility and the period summary,
under the pages' rules (accounts.scope) and in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest

from thidua.accounts import tokens
from thidua.awards.choices import AwardStatus
from thidua.awards.models import Award, AwardType, Decision, Discipline, YearlyResult
from thidua.awards.services import Recipient, decision_create
from thidua.reports.summary import period_summary


@pytest.fixture
def decision(people):
    return decision_create(
        number="7/QĐ-CAT",
        date=dt.date(2024, 12, 20),
        award_type=AwardType.objects.get(code="giay_khen_giam_doc"),
        recipients=[
            Recipient(person=people.an, year_from=2024),
            Recipient(person=people.cuong, year_from=2024),
        ],
    )


def test_the_catalogue_is_read_by_everyone(api_as, users):
    api = api_as(users.viewer)
    listed = api.get("/api/award-types/", {"page_size": 500}).json()
    assert listed["count"] == AwardType.objects.count()
    one = api.get("/api/award-types/giay_khen_giam_doc/").json()
    assert one["name"] == AwardType.objects.get(code="giay_khen_giam_doc").name


def test_a_clerk_sees_a_decision_with_its_own_recipients_only(api_as, users, decision):
    api = api_as(users.clerk_a)
    assert [d["number"] for d in api.get("/api/decisions/").json()["results"]] == ["7/QĐ-CAT"]
    detail = api.get(f"/api/decisions/{decision.pk}/").json()
    assert [a["recipient"]["code"] for a in detail["awards"]] == ["CA0001"]
    assert api.get("/api/awards/", {"person": "CA0003"}).json()["count"] == 0
    # (one test client: signing in as the officer ends the clerk's session)
    full = api_as(users.officer).get(f"/api/decisions/{decision.pk}/").json()
    assert {a["recipient"]["code"] for a in full["awards"]} == {"CA0001", "CA0003"}


def test_decisions_are_filtered_with_the_pages_filterset(api_as, users, decision):
    api = api_as(users.officer)
    assert api.get("/api/decisions/", {"number": "7/qd"}).json()["count"] == 1
    assert api.get("/api/decisions/", {"number": "8/qd"}).json()["count"] == 0
    assert api.get("/api/decisions/", {"unit": "CAH-B"}).json()["count"] == 1
    r = api.get("/api/decisions/", {"date_from": "2025-01-01", "date_to": "2024-01-01"})
    assert r.status_code == 400
    assert r.json() == {"date_to": ["Ngày kết thúc phải sau ngày bắt đầu."]}


def test_an_officer_creates_corrects_and_revokes_a_decision(api_as, users, people):
    api = api_as(users.officer)
    r = api.post(
        "/api/decisions/",
        {"number": "15/QĐ-CAT", "date": "2025-01-10", "award_type": "giay_khen_giam_doc"},
    )
    assert r.status_code == 201, r.json()
    created = r.json()
    assert created["authority"]  # the award type's authority by default
    url = f"/api/decisions/{created['id']}/"
    added = api.post(f"{url}awards/", {"person": "CA0001", "year_from": 2024})
    assert added.status_code == 201, added.json()
    stale = api.post(f"{url}correct/", {"reason": "Sai ngày", "date": "2025-01-11", "version": 99})
    assert stale.status_code == 409
    r = api.post(f"{url}correct/", {"reason": "Sai ngày", "date": "2025-01-11", "version": 1})
    assert r.status_code == 200, r.json()
    assert r.json()["status"] == "corrected" and r.json()["date"] == "2025-01-11"
    assert api.post(f"{url}revoke/", {"reason": ""}).json() == {
        "reason": ["Trường này không được để trống."]
    }
    r = api.post(f"{url}revoke/", {"reason": "Trùng quyết định 16"})
    assert r.status_code == 200
    assert Award.objects.get(decision_id=created["id"]).status == AwardStatus.REVOKED


def test_a_decision_with_a_number_and_date_taken_is_refused_in_vietnamese(api_as, users, decision):
    r = api_as(users.officer).post("/api/decisions/", {"number": "7/QĐ-CAT", "date": "2024-12-20"})
    assert r.status_code == 400
    assert "Đã có quyết định cùng số và ngày này." in str(r.json())


def test_a_clerk_adds_its_own_people_and_no_one_else(api_as, users, people, decision):
    api = api_as(users.clerk_a)
    assert api.post("/api/decisions/", {"number": "1", "date": "2025-01-01"}).status_code == 403
    url = f"/api/decisions/{decision.pk}/awards/"
    r = api.post(url, {"person": "CA0002", "year_from": 2024})
    assert r.status_code == 201, r.json()
    assert r.json()["recipient"] == {
        "kind": "individual",
        "code": "CA0002",
        "name": "Trần Thị Bình",
    }
    r = api.post(url, {"person": "CA0003", "year_from": 2024})
    assert r.status_code == 404  # CAH-B's: the answer an unknown code gets
    both = api.post(url, {"person": "CA0002", "unit": "CAH-A", "year_from": 2024})
    assert both.status_code == 400


def test_only_managers_revoke_an_award(api_as, users, decision):
    award = decision.awards.get(person__code="CA0001")
    url = f"/api/awards/{award.pk}/revoke/"
    assert api_as(users.clerk_a).post(url, {"reason": "Nhầm"}).status_code == 403
    r = api_as(users.officer).post(url, {"reason": "Nhầm người"})
    assert r.status_code == 200
    assert r.json()["status"] == "revoked" and r.json()["revoke_reason"] == "Nhầm người"
    assert decision.awards.get(person__code="CA0003").status == AwardStatus.ACTIVE


def test_lists_take_a_fixed_number_of_queries(
    api_as, users, people, decision, django_assert_max_num_queries
):
    giay_khen = AwardType.objects.get(code="giay_khen_giam_doc")
    for n in range(30):
        decision_create(
            number=f"{100 + n}/QĐ-CAT",
            date=dt.date(2024, 6, 1),
            award_type=giay_khen,
            recipients=[
                Recipient(person=people.an, year_from=2023),
                Recipient(unit=people.an.unit, year_from=2023),
            ],
        )
    api = api_as(users.clerk_a)
    for url in ("/api/decisions/", "/api/awards/", "/api/yearly-results/", "/api/disciplines/"):
        with django_assert_max_num_queries(8):
            r = api.get(url, {"page_size": 100})
        assert r.status_code == 200
    assert api.get("/api/awards/", {"page_size": 100}).json()["count"] == 61


def test_yearly_results_are_written_where_the_page_writes_them(api_as, users, people):
    api = api_as(users.clerk_a)
    r = api.post("/api/yearly-results/", {"person": "CA0001", "year": 2024, "appraisal": "tot"})
    assert r.status_code == 201, r.json()
    again = api.post(
        "/api/yearly-results/",
        {"person": "CA0001", "year": 2024, "appraisal": "xuat_sac", "version": 1},
    )
    assert again.status_code == 201 and again.json()["version"] == 2
    assert YearlyResult.objects.get(person=people.an).appraisal == "xuat_sac"
    stale = api.post(
        "/api/yearly-results/",
        {"person": "CA0001", "year": 2024, "appraisal": "tot", "version": 1},
    )
    assert stale.status_code == 409
    assert api.post("/api/yearly-results/", {"person": "CA0003", "year": 2024}).status_code == 404
    viewer = api_as(users.viewer).post("/api/yearly-results/", {"person": "CA0001", "year": 2023})
    assert viewer.status_code == 403
    assert api.get("/api/yearly-results/", {"person": "CA0001"}).json()["count"] == 1


def test_initiatives_and_discipline(api_as, users, people):
    api = api_as(users.clerk_a)
    r = api.post(
        "/api/initiatives/",
        {
            "title": "Sổ tay tuần tra",
            "year": 2023,
            "scope": "co_so",
            "authors": ["CA0001", "CA0002"],
        },
    )
    assert r.status_code == 201, r.json()
    assert r.json()["authors"] == ["CA0001", "CA0002"]
    fixed = api.client.put(
        f"/api/initiatives/{r.json()['id']}/",
        '{"title": "Sổ tay tuần tra đêm", "year": 2023, "scope": "co_so", "version": 1}',
        content_type="application/json",
    )
    assert fixed.status_code == 200, fixed.json()
    assert fixed.json()["title"] == "Sổ tay tuần tra đêm"
    outsider = api.post(
        "/api/initiatives/", {"title": "X", "year": 2023, "scope": "co_so", "authors": ["CA0003"]}
    )
    assert outsider.status_code == 404
    r = api.post(
        "/api/disciplines/",
        {
            "person": "CA0001",
            "form": "khien_trach",
            "decision_number": "3/QĐ-KL",
            "decision_date": "2021-05-04",
            "duration_months": 12,
        },
    )
    assert r.status_code == 201, r.json()
    assert r.json()["end_date"] == "2022-05-04"
    assert Discipline.objects.get().person == people.an
    assert api_as(users.clerk_b).get(f"/api/disciplines/{r.json()['id']}/").status_code == 404


def test_a_service_start_in_year_5566_is_refused(api_as, users, people):
    r = api_as(users.officer).patch("/api/people/CA0001/", {"service_start": "5566-01-01"})
    assert r.status_code == 400
    assert "nằm ngoài khoảng" in r.json()["service_start"][0]


def test_eligibility_per_person_and_unit_within_scope(api_as, users, people):
    api = api_as(users.clerk_a)
    r = api.get("/api/eligibility/people/CA0001/", {"year": 2024})
    assert r.status_code == 200, r.json()
    body = r.json()
    assert body["recipient"] == {"kind": "individual", "code": "CA0001", "name": "Nguyễn Văn An"}
    assert body["verdicts"] and all("conditions" in v for v in body["verdicts"])
    assert api.get("/api/eligibility/people/CA0003/", {"year": 2024}).status_code == 404
    assert api.get("/api/eligibility/people/CA0001/").json() == {
        "year": ["Trường này là bắt buộc."]
    }
    assert api.get("/api/eligibility/units/CAX-A1/", {"year": 2024}).status_code == 200
    unknown = api.get("/api/eligibility/people/CA0001/", {"year": 2024, "award": "khong-co"})
    assert unknown.status_code == 404


def test_the_suggestions_of_a_year(api_as, users, people):
    r = api_as(users.clerk_a).get("/api/eligibility/suggestions/", {"year": 2024})
    assert r.status_code == 200, r.json()
    body = r.json()
    assert body["year"] == 2024 and body["total"] == sum(g["count"] for g in body["groups"])
    codes = {row["recipient"]["code"] for g in body["groups"] for row in g["rows"]}
    assert "CA0003" not in codes  # CAH-B's
    assert (
        api_as(users.clerk_a)
        .get("/api/eligibility/suggestions/", {"year": 2024, "unit": "CAH-B"})
        .status_code
        == 404
    )


def test_the_period_summary_is_the_commands_json(api_as, users, decision):
    r = api_as(users.clerk_a).get("/api/reports/summary/", {"year_from": 2020, "year_to": 2024})
    assert r.status_code == 200
    expected = period_summary(user=users.clerk_a, year_from=2020, year_to=2024).as_json()
    assert r.json() == expected
    assert expected["totals"]["individuals"] == 1  # clerk_a's person only
    r = api_as(users.clerk_a).get(
        "/api/reports/summary/", {"year_from": 2020, "year_to": 2024, "unit": "CAH-B"}
    )
    assert r.status_code == 404


def test_a_token_works_on_the_record_too(client, users, decision):
    plain = tokens.token_create(user=users.clerk_b, name="Bình Sơn")[1]
    r = client.get("/api/awards/", HTTP_AUTHORIZATION=f"Bearer {plain}")
    assert [a["recipient"]["code"] for a in r.json()["results"]] == ["CA0003"]
    assert Decision.objects.count() == 1
