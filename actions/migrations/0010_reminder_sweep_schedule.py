"""The sweep that sends every due reminder, whichever run queued it, runs every 3 minutes
(django-celery-beat, so it can be changed in the admin). The 07:00 run still decides what is
wanted each day; the sweep is what makes a crash, a lost task or a mail outage a delay."""

from django.db import migrations

NAME = "Send due action reminders"


def schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every, _ = IntervalSchedule.objects.get_or_create(every=3, period="minutes")
    PeriodicTask.objects.update_or_create(
        name=NAME,
        defaults={"task": "actions.tasks.sweep_action_reminders", "interval": every,
                  "crontab": None, "enabled": True},
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0009_reminder_delivery"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(schedule, unschedule)]
