"""Set-based writes for the two big generated tables (yearly results and awards).

Over 100,000 people × 15 years these hold millions of rows; building a model instance per
row and sending it through bulk_create was most of the build time. Here a row is a plain
named tuple whose id is assigned by the writer (the build runs alone, inside one
transaction, so max(id) + 1 onwards is free), written in chunks by thidua.lib.bulk.write_rows
(COPY on PostgreSQL, executemany on SQLite); the history rows come from the same tuples
through thidua.lib.bulk.insert_history. On PostgreSQL the id sequence is moved past the new
rows at the end.
"""

from __future__ import annotations

import datetime as dt
from collections import namedtuple
from collections.abc import Sequence

from django.core.management.color import no_style
from django.db import connections, models, router
from django.db.models import Max

from thidua.lib.bulk import insert_history, write_rows

CHUNK = 20_000


class RowWriter:
    """Rows of one model: `row(**values)` makes one (fields left out take their default),
    `write(rows)` inserts them with their history, `finish()` fixes the id sequence."""

    def __init__(
        self, model: type[models.Model], *, history: bool, stamp: dt.datetime, reason: str
    ):
        self.model, self.history, self.stamp, self.reason = model, history, stamp, reason
        self.connection = connections[router.db_for_write(model)]
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        defaults = {f.attname: f.get_db_prep_save(f.get_default(), self.connection) for f in fields}
        self._defaults = defaults
        self.Row = namedtuple(f"{model.__name__}Row", ["id", *defaults])
        self.columns = [f.column for f in (model._meta.pk, *fields)]
        self.next_id = (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
        self.written = 0

    def row(self, **values) -> tuple:
        """One row with the next id; values are attnames (person_id, award_type_id …)."""
        unknown = values.keys() - self._defaults.keys()
        if unknown:
            raise TypeError(f"{self.model.__name__} has no column {sorted(unknown)}")
        row = self.Row(self.next_id, **{**self._defaults, **values})
        self.next_id += 1
        return row

    def write(self, rows: Sequence[tuple]) -> None:
        for i in range(0, len(rows), CHUNK):
            write_rows(self.model, self.columns, rows[i : i + CHUNK])
        if self.history:
            insert_history(self.model, rows, reason=self.reason, date=self.stamp)
        self.written += len(rows)

    def finish(self) -> None:
        """PostgreSQL hands out ids from a sequence that did not see these inserts."""
        statements = self.connection.ops.sequence_reset_sql(no_style(), [self.model])
        if statements:
            with self.connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
