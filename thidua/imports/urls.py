from __future__ import annotations

from django.urls import path

from thidua.imports import dossier_export, views

app_name = "imports"
urlpatterns = [
    path("", views.index, name="index"),
    path("ho-so/<int:pk>/", dossier_export.dossier_export, name="dossier_export"),
    path("xem-truoc/<str:token>/", views.preview, name="preview"),
    path("xem-truoc/<str:token>/tien-do/", views.progress, name="progress"),
    path("xac-nhan/<str:token>/", views.confirm, name="confirm"),
    path("<slug:kind>/mau/", views.template, name="template"),
    path("<slug:kind>/xuat/", views.export, name="export"),
    path("<slug:kind>/nhap/", views.upload, name="upload"),
]
