from __future__ import annotations

from thidua.api.views.clusters import ClusterViewSet, DuplicateViewSet
from thidua.api.views.docs import api_docs
from thidua.api.views.people import PersonViewSet
from thidua.api.views.units import UnitViewSet

__all__ = ["ClusterViewSet", "DuplicateViewSet", "PersonViewSet", "UnitViewSet", "api_docs"]
