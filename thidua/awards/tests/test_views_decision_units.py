"""A decision's page lists its individuals by the unit they served in on the decision's
date, the same few queries for 5 recipients or 500."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.awards.models import Award
from thidua.org.models import Assignment, Person
from thidua.org.services import person_move


def _page(client, decision):
    return client.get(reverse("awards:decision_detail", args=[decision.pk]))


def test_people_are_grouped_by_their_unit_on_the_decision_date(
    client_for, users, decisions, people, units
):
    person_move(person=people.an, unit=units.cah_b, start=dt.date(2024, 2, 1), position="Tổ trưởng")
    response = _page(client_for(users.officer), decisions.mixed)  # of 10/01/2023
    groups = response.context["groups"]
    assert [(g.unit.name, [a.person.code for a in g.awards]) for g in groups] == [
        ("Công an xã An Lạc", ["CA0001"]),  # An served there on 10/01/2023
        ("Công an huyện Bình Sơn", ["CA0003"]),
    ]
    body = response.content.decode()
    assert "Theo đơn vị công tác ngày 10/01/2023 (ngày quyết định)." in body
    assert 'id="don-vi-CAX-A1"' in body and "Tổ trưởng" not in body
    assert "unit-index" not in body  # a short decision needs no index


def test_a_long_decision_indexes_its_units_and_costs_the_same(client_for, users, decisions, units):
    client = client_for(users.officer)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert _page(client, decisions.mixed).status_code == 200
        return len(ctx.captured_queries)

    before = queries()
    made = []
    for i in range(300):
        person = Person(code=f"NB{i:04d}", full_name=f"Người Số {i}", gender="M", unit=units.cax_b1)
        person.compute_derived()
        made.append(person)
    made = Person.objects.bulk_create(made)
    Assignment.objects.bulk_create(
        Assignment(person=p, unit=units.cax_b1, start=dt.date(2020, 1, 1)) for p in made
    )
    Award.objects.bulk_create(
        Award(
            decision=decisions.mixed,
            award_type=decisions.mixed.award_type,
            person=p,
            year_from=2022,
            year_to=2022,
        )
        for p in made
    )
    assert queries() == before
    body = _page(client, decisions.mixed).content.decode()
    assert 'class="unit-index"' in body and 'href="#don-vi-CAX-B1"' in body
