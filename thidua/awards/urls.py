from __future__ import annotations

from django.urls import path

from thidua.awards import entry_views, result_views, views

app_name = "awards"
urlpatterns = [
    path("", views.decision_list, name="decision_list"),
    path("quyet-dinh/them/", views.decision_create, name="decision_create"),
    path("quyet-dinh/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("quyet-dinh/<int:pk>/dinh-chinh/", views.decision_correct, name="decision_correct"),
    path("quyet-dinh/<int:pk>/huy-bo/", views.decision_revoke, name="decision_revoke"),
    path("quyet-dinh/<int:pk>/them-nguoi-duoc-khen/", views.award_add, name="award_add"),
    path("ban-ghi/<int:pk>/huy-bo/", views.award_revoke, name="award_revoke"),
    path("danh-muc/", views.award_type_list, name="award_type_list"),
    path("ca-nhan/<str:code>/", result_views.person_history, name="person_history"),
    path("don-vi/<str:code>/", result_views.unit_history, name="unit_history"),
    path(
        "ca-nhan/<str:code>/xep-loai/", result_views.person_result_save, name="person_result_save"
    ),
    path("don-vi/<str:code>/xep-loai/", result_views.unit_result_save, name="unit_result_save"),
    path(
        "ca-nhan/<str:code>/sang-kien/",
        entry_views.person_initiative_save,
        name="person_initiative_save",
    ),
    path(
        "ca-nhan/<str:code>/ky-luat/",
        entry_views.person_discipline_save,
        name="person_discipline_save",
    ),
]
