"""The Excel import/export engine: one engine, many sheet specs (see docs/imports.md).

Columns, rows, cells and the reader are in thidua.lib.excel; this package adds what an import
is: a spec's plan against the database, its preview and its apply, and the exports."""

from __future__ import annotations

from thidua.imports.engine.registry import UnknownKind, all_specs, get_spec, register
from thidua.imports.engine.runner import (
    Parsed,
    make_context,
    parse_file,
    plan_parsed,
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
from thidua.imports.engine.summary import PlanSummary, summarise

__all__ = [
    "Change",
    "FieldDiff",
    "ImportContext",
    "Option",
    "Parsed",
    "Plan",
    "PlanSummary",
    "SheetSpec",
    "UnknownKind",
    "all_specs",
    "get_spec",
    "make_context",
    "parse_file",
    "plan_parsed",
    "register",
    "run_export",
    "run_import",
    "summarise",
    "write_template",
]
