"""{% unit_standings unit %}: a unit's place in its cluster year by year, the section the
unit page includes (through movements/standing_unit_panel.html)."""

from __future__ import annotations

from django import template

from thidua.movements import standing_selectors

register = template.Library()


@register.inclusion_tag("movements/standing_unit_body.html")
def unit_standings(unit) -> dict:
    # The including page has checked that the user sees the unit; a unit's own places are
    # its to see (only locked results are standings).
    return {"unit": unit, "standings": standing_selectors.unit_standings(unit)}
