"""URLs of the movement pages (phong trào thi đua), under /thi-dua/."""

from __future__ import annotations

from django.urls import path

from thidua.movements import movement_views as views

urlpatterns: list = [
    path("phong-trao/", views.movement_list, name="movement_list"),
    path("phong-trao/them/", views.movement_create, name="movement_create"),
    path("phong-trao/<int:pk>/", views.movement_detail, name="movement_detail"),
    path("phong-trao/<int:pk>/sua/", views.movement_edit, name="movement_edit"),
    path(
        "phong-trao/<int:pk>/don-vi-tham-gia/",
        views.participant_add,
        name="movement_participant_add",
    ),
    path(
        "phong-trao/don-vi-tham-gia/<int:pk>/bo/",
        views.participant_remove,
        name="movement_participant_remove",
    ),
    path("phong-trao/<int:pk>/tai-lieu/", views.attachment_add, name="movement_attachment_add"),
    path(
        "phong-trao/tai-lieu/<int:pk>/",
        views.attachment_download,
        name="movement_attachment_download",
    ),
    path(
        "phong-trao/tai-lieu/<int:pk>/xoa/",
        views.attachment_remove,
        name="movement_attachment_remove",
    ),
]
