"""One-off notices go through an outbox: a row written with the event, sent by a sweep once per
event and recipient, as things are when it is sent; a failing mail server delays them, a lost
broker message does not lose them, and what could not be sent is shown to the business
manager."""

import threading
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from boards import letters, notices, services
from boards.mailing import MAX_ATTEMPTS, RETRY_DELAYS, SERVER_RETRY, message_id
from boards.models import MinutesStatus, Notice, NoticeStatus
from boards.tasks import send_meeting_invitations, sweep_notices

from .factories import MeetingFactory, MembershipFactory, PersonFactory, aware

pytestmark = pytest.mark.django_db

FUTURE = {"starts_at": aware(2099, 1, 20, 14), "ends_at": aware(2099, 1, 20, 16)}


def members(cast):
    return (cast.chair, cast.manager, cast.partner, cast.lay_member, cast.adviser)


def test_invitations_go_once_to_each_member_with_the_ics_attached(cast):
    meeting = MeetingFactory(board=cast.board, **FUTURE)
    assert letters.queue_meeting_invitations(meeting) == 5
    assert letters.queue_meeting_invitations(meeting) == 0  # queued twice: one row each
    assert notices.sweep()["sent"] == 5
    assert notices.sweep()["sent"] == 0  # the sweep ran twice: nothing more sent

    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in members(cast))
    message = mail.outbox[0]
    assert message.attachments[0][0] == "invite.ics"
    html = message.alternatives[0][0]
    assert f"/meetings/{meeting.pk}/" in message.body and f"/meetings/{meeting.pk}/" in html
    assert "You are receiving this because you are a member of Wirral Improvement Board" in (
        message.body
    )
    assert Notice.objects.filter(status=NoticeStatus.SENT).count() == 5


def test_a_notice_queued_with_the_event_survives_a_lost_broker_message(
        cast, django_capture_on_commit_callbacks):
    # The meeting is scheduled; the message asking a worker to send at once is lost (the
    # after-commit callback never runs).
    with django_capture_on_commit_callbacks(execute=False) as asked:
        meeting = services.meeting_schedule(board=cast.board, created_by=cast.manager,
                                            kind="ordinary", venue="Birkenhead", **FUTURE)
    assert len(asked) == 1
    assert Notice.objects.filter(key=f"meeting:{meeting.pk}").count() == 5
    assert not mail.outbox

    assert notices.sweep()["sent"] == 5  # beat's sweep, minutes later
    notices.sweep()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in members(cast))


def test_a_notice_left_claimed_by_a_dead_worker_is_sent_by_the_next_sweep(cast):
    meeting = MeetingFactory(board=cast.board, **FUTURE)
    letters.queue_meeting_invitations(meeting)
    # A worker claimed the chair's invitation and died before sending it.
    chair = Notice.objects.filter(recipient=cast.chair)
    chair.update(claimed_at=timezone.now())
    notices.sweep()
    assert cast.chair.email not in [m.to[0] for m in mail.outbox]  # it may still be sending
    chair.update(claimed_at=timezone.now() - notices.CLAIM_EXPIRES - timedelta(seconds=1))
    notices.sweep()
    assert cast.chair.email in [m.to[0] for m in mail.outbox]
    assert len(mail.outbox) == 5


def test_the_task_kept_for_old_messages_queues_and_sends(cast):
    meeting = MeetingFactory(board=cast.board, **FUTURE)
    assert send_meeting_invitations(meeting.pk) == 5
    assert send_meeting_invitations(meeting.pk) == 0
    assert len(mail.outbox) == 5


def test_the_sweep_is_scheduled_every_two_minutes_in_the_database():
    task = PeriodicTask.objects.get(task="boards.tasks.sweep_notices")
    assert task.enabled and (task.interval.every, task.interval.period) == (2, "minutes")
    assert sweep_notices.acks_late


def test_an_invitation_to_a_past_meeting_is_not_sent(cast):
    meeting = MeetingFactory(board=cast.board)  # 2017
    letters.queue_meeting_invitations(meeting)
    assert notices.sweep()["not_needed"] == 5
    assert not mail.outbox
    assert set(Notice.objects.values_list("not_needed_because", flat=True)) == {
        "the meeting has started or is past"}


def test_circulated_minutes_approved_before_the_sweep_are_not_sent(cast):
    earlier = MeetingFactory(board=cast.board, starts_at=aware(2026, 1, 10, 14),
                             ends_at=aware(2026, 1, 10, 16))
    later = MeetingFactory(board=cast.board, **FUTURE)
    services.minutes_circulate(meeting=earlier, by=cast.manager)
    assert Notice.objects.filter(kind=letters.MINUTES_CIRCULATED).count() == 5
    services.minutes_approve(meeting=earlier, at_meeting=later, amendments="", by=cast.chair)
    earlier.refresh_from_db()
    assert earlier.minutes_status == MinutesStatus.APPROVED

    notices.sweep()
    assert not [m for m in mail.outbox if "Draft minutes" in m.subject]
    assert {(n.status, n.not_needed_because) for n in Notice.objects.filter(
        kind=letters.MINUTES_CIRCULATED)} == {
        (NoticeStatus.NOT_NEEDED, "the minutes are no longer out for comment (approved)")}


