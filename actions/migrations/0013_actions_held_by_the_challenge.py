"""An action no longer points up at the challenge it arose from: the challenge holds the link
(challenges 0007 copied every one before this drops the column)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("actions", "0012_plan_says_what_it_answers"),
        ("challenges", "0007_actions_held_by_the_challenge"),
    ]

    operations = [
        migrations.RemoveField(model_name="action", name="challenge"),
    ]
