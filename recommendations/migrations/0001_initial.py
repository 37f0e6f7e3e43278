"""Recommendations and their sources move out of the challenge log's app into their own.

State only: the models are the tables they always were (still named challenges_...), so
nothing is copied here; 0002 renames the tables and moves their content types, and
challenges 0006 forgets the models on its side."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('actions', '0011_history_into_boards'),
        ('challenges', '0005_cites_indicators'),
        ('boards', '0007_history'),
        ('performance', '0004_cited_links_move_up'),
    ]

    operations = [migrations.SeparateDatabaseAndState(database_operations=[], state_operations=[
        migrations.CreateModel(
            name='RecommendationSource',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('inspection', 'Inspection'), ('peer_review', 'Peer review'), ('serious_case_review', 'Serious case review'), ('critical_incident_review', 'Critical incident review'), ('audit', 'Audit'), ('development_day', 'Development day'), ('scrutiny', 'Scrutiny committee'), ('other', 'Other')], max_length=30)),
                ('title', models.CharField(max_length=300)),
                ('body', models.CharField(help_text='Who made it, e.g. Ofsted, the LGA.', max_length=300)),
                ('made_on', models.DateField()),
                ('document', models.FileField(blank=True, max_length=200, upload_to='recommendation-sources/')),
                ('document_name', models.CharField(blank=True, max_length=255)),
                ('summary', models.TextField(blank=True, max_length=20000)),
                ('is_confidential', models.BooleanField(default=False)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('board', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='recommendation_sources', to='boards.board')),
            ],
            options={
                'ordering': ['-made_on'],
                'db_table': 'challenges_recommendationsource',
            },
        ),
        migrations.CreateModel(
            name='Recommendation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.CharField(max_length=20)),
                ('sort_key', models.CharField(editable=False, max_length=60)),
                ('text', models.TextField(max_length=10000)),
                ('acceptance', models.CharField(choices=[('accepted', 'Accepted'), ('accepted_in_part', 'Accepted in part'), ('not_accepted', 'Not accepted')], default='accepted', max_length=20)),
                ('acceptance_reason', models.TextField(blank=True, help_text='Required when not accepted, or accepted only in part: annual reports say why.', max_length=5000)),
                ('evidence', models.TextField(blank=True, max_length=10000, verbose_name='evidence')),
                ('version', models.PositiveIntegerField(db_default=1, default=1, editable=False)),
                ('actions', models.ManyToManyField(blank=True, related_name='recommendations', to='actions.action')),
                ('indicators', models.ManyToManyField(blank=True, db_table='performance_indicator_recommendations', related_name='recommendations', to='performance.indicator')),
                ('source', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='recommendations', to='recommendations.recommendationsource')),
            ],
            options={
                'ordering': ['source', 'sort_key'],
                'db_table': 'challenges_recommendation',
                'constraints': [models.UniqueConstraint(fields=('source', 'number'), name='recommendation_number_unique_in_source'), models.CheckConstraint(condition=models.Q(('acceptance', 'accepted'), models.Q(('acceptance_reason', ''), _negated=True), _connector='OR'), name='recommendation_reason_when_not_fully_accepted', violation_error_message='Say why it was not accepted in full.')],
            },
        ),
    ])]
