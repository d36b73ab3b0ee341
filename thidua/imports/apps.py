from __future__ import annotations

from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "thidua.imports"
    label = "imports"
    verbose_name = "Nhập, xuất Excel"
