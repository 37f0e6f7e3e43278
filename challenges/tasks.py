from datetime import date

from celery import shared_task

from . import reminders
from .models import Challenge


@shared_task
def notify_challenged(challenge_id: int) -> int:
    challenge = Challenge.objects.select_related("board").get(pk=challenge_id)
    return reminders.notify_challenged(challenge)


@shared_task(acks_late=True)
def send_challenge_reminders(today: str | None = None) -> dict:
    return reminders.send_challenge_reminders(date.fromisoformat(today) if today else None)
