"""On PostgreSQL the action history is append-only: a trigger refuses UPDATE and DELETE, so
not even a bug or a raw query can rewrite what happened. (SQLite, the local demo, relies on
the app never editing it.)"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION actions_history_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the action history cannot be changed or deleted';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER actions_history_append_only
    BEFORE UPDATE OR DELETE ON actions_actionhistory
    FOR EACH ROW EXECUTE FUNCTION actions_history_is_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS actions_history_append_only ON actions_actionhistory;
DROP FUNCTION IF EXISTS actions_history_is_append_only();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("actions", "0003_tracker")]
    operations = [migrations.RunPython(create, drop)]
