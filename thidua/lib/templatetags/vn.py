"""{% load vn %}: numbers as Vietnamese writes them, whatever the interface language."""

from __future__ import annotations

from django import template

from thidua.lib.vntext import thousands as _thousands

register = template.Library()


@register.filter
def thousands(value: object) -> str:
    """1027 → "1.027"; anything that is not a whole number is shown as it is."""
    try:
        return _thousands(int(value))
    except (TypeError, ValueError):
        return "" if value is None else str(value)
