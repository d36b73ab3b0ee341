from __future__ import annotations

from django.urls import path

from thidua.reports import conference_views as conferences
from thidua.reports import views

app_name = "reports"
urlpatterns = [
    path("tong-ket/", views.summary, name="summary"),
    # chart: cap, hinh-thuc, don-vi, nam (reports.dashboard.CHARTS) or tat-ca
    path("tong-quan/<slug:chart>.xlsx", views.dashboard_xlsx, name="dashboard_xlsx"),
    path("hoi-nghi/", conferences.conference_list, name="conference_list"),
    path("hoi-nghi/them/", conferences.conference_create, name="conference_create"),
    path("hoi-nghi/<int:pk>/", conferences.conference_detail, name="conference_detail"),
    path("hoi-nghi/<int:pk>/sua/", conferences.conference_edit, name="conference_edit"),
    path("hoi-nghi/<int:pk>/chon/", conferences.exemplar_add, name="exemplar_add"),
    path("hoi-nghi/<int:pk>/danh-sach/", conferences.honour_list, name="honour_list"),
    path("dien-hinh/<int:pk>/sua/", conferences.exemplar_edit, name="exemplar_edit"),
    path("dien-hinh/<int:pk>/bo/", conferences.exemplar_remove, name="exemplar_remove"),
]
