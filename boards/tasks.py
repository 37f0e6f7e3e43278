"""Celery tasks. The notices' sweep is the one that sends; the other two are kept for
messages queued before the outbox (they only queue, and the sweep sends)."""

from celery import shared_task

from . import letters, notices
from .models import Meeting
from .notices import sweep_notices  # beat and tests know it by this module

__all__ = ["send_meeting_invitations", "send_minutes_circulated", "sweep_notices"]




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
