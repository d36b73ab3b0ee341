"""Bulk writes that keep the audit trail: the same history rows simple_history writes.

Used by the Excel imports and by the demo generator, for tens of thousands to millions of
rows. Django's bulk_create spends most of its time compiling SQL value by value (about
40 s for 100,000 people with their history and first assignments; simple_history's
bulk_create_with_history builds a historical model instance per row on top of that). Here
each chunk of objects becomes rows of database values in a few C-level passes (one
attrgetter call per object, a type check of each column; only columns holding values the
drivers cannot take as they are go through Field.get_db_prep_save), sent with COPY on PostgreSQL
(an order of magnitude faster than one INSERT per row, even pipelined) and one prepared
INSERT/UPDATE through executemany on SQLite. The historical rows ("+" created, "~" updated,
with user, reason and date, the date fixed when the caller asks, as the demo does so a seed
always gives the same data) are written the same way, except the "+" rows of rows just
inserted: the database copies those itself (INSERT … SELECT over the new ids). Primary keys of
created rows are reserved from the table's sequence first, so the objects know their ids.
insert_rows takes plain tuples instead of model instances, for the largest imports. Other
backends fall back to simple_history.utils, which writes the same rows more slowly.

Values are read from the objects' attributes as they are: no save(), no pre_save(), no
auto_now; callers fill derived fields first (compute_derived) and set foreign keys by id or
by saved object.

Every function that writes history rows sends `history_writing` before the first row and
`history_written` after the last (sender: the history model, `using`: the database alias),
once per outermost call: the audit chain (thidua.awards.chain) locks and seals through them, as
it does through simple_history's own signals for single saves. A history row written without a
given user names the author simple_history would record for a save() at that point (the
request's user, or a command's: accounts.cli.recording).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from operator import add, attrgetter, itemgetter
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models, router
from django.dispatch import Signal
from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.utils import (
    bulk_create_with_history,
    bulk_update_with_history,
    get_history_model_for_model,
)

history_writing = Signal()  # sender: the history model; using: the alias
history_written = Signal()
_announcing: ContextVar[frozenset] = ContextVar("bulk_announcing", default=frozenset())

_FAST_VENDORS = {"sqlite", "postgresql"}
_CHUNK = 5000  # objects turned into rows at a time: bounds the memory of the column passes
_FALLBACK_BATCH = 1000
_PREP_METHODS = ("to_python", "get_prep_value", "get_db_prep_value", "get_db_prep_save")
# Field classes whose values of the given type both drivers take as Django would send them:
# get_db_prep_save returns them unchanged (dates: Django's SQLite adapter writes isoformat(),
# what adapt_datefield_value gives). Subclasses count only if they convert values the same way.
_AS_IS: tuple[tuple[type[models.Field], type, bool], ...] = (  # (field class, type, subclasses too)
    (models.CharField, str, True),
    (models.TextField, str, True),
    (models.BooleanField, bool, False),
    (models.IntegerField, int, False),
    (models.AutoField, int, False),
    (models.BigAutoField, int, False),
    (models.SmallAutoField, int, False),
    (models.DateField, dt.date, False),
)


def insert_with_history(
    model: type[models.Model],
    objs: list[models.Model],
    *,
    user: Any = None,
    reason: str | None = None,
    date: dt.datetime | None = None,
    history: bool = True,
) -> list[models.Model]:
    """INSERT every object (fresh ids set on them) and, unless history=False, one "+"
    history row for each, dated `date` (now by default). Returns objs."""
    if not objs:
        return objs
    if history:
        with _announced(model):
            return _insert(model, objs, user, reason, date, history)
    return _insert(model, objs, user, reason, date, history)


def _insert(model, objs, user, reason, date, history: bool) -> list[models.Model]:
    connection = _connection(model)
    if connection.vendor not in _FAST_VENDORS:
        if not history:
            return model.objects.bulk_create(objs, batch_size=_FALLBACK_BATCH)
        return bulk_create_with_history(
            objs,
            model,
            batch_size=_FALLBACK_BATCH,
            default_user=user,
            default_change_reason=reason,
            default_date=date,
        )
    ids = _reserve_ids(connection, model, len(objs))
    for obj, pk in zip(objs, ids, strict=True):
        obj.pk = pk
        obj._state.adding, obj._state.db = False, connection.alias
    fields = list(model._meta.concrete_fields)
    rows = _db_rows(connection, objs, fields)
    _write_chunks(connection, model, [f.column for f in fields], rows)
    if history and not _history_of_new_rows(connection, model, ids, user, reason, date):
        insert_history(model, objs, user=user, reason=reason, date=date)
    return objs


@contextmanager
def _announced(model: type[models.Model]) -> Iterator[None]:
    """history_writing before the body, history_written after it (not after an error); a
    call inside another's body (insert_rows → insert_history) announces nothing more."""
    history = get_history_model_for_model(model)
    outer = _announcing.get()
    if history in outer:
        yield
        return
    alias = _connection(history).alias
    token = _announcing.set(outer | {history})
    try:
        history_writing.send(sender=history, using=alias)
        yield
    finally:
        _announcing.reset(token)
    history_written.send(sender=history, using=alias)


