from __future__ import annotations

from django.urls import path

from thidua.reports import views

app_name = "reports"
urlpatterns = [
    path("tong-ket/", views.summary, name="summary"),
]
