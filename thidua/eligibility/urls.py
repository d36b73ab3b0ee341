from __future__ import annotations

app_name = "eligibility"
urlpatterns: list = []
