"""The GIN index of the rules' search tokens (regulations.search), on PostgreSQL only: SQLite searches with LIKE."""

from typing import Any

from django.db import migrations

INDEX = "regulations_rule_grams_gin"


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON regulations_rule USING gin (to_tsvector('simple', search_grams))")


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("regulations", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
