from datetime import date

from celery import shared_task

from . import reminders


@shared_task(acks_late=True)
def send_indicator_reminders(today: str | None = None) -> dict:
    return reminders.send_indicator_reminders(date.fromisoformat(today) if today else None)
