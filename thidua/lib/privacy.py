"""Masking personal numbers for the roles that do not need them (accounts.scope says who:
sees_citizen_id). One way to mask, used by the pages, the exports and the API."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["EMPTY", "mask_changes", "mask_citizen_id"]

EMPTY = "—"  # how lib.audit shows an empty value


def mask_citizen_id(value: str | None) -> str | None:
    """001089012345 → 0010******45: the first four digits (the province and century-gender
    code, public knowledge) and the last two, enough to tell two records apart on a page;
    empty stays empty."""
    if not value or value == EMPTY:
        return value
    text = str(value)
    if len(text) <= 6:
        return "*" * len(text)
    return text[:4] + "*" * (len(text) - 6) + text[-2:]


def mask_changes(entries: Iterable[dict[str, Any]], field: str = "citizen_id") -> None:
    """Mask the field's old and new values in lib.audit history entries, in place."""
    for entry in entries:
        for change in entry["changes"]:
            if change["field"] == field:
                change["old"] = mask_citizen_id(change["old"])
                change["new"] = mask_citizen_id(change["new"])
