"""/de-nghi/ho-so/…: the dossiers, their items, files and review (dossier_views)."""

from __future__ import annotations

from django.urls import path

from thidua.nominations import dossier_views as views

urlpatterns: list = [
    path("ho-so/", views.dossier_list, name="dossier_list"),
    path("ho-so/them/", views.dossier_create, name="dossier_create"),
    path("ho-so/<int:pk>/", views.dossier_detail, name="dossier_detail"),
    path("ho-so/<int:pk>/thao-tac/", views.dossier_transition, name="dossier_transition"),
    path(
        "ho-so/<int:pk>/tu-de-xuat/",
        views.dossier_from_suggestions,
        name="dossier_from_suggestions",
    ),
    path("ho-so/<int:pk>/them-nguoi/", views.item_add, name="item_add"),
    path("ho-so/<int:pk>/tai-lieu/", views.attachment_add, name="attachment_add"),
    path("ho-so/de-nghi/<int:pk>/sua/", views.item_edit, name="item_edit"),
    path("ho-so/de-nghi/<int:pk>/giai-trinh/", views.item_answer, name="item_answer"),
    path("ho-so/de-nghi/<int:pk>/bo/", views.item_remove, name="item_remove"),
    path("ho-so/de-nghi/<int:pk>/tra-lai/", views.item_return, name="item_return"),
    path("ho-so/de-nghi/<int:pk>/bo-tra-lai/", views.item_keep, name="item_keep"),
    path("ho-so/tai-lieu/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("ho-so/tai-lieu/<int:pk>/xoa/", views.attachment_remove, name="attachment_remove"),
]
