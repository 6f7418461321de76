"""Trigram indexes for the case list's search box at a million cases (issue #8).

The search is ``number = q (case-insensitive) OR title ILIKE %q% OR chronology ILIKE
%q%`` (``selectors.apply_filter``), which Django writes as ``UPPER(col::text) LIKE
UPPER(%q%)``. Without an index every search read all case rows (Kanwil search count
2.5 s, Pusat 8.3 s at 1 M cases). On PostgreSQL: ``pg_trgm`` GIN indexes on the same
expressions and a B-tree on ``UPPER(number)``, so the three branches combine in a
BitmapOr. ``pg_trgm`` is a trusted extension (the database owner may create it). On
SQLite nothing is done (a pilot's data fits a scan).
"""

from django.db import migrations

STATEMENTS = [
    ("", "CREATE EXTENSION IF NOT EXISTS pg_trgm"),
    ("cases_search_title",
     "CREATE INDEX IF NOT EXISTS cases_search_title ON cases_case "
     "USING gin (UPPER(title::text) gin_trgm_ops)"),
    ("cases_search_chronology",
     "CREATE INDEX IF NOT EXISTS cases_search_chronology ON cases_case "
     "USING gin (UPPER(chronology::text) gin_trgm_ops)"),
    ("cases_search_number",
     "CREATE INDEX IF NOT EXISTS cases_search_number ON cases_case (UPPER(number::text))"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _name, sql in STATEMENTS:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _sql in STATEMENTS:
        if name:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0009_case_list_scope_indexes")]

    operations = [migrations.RunPython(create, drop)]
