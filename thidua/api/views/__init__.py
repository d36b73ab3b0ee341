from __future__ import annotations

from thidua.api.views.awards import AwardTypeViewSet, AwardViewSet, DecisionViewSet
from thidua.api.views.base import CODE_PATTERN
from thidua.api.views.clusters import ClusterViewSet, DuplicateViewSet
from thidua.api.views.docs import api_docs
from thidua.api.views.eligibility import EligibilityViewSet, SummaryViewSet
from thidua.api.views.people import PersonViewSet
from thidua.api.views.records import DisciplineViewSet, InitiativeViewSet, YearlyResultViewSet
from thidua.api.views.units import UnitViewSet

__all__ = [
    "CODE_PATTERN",
    "AwardTypeViewSet",
    "AwardViewSet",
    "ClusterViewSet",
    "DecisionViewSet",
    "DisciplineViewSet",
    "DuplicateViewSet",
    "EligibilityViewSet",
    "InitiativeViewSet",
    "PersonViewSet",
    "SummaryViewSet",
    "UnitViewSet",
    "YearlyResultViewSet",
    "api_docs",
]
