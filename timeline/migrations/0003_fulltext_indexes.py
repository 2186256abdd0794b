"""GIN indexes for the timeline's full-text search (PostgreSQL only; SQLite uses a substring fallback).

The expressions match what django.contrib.postgres's SearchVector(field, config="english") generates in
timeline.selectors._text_search, so the planner can use them for `@@ websearch_to_tsquery(...)`.
"""

from django.db import migrations

INDEXES = [
    ("event_title_fts", "timeline_event", "title"),
    ("mention_sentence_fts", "timeline_mention", "sentence"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"USING GIN (to_tsvector('english'::regconfig, COALESCE({column}, '')))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _, _ in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("timeline", "0002_seed_gazetteer")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
