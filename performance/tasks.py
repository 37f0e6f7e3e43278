from datetime import date

from celery import shared_task

from boards import notices

from . import reminders


@shared_task(acks_late=True)
def send_indicator_reminders(today: str | None = None) -> dict:
    """Queues the day's reminders, then sends them (beat's sweep sends any left)."""
    counts = reminders.send_indicator_reminders(date.fromisoformat(today) if today else None)
    notices.sweep()
    return counts
