from __future__ import annotations

from django.urls import path

from thidua.eligibility import settings_views, views

app_name = "eligibility"
urlpatterns = [
    path("", views.proposals, name="proposals"),
    path("quy-tac/", views.rules, name="rules"),
    path("quy-tac/gia-tri/", settings_views.rule_settings_page, name="rule_settings"),
    path("kiem-tra-danh-sach/", views.check, name="check"),
    # kind: "ca-nhan" (a person, by số hiệu) or "don-vi" (a unit as a collective, by mã).
    path("<str:kind>/<str:code>/", views.recipient, name="recipient"),
]
