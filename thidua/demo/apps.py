from __future__ import annotations

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "thidua.demo"
    label = "demo"
    verbose_name = "Dữ liệu mẫu"
