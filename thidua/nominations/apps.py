from __future__ import annotations

from django.apps import AppConfig


class NominationsConfig(AppConfig):
    name = "thidua.nominations"
    label = "nominations"
    verbose_name = "Đề nghị khen thưởng"
