"""A challenge and a recommendation hold their links to the indicators they cite, in the same
tables as before (performance 0004 gave them up): nothing in the database changes."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("challenges", "0004_version_for_edits"),
        ("performance", "0004_cited_links_move_up"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.AddField(
                model_name="challenge", name="indicators",
                field=models.ManyToManyField(blank=True, related_name="challenges",
                                             db_table="performance_indicator_challenges",
                                             to="performance.indicator"),
            ),
            migrations.AddField(
                model_name="recommendation", name="indicators",
                field=models.ManyToManyField(blank=True, related_name="recommendations",
                                             db_table="performance_indicator_recommendations",
                                             to="performance.indicator"),
            ),
        ]),
    ]
