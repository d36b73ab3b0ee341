"""A person's audit trail for the API, built on lib.audit (the same entries the pages show)."""

from __future__ import annotations

from typing import Any

from thidua.accounts import scope
from thidua.lib.audit import history_entries
from thidua.lib.privacy import mask_changes
from thidua.org.models import Assignment, Person, ServiceInterruption

_ACTIONS = {"+": "create", "~": "update", "-": "delete"}


def person_history(person: Person, user: Any) -> list[dict[str, Any]]:
    """Newest-first entries of the person's record, of every one of their assignments and of
    their service interruptions, as `user` may read them (CCCD masked unless
    scope.sees_citizen_id)."""
    assignments = Assignment.history.filter(person_id=person.pk)
    interruptions = ServiceInterruption.history.filter(person_id=person.pk)
    own = history_entries(person)
    if not scope.sees_citizen_id(user):
        mask_changes(own)
    entries = [_api_entry(e, "person") for e in own]
    entries += [_api_entry(e, "assignment") for e in history_entries(assignments)]
    entries += [_api_entry(e, "service_interruption") for e in history_entries(interruptions)]
    entries.sort(key=lambda e: e["when"], reverse=True)
    return entries


def _api_entry(entry: dict[str, Any], model: str) -> dict[str, Any]:
    # lib.audit already renders values for people (names, dd/mm/yyyy, choice labels).
    return {
        "model": model,
        "object_id": entry["object_id"],
        "when": entry["date"],
        "who": entry["user"],
        "action": _ACTIONS.get(entry["action_code"], entry["action_code"]),
        "reason": entry["reason"] or None,
        "changes": [
            {"field": c["field"], "label": c["label"], "before": c["old"], "after": c["new"]}
            for c in entry["changes"]
        ],
    }
