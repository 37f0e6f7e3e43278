"""Recommendations and their sources now live in the recommendations app (its 0001 took them
over, tables and all): the challenge log forgets them. State only: nothing is dropped."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('challenges', '0005_cites_indicators'),
        ('recommendations', '0001_initial'),
    ]

    operations = [migrations.SeparateDatabaseAndState(database_operations=[], state_operations=[
        migrations.RemoveField(
            model_name='recommendationsource',
            name='board',
        ),
        migrations.DeleteModel(
            name='Recommendation',
        ),
        migrations.DeleteModel(
            name='RecommendationSource',
        ),
    ])]
