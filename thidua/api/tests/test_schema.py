"""The OpenAPI schema (/api/schema/), the endpoint page (/api/docs/) and the browsable root."""

from __future__ import annotations

import yaml
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

PATHS = [
    "/api/units/",
    "/api/units/{code}/",
    "/api/people/",
    "/api/people/{code}/",
    "/api/people/{code}/assignments/",
    "/api/people/{code}/history/",
    "/api/clusters/",
    "/api/clusters/{id}/",
    "/api/duplicates/",
    "/api/award-types/",
    "/api/decisions/",
    "/api/decisions/{id}/correct/",
    "/api/decisions/{id}/revoke/",
    "/api/decisions/{id}/awards/",
    "/api/awards/",
    "/api/awards/{id}/revoke/",
    "/api/yearly-results/",
    "/api/initiatives/{id}/",
    "/api/disciplines/{id}/",
    "/api/eligibility/people/{code}/",
    "/api/eligibility/units/{code}/",
    "/api/eligibility/suggestions/",
    "/api/reports/summary/",
]


def test_generated_schema_is_valid_openapi_with_every_path(db):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)  # raises on an invalid OpenAPI 3 document
    assert schema["openapi"].startswith("3.")
    assert set(PATHS) <= set(schema["paths"])
    assert "/api/schema/" not in schema["paths"]
    assert set(schema["paths"]["/api/people/{code}/assignments/"]) == {"get", "post"}
    assert "delete" not in schema["paths"]["/api/units/{code}/"]
    code = schema["paths"]["/api/units/{code}/"]["get"]["parameters"][0]
    assert code["schema"]["pattern"] == r"^[A-Za-z0-9_.\-]+$"


def test_schema_generation_has_no_warnings(db, tmp_path):
    # --fail-on-warn turns any drf-spectacular guess (untyped field, unknown path) into an error.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yaml"))
    assert "/api/people/" in yaml.safe_load((tmp_path / "s.yaml").read_text())["paths"]


def test_schema_endpoint_serves_yaml_and_json(client_for, users):
    client = client_for(users.viewer)
    r = client.get("/api/schema/")
    assert r.status_code == 200
    assert set(PATHS) <= set(yaml.safe_load(r.content)["paths"])
    assert client.get("/api/schema/", {"format": "json"}).json()["info"]["title"] == "Thi Đua API"


def test_schema_endpoint_needs_login(client, db):
    assert client.get("/api/schema/").status_code in (401, 403)


def test_docs_page_lists_endpoints_from_the_schema(client_for, users):
    r = client_for(users.clerk_a).get("/api/docs/")
    assert r.status_code == 200
    page = r.content.decode()
    assert "/api/people/{code}/history/" in page
    assert "Tìm theo họ tên" in page  # a query parameter's description
    assert "cdn" not in page.lower()


def test_docs_page_needs_login(client, db):
    assert client.get("/api/docs/").status_code == 302


def test_api_root_lists_the_endpoints_for_a_clerk(client_for, users):
    r = client_for(users.clerk_a).get("/api/", HTTP_ACCEPT="application/json")
    assert r.status_code == 200
    assert set(r.json()) == {
        "units",
        "people",
        "clusters",
        "duplicates",
        "award-types",
        "decisions",
        "awards",
        "yearly-results",
        "initiatives",
        "disciplines",
    }


def test_every_operation_documents_its_error_statuses(db):
    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    patch = set(paths["/api/people/{code}/"]["patch"]["responses"])
    assert {"200", "400", "401", "403", "404", "409", "415", "429", "503"} <= patch
    assert set(paths["/api/awards/"]["get"]["responses"]) == {"200", "400", "401", "404", "429"}
    assert "409" not in paths["/api/awards/{id}/revoke/"]["post"]["responses"]  # no version
    assert set(paths["/api/people/"]["post"]["requestBody"]["content"]) == {"application/json"}
    for item in paths.values():
        for operation in item.values():
            assert {"401", "429"} <= set(operation["responses"])
