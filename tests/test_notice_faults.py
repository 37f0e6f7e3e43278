"""Notices through real faults (tests/faults.py): a private Redis, a real worker process and an
SMTP server that hangs. The outbox, not the broker, holds what is to be sent: a lost message
asking for a send, or a worker killed in the middle of one, delays a notice, never loses it,
and a notice sent again is the same message."""

import shutil
from datetime import timedelta

import pytest
from django.utils import timezone

from boards import letters, notices
from boards.mailing import message_id
from boards.models import Notice, NoticeStatus

from .factories import MeetingFactory, aware
from .faults import RedisServer, SmtpSink, Worker, send, wait_for

pytestmark = pytest.mark.django_db(transaction=True)

FUTURE = {"starts_at": aware(2099, 1, 20, 14), "ends_at": aware(2099, 1, 20, 16)}


@pytest.fixture
def redis_server(tmp_path):
    if not shutil.which("redis-server"):
        pytest.fail("These tests start their own Redis: apt-get install redis-server")
    with RedisServer(tmp_path) as server:
        yield server


@pytest.fixture
def lost_messages(monkeypatch):
    """Every message asking for a sweep straight after an event is lost."""
    monkeypatch.setattr(notices, "_sweep_soon", lambda: None)


def test_notices_whose_message_was_lost_are_sent_by_the_scheduled_sweep(
        cast, redis_server, tmp_path, lost_messages):
    meeting = MeetingFactory(board=cast.board, **FUTURE)
    assert letters.queue_meeting_invitations(meeting) == 5
    with SmtpSink() as sink, Worker(redis_server.url, tmp_path, email_url=sink.url) as worker:
        # What beat sends every two minutes.
        send(redis_server.url, "boards.tasks.sweep_notices", queue=worker.queue)
        assert wait_for(lambda: len(sink.accepted) == 5, 30), worker.log()[-3000:]
    assert Notice.objects.filter(status=NoticeStatus.SENT).count() == 5
    assert sorted(m.message_id for m in sink.accepted) == sorted(
        message_id("notice", pk) for pk in Notice.objects.values_list("pk", flat=True))


def test_a_worker_killed_while_sending_is_followed_by_the_same_message(
        cast, redis_server, tmp_path, lost_messages, settings):
    meeting = MeetingFactory(board=cast.board, **FUTURE)
    notices.queue(kind=letters.MEETING_INVITATION, key=f"meeting:{meeting.pk}",
                  recipients=[cast.partner], board=cast.board, reason="you are a member")
    with SmtpSink(mode="hang", hang_seconds=30) as sink:
        with Worker(redis_server.url, tmp_path, email_url=sink.url) as worker:
            send(redis_server.url, "boards.tasks.sweep_notices", queue=worker.queue)
            assert wait_for(lambda: len(sink.received) == 1, 30), worker.log()[-3000:]
            worker.kill()  # the message went out; whether it arrived, nobody recorded
        notice = Notice.objects.get()
        assert (notice.status, notice.claimed_at is not None) == (NoticeStatus.PENDING, True)

        # Another sweep leaves it alone while the claim may still be a live worker's...
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        sink.mode = "accept"
        assert notices.sweep()["sent"] == 0
        # ...and sends it once the claim has expired: the same message, by its Message-ID.
        Notice.objects.update(claimed_at=timezone.now() - notices.CLAIM_EXPIRES
                              - timedelta(seconds=1))
        assert notices.sweep()["sent"] == 1
    assert [m.outcome for m in sink.received] == ["hung", "accepted"]
    assert {m.message_id for m in sink.received} == {message_id("notice", notice.pk)}
    assert Notice.objects.get().status == NoticeStatus.SENT
