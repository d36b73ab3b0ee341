"""The Excel import/export engine: one engine, many sheet specs (see docs/imports.md).

Columns, rows, cells and the reader are in thidua.lib.excel; this package adds what an import
is: a spec's plan against the database, its preview and its apply, and the exports."""

from __future__ import annotations

from thidua.imports.engine.registry import UnknownKind, all_specs, get_spec, register
from thidua.imports.engine.runner import (
    make_context,
    run_export,
    run_import,
    write_template,
)
from thidua.imports.engine.spec import (
    Change,
    FieldDiff,
    ImportContext,
    Option,
    Plan,
    SheetSpec,
)

__all__ = [
    "Change",
    "FieldDiff",
    "ImportContext",
    "Option",
    "Plan",
    "SheetSpec",
    "UnknownKind",
    "all_specs",
    "get_spec",
    "make_context",
    "register",
    "run_export",
    "run_import",
    "write_template",
]
