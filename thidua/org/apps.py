from __future__ import annotations

from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "thidua.org"
    label = "org"
    verbose_name = "Tổ chức và nhân sự"
