"""Issuing the decision of approved items: one decision, one award per item, all or nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from thidua.accounts.scope import SYSTEM
from thidua.awards.models import Award, Decision
from thidua.awards.services import Recipient, decision_create
from thidua.eligibility.services import eligibility_report
from thidua.nominations import services
from thidua.nominations.models import DossierStatus, ItemStatus
from thidua.nominations.tests.conftest import move

pytestmark = pytest.mark.django_db

DATE = dt.date(2025, 1, 10)


def approve(dossier, *items):
    for item in items or dossier.items.all():
        item.status = ItemStatus.APPROVED
        item.save()
    return list(dossier.items.order_by("position"))


def issue(actor, items, number="12/QĐ-CAT"):
    return services.decision_issue(
        actor=actor, items=items, number=number, date=DATE, signer="Đại tá Nguyễn Văn Ký"
    )


def test_one_decision_with_one_award_per_item_and_the_dossier_is_decided(at_council, users):
    items = approve(at_council)
    decision = issue(users.officer, items)
    assert Decision.objects.count() == 1
    assert decision.awards.count() == 2
    for item in items:
        item.refresh_from_db()
        assert item.status == ItemStatus.AWARDED
        assert item.award.decision == decision
        assert (item.award.person, item.award.award_type) == (item.person, item.award_type)
        assert (item.award.year_from, item.award.year_to) == (item.year_from, item.year_to)
    at_council.refresh_from_db()
    assert at_council.status == DossierStatus.DECIDED
    assert at_council.decision == decision


def test_a_dossier_with_an_item_still_waiting_stays_at_the_council(at_council, users):
    first, second = approve(at_council)
    issue(users.officer, [first])
    at_council.refresh_from_db()
    assert at_council.status == DossierStatus.AT_COUNCIL
    second.refresh_from_db()
    assert second.status == ItemStatus.APPROVED and second.award is None


def test_authority_defaults_to_the_award_type_s_when_all_items_share_it(at_council, users, types):
    _an, binh = approve(at_council)
    decision = issue(users.officer, [binh])
    assert decision.award_type == types.cstd_co_so
    assert decision.authority == types.cstd_co_so.authority


def _nothing_written(items):
    assert Decision.objects.filter(number="12/QĐ-CAT").count() == 0
    for item in items:
        item.refresh_from_db()
        assert item.status == ItemStatus.APPROVED
        assert item.award_id is None


def test_an_award_already_in_force_leaves_no_decision_no_award_and_the_items_unchanged(
    at_council, users, people, types
):
    items = approve(at_council)
    decision_create(
        number="3/QĐ-CAT",
        date=dt.date(2024, 12, 30),
        award_type=types.cstd_co_so,
        recipients=[Recipient(person=people.binh, year_from=2024)],
    )
    awards_before = Award.objects.count()
    with pytest.raises(ValidationError, match="3/QĐ-CAT"):
        issue(users.officer, items)
    _nothing_written(items)
    assert Award.objects.count() == awards_before
    at_council.refresh_from_db()
    assert at_council.status == DossierStatus.AT_COUNCIL


def test_the_same_person_twice_in_one_decision_leaves_nothing_written(
    at_council, users, units, people, types
):
    """CAX-A1 proposes An for the same title as CAH-A: the second award of the decision
    fails its uniqueness check (award_add's full_clean) after the first was written."""
    other = services.dossier_create(actor=users.clerk_a, unit=units.cax_a1, year=2024)
    services.item_add(
        actor=users.clerk_a, dossier=other, person=people.an, award_type=types.cstd_cand
    )
    other = move(other, "submit", actor=users.clerk_a)
    other = move(other, "start_review", "to_council", actor=users.officer)
    items = approve(at_council) + approve(other)
    with pytest.raises(ValidationError, match="đã có khen thưởng này"):
        issue(users.officer, items)
    _nothing_written(items)
    assert Award.objects.count() == 0


def test_a_retired_award_type_leaves_nothing_written(at_council, users, types):
    items = approve(at_council)
    types.cstd_co_so.active = False
    types.cstd_co_so.save()
    with pytest.raises(ValidationError, match="không còn trong danh mục"):
        issue(users.officer, items)
    _nothing_written(items)
    assert Award.objects.count() == 0


def test_only_approved_items(at_council, users):
    an, binh = approve(at_council, at_council.items.get(person__code="CA0001"))
    with pytest.raises(ValidationError, match="đã được Hội đồng thông qua"):
        issue(users.officer, [an, binh])
    assert Decision.objects.count() == 0


@pytest.mark.parametrize("who", ["clerk_a", "council", "viewer"])
def test_only_the_office_issues(at_council, users, who):
    items = approve(at_council)
    with pytest.raises(PermissionDenied):
        issue(getattr(users, who), items)
    assert Decision.objects.count() == 0


def test_the_issued_award_counts_in_next_year_s_eligibility(record, at_council, users):
    """An has CSTĐCS 2022 and 2023; the dossier proposes Bình for CSTĐCS 2024. After the
    decision her 2024 title is in the record the 2025 rules read."""

    def binh_awards():
        run = eligibility_report(user=SYSTEM, year=2025, person_code="CA0002")
        facts = run.loaded.history.person_by_code["CA0002"]
        return {(a.award_code, a.year_to, a.decision_number) for a in facts.awards}

    assert ("cstd_co_so", 2024, "12/QĐ-CAT") not in binh_awards()
    _an, binh = approve(at_council)
    issue(users.officer, [binh])
    assert ("cstd_co_so", 2024, "12/QĐ-CAT") in binh_awards()


# ── The page ──────────────────────────────────────────────────────────────────────────


def test_the_page_lists_approved_items_grouped_by_award_type(client_for, at_council, users):
    approve(at_council)
    page = client_for(users.officer).get(reverse("nominations:issue_decision"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Nguyễn Văn An" in html and "Trần Thị Bình" in html
    assert html.count("<h2>") >= 3  # two award types and the decision's fields


def test_the_page_filters_by_award_type(client_for, at_council, users):
    approve(at_council)
    url = reverse("nominations:issue_decision") + "?award_type=cstd_co_so&year=2024"
    html = client_for(users.officer).get(url).content.decode()
    assert "Trần Thị Bình" in html and "Nguyễn Văn An" not in html


@pytest.mark.parametrize("who", ["clerk_a", "council", "viewer"])
def test_the_page_is_the_office_s(client_for, users, who):
    client = client_for(getattr(users, who))
    assert client.get(reverse("nominations:issue_decision")).status_code == 403


def test_issuing_from_the_page_redirects_to_the_decision(client_for, at_council, users):
    items = approve(at_council)
    response = client_for(users.officer).post(
        reverse("nominations:issue_decision"),
        {
            "items": [i.pk for i in items],
            "number": "12/QĐ-CAT",
            "date": "10/01/2025",
            "signer": "Đại tá Nguyễn Văn Ký",
        },
    )
    decision = Decision.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("awards:decision_detail", args=[decision.pk])
    assert decision.date == DATE


def test_a_refused_issue_shows_the_reason_and_writes_nothing(client_for, at_council, users, types):
    items = approve(at_council)
    types.cstd_co_so.active = False
    types.cstd_co_so.save()
    response = client_for(users.officer).post(
        reverse("nominations:issue_decision"),
        {"items": [i.pk for i in items], "number": "12/QĐ-CAT", "date": "10/01/2025"},
    )
    assert response.status_code == 400
    assert "không còn trong danh mục" in response.content.decode()
    _nothing_written(items)


def _issue_counting_queries(users, units, types, size: int, number: str) -> int:
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from thidua.org.choices import Gender
    from thidua.org.models import Person
    from thidua.org.services import person_save

    dossier = services.dossier_create(actor=users.clerk_a, unit=units.cah_a, year=2024)
    for n in range(size):
        person = person_save(
            person=Person(code=f"{number[:2]}{n:04d}", full_name=f"Cán bộ {n}", gender=Gender.MALE),
            unit=units.cax_a1,
            start=dt.date(2016, 1, 1),
        )
        services.item_add(
            actor=users.clerk_a, dossier=dossier, person=person, award_type=types.cstd_co_so
        )
    dossier = move(dossier, "submit", actor=users.clerk_a)
    dossier = move(dossier, "start_review", "to_council", actor=users.officer)
    items = approve(dossier)
    with CaptureQueriesContext(connection) as queries:
        issue(users.officer, items, number=number)
    return len(queries)


def test_issuing_thirty_items_costs_the_queries_of_three(users, units, types):
    assert _issue_counting_queries(users, units, types, 30, "30/QĐ") == _issue_counting_queries(
        users, units, types, 3, "03/QĐ"
    )
