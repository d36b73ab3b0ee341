from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from thidua import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("dang-nhap/", auth_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("tai-khoan/", include("thidua.accounts.urls")),
    path("", include("thidua.org.urls")),
    path("khen-thuong/", include("thidua.awards.urls")),
    path("nhap-xuat/", include("thidua.imports.urls")),
    path("xet-khen-thuong/", include("thidua.eligibility.urls")),
    path("de-nghi/", include("thidua.nominations.urls")),
    path("thi-dua/", include("thidua.movements.urls")),
    path("bao-cao/", include("thidua.reports.urls")),
    path("van-ban/", include("thidua.reports.documents.urls")),
    path("api/", include("thidua.api.urls")),
    path("admin/", admin.site.urls),
]
