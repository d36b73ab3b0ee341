"""The built-in sheet kinds. Importing a module registers its spec with the engine;
the order of SHEET_MODULES is the order of the import page."""

from __future__ import annotations

from importlib import import_module

SHEET_MODULES = (
    "units",
    "people",
    "reorganisations",
    "awards",
    "results",
    "initiatives",
    "discipline",
    "interruptions",
    "registrations",
)

for _name in SHEET_MODULES:
    import_module(f"{__name__}.{_name}")
