from datetime import date

from celery import shared_task

from boards import notices

from . import reminders
from .models import Challenge


@shared_task
def notify_challenged(challenge_id: int) -> int:
    """Kept for messages queued before the outbox: it queues, and the sweep sends."""
    challenge = Challenge.objects.select_related("board").get(pk=challenge_id)
    queued = reminders.notify_challenged(challenge)
    notices.sweep()
    return queued


@shared_task(acks_late=True)
def send_challenge_reminders(today: str | None = None) -> dict:
    """Queues the day's reminders, then sends them (beat's sweep sends any left)."""
    counts = reminders.send_challenge_reminders(date.fromisoformat(today) if today else None)
    notices.sweep()
    return counts
