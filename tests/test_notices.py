"""Invitations go once per meeting and member however often the task runs, and the ledger
says what went to whom and why."""

import pytest
from django.core import mail

from boards.models import Notice, NoticeStatus
from boards.tasks import send_meeting_invitations

from .factories import MeetingFactory, aware

pytestmark = pytest.mark.django_db


def test_invitations_go_once_to_each_member_with_the_ics_attached(cast):
    meeting = MeetingFactory(board=cast.board, starts_at=aware(2027, 1, 20),
                             ends_at=aware(2027, 1, 20, 16))
    assert send_meeting_invitations(meeting.pk) == 5
    assert send_meeting_invitations(meeting.pk) == 0  # the task ran twice: nothing more sent

    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        p.email for p in (cast.chair, cast.manager, cast.partner, cast.lay_member, cast.adviser)
    )
    message = mail.outbox[0]
    assert message.attachments[0][0] == "invite.ics"
    html = message.alternatives[0][0]
    assert f"/meetings/{meeting.pk}/" in message.body and f"/meetings/{meeting.pk}/" in html
    assert "You are receiving this because you are a member of Wirral Improvement Board" in (
        message.body
    )
    assert Notice.objects.filter(status=NoticeStatus.SENT).count() == 5


def test_a_notice_left_pending_by_a_dead_worker_is_sent_by_the_next_run(cast):
    meeting = MeetingFactory(board=cast.board, starts_at=aware(2027, 1, 20),
                             ends_at=aware(2027, 1, 20, 16))
    # A worker claimed the chair's invitation long ago and died before sending it.
    Notice.objects.create(kind="meeting_invitation", key=f"meeting:{meeting.pk}",
                          recipient=cast.chair, subject="x", reason="x",
                          claimed_at=aware(2026, 1, 1))
    send_meeting_invitations(meeting.pk)
    assert cast.chair.email in [m.to[0] for m in mail.outbox]
    assert len(mail.outbox) == 5


def test_past_meetings_send_no_invitations(cast):
    meeting = MeetingFactory(board=cast.board)
    assert send_meeting_invitations(meeting.pk) == 0
