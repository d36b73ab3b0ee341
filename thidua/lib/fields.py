"""Model fields shared by the apps."""

from __future__ import annotations

from django.db import models


class SortKeyField(models.CharField):
    """A CharField compared byte by byte on every database.

    Keys made by thidua.lib.vntext are ASCII in Vietnamese order; PostgreSQL's default
    locale collation would reorder their punctuation, so the column uses collation "C"
    there (SQLite compares bytes already).
    """

    def db_parameters(self, connection):
        params = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            params["collation"] = "C"
        return params
