"""URLs of the organisation register; paths in Vietnamese like the rest of the site."""

from __future__ import annotations

from django.urls import path

from thidua.org import views

app_name = "org"
urlpatterns = [
    path("don-vi/", views.unit_list, name="unit_list"),
    path("don-vi/them/", views.unit_create, name="unit_create"),
    path("don-vi/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("don-vi/<int:pk>/sua/", views.unit_edit, name="unit_edit"),
    path("don-vi/<int:pk>/het-hieu-luc/", views.unit_close, name="unit_close"),
    path("don-vi/sap-xep/", views.reorganisation_list, name="reorganisation_list"),
    path("don-vi/sap-xep/them/", views.reorganisation_create, name="reorganisation_create"),
    path("don-vi/sap-xep/<int:pk>/", views.reorganisation_detail, name="reorganisation_detail"),
    path("can-bo/", views.person_list, name="person_list"),
    path("can-bo/them/", views.person_create, name="person_create"),
    path("can-bo/nghi-trung/", views.duplicates, name="duplicates"),
    path("can-bo/can-phan-cong/", views.people_awaiting_unit, name="people_awaiting_unit"),
    path("can-bo/<int:pk>/", views.person_detail, name="person_detail"),
    path("can-bo/<int:pk>/sua/", views.person_edit, name="person_edit"),
    path(
        "can-bo/<int:person_pk>/cong-tac/them/", views.assignment_create, name="assignment_create"
    ),
    path("cong-tac/<int:pk>/sua/", views.assignment_edit, name="assignment_edit"),
    path("cong-tac/<int:pk>/ket-thuc/", views.assignment_end, name="assignment_end"),
    path("cong-tac/<int:pk>/xoa/", views.assignment_delete, name="assignment_delete"),
    path(
        "can-bo/<int:person_pk>/gian-doan/them/",
        views.interruption_create,
        name="interruption_create",
    ),
    path("gian-doan/<int:pk>/sua/", views.interruption_update, name="interruption_edit"),
    path("gian-doan/<int:pk>/xoa/", views.interruption_remove, name="interruption_delete"),
    path("cum-thi-dua/", views.cluster_list, name="cluster_list"),
    path("cum-thi-dua/them/", views.cluster_create, name="cluster_create"),
    path("cum-thi-dua/<int:pk>/", views.cluster_detail, name="cluster_detail"),
    path("cum-thi-dua/<int:pk>/sua/", views.cluster_edit, name="cluster_edit"),
    path("cum-thi-dua/<int:pk>/thanh-vien/them/", views.membership_add, name="membership_add"),
    path("thanh-vien-cum/<int:pk>/xoa/", views.membership_remove, name="membership_remove"),
    path("thanh-vien-cum/<int:pk>/vai-tro/", views.membership_role, name="membership_role"),
    path(
        "thanh-vien-cum/<int:pk>/cum-truong/",
        views.membership_make_leader,
        name="membership_make_leader",
    ),
]
