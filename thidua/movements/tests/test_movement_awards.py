"""Decisions given "in the movement" (Decision.movement): the decision form's choice, the
decision page's link, the movement page's list with its counts, and the loader carrying
each award's movement to the engine."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from conftest import version_of
from thidua.awards.models import Decision
from thidua.awards.services import Recipient, decision_create
from thidua.eligibility.loader import load_history
from thidua.movements.models import Movement
from thidua.rules.engine import evaluate
from thidua.rules.facts import YearSets


@pytest.fixture
def movements(units):
    return {
        "old": Movement.objects.create(
            name="Vì an ninh Tổ quốc giai đoạn 2015–2020",
            kind="regular",
            start_date=dt.date(2016, 1, 1),
            end_date=dt.date(2020, 12, 31),
            launching_unit=units.cat,
        ),
        "current": Movement.objects.create(
            name="Vì an ninh Tổ quốc giai đoạn 2020–2025",
            kind="regular",
            start_date=dt.date(2021, 1, 1),
            end_date=dt.date(2025, 12, 31),
            launching_unit=units.cat,
        ),
        "themed": Movement.objects.create(
            name="Sáng tạo",
            kind="themed",
            start_date=dt.date(2023, 1, 1),
            launching_unit=units.cat,
        ),
    }


def _decision_data(types, **fields) -> dict:
    return {
        "number": "15/QĐ-CAT-PX01",
        "date": "20/12/2024",
        "authority": "",
        "signer": "",
        "award_type": types.giay_khen_giam_doc.pk,
        "movement": "",
        "note": "",
        **fields,
    }


def test_the_decision_form_offers_the_movements_covering_its_date_first(
    client_for, users, movements, decisions_on
):
    decision = decisions_on(dt.date(2019, 12, 20))
    client = client_for(users.officer)
    form = client.get(reverse("awards:decision_correct", args=[decision.pk])).context["form"]
    choices = [m.name for m in form.fields["movement"].queryset]
    assert choices[0] == movements["old"].name
    assert set(choices) == {m.name for m in movements.values()}
    assert form.fields["movement"].required is False


def test_a_decision_is_created_in_a_movement_and_its_page_links_it(
    client_for, users, types, movements
):
    client = client_for(users.officer)
    response = client.post(
        reverse("awards:decision_create"),
        _decision_data(types, movement=movements["themed"].pk),
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.movement == movements["themed"]
    page = client.get(decision.get_absolute_url()).content.decode()
    assert movements["themed"].get_absolute_url() in page
    assert "Khen thưởng trong phong trào" in page and "Sáng tạo" in page


def test_a_decision_is_created_outside_any_movement_by_default(client_for, users, types):
    client_for(users.officer).post(reverse("awards:decision_create"), _decision_data(types))
    assert Decision.objects.get().movement is None


def test_naming_the_movement_later_is_a_correction_with_its_reason(
    client_for, users, types, movements, decisions_on
):
    decision = decisions_on(dt.date(2024, 12, 20))
    data = _decision_data(
        types,
        number=decision.number,
        movement=movements["current"].pk,
        reason="Bổ sung phong trào",
        version=version_of(decision),
    )
    response = client_for(users.officer).post(
        reverse("awards:decision_correct", args=[decision.pk]), data
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert (decision.movement, decision.status) == (movements["current"], "corrected")
    assert decision.history.first().movement_id == movements["current"].pk


@pytest.fixture
def decisions_on(types, people):
    def make(day: dt.date, movement: Movement | None = None, **extra) -> Decision:
        return decision_create(
            number=f"{Decision.objects.count() + 1}/QĐ-CAT",
            date=day,
            award_type=extra.pop("award_type", types.giay_khen_giam_doc),
            movement=movement,
            recipients=extra.pop("recipients", [Recipient(person=people.an, year_from=day.year)]),
            **extra,
        )

    return make


def test_the_movement_page_lists_its_decisions_with_collectives_and_individuals(
    client_for, users, units, people, movements, decisions_on
):
    themed = movements["themed"]
    first = decisions_on(
        dt.date(2024, 12, 20),
        themed,
        recipients=[
            Recipient(person=people.an, year_from=2024),
            Recipient(person=people.cuong, year_from=2024),
            Recipient(unit=units.cax_a1, year_from=2024),
        ],
    )
    second = decisions_on(
        dt.date(2025, 6, 1), themed, recipients=[Recipient(person=people.cuong, year_from=2025)]
    )
    decisions_on(dt.date(2025, 6, 2))  # outside the movement
    response = client_for(users.officer).get(themed.get_absolute_url())
    page = response.context["page"]
    assert [d.pk for d, _ in page.decisions] == [second.pk, first.pk]
    assert page.totals == {"decisions": 2, "people": 3, "units": 1}
    body = response.content.decode()
    assert first.get_absolute_url() in body and second.get_absolute_url() in body
    assert "Khen thưởng phong trào thi đua" in body  # the kind of commendation (Art 8)
    assert "không được tính làm căn cứ" in body  # a themed movement: the pack's rule


def test_a_clerk_sees_only_the_decisions_and_awards_of_their_scope(
    client_for, users, people, movements, decisions_on
):
    themed = movements["themed"]
    decisions_on(dt.date(2024, 12, 20), themed)  # people.an: CAH-A's subtree
    decisions_on(
        dt.date(2024, 12, 21), themed, recipients=[Recipient(person=people.cuong, year_from=2024)]
    )
    page = client_for(users.clerk_b).get(themed.get_absolute_url()).context["page"]
    assert page.totals == {"decisions": 1, "people": 1, "units": 0}


def test_a_regular_movement_says_nothing_of_grounds(client_for, users, movements):
    body = client_for(users.viewer).get(movements["current"].get_absolute_url()).content
    assert "không được tính làm căn cứ" not in body.decode()


# ── The loader ────────────────────────────────────────────────────────────────────────


def test_the_loader_carries_each_awards_movement_and_the_sets_agree(
    users, types, people, units, movements, decisions_on
):
    decisions_on(dt.date(2024, 12, 20), movements["themed"])
    decisions_on(dt.date(2023, 12, 20))
    loaded = load_history(2025, years_back=None)
    an = loaded.history.person_by_code[people.an.code]
    assert sorted((a.year_to, a.movement_kind, a.movement) for a in an.awards) == [
        (2023, "", ""),
        (2024, "themed", "Sáng tạo"),
    ]
    assert loaded.history.year_sets("individual") == YearSets.of(loaded.history.persons)


def test_a_bang_khen_given_in_a_themed_movement_is_no_ground_for_the_prime_ministers(
    types, people, movements, decisions_on
):
    """From the database to the verdict: the same record with the Bằng khen outside any
    movement meets point b clause 1 Art 73 Law 2022 (see test_movement_grounds)."""
    from thidua.awards.models import YearlyResult

    an = people.an
    YearlyResult.objects.bulk_create(
        [YearlyResult(person=an, year=y, appraisal="tot") for y in range(2021, 2026)]
    )
    YearlyResult.objects.filter(year__in=[2022, 2023, 2024]).update(title=types.cstd_co_so)
    bang_khen = decisions_on(
        dt.date(2023, 1, 15),
        movements["themed"],
        award_type=types.bang_khen_bo_truong,
        recipients=[Recipient(person=an, year_from=2022)],
    )

    def verdict():
        history = load_history(2025, person=an).history
        found = evaluate(
            history, 2025, award_codes=["bang_khen_thu_tuong"], recipients=[("individual", an.code)]
        )
        return found[0]

    refused = verdict()
    assert refused.eligible is False
    assert "phong trào thi đua theo chuyên đề “Sáng tạo”" in " | ".join(refused.missing())
    Decision.objects.filter(pk=bang_khen.pk).update(movement=None)
    assert verdict().eligible is True
