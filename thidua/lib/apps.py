from __future__ import annotations

from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "thidua.lib"
    label = "thidua_lib"
    verbose_name = "Thư viện chung"
