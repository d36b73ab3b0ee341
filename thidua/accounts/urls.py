from __future__ import annotations

from django.urls import path

from thidua.accounts import views

app_name = "accounts"
urlpatterns = [
    path("khoa-api/", views.token_list, name="tokens"),
    path("khoa-api/<int:pk>/thu-hoi/", views.token_revoke, name="token_revoke"),
]
