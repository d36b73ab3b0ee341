"""The API does what its OpenAPI schema says: schemathesis generates requests for every
operation from the schema (valid ones and invalid ones) and runs each against the WSGI app in
process, with every check it has (no server error, only documented status codes and content
types, responses matching their schemas, schema-valid requests accepted, invalid ones refused,
unsupported methods answered with 405, …).

The caller is a province officer with a personal API token (the officer writes decisions and
sees every unit, so every write path is reached). The examples are bounded so that the run
stays near half a minute; `SCHEMATHESIS_EXAMPLES=200` runs a deeper one by hand."""

from __future__ import annotations

import datetime as dt
import os

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings

from thidua.accounts import tokens
from thidua.awards.models import AwardType
from thidua.awards.services import Recipient, decision_create
from thidua.wsgi import application

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "5"))

schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
schema.app = application

pytestmark = [pytest.mark.schemathesis]
_TOKEN: dict[str, str] = {}


@schema.auth(cache_by_key=lambda case, ctx: _TOKEN.get("value", ""))
class OfficerToken:
    """The officer's token of the running test, as the schema's `tokenAuth` (schemathesis
    then knows how the calls authenticate, and checks that a bad token is refused)."""

    def get(self, case, ctx):
        return _TOKEN.get("value")

    def set(self, case, data, ctx):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


# Rules across two values, which a JSON Schema cannot state: a range ends after it starts,
# and a record line names exactly one of a person and a unit. Generated cases with a reversed
# range are dropped; a valid case's record line is given exactly one recipient, a person of
# the fixtures when it has none (the API refuses the others with 400, as each endpoint's
# tests check).
RANGES = [("date_from", "date_to"), ("year_from", "year_to")]
ONE_OF = ("person", "unit")
ONE_OF_PATHS = ("/api/yearly-results/", "/api/decisions/{id}/awards/")


def _breaks_a_cross_field_rule(values, path: str) -> bool:
    if not isinstance(values, dict):
        return False
    for first, last in RANGES:
        a, b = values.get(first), values.get(last)
        if a is not None and b is not None and type(a) is type(b):
            try:
                if a > b:
                    return True
            except TypeError:
                continue
    return False


@schema.hook
def filter_case(context, case):
    path = case.operation.path
    return not (
        _breaks_a_cross_field_rule(case.query, path) or _breaks_a_cross_field_rule(case.body, path)
    )


@schema.hook
def map_case(context, case):
    body = case.body
    positive = case.meta is not None and case.meta.generation.mode.is_positive
    if positive and case.operation.path in ONE_OF_PATHS and isinstance(body, dict):
        if body.get("person") is not None and body.get("unit") is not None:
            body["unit"] = None
        elif body.get("person") is None and body.get("unit") is None:
            body["person"] = "CA0001"
    results = case.operation.path == "/api/yearly-results/" and isinstance(body, dict)
    if positive and results and not body.get("appraisal") and body.get("title") is None:
        body["appraisal"] = "tot"  # a result says something: an appraisal or a title
    return case


@pytest.fixture
def officer_token(users, people, types):
    # The WSGI handler closes the database connection after each request, which would end
    # the test's transaction (PostgreSQL); Django's own test client disconnects it the same way.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    decision_create(
        number="12/QĐ-CAT",
        date=dt.date(2024, 12, 20),
        award_type=AwardType.objects.get(code="giay_khen_giam_doc"),
        recipients=[Recipient(person=people.an, year_from=2024)],
    )
    _TOKEN["value"] = tokens.token_create(user=users.officer, name="schemathesis")[1]
    yield _TOKEN["value"]
    _TOKEN.clear()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_does_what_the_schema_says(case, officer_token):
    case.call_and_validate()