def update_with_history(
    model: type[models.Model],
    objs: list[models.Model],
    field_names: Sequence[str],
    *,
    user: Any = None,
    reason: str | None = None,
    date: dt.datetime | None = None,
) -> None:
    """UPDATE the given fields of every object and add one "~" history row for each. A
    versioned row (lib.versioning) moves to its next version, so that an edit form opened
    before the update is refused rather than undoing it."""
    if not objs:
        return
    if _is_versioned(model) and "version" not in field_names:
        for obj in objs:
            obj.version += 1
        field_names = [*field_names, "version"]
    with _announced(model):
        _update(model, objs, field_names, user, reason, date)


def _update(model, objs, field_names, user, reason, date) -> None:
    connection = _connection(model)
    if connection.vendor not in _FAST_VENDORS:
        bulk_update_with_history(
            objs,
            model,
            list(field_names),
            batch_size=_FALLBACK_BATCH,
            default_user=user,
            default_change_reason=reason,
            default_date=date,
        )
        return
    fields = [model._meta.get_field(name) for name in field_names]
    pk = model._meta.pk
    if connection.vendor == "postgresql":
        _update_by_copy(connection, model, fields, _db_rows(connection, objs, [pk, *fields]))
    else:
        quote = connection.ops.quote_name
        assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
        sql = (
            f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(pk.column)} = %s"
        )
        with connection.cursor() as cursor:
            for rows in _db_rows(connection, objs, [*fields, pk]):
                cursor.executemany(sql, rows)
    insert_history(model, objs, "~", user=user, reason=reason, date=date)


def _is_versioned(model: type[models.Model]) -> bool:
    return any(f.name == "version" for f in model._meta.concrete_fields)


def insert_rows(
    model: type[models.Model],
    rows: Sequence[tuple],
    *,
    user: Any = None,
    reason: str | None = None,
    date: dt.datetime | None = None,
) -> list[int]:
    """INSERT rows given as plain tuples — the values of every concrete field but the primary
    key, in the model's field order (attnames: decision_id, not decision) — with fresh ids,
    and one "+" history row for each. Returns the new ids in the rows' order.

    For hundreds of thousands of rows, where building a model instance per row (about 9 µs
    with its foreign keys) costs more than writing the row."""
    if not rows:
        return []
    fields = list(model._meta.concrete_fields)
    pk = model._meta.pk
    if fields[0] is not pk:
        raise ValueError(f"{model.__name__}: the primary key must be the first field")
    with _announced(model):
        return _insert_rows(model, fields, rows, user, reason, date)


def _insert_rows(model, fields, rows, user, reason, date) -> list[int]:
    connection = _connection(model)
    if connection.vendor not in _FAST_VENDORS:
        objs = [model(None, *row) for row in rows]
        insert_with_history(model, objs, user=user, reason=reason, date=date)
        return [obj.pk for obj in objs]
    ids = _reserve_ids(connection, model, len(rows))
    checks = [(i, _as_is(f), _prep(f, connection)) for i, f in enumerate(fields)]
    full = [
        _chunk_rows(list(map(add, zip(ids[i : i + _CHUNK]), rows[i : i + _CHUNK])), checks)
        for i in range(0, len(rows), _CHUNK)
    ]
    _write_chunks(connection, model, [f.column for f in fields], full)
    if not _history_of_new_rows(connection, model, ids, user, reason, date):
        insert_history(
            model,
            [model(*row) for chunk in full for row in chunk],
            user=user,
            reason=reason,
            date=date,
        )
    return ids


