"""A mail server down for an hour and a half (issue 10): mail flows again within one sweep of
its return, not after the hours of back-off a refused message earns. While it is down each
sweep knocks a few times and stops; no row uses up its attempts or is given up; and the
business manager's reminders page says mail is late, with the server's last answer."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Reminder
from actions.reminders import send_action_reminders, sweep
from boards import letters, notices
from boards.mailing import SERVER_STRIKES
from boards.models import Notice, NoticeStatus

from .factories import ActionFactory, MeetingFactory, PersonFactory, aware
from .faults import free_port

pytestmark = pytest.mark.django_db

MONDAY = date(2017, 5, 8)
OUTAGE = timedelta(minutes=90)
SWEEPS_EVERY = timedelta(minutes=3)


def test_reminders_flow_again_within_one_sweep_of_a_long_outage(cast, smtp, client_for):
    leads = [PersonFactory(agency=cast.police, email=f"lead{i}@police.example.org")
             for i in range(6)]
    for lead in leads:
        ActionFactory(board=cast.board, lead_person=lead, lead_agency=cast.police,
                      created_by=cast.manager, due_on=MONDAY - timedelta(days=2))
    smtp.mode = "drop"  # the server hangs up on every message
    start = timezone.now()
    send_action_reminders(MONDAY)
    sweeps = 1
    assert len(smtp.received) == SERVER_STRIKES  # it stopped knocking
    page = client_for(cast.manager).get(
        reverse("actions:board_reminders", args=[cast.board.pk])).content.decode()
    assert "late and will be tried again" in page and "SMTPServerDisconnected" in page
    assert "Waiting for the mail server" in page

    now = start
    while now - start < OUTAGE:
        now += SWEEPS_EVERY
        sweep(MONDAY, now=now)
        sweeps += 1
    assert len(smtp.received) <= SERVER_STRIKES * sweeps
    assert not smtp.accepted
    assert not Reminder.objects.filter(failed_at__isnull=False).exists()
    assert set(Reminder.objects.values_list("attempts", flat=True)) == {0}

    smtp.mode = "accept"
    sweep(MONDAY, now=now + SWEEPS_EVERY)  # the first sweep after the server is back
    assert not Reminder.objects.filter(sent_at__isnull=True).exists()
    assert {m.to[0] for m in smtp.accepted} == {
        *(lead.email for lead in leads), cast.manager.email, cast.chair.email}
    page = client_for(cast.manager).get(
        reverse("actions:board_reminders", args=[cast.board.pk])).content.decode()
    assert "late and will be tried again" not in page


def test_notices_flow_again_within_one_sweep_of_a_long_outage(cast, smtp, settings):
    meeting = MeetingFactory(board=cast.board, starts_at=aware(2099, 1, 20, 14),
                             ends_at=aware(2099, 1, 20, 16))
    settings.EMAIL_PORT = free_port()  # nothing listens there: the connection is refused
    letters.queue_meeting_invitations(meeting)
    start = now = timezone.now()
    while now - start < OUTAGE:
        counts = notices.sweep(now)
        assert counts[notices.WAITING_FOR_SERVER] <= SERVER_STRIKES and not counts["sent"]
        now += timedelta(minutes=2)
    assert set(Notice.objects.values_list("status", "attempts")) == {(NoticeStatus.PENDING, 0)}
    assert "Connection refused" in Notice.objects.exclude(last_error="").first().last_error

    settings.EMAIL_PORT = smtp.port
    assert notices.sweep(now + timedelta(minutes=2))["sent"] == 5
    assert not Notice.objects.exclude(status=NoticeStatus.SENT).exists()


def test_a_refusal_of_one_message_is_not_taken_for_the_server_being_down(cast, smtp):
    """A 5xx for one recipient is that message's failure: its back-off, and the sweep goes on
    to everyone else."""
    meeting = MeetingFactory(board=cast.board, starts_at=aware(2099, 1, 20, 14),
                             ends_at=aware(2099, 1, 20, 16))
    smtp.modes_for = {cast.chair.email: "refuse", cast.partner.email: "refuse",
                      cast.adviser.email: "refuse"}
    smtp.refusal = "550 5.1.1 No such user"
    letters.queue_meeting_invitations(meeting)
    counts = notices.sweep()
    assert (counts["sent"], counts["pending"], counts[notices.WAITING_FOR_SERVER]) == (2, 3, 0)
    assert set(Notice.objects.filter(status=NoticeStatus.PENDING)
               .values_list("attempts", flat=True)) == {1}
