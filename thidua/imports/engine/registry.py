"""The kinds of sheet the engine knows: "units", "people", and later "awards", "results", …

A spec registers itself with @register; thidua.imports.sheets holds the built-in ones and
is loaded by the app config, so a new kind is a new module there (or a register() call in
another app's AppConfig.ready()).
"""

from __future__ import annotations

from thidua.imports.engine.spec import SheetSpec
from thidua.lib.excel.cells import header_key

_SPECS: dict[str, SheetSpec] = {}


class UnknownKind(LookupError):
    def __init__(self, kind: str):
        known = ", ".join(_SPECS) or "—"
        super().__init__(f"Không có loại bảng '{kind}'. Các loại: {known}.")
        self.kind = kind


def register(spec_class: type[SheetSpec]) -> type[SheetSpec]:
    spec = spec_class()
    keys = [header_key(c.header) for c in spec.columns]
    # Headers are matched without accents or case, so two must not fold to the same key.
    assert len(set(keys)) == len(keys), f"{spec.kind}: headers collide once folded"
    _SPECS[spec.kind] = spec
    return spec_class


def get_spec(kind: str) -> SheetSpec:
    try:
        return _SPECS[kind]
    except KeyError:
        raise UnknownKind(kind) from None


def all_specs() -> list[SheetSpec]:
    return list(_SPECS.values())