def _history_of_new_rows(
    connection,
    model: type[models.Model],
    ids: Sequence[int],
    user: Any,
    reason: str | None,
    date: dt.datetime | None,
) -> bool:
    """The "+" history rows of rows just inserted with these ids, copied by the database
    itself (INSERT … SELECT): the values are the ones just stored, and nothing goes through
    the driver row by row (100,000 award rows: 1 s → 0.15 s on SQLite). Only when the ids
    are one unbroken range — always on SQLite; on PostgreSQL unless another session took
    ids from the sequence at the same moment — so that the range holds no other row.
    False when it did nothing (the caller writes the rows itself)."""
    if not ids:
        return True
    first, last = min(ids), max(ids)
    if last - first + 1 != len(ids):  # ids from a sequence are distinct: the range is ours
        return False
    history = get_history_model_for_model(model)
    tracked, constant, tail = _history_columns(history, connection, "+", user, reason, date)
    source = {f.attname: f.column for f in model._meta.concrete_fields}
    quote = connection.ops.quote_name
    pk = quote(model._meta.pk.column)
    targets = [quote(f.column) for f in (*tracked, *constant)]
    values = [quote(source[f.attname]) for f in tracked] + ["%s"] * len(constant)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(targets)}) "
            f"SELECT {', '.join(values)} FROM {quote(model._meta.db_table)} "
            f"WHERE {pk} BETWEEN %s AND %s ORDER BY {pk}",
            [*tail, first, last],
        )
    return True


def insert_history(
    model: type[models.Model],
    records: Sequence[Any],
    history_type: str = "+",
    *,
    user: Any = None,
    reason: str | None = None,
    date: dt.datetime | None = None,
) -> None:
    """One history row of `history_type` for each record, dated `date` (now by default).

    A record is a saved instance of `model`, or anything with the model's attnames as
    attributes (id, person_id, …), such as the demo's named-tuple rows."""
    if not records:
        return
    with _announced(model):
        _insert_history(model, records, history_type, user, reason, date)


def _insert_history(model, records, history_type, user, reason, date) -> None:
    history = get_history_model_for_model(model)
    connection = _connection(history)
    tracked, constant, tail = _history_columns(
        history, connection, history_type, user, reason, date
    )
    chunks = _db_rows(connection, records, tracked)
    _write_chunks(
        connection,
        history,
        [f.column for f in (*tracked, *constant)],
        ([row + tail for row in rows] for rows in chunks) if tail else chunks,
    )


def _history_columns(
    history: type[models.Model],
    connection,
    history_type: str,
    user: Any,
    reason: str | None,
    date: dt.datetime | None,
):
    """(the tracked fields, the other fields, their database values): the latter are the
    same on every history row (type, user, reason, date), converted once."""
    tracked_names = {f.attname for f in history.tracked_fields}
    fields = [f for f in history._meta.concrete_fields if not f.primary_key]  # history_id is auto
    tracked = [f for f in fields if f.attname in tracked_names]
    fixed = {
        "history_date": date or timezone.now(),
        "history_type": history_type,
        "history_change_reason": reason,
        "history_user_id": _author_id(user),
    }
    constant = [f for f in fields if f.attname not in tracked_names]
    tail = tuple(
        f.get_db_prep_save(fixed.get(f.attname, f.get_default()), connection) for f in constant
    )
    return tracked, constant, tail


def _author_id(user: Any) -> int | None:
    """The given user's id; without one, the author simple_history would record for a
    save() here (HistoricalRecords.context: the request's user, or a command's author)."""
    if user is None:
        request = getattr(HistoricalRecords.context, "request", None)
        candidate = getattr(request, "user", None)
        user = candidate if getattr(candidate, "is_authenticated", False) else None
    return user.pk if user is not None else None


def write_rows(model: type[models.Model], columns: Sequence[str], rows: Sequence[Sequence]) -> None:
    """INSERT rows of ready database values (in the order of the column names `columns`)
    into model's table: COPY on PostgreSQL, one prepared executemany elsewhere."""
    _write_chunks(_connection(model), model, columns, [rows])


def _write_chunks(
    connection,
    model: type[models.Model],
    columns: Sequence[str],
    chunks: Iterable[Sequence[Sequence]],
) -> None:
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _copy(cursor, f"COPY {table} ({names}) FROM STDIN", chunks)
            return
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"
        for rows in chunks:  # lists: a generator would be copied whole by Django's tee()
            cursor.executemany(sql, rows)


@contextmanager
def roomy_cache() -> Iterator[None]:
    """SQLite: a large page cache while writing many rows. With the default 2 MB every
    insert into the name, award and history indexes misses the cache (the demo's 100,000
    people: 55 s → 29 s). Other backends: nothing to do."""
    db = connections[DEFAULT_DB_ALIAS]
    if db.vendor != "sqlite":
        yield
        return
    with db.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = int(cursor.fetchone()[0])
        cursor.execute("PRAGMA cache_size = -262144")  # KiB: an upper bound, not an allocation
    try:
        yield
    finally:
        with db.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {previous}")


