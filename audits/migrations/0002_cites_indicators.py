"""An audit holds its links to the indicators it cites, in the same table as before
(performance 0004 gave it up): nothing in the database changes."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("audits", "0001_initial"),
        ("performance", "0004_cited_links_move_up"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.AddField(
                model_name="audit", name="indicators",
                field=models.ManyToManyField(blank=True, related_name="audits",
                                             db_table="performance_indicator_audits",
                                             to="performance.indicator"),
            ),
        ]),
    ]
