"""On PostgreSQL, forbid in the database any two memberships of one person on one board whose
dates overlap, and likewise two reporting lines of one board. (SQLite, the local demo, relies
on Membership.clean() and the one-open-membership unique constraint.)"""

from django.db import migrations

CONSTRAINTS = [
    (
        "boards_membership",
        "membership_no_overlap",
        "person_id WITH =, board_id WITH =, daterange(starts_on, ends_on, '[]') WITH &&",
    ),
    (
        "boards_reportingline",
        "reporting_line_no_overlap",
        "board_id WITH =, daterange(starts_on, ends_on, '[]') WITH &&",
    ),
]


def add(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    for table, name, spec in CONSTRAINTS:
        schema_editor.execute(
            f"ALTER TABLE {table} ADD CONSTRAINT {name} EXCLUDE USING gist ({spec})"
        )


def remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name, _spec in CONSTRAINTS:
        schema_editor.execute(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("boards", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]
