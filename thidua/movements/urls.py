"""The movements app's URLs, one module per part so that each part keeps its own list."""

from __future__ import annotations

from thidua.movements import movement_urls, registration_urls, scoring_urls, standing_urls

app_name = "movements"

urlpatterns = [
    *movement_urls.urlpatterns,
    *registration_urls.urlpatterns,
    *scoring_urls.urlpatterns,
    *standing_urls.urlpatterns,
]
