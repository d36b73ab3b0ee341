"""Values a pack leaves to the province: a pack's `settings:` and the province's overrides.

A pack declares a value no current text confirms for the force as a setting: its text, a
default with the citation and status that default rests on, and the range it may take. A
condition parameter then reads `{setting: name}` instead of a number. The Rulebook is built
with the province's overrides (name -> Override(value, basis)): a setting with one uses the
province's value, cited by the basis the province gives and with the status PROVINCE; one
without keeps the pack's default, citation and status. The engine never reads a database:
the caller (thidua.eligibility.rule_settings) passes the overrides in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from thidua.rules.conditions import PackError

# The status of a value the province set: not a level of checking against a State text.
PROVINCE_STATUS = "province"
PROVINCE_BASIS = "Giá trị do Công an tỉnh quy định: {basis}"
_SETTING_KEYS = {"text", "default", "min", "max", "citation", "status", "note"}

Number = int | float


@dataclass(frozen=True)
class Override:
    """The province's value for a setting and the text it rests on (its plan, an instruction
    of the Ministry)."""

    value: Number | Decimal | Fraction | str
    basis: str


@dataclass(frozen=True)
class Setting:
    """One configurable value of a pack, as declared, and what it resolves to in this
    rulebook (`value`, `cited`, `status`: the province's when overridden, else the pack's)."""

    name: str
    text: str
    default: Number
    minimum: Number
    maximum: Number
    default_cited: str  # the pack's citation of the default, rendered
    default_status: str
    note: str
    value: Number
    cited: str
    status: str
    basis: str = ""  # the province's text; "" while the default is used
    citation: Any = None  # the pack's packs.Citation of the value in use; None: the province's

    @property
    def overridden(self) -> bool:
        return self.status == PROVINCE_STATUS

    def in_range(self, value: Number) -> bool:
        return self.minimum <= value <= self.maximum


def as_number(value: Any) -> Number:
    """An int when integral, else a float (what condition parameters take); PackError for
    anything that is not a finite number."""
    if isinstance(value, bool):
        raise PackError(f"{value!r} không phải là số")
    try:
        exact = Fraction(str(value))
    except (ValueError, ZeroDivisionError):
        raise PackError(f"{value!r} không phải là số") from None
    return int(exact) if exact.denominator == 1 else float(exact)


def format_number(value: Number) -> str:
    """15 -> "15", 15.5 -> "15,5" (Vietnamese decimal comma)."""
    return str(value).replace(".", ",")


def parse_setting(
    name: str,
    raw: Any,
    *,
    cite,
    parse_citation,
    statuses: tuple[str, ...],
    override: Override | None,
) -> Setting:
    """A pack's `settings.<name>` entry, resolved against the province's override.
    `parse_citation(raw)` makes a packs.Citation (refusing an unknown document), `cite` renders
    one."""
    if not isinstance(raw, dict):
        raise PackError(f"settings.{name}: cần text, default, min, max, citation, status")
    unknown = sorted(set(raw) - _SETTING_KEYS)
    missing = sorted({"text", "default", "min", "max", "citation", "status"} - set(raw))
    if unknown or missing:
        raise PackError(
            f"settings.{name}: thiếu {missing}"
            if missing
            else f"settings.{name}: khóa lạ {unknown}"
        )
    if raw["status"] not in statuses:
        raise PackError(f"settings.{name}: status {raw['status']!r} không hợp lệ")
    try:
        default, low, high = (as_number(raw[k]) for k in ("default", "min", "max"))
    except PackError as exc:
        raise PackError(f"settings.{name}: {exc}") from None
    if not low <= default <= high:
        raise PackError(f"settings.{name}: default {default} nằm ngoài khoảng {low}..{high}")
    citation = parse_citation(raw["citation"])
    cited = cite(citation)
    base = {
        "name": name,
        "text": str(raw["text"]),
        "default": default,
        "minimum": low,
        "maximum": high,
        "default_cited": cited,
        "default_status": raw["status"],
        "note": str(raw.get("note") or ""),
    }
    if override is None:
        return Setting(**base, value=default, cited=cited, status=raw["status"], citation=citation)
    try:
        value = as_number(override.value)
    except PackError as exc:
        raise PackError(f"giá trị do tỉnh quy định cho {name}: {exc}") from None
    if not low <= value <= high:
        raise PackError(
            f"giá trị do tỉnh quy định cho {name} ({value}) nằm ngoài khoảng {low}..{high} của gói"
        )
    if not override.basis.strip():
        raise PackError(f"giá trị do tỉnh quy định cho {name}: thiếu căn cứ")
    return Setting(
        **base,
        value=value,
        cited=PROVINCE_BASIS.format(basis=override.basis.strip()),
        status=PROVINCE_STATUS,
        basis=override.basis.strip(),
    )


def setting_name(value: Any) -> str | None:
    """The setting a parameter refers to (`{setting: name}`), or None for a plain value."""
    if isinstance(value, dict) and set(value) == {"setting"}:
        return str(value["setting"])
    return None


def overrides_key(overrides: Mapping[str, Override] | None) -> tuple:
    """A hashable, order-free key of the overrides (the rulebook cache's)."""
    return tuple(sorted((n, str(o.value), o.basis) for n, o in (overrides or {}).items()))