def test_a_member_who_left_the_board_before_the_sweep_is_not_sent_the_invitation(cast):
    meeting = MeetingFactory(board=cast.board, **FUTURE)
    letters.queue_meeting_invitations(meeting)
    cast.adviser.memberships.update(ends_on=timezone.localdate() - timedelta(days=1))
    notices.sweep()
    assert cast.adviser.email not in [m.to[0] for m in mail.outbox]
    assert len(mail.outbox) == 4


def test_a_refused_notice_is_retried_with_back_off_then_failed_and_shown_to_the_manager(
        cast, smtp, client_for):
    smtp.mode = "refuse"
    meeting = MeetingFactory(board=cast.board, **FUTURE)
    notices.queue(kind=letters.MEETING_INVITATION, key=f"meeting:{meeting.pk}",
                  recipients=[cast.partner], board=cast.board,
                  reason=f"you are a member of {cast.board}")
    notice = Notice.objects.get()
    now = timezone.now()
    notices.sweep(now)
    notice.refresh_from_db()
    assert (notice.status, notice.attempts, notice.retry_at) == (
        NoticeStatus.PENDING, 1, now + RETRY_DELAYS[0])
    assert "451" in notice.last_error and "Try again later" in notice.last_error
    assert notices.sweep(now)["pending"] == 0  # not due again before its back-off

    for delay in RETRY_DELAYS:
        now += delay
        notices.sweep(now)
    notice.refresh_from_db()
    assert notice.attempts == MAX_ATTEMPTS and notice.status == NoticeStatus.FAILED
    assert notice.failed_at == now and notice.retry_at is None
    assert len(smtp.received) == MAX_ATTEMPTS
    assert not any(notices.sweep(now + timedelta(days=1)).values())

    page = client_for(cast.manager).get(
        reverse("actions:board_reminders", args=[cast.board.pk])).content.decode()
    assert "1 email could not be sent" in page
    assert "Meeting invitation" in page and str(cast.partner) in page
    assert "451 4.3.0 Try again later" in page
    other = client_for(cast.outsider).get(
        reverse("actions:board_reminders", args=[cast.board.pk]))
    assert other.status_code in (403, 404)


def test_a_notice_sent_again_is_the_same_message(cast, smtp):
    smtp.mode = "refuse"
    meeting = MeetingFactory(board=cast.board, **FUTURE)
    notices.queue(kind=letters.MEETING_INVITATION, key=f"meeting:{meeting.pk}",
                  recipients=[cast.partner], board=cast.board, reason="you are a member")
    now = timezone.now()
    notices.sweep(now)
    smtp.mode = "accept"
    notices.sweep(now + RETRY_DELAYS[0])
    notice = Notice.objects.get()
    assert [m.outcome for m in smtp.received] == ["refused", "accepted"]
    assert {m.message_id for m in smtp.received} == {message_id("notice", notice.pk)}
    assert (notice.status, notice.attempts) == (NoticeStatus.SENT, 2)


def test_a_hung_mail_server_times_out_and_the_next_recipient_still_gets_theirs(
        cast, smtp, settings):
    settings.EMAIL_TIMEOUT = 1
    smtp.hang_seconds = 10
    smtp.modes_for = {cast.chair.email: "hang"}
    meeting = MeetingFactory(board=cast.board, **FUTURE)
    letters.queue_meeting_invitations(meeting)
    started = time.monotonic()
    counts = notices.sweep()
    assert time.monotonic() - started < 8
    assert (counts["sent"], counts[notices.WAITING_FOR_SERVER]) == (4, 1)
    assert sorted(m.to[0] for m in smtp.accepted) == sorted(
        p.email for p in members(cast) if p != cast.chair)
    chair = Notice.objects.get(recipient=cast.chair)
    # The server, not the notice, was at fault: tried again soon, its attempts not used up.
    assert chair.attempts == 0 and "timed out" in chair.last_error
    assert chair.retry_at - timezone.now() <= SERVER_RETRY


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_each_notice_once(cast, smtp, monkeypatch):
    monkeypatch.setattr(notices, "_sweep_soon", lambda: None)  # only the two sweeps send
    for _ in range(15):
        MembershipFactory(board=cast.board, person=PersonFactory(), role="partner_member")
    meeting = MeetingFactory(board=cast.board, **FUTURE)
    queued = letters.queue_meeting_invitations(meeting)
    assert queued == 20
    start = threading.Barrier(2)
    outcomes = []

    def sweeper():
        try:
            start.wait()
            outcomes.append(notices.sweep())
        finally:
            connection.close()

    threads = [threading.Thread(target=sweeper) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sum(o["sent"] for o in outcomes) == 20
    assert all(o["sent"] for o in outcomes)  # both really sent some
    ids = [m.message_id for m in smtp.accepted]
    assert len(ids) == len(set(ids)) == 20
    assert Notice.objects.filter(status=NoticeStatus.SENT).count() == 20
