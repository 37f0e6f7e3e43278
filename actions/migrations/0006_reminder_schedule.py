"""The reminder schedule lives in the database (django-celery-beat): every day at 07:00
London time. A business manager or support can change it in the admin without a release."""

from django.db import migrations


def schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="7", day_of_week="*", day_of_month="*", month_of_year="*",
        timezone="Europe/London",
    )
    PeriodicTask.objects.update_or_create(
        name="Action reminders and weekly digests",
        defaults={"task": "actions.tasks.send_action_reminders", "crontab": crontab,
                  "enabled": True},
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name="Action reminders and weekly digests").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0005_reminder_run"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(schedule, unschedule)]
