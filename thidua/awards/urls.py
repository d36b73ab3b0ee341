from __future__ import annotations

from django.urls import path

from thidua.awards import views

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
    path("ca-nhan/<str:code>/", views.person_history, name="person_history"),
    path("don-vi/<str:code>/", views.unit_history, name="unit_history"),
]
