"""/de-nghi/…: dossiers and their review (dossier_urls), disclosure and the council
(council_urls), issuing decisions, the calendar and the task list (task_urls)."""

from __future__ import annotations

from thidua.nominations.council_urls import urlpatterns as council_patterns
from thidua.nominations.dossier_urls import urlpatterns as dossier_patterns
from thidua.nominations.task_urls import urlpatterns as task_patterns

app_name = "nominations"
urlpatterns = [*dossier_patterns, *council_patterns, *task_patterns]