def _connection(model: type[models.Model]):
    # The real connection object: django.db.connection is a proxy that costs a
    # thread-local lookup on every attribute access.
    return connections[router.db_for_write(model)]


def _update_by_copy(
    connection,
    model: type[models.Model],
    fields: list[models.Field],
    chunks: Iterable[Sequence[Sequence]],
) -> None:
    """PostgreSQL: COPY (pk, new values) into a temporary table, then one UPDATE … FROM."""
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    temp = quote(f"bulk_{model._meta.db_table}"[:60])
    columns = [pk, *(quote(f.column) for f in fields)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {temp} AS SELECT {', '.join(columns)} "
            f"FROM {table} WITH NO DATA"
        )
        _copy(cursor, f"COPY {temp} ({', '.join(columns)}) FROM STDIN", chunks)
        sets = ", ".join(f"{c} = {temp}.{c}" for c in columns[1:])
        cursor.execute(f"UPDATE {table} SET {sets} FROM {temp} WHERE {table}.{pk} = {temp}.{pk}")
        cursor.execute(f"DROP TABLE {temp}")


def _copy(cursor, sql: str, chunks: Iterable[Sequence[Sequence]]) -> None:
    """PostgreSQL: send the rows of every chunk through one COPY … FROM STDIN."""
    with cursor.cursor.copy(sql) as copy:
        for rows in chunks:
            for row in rows:
                copy.write_row(row)


def _db_rows(
    connection, records: Sequence[Any], fields: list[models.Field]
) -> Iterator[list[tuple]]:
    """The records as tuples of database values, as Field.get_db_prep_save would give them,
    in lists of up to _CHUNK."""
    get = attrgetter(*(f.attname for f in fields))
    if len(fields) == 1:  # attrgetter of one name gives the value, not a 1-tuple
        get = _one(get)
    checks = [(i, _as_is(f), _prep(f, connection)) for i, f in enumerate(fields)]
    return (
        _chunk_rows(list(map(get, records[i : i + _CHUNK])), checks)
        for i in range(0, len(records), _CHUNK)
    )


def _chunk_rows(rows: list[tuple], checks) -> list[tuple]:
    """Convert only the columns holding a value of a type the drivers do not take as is:
    one type() per value in C, instead of a Python call per value."""
    columns: list | None = None
    for i, as_is, prep in checks:
        if as_is is not None and _passes(set(map(type, map(itemgetter(i), rows))), *as_is):
            continue
        if columns is None:
            columns = list(zip(*rows, strict=True))
        columns[i] = list(map(prep, columns[i]))
    return rows if columns is None else list(zip(*columns, strict=True))


def _passes(types: set[type], kind: type, subclasses: bool) -> bool:
    types.discard(type(None))
    if subclasses:
        return all(issubclass(t, kind) for t in types)
    return types <= {kind}


def _as_is(field: models.Field) -> tuple[type, bool] | None:
    """(type, subclasses too) of the values get_db_prep_save returns unchanged, if any."""
    target = field.target_field if field.is_relation else field
    for base, kind, subclasses in _AS_IS:
        if isinstance(target, base) and all(
            getattr(type(target), name) is getattr(base, name) for name in _PREP_METHODS
        ):
            return kind, subclasses
    return None


def _prep(field: models.Field, connection) -> Callable[[Any], Any]:
    prep = field.get_db_prep_save
    return lambda value: prep(value, connection)


def _one(get: Callable[[Any], Any]) -> Callable[[Any], tuple]:
    return lambda record: (get(record),)


def _reserve_ids(connection, model: type[models.Model], count: int) -> list[int]:
    """`count` fresh primary keys, never used before (so no history is shared with a
    deleted row), taken inside the caller's transaction."""
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The sequence's name first: pg_get_serial_sequence() inside the generate_series
            # query would run once per id (100,000 ids: 0.5 s instead of 0.1 s).
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, column])
            sequence = cursor.fetchone()[0]
            cursor.execute(
                "SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, count]
            )
            return [row[0] for row in cursor.fetchall()]
        quote = connection.ops.quote_name
        cursor.execute(f"SELECT MAX({quote(column)}) FROM {quote(table)}")
        highest = cursor.fetchone()[0] or 0
        # AUTOINCREMENT tables remember ids of deleted rows in sqlite_sequence.
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        start = max(highest, row[0] if row else 0) + 1
        return list(range(start, start + count))
