"""The Excel import/export engine: one engine, many sheet specs (see docs/imports.md)."""

from __future__ import annotations

from thidua.imports.engine.registry import UnknownKind, all_specs, get_spec, register
from thidua.imports.engine.runner import (
    can_import,
    make_context,
    run_export,
    run_import,
    write_template,
)
from thidua.imports.engine.spec import (
    DATE,
    INTEGER,
    TEXT,
    Change,
    Column,
    FieldDiff,
    ImportContext,
    Issue,
    Option,
    Plan,
    Row,
    SheetSpec,
)

__all__ = [
    "DATE",
    "INTEGER",
    "TEXT",
    "Change",
    "Column",
    "FieldDiff",
    "ImportContext",
    "Issue",
    "Option",
    "Plan",
    "Row",
    "SheetSpec",
    "UnknownKind",
    "all_specs",
    "can_import",
    "get_spec",
    "make_context",
    "register",
    "run_export",
    "run_import",
    "write_template",
]
