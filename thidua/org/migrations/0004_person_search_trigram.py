"""On PostgreSQL, a trigram index lets `search_key LIKE '%…%'` (accent-free name search) use an
index instead of scanning every person. Needs the pg_trgm extension; where the database user may
not create it, the search still works, only without this index."""
from __future__ import annotations

from django.db import migrations, transaction


def _create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            with schema_editor.connection.cursor() as cursor:
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                cursor.execute(
                    "CREATE INDEX IF NOT EXISTS person_search_trgm ON org_person "
                    "USING gin (search_key gin_trgm_ops)"
                )
    except Exception:  # noqa: BLE001 — no privilege to create the extension: keep the plain index
        pass


def _drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS person_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("org", "0003_person_sort_index")]
    operations = [migrations.RunPython(_create, _drop)]
