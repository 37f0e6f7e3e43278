"""Celery tasks. The notices' sweep is the one that sends; the other two are kept for
messages queued before the outbox (they only queue, and the sweep sends)."""

from celery import shared_task

from . import letters, notices
from .models import Meeting


@shared_task(acks_late=True)
def sweep_notices() -> dict:
    """Every two minutes (beat), and just after an event queues notices."""
    return notices.sweep()


@shared_task
def send_meeting_invitations(meeting_id: int) -> int:
    meeting = Meeting.objects.select_related("board").get(pk=meeting_id)
    queued = letters.queue_meeting_invitations(meeting)
    notices.sweep()
    return queued


@shared_task
def send_minutes_circulated(meeting_id: int) -> int:
    meeting = Meeting.objects.select_related("board").get(pk=meeting_id)
    queued = letters.queue_minutes_circulated(meeting)
    notices.sweep()
    return queued
