"""{% history_panel person=… %} / {% history_panel unit=… %}: the record panel that the
person and unit pages include (through awards/_history_panel.html)."""

from __future__ import annotations

from django import template

from thidua.awards import selectors
from thidua.awards.history import build_history

register = template.Library()


@register.inclusion_tag("awards/_history_body.html")
def history_panel(person=None, unit=None) -> dict:
    # The including page has already checked scope for this person or unit; all of their
    # own record is theirs to see.
    records = selectors.person_records(person) if person else selectors.unit_records(unit)
    return {"history": build_history(records), "person": person or None, "unit": unit or None}
