from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("actions", "0004_history_append_only")]

    operations = [
        migrations.AddField(
            model_name="reminder",
            name="run",
            field=models.UUIDField(blank=True, null=True),
        ),
    ]
