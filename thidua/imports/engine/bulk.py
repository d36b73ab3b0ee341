"""Bulk writes that keep the audit trail: the same history rows simple_history writes.

Django's bulk_create spends most of its time compiling SQL value by value (measured: about
40 s for 100,000 people with their history and first assignments). These helpers prepare
each value once and send one prepared INSERT/UPDATE through executemany, then write the
historical rows ("+" for created, "~" for updated, with user, date and reason) the same
way. Primary keys are reserved from the table's sequence first, so created objects know
their ids (for history and for rows that point at them). Other backends fall back to
simple_history.utils, which writes the same rows more slowly.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.utils import timezone
from simple_history.utils import (
    bulk_create_with_history,
    bulk_update_with_history,
    get_history_model_for_model,
)

_FAST_VENDORS = {"sqlite", "postgresql"}
_INTEGER_FIELDS = (models.IntegerField, models.AutoField, models.BigAutoField, models.SmallAutoField)


def _db():
    # The real connection object: django.db.connection is a proxy that costs a
    # thread-local lookup on every attribute access, millions of times here.
    return connections[DEFAULT_DB_ALIAS]


def insert_with_history(model: type[models.Model], objs: list[models.Model], *, user: Any = None,
                        reason: str | None = None) -> list[models.Model]:
    """INSERT every object (ids set on them) and one "+" history row for each."""
    if not objs:
        return objs
    connection = _db()
    if connection.vendor not in _FAST_VENDORS:
        return bulk_create_with_history(objs, model, batch_size=1000, default_user=user,
                                        default_change_reason=reason)
    for obj, pk in zip(objs, _reserve_ids(model, len(objs))):
        obj.pk = pk
        obj._state.adding, obj._state.db = False, connection.alias
    fields = list(model._meta.concrete_fields)
    _insert(model, fields, _rows(objs, fields))
    _write_history(model, objs, "+", user, reason)
    return objs


def update_with_history(model: type[models.Model], objs: list[models.Model], field_names: Sequence[str],
                        *, user: Any = None, reason: str | None = None) -> None:
    """UPDATE the given fields of every object and add one "~" history row for each."""
    if not objs:
        return
    connection = _db()
    if connection.vendor not in _FAST_VENDORS:
        bulk_update_with_history(objs, model, list(field_names), batch_size=1000,
                                 default_user=user, default_change_reason=reason)
        return
    fields = [model._meta.get_field(name) for name in field_names]
    if connection.vendor == "postgresql":
        _update_by_copy(model, fields, objs)
    else:
        quote = connection.ops.quote_name
        assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
        pk = model._meta.pk
        sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(pk.column)} = %s"
        _executemany(sql, _rows(objs, [*fields, pk]))
    _write_history(model, objs, "~", user, reason)


def _update_by_copy(model: type[models.Model], fields: list[models.Field], objs) -> None:
    """PostgreSQL: COPY the new values into a temporary table, then one UPDATE … FROM."""
    quote = _db().ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    temp = quote(f"import_{model._meta.db_table}"[:60])
    columns = [pk, *(quote(f.column) for f in fields)]
    with _db().cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE {temp} AS SELECT {', '.join(columns)} "
                       f"FROM {table} WITH NO DATA")
        with cursor.cursor.copy(f"COPY {temp} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in _rows(objs, [model._meta.pk, *fields]):
                copy.write_row(row)
        sets = ", ".join(f"{c} = {temp}.{c}" for c in columns[1:])
        cursor.execute(f"UPDATE {table} SET {sets} FROM {temp} WHERE {table}.{pk} = {temp}.{pk}")
        cursor.execute(f"DROP TABLE {temp}")


def _write_history(model: type[models.Model], objs: list[models.Model], history_type: str,
                   user: Any, reason: str | None) -> None:
    history = get_history_model_for_model(model)
    tracked = {f.attname for f in history.tracked_fields}
    fixed = {"history_date": timezone.now(), "history_type": history_type,
             "history_change_reason": reason,
             "history_user_id": user.pk if user is not None else None}
    fields = [f for f in history._meta.concrete_fields if not f.primary_key]
    getters: list[Callable[[models.Model], Any]] = []
    converters: list[Callable[[Any], Any]] = []
    for field in fields:
        if field.attname in tracked:
            getters.append(attrgetter(field.attname))
            converters.append(_converter(field))
        else:  # the same for every row: converted once
            value = _converter(field)(fixed.get(field.attname, field.get_default()))
            getters.append(lambda _obj, value=value: value)
            converters.append(_same)
    rows = ([c(g(obj)) for c, g in zip(converters, getters)] for obj in objs)
    _insert(history, fields, rows)


def _same(value: Any) -> Any:
    return value


def _rows(objs: list[models.Model], fields: list[models.Field]):
    getters = [attrgetter(f.attname) for f in fields]
    convert = [_converter(f) for f in fields]
    for obj in objs:
        yield [c(g(obj)) for c, g in zip(convert, getters)]


def _converter(field: models.Field) -> Callable[[Any], Any]:
    """The value as the database takes it, as Field.get_db_prep_save would give it."""
    connection = _db()
    prep = field.get_db_prep_save
    target = field.target_field if field.is_relation else field
    plain = type(target).get_db_prep_value is models.Field.get_db_prep_value
    # Skipping the generic path for the common types is most of the speed of this module.
    if plain and isinstance(target, (models.CharField, models.TextField)):
        return lambda v: v if v is None or type(v) is str else prep(v, connection)
    if isinstance(target, _INTEGER_FIELDS) and not isinstance(target, models.BooleanField):
        return lambda v: v if v is None or type(v) is int else prep(v, connection)
    return lambda v: prep(v, connection)


def _insert(model: type[models.Model], fields: list[models.Field], rows) -> None:
    connection = _db()
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    if connection.vendor == "postgresql":
        # COPY is an order of magnitude faster than one INSERT per row, even pipelined.
        with connection.cursor() as cursor, cursor.cursor.copy(
                f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(fields))
    _executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)


def _executemany(sql: str, rows) -> None:
    with _db().cursor() as cursor:
        cursor.executemany(sql, rows)


def _reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` fresh primary keys, never used before (so no history is shared with a
    deleted row), taken inside the caller's transaction."""
    table, column = model._meta.db_table, model._meta.pk.column
    connection = _db()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) "
                           "FROM generate_series(1, %s)", [table, column, count])
            return [row[0] for row in cursor.fetchall()]
        quote = connection.ops.quote_name
        cursor.execute(f"SELECT MAX({quote(column)}) FROM {quote(table)}")
        highest = cursor.fetchone()[0] or 0
        # AUTOINCREMENT tables remember ids of deleted rows in sqlite_sequence.
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        start = max(highest, row[0] if row else 0) + 1
        return list(range(start, start + count))
