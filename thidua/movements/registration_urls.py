"""URLs of the registration pages (đăng ký thi đua), under /thi-dua/dang-ky/."""

from __future__ import annotations

from django.urls import path

from thidua.movements import registration_views as views

urlpatterns: list = [
    path("dang-ky/", views.registration_list, name="registration_list"),
    path("dang-ky/them/", views.registration_create, name="registration_create"),
    path("dang-ky/doi-chieu/", views.registration_comparison, name="registration_comparison"),
    path(
        "dang-ky/doi-chieu/excel/",
        views.registration_comparison_xlsx,
        name="registration_comparison_xlsx",
    ),
    path("dang-ky/<int:pk>/", views.registration_detail, name="registration_detail"),
    path("dang-ky/<int:pk>/sua/", views.registration_edit, name="registration_edit"),
]
