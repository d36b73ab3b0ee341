"""URLs of the clusters' agreements, scoring tables and scores (thidua.movements.scoring_views),
under /thi-dua/: a cluster year's pages hang on /thi-dua/cum/<cluster>/."""

from __future__ import annotations

from django.urls import path

from thidua.movements import scoring_views as views

urlpatterns = [
    path("cum/<int:cluster_pk>/giao-uoc/", views.agreement_detail, name="agreement"),
    path("cum/<int:cluster_pk>/giao-uoc/sua/", views.agreement_edit, name="agreement_edit"),
    path("cum/<int:cluster_pk>/bang-diem/", views.scoring_table, name="scoring_table"),
    path("cum/<int:cluster_pk>/bang-diem/tao/", views.table_create, name="scoring_table_create"),
    path("cum/<int:cluster_pk>/bang-diem/sua/", views.table_edit, name="scoring_table_edit"),
    path("cum/<int:cluster_pk>/bang-diem/sao-chep/", views.table_copy, name="scoring_table_copy"),
    path("cum/<int:cluster_pk>/bang-diem/in/", views.table_print, name="scoring_table_print"),
    path("cum/<int:cluster_pk>/bang-diem/them-dong/", views.criterion_add, name="criterion_add"),
    path("dong-bang-diem/<int:pk>/sua/", views.criterion_edit, name="criterion_edit"),
    path("dong-bang-diem/<int:pk>/xoa/", views.criterion_remove, name="criterion_remove"),
    path("dong-bang-diem/<int:pk>/di-chuyen/", views.criterion_move, name="criterion_move"),
    path("cum/<int:cluster_pk>/cham-diem/", views.scores, name="scores"),
    path("cum/<int:cluster_pk>/cham-diem/<int:unit_pk>/", views.score_entry, name="score_entry"),
]
