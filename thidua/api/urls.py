"""/api/…: REST endpoints of the register, the OpenAPI schema and its reading page."""

from __future__ import annotations

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.routers import DefaultRouter

from thidua.api import errors, views

app_name = "api"


class _Router(DefaultRouter):
    # No ".json" suffix routes: codes may contain dots ("PV01.D1").
    include_format_suffixes = False


class _SchemaView(SpectacularAPIView):
    permission_classes = [IsAuthenticated]
    schema = None  # the schema does not list itself


router = _Router()
router.register("units", views.UnitViewSet, basename="unit")
router.register("people", views.PersonViewSet, basename="person")
router.register("clusters", views.ClusterViewSet, basename="cluster")
router.register("duplicates", views.DuplicateViewSet, basename="duplicate")
router.register("award-types", views.AwardTypeViewSet, basename="award-type")
router.register("decisions", views.DecisionViewSet, basename="decision")
router.register("awards", views.AwardViewSet, basename="award")
router.register("yearly-results", views.YearlyResultViewSet, basename="yearly-result")
router.register("initiatives", views.InitiativeViewSet, basename="initiative")
router.register("disciplines", views.DisciplineViewSet, basename="discipline")

_CODE = rf"(?P<code>{views.CODE_PATTERN})"

urlpatterns = [
    path("schema/", _SchemaView.as_view(), name="schema"),
    path("docs/", views.api_docs, name="docs"),
    re_path(
        rf"^eligibility/people/{_CODE}/$",
        views.EligibilityViewSet.as_view({"get": "person"}),
        name="eligibility-person",
    ),
    re_path(
        rf"^eligibility/units/{_CODE}/$",
        views.EligibilityViewSet.as_view({"get": "unit"}),
        name="eligibility-unit",
    ),
    path(
        "eligibility/suggestions/",
        views.EligibilityViewSet.as_view({"get": "suggestions"}),
        name="eligibility-suggestions",
    ),
    path(
        "reports/summary/",
        views.SummaryViewSet.as_view({"get": "summary"}),
        name="report-summary",
    ),
    *router.urls,
    re_path(r"^(?P<rest>.*)$", errors.not_found, name="not_found"),
]
