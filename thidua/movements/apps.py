from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MovementsConfig(AppConfig):
    name = "thidua.movements"
    verbose_name = _("Phong trào thi đua")
