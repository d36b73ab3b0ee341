"""Audit trail as plain data for pages: who changed what, when, from which value to which.

Built on django-simple-history. Any app can show an object's history with
`history_entries(obj)` and the `org/_history.html` include.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from thidua.lib.dates import format_date, format_moment

_ACTIONS = {"+": gettext_noop("Tạo"), "~": gettext_noop("Sửa"), "-": gettext_noop("Xoá")}
_EMPTY = "—"


Formatters = Mapping[str, Callable[[Any], str]]


def history_entries(
    source: models.Model | QuerySet,
    *,
    exclude: Iterable[str] = (),
    limit: int | None = None,
    formatters: Formatters | None = None,
) -> list[dict[str, Any]]:
    """Newest-first entries for one object (a model instance) or for a history queryset
    (e.g. every assignment of a person; `exclude` then drops the field they share). Each entry
    is a plain dict: {date, user, action, action_code, model, object_id, reason,
    changes: [{field, label, old, new}]}. `formatters` render a field's stored values the
    generic rules cannot (a JSON list of codes, a many-to-many field's rows): field name →
    function of the non-empty stored value.
    """
    records = _records(source)
    values = _ValueFormatter(records, formatters or {})
    previous: dict[Any, Any] = {}
    entries = []
    for record in records:  # oldest first, so each record diffs against the one before
        entry = _entry(record, previous.get(record.id), values)
        entry["changes"] = [c for c in entry["changes"] if c["field"] not in exclude]
        entries.append(entry)
        previous[record.id] = record
    entries.reverse()
    return entries[:limit] if limit else entries


def combined_history(
    *sources: models.Model | QuerySet,
    exclude: Iterable[str] = (),
    formatters: Formatters | None = None,
) -> list[dict[str, Any]]:
    """One newest-first timeline from several sources, e.g. a person and their assignments."""
    entries = [
        e
        for source in sources
        for e in history_entries(source, exclude=exclude, formatters=formatters)
    ]
    return sorted(entries, key=lambda e: e["date"], reverse=True)


def _records(source: models.Model | QuerySet) -> list:
    history = source.history.all() if isinstance(source, models.Model) else source
    return list(history.select_related("history_user").order_by("history_date", "history_id"))


def _entry(record, prev, values: _ValueFormatter) -> dict[str, Any]:
    model = record.instance_type
    if record.history_type == "~" and prev is not None:
        delta = record.diff_against(prev)
        pairs = [(c.field, c.old, c.new) for c in delta.changes]
    elif record.history_type == "-":
        pairs = []
    else:
        # A creation (or an update whose earlier records were pruned): show every set value.
        pairs = [(f.name, None, getattr(record, f.attname)) for f in _fields(record)]
        pairs = [p for p in pairs if p[2] not in (None, "")]
    order = {f.name: i for i, f in enumerate(model._meta.fields)}
    pairs.sort(key=lambda p: order.get(p[0], len(order)))
    return {
        "date": record.history_date,
        "user": _user_label(record.history_user),
        "action": _(_ACTIONS.get(record.history_type, record.history_type)),
        "action_code": record.history_type,
        "model": str(model._meta.verbose_name),
        "object_id": record.id,
        "reason": record.history_change_reason or "",
        "changes": [
            {
                "field": name,
                "label": _label(model, name),
                "old": values.format(model, name, old),
                "new": values.format(model, name, new),
            }
            for name, old, new in pairs
        ],
    }


def _fields(record) -> list[models.Field]:
    return [f for f in record.tracked_fields if f.editable and f.name != "id"]


def _label(model: type[models.Model], name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # a field dropped from the model since the record was written
        return name


def _user_label(user) -> str:
    if user is None:
        return _("hệ thống")
    return user.get_full_name() or user.get_username()


class _ValueFormatter:
    """Renders stored values for people: choice labels, dd/mm/yyyy, related objects' names.

    Related objects are loaded once per model for the whole history, not once per row.
    """

    def __init__(self, records: list, formatters: Formatters) -> None:
        self._formatters = formatters
        wanted: dict[type[models.Model], set] = defaultdict(set)
        for record in records:
            for field in _fields(record):
                if field.is_relation and field.many_to_one:
                    value = getattr(record, field.attname)
                    if value is not None:
                        wanted[field.related_model].add(value)
        self._related = {
            related: related._base_manager.in_bulk(list(pks)) for related, pks in wanted.items()
        }

    def format(self, model: type[models.Model], name: str, value: Any) -> str:
        if value is None or value == "" or value == []:
            return _EMPTY
        if name in self._formatters:
            return self._formatters[name](value)
        try:
            field = model._meta.get_field(name)
        except Exception:
            return str(value)
        if field.is_relation and field.many_to_one:
            obj = self._related.get(field.related_model, {}).get(value)
            return str(obj) if obj is not None else _("(đã xoá, mã %(pk)s)") % {"pk": value}
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return _("Có") if value else _("Không")
        if isinstance(value, dt.datetime):
            return format_moment(value)
        if isinstance(value, dt.date):
            return format_date(value)
        return str(value)
