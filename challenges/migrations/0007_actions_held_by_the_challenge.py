"""The challenge holds the actions that arose from it (a many-to-many here), instead of each
action pointing up at its challenge (actions are a floor below). Every existing link is
copied in SQL before actions 0013 drops the old column; backwards, copied back."""

from django.db import migrations, models

COPY = """
INSERT INTO challenges_challenge_actions (challenge_id, action_id)
SELECT challenge_id, id FROM actions_action WHERE challenge_id IS NOT NULL
"""
COPY_BACK = """
UPDATE actions_action SET challenge_id = link.challenge_id
FROM challenges_challenge_actions AS link WHERE link.action_id = actions_action.id
"""


class Migration(migrations.Migration):

    dependencies = [
        ("actions", "0012_plan_says_what_it_answers"),
        ("challenges", "0006_recommendations_move_out"),
    ]

    operations = [
        migrations.AddField(
            model_name="challenge",
            name="actions",
            field=models.ManyToManyField(blank=True, related_name="challenges",
                                         to="actions.action"),
        ),
        migrations.RunSQL(COPY, COPY_BACK, elidable=False),
    ]
