from __future__ import annotations

from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "thidua.imports"
    label = "imports"
    verbose_name = "Nhập, xuất Excel"

    def ready(self) -> None:
        # Registers the built-in sheet kinds (units, people, …) with the engine.
        from thidua.imports import sheets  # noqa: F401
