"""Word documents of the record; paths in Vietnamese like the rest of the site."""

from __future__ import annotations

from django.urls import path

from thidua.reports.documents import dossier, views

app_name = "documents"
urlpatterns = [
    path("quyet-dinh/<int:pk>/", views.decision_document, name="decision"),
    path("quyet-dinh/<int:pk>/to-trinh/", views.submission_document, name="submission"),
    path("quyet-dinh/<int:pk>/giay-khen/", views.certificates_pdf, name="certificates"),
    path("ho-so/<int:pk>/to-trinh/", dossier.dossier_submission, name="dossier_submission"),
    path(
        "can-bo/<str:code>/bao-cao-thanh-tich/",
        views.achievement_document,
        name="achievement",
    ),
    path("hop-hoi-dong/<int:pk>/bien-ban/", views.meeting_minutes, name="meeting_minutes"),
]
