"""URLs of the standing pages: a cluster year's ranking, its lock, the flags it proposes,
its exports, and the rankings over the years (/thi-dua/xep-hang/)."""

from __future__ import annotations

from django.urls import path

from thidua.movements import standing_views as views

urlpatterns: list = [
    path("xep-hang/", views.standing_years, name="standing_years"),
    path("cum/<int:pk>/xep-hang/", views.standing_ranking, name="standing_ranking"),
    path("cum/<int:pk>/xep-hang/khoa/", views.standing_lock, name="standing_lock"),
    path("cum/<int:pk>/xep-hang/mo-khoa/", views.standing_unlock, name="standing_unlock"),
    path("cum/<int:pk>/xep-hang/excel/", views.standing_export, name="standing_export"),
    path("cum/<int:pk>/xep-hang/in/", views.standing_print, name="standing_print"),
    path("xep-hang/<int:pk>/suy-ton/", views.standing_propose, name="standing_propose"),
    path("xep-hang/<int:pk>/ho-so/", views.standing_to_dossier, name="standing_to_dossier"),
]
