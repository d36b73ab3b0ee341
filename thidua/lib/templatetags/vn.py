"""{% load vn %}: numbers as Vietnamese writes them, whatever the interface language."""

from __future__ import annotations

from django import template

from thidua.lib.privacy import mask_citizen_id
from thidua.lib.vntext import thousands as _thousands

register = template.Library()


@register.filter
def citizen_id(value: str | None, shown: bool) -> str:
    """{{ person.citizen_id|citizen_id:sees_citizen_id }}: the CCCD number, masked unless
    the view says the user sees it (accounts.scope.sees_citizen_id); "—" when there is none."""
    if not value:
        return "—"
    return value if shown is True else mask_citizen_id(value)


@register.filter
def thousands(value: object) -> str:
    """1027 → "1.027"; anything that is not a whole number is shown as it is."""
    try:
        return _thousands(int(value))
    except (TypeError, ValueError):
        return "" if value is None else str(value)
