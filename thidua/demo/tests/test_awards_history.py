"""The demo's award history: deterministic, consistent with the rules it imitates, audited."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import defaultdict

import pytest
import yaml
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from thidua.accounts.models import User
from thidua.awards.catalogue import CATALOGUE_PATH
from thidua.awards.choices import APPRAISAL_ORDER, Appraisal, InitiativeScope
from thidua.awards.models import (
    Award,
    AwardType,
    Decision,
    Discipline,
    Initiative,
    InitiativeAuthor,
    YearlyResult,
)
from thidua.awards.services import Recipient, decision_create, yearly_result_save
from thidua.demo import builder
from thidua.demo.builder import build_demo
from thidua.demo.units import HISTORY_REASON
from thidua.org.models import Person, Unit

N, YEARS, SEED = 200, 5, 11
FIRST, LAST = 2021, 2025
MEDAL_YEARS = {"hccsvv_3": (10, 15), "hccsvv_2": (15, 20), "hccsvv_1": (20, 99)}
NUMBER = {
    "Giám đốc Công an tỉnh": r"\d+/QĐ-CAT-PX01",
    "Bộ trưởng Bộ Công an": r"\d+/QĐ-BCA-X06",
    "Thủ tướng Chính phủ": r"\d+/QĐ-TTg",
    "Chủ tịch nước": r"\d+/QĐ-CTN",
    "Chủ tịch Ủy ban nhân dân tỉnh": r"\d+/QĐ-UBND",
}


def _build(**options):
    return build_demo(
        stdout=io.StringIO(), **{"people": N, "years": YEARS, "seed": SEED, **options}
    )


@pytest.fixture
def demo(db):
    return _build()


def _awards() -> list[tuple]:
    return sorted(
        Award.objects.values_list(
            "person__code",
            "unit__code",
            "award_type__code",
            "year_from",
            "year_to",
            "achievement",
            "decision__number",
            "decision__date",
            "decision__signer",
        ),
        key=str,
    )


def _snapshot() -> tuple:
    with transaction.atomic():
        _build()
        data = (
            _awards(),
            sorted(
                YearlyResult.objects.values_list(
                    "person__code", "unit__code", "year", "appraisal", "title__code"
                ),
                key=str,
            ),
            sorted(Initiative.objects.values_list("title", "year", "scope", "decision_number")),
            sorted(InitiativeAuthor.objects.values_list("initiative__title", "person__code")),
            sorted(
                Discipline.objects.values_list(
                    "person__code", "form", "decision_number", "decision_date", "end_date"
                )
            ),
        )
        transaction.set_rollback(True)
    return data


def _people_and_units() -> tuple[list, list]:
    people = list(
        Person.objects.order_by("code").values_list(
            "code", "full_name", "birth_date", "service_start", "rank", "unit__code"
        )
    )
    units = list(Unit.objects.order_by("code").values_list("code", "name", "active_to"))
    return people, units


def _by_person_year(queryset) -> dict[tuple[int, int], str]:
    return {(p, y): v for p, y, v in queryset}


def _disciplined_years() -> dict[int, set[int]]:
    """Years during which each person had a discipline in force at some time."""
    years = defaultdict(set)
    for d in Discipline.objects.all():
        last = d.end_date - dt.timedelta(days=1)
        years[d.person_id].update(range(d.decision_date.year, last.year + 1))
    return years


@pytest.mark.django_db
def test_same_seed_gives_the_same_history():
    first = _snapshot()
    assert Award.objects.count() == 0  # rolled back
    assert first[0] and first[1] and first[2] and first[4]
    assert _snapshot() == first


@pytest.mark.django_db
def test_award_history_leaves_the_people_and_units_of_a_seed_unchanged(monkeypatch):
    with transaction.atomic():
        _build()
        with_awards = _people_and_units()
        transaction.set_rollback(True)
    monkeypatch.setattr(builder, "STEPS", [builder.build_org_units, builder.build_people])
    _build()
    assert Award.objects.count() == 0
    assert _people_and_units() == with_awards


def test_every_award_has_a_catalogue_type_a_decision_and_a_fitting_recipient(demo):
    codes = {entry["code"] for entry in yaml.safe_load(CATALOGUE_PATH.read_text())["award_types"]}
    types = {t.pk: t for t in AwardType.objects.all()}
    decisions = {d.pk: d for d in Decision.objects.all()}
    awards = list(Award.objects.all())
    assert len(awards) > N * YEARS // 2
    for award in awards:
        award_type = types[award.award_type_id]
        decision = decisions[award.decision_id]
        assert award_type.code in codes and award_type.active
        assert award_type.accepts(collective=award.unit_id is not None)
        assert (award.person_id is None) != (award.unit_id is None)
        assert FIRST - 4 <= award.year_from <= award.year_to <= LAST
        assert award.year_to <= decision.date.year <= award.year_to + 1
    for decision in decisions.values():
        assert decision.date <= dt.date(LAST, 12, 31) and decision.date.month in (12, 1)
        assert re.fullmatch(NUMBER[decision.authority], decision.number), decision.number
        assert decision.signer and decision.award_type_id and decision.search_key


def test_people_are_appraised_every_year_mostly_well(demo):
    appraisals = list(
        YearlyResult.objects.filter(person__isnull=False).values_list("appraisal", flat=True)
    )
    share = {a: appraisals.count(a) / len(appraisals) for a in Appraisal.values}
    assert share[Appraisal.TOT] > 0.5
    # A third of a 200-person province are leaders, rated higher than the rank and file.
    assert 0.12 <= share[Appraisal.XUAT_SAC] <= 0.4
    assert share[Appraisal.KHONG] < 0.05
    # Everyone in service for six months by the year's end has that year's result.
    for person in Person.objects.filter(unverified=False):
        years = set(person.yearly_results.values_list("year", flat=True))
        expected = {y for y in range(FIRST, LAST + 1) if person.service_start <= dt.date(y, 6, 30)}
        assert years == expected, person.code
    units_reviewed = YearlyResult.objects.filter(unit__isnull=False, year=LAST).count()
    assert units_reviewed == Unit.objects.filter(active_to__isnull=True).count()


def test_cstdcs_holders_were_rated_at_least_good_that_year(demo):
    appraisal = _by_person_year(
        YearlyResult.objects.filter(person__isnull=False).values_list(
            "person_id", "year", "appraisal"
        )
    )
    holders = list(
        Award.objects.filter(award_type__code="cstd_co_so").values_list("person_id", "year_to")
    )
    assert holders
    for key in holders:
        assert APPRAISAL_ORDER[appraisal[key]] >= APPRAISAL_ORDER[Appraisal.TOT]
    # Most people rated tốt or better hold Chiến sĩ tiên tiến, and every CSTĐCS holds it too.
    cstt = set(
        Award.objects.filter(award_type__code="chien_si_tien_tien").values_list(
            "person_id", "year_to"
        )
    )
    assert set(holders) <= cstt


def test_nobody_disciplined_during_a_year_gets_anything_for_it(demo):
    disciplined = _disciplined_years()
    assert disciplined
    for person_id, year in Award.objects.filter(person__isnull=False).values_list(
        "person_id", "year_to"
    ):
        assert year not in disciplined.get(person_id, ()), (person_id, year)
    titles = YearlyResult.objects.filter(person__isnull=False, title__isnull=False)
    for person_id, year in titles.values_list("person_id", "year"):
        assert year not in disciplined.get(person_id, ())
    for d in Discipline.objects.all():
        assert d.duration_months == 12 and d.form in ("khien_trach", "canh_cao")


def test_medals_match_years_of_service(demo):
    medals = Award.objects.filter(award_type__code__in=MEDAL_YEARS).select_related(
        "person", "award_type"
    )
    assert medals
    for award in medals:
        low, high = MEDAL_YEARS[award.award_type.code]
        assert low <= award.year_to - award.person.service_start.year < high
    # At most one of each class per person.
    pairs = list(medals.values_list("person_id", "award_type_id"))
    assert len(pairs) == len(set(pairs))


def test_higher_awards_follow_their_streaks(demo):
    cstdcs = set(
        Award.objects.filter(award_type__code="cstd_co_so").values_list("person_id", "year_to")
    )
    bk = Award.objects.filter(award_type__code="bang_khen_bo_truong", person__isnull=False)
    assert bk.exists()
    for person_id, year_from, year_to in bk.values_list("person_id", "year_from", "year_to"):
        assert (person_id, year_from) in cstdcs and (person_id, year_to) in cstdcs
    wide = defaultdict(set)
    for person_id, year in InitiativeAuthor.objects.filter(
        initiative__scope=InitiativeScope.BO_TINH
    ).values_list("person_id", "initiative__year"):
        wide[person_id].add(year)
    for person_id, year in Award.objects.filter(award_type__code="cstd_cand").values_list(
        "person_id", "year_to"
    ):
        assert all((person_id, y) in cstdcs for y in (year - 2, year - 1, year))
        assert wide[person_id] & {year - 2, year - 1, year}


def test_title_decisions_group_many_recipients(demo):
    cstt = Decision.objects.filter(award_type__code="chien_si_tien_tien", date__year=LAST)
    top_units = Unit.objects.filter(depth__lte=1, active_to__isnull=True).count()
    assert 1 < cstt.count() <= top_units  # one per Phòng / Công an huyện that has holders
    province_wide = Decision.objects.get(award_type__code="cstd_co_so", date__year=LAST)
    assert province_wide.awards.count() >= 10


def test_initiatives_have_one_to_three_authors_mostly_at_grassroots_scope(demo):
    initiatives = list(Initiative.objects.prefetch_related("authors"))
    assert initiatives
    assert all(1 <= len(i.authors.all()) <= 3 and i.decision_number for i in initiatives)
    grassroots = sum(i.scope == InitiativeScope.CO_SO for i in initiatives)
    assert grassroots > len(initiatives) / 2


def test_generated_records_have_their_creation_history(demo):
    for model in (Award, YearlyResult, Decision, Initiative, Discipline):
        assert model.history.filter(history_type="+").count() == model.objects.count() > 0
    record = Award.history.order_by("?").first()
    award = Award.objects.get(pk=record.id)
    assert (record.person_id, record.award_type_id, record.decision_id, record.year_to) == (
        award.person_id,
        award.award_type_id,
        award.decision_id,
        award.year_to,
    )
    assert record.history_change_reason == HISTORY_REASON and record.history_user is None


def test_later_writes_get_fresh_ids_after_the_build(demo):
    """The generator picks the ids itself; the database must still hand out new ones."""
    person = Person.objects.filter(unverified=False).first()
    decision = decision_create(
        number="1/QĐ-CAT-PX01",
        date=dt.date(2026, 1, 5),
        award_type=AwardType.objects.get(code="giay_khen_giam_doc"),
        recipients=[Recipient(person=person, year_from=2025)],
    )
    assert decision.awards.get().pk > max(
        Award.objects.exclude(decision=decision).values_list("pk", flat=True)
    )
    yearly_result_save(person=person, year=2026, appraisal=Appraisal.TOT)


@pytest.mark.django_db
def test_demo_command_generates_the_history_over_the_years_asked(client):
    call_command("demo", "--people", "80", "--years", "3", "--seed", "4", stdout=io.StringIO())
    years = set(YearlyResult.objects.values_list("year", flat=True))
    assert years == {2023, 2024, 2025}
    person = (
        Person.objects.filter(awards__isnull=False, unit__path__startswith="/CAT/CAX-DONGSON/")
        .distinct()
        .first()
    )
    client.force_login(User.objects.get(username="admin"))
    response = client.get(reverse("awards:person_history", args=[person.code]))
    assert response.status_code == 200
    assert Award.objects.filter(person=person).first().award_type.name in response.content.decode()
    # The clerk (of the commune that took over the district) sees its people's history only.
    client.force_login(User.objects.get(username="vanthu_cah02"))
    assert client.get(reverse("awards:person_history", args=[person.code])).status_code == 200
    outsider = Person.objects.exclude(unit__path__startswith="/CAT/CAX-DONGSON/").first()
    assert client.get(reverse("awards:person_history", args=[outsider.code])).status_code == 404
