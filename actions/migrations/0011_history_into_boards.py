"""The action history joins the one history of every record (boards.History): its rows are
copied in one INSERT … SELECT (no row passes through Python, however many there are), then its
own table, with the trigger that kept it append-only, is dropped. boards.History is append-only
by the same trigger. Undone, the rows are copied back into a new actions_actionhistory (the
copies in boards.History stay: that table refuses deletes), and a row already copied is not
copied twice when it is done again."""

from django.conf import settings
from django.db import migrations

COPY = """
INSERT INTO boards_history (content_type_id, object_id, board_id, changed_by_id, changed_at,
                            event, changes)
SELECT %s, h.action_id, a.board_id, h.changed_by_id, h.changed_at, h.event, h.changes
FROM actions_actionhistory h JOIN actions_action a ON a.id = h.action_id
WHERE NOT EXISTS (
    SELECT 1 FROM boards_history b
    WHERE b.content_type_id = %s AND b.object_id = h.action_id
      AND b.changed_at = h.changed_at AND b.event = h.event
)
ORDER BY h.id
"""
COPY_BACK = """
INSERT INTO actions_actionhistory (action_id, changed_by_id, changed_at, event, changes)
SELECT object_id, changed_by_id, changed_at, substr(event, 1, 40), changes
FROM boards_history WHERE content_type_id = %s
ORDER BY id
"""
APPEND_ONLY = """
CREATE OR REPLACE FUNCTION actions_history_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the action history cannot be changed or deleted';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER actions_history_append_only
    BEFORE UPDATE OR DELETE ON actions_actionhistory
    FOR EACH ROW EXECUTE FUNCTION actions_history_is_append_only();
"""


def _action_type(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label="actions", model="action")[0].pk


def copy(apps, schema_editor):
    action_type = _action_type(apps)
    schema_editor.execute(COPY, [action_type, action_type])


def copy_back(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY)
    schema_editor.execute(COPY_BACK, [_action_type(apps)])


def drop_function(apps, schema_editor):
    """The trigger went with its table; its function is left alone."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS actions_history_is_append_only()")


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0010_reminder_sweep_schedule"),
        ("boards", "0007_history"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(copy, copy_back),
        migrations.DeleteModel(name="ActionHistory"),
        migrations.RunPython(drop_function, migrations.RunPython.noop),
    ]
