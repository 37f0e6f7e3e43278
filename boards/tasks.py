"""Celery tasks: thin wrappers that load the rows and call notices.send_once."""

from celery import shared_task
from django.utils import timezone

from .calendar import meeting_ics
from .models import Meeting, MinutesStatus, Person
from .notices import send_once


def _members(board):
    return Person.objects.filter(
        memberships__in=board.memberships.current(), is_active=True
    ).distinct()


@shared_task
def send_meeting_invitations(meeting_id: int) -> int:
    meeting = Meeting.objects.select_related("board").get(pk=meeting_id)
    if meeting.starts_at < timezone.now():
        return 0
    ics = meeting_ics(meeting)
    sent = 0
    for person in _members(meeting.board):
        sent += send_once(
            kind="meeting_invitation", key=f"meeting:{meeting.pk}", recipient=person,
            subject=f"Invitation: {meeting}",
            reason=f"you are a member of {meeting.board}",
            template="boards/email/meeting_invitation", context={"meeting": meeting},
            attachments=[("invite.ics", ics, "text/calendar")],
        )
    return sent


@shared_task
def send_minutes_circulated(meeting_id: int) -> int:
    meeting = Meeting.objects.select_related("board").get(pk=meeting_id)
    if meeting.minutes_status != MinutesStatus.CIRCULATED:
        return 0  # approved meanwhile: nobody needs asking for comments any more
    sent = 0
    for person in _members(meeting.board):
        sent += send_once(
            kind="minutes_circulated", key=f"meeting:{meeting.pk}", recipient=person,
            subject=f"Draft minutes for comment: {meeting}",
            reason=f"you are a member of {meeting.board} and its draft minutes were circulated",
            template="boards/email/minutes_circulated", context={"meeting": meeting},
        )
    return sent
