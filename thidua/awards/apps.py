from __future__ import annotations

from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "thidua.awards"
    label = "awards"
    verbose_name = "Khen thưởng"
