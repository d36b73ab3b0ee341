"""/de-nghi/…: disclosure of candidate lists, the office's days off, councils, meetings and
their tallies (thidua.nominations.council_views)."""

from __future__ import annotations

from django.urls import path

from thidua.nominations import council_views as views

urlpatterns = [
    path("cong-khai/", views.disclosure_list, name="disclosure_list"),
    path("cong-khai/them/", views.disclosure_create, name="disclosure_create"),
    path("cong-khai/<int:pk>/", views.disclosure_detail, name="disclosure_detail"),
    path("cong-khai/<int:pk>/gop-y/", views.comment_add, name="disclosure_comment"),
    path("cong-khai/<int:pk>/in/", views.disclosure_print, name="disclosure_print"),
    path("ngay-nghi/", views.days_off, name="days_off"),
    path("ngay-nghi/<int:pk>/bo/", views.day_off_remove, name="day_off_remove"),
    path("hoi-dong/", views.council_list, name="council_list"),
    path("hoi-dong/them/", views.council_create, name="council_create"),
    path("hoi-dong/<int:pk>/", views.council_detail, name="council_detail"),
    path("hoi-dong/<int:pk>/thanh-vien/", views.member_add, name="member_add"),
    path("hoi-dong/<int:pk>/hop/them/", views.meeting_create, name="meeting_create"),
    path("hop/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("hop/<int:pk>/du-hop/", views.meeting_attendance, name="meeting_attendance"),
    path("phieu/<int:pk>/", views.ballot_record, name="ballot_record"),
]
