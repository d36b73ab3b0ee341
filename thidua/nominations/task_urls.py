"""/de-nghi/…: issuing the decision, the calendar, notifications, a person's or unit's
nominations (task_views)."""

from __future__ import annotations

from django.urls import path

from thidua.nominations import task_views as views

urlpatterns = [
    path("ban-hanh/", views.issue_decision, name="issue_decision"),
    path("lich/", views.deadlines, name="deadlines"),
    path("lich/<int:pk>/", views.deadline_edit, name="deadline_edit"),
    path("lich/<int:pk>/xoa/", views.deadline_delete, name="deadline_delete"),
    path("thong-bao/", views.notifications, name="notifications"),
    path("ca-nhan/<str:code>/", views.person_nominations, name="person_nominations"),
    path("don-vi/<str:code>/", views.unit_nominations, name="unit_nominations"),
]
