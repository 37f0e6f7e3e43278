"""A real Celery worker on the real Redis sends the invitations when a meeting is scheduled
in the browser — written to the outbox with the meeting, swept at once after the commit — and
sends each only once."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail
from django.urls import reverse

from boards.models import Meeting, Notice, NoticeStatus
from boards.tasks import send_meeting_invitations, sweep_notices
from safeguard.celery import app as celery_app

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def real_worker():
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        pytest.fail("The Celery worker tests need REDIS_URL (make test sets it)")
    # The setting's namespaced name: the one celery reads first (celery 5.6 ignores the other).
    celery_app.conf.CELERY_TASK_ALWAYS_EAGER = False
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False,
                          shutdown_timeout=10, loglevel="WARNING"):
            yield
    finally:
        celery_app.conf.CELERY_TASK_ALWAYS_EAGER = settings.CELERY_TASK_ALWAYS_EAGER


def wait_for(condition, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_scheduling_a_meeting_sends_each_member_one_invitation(cast, client_for, real_worker):
    client_for(cast.manager).post(
        reverse("boards:meeting_create", args=[cast.board.pk]),
        {"kind": "ordinary", "day_0": "20", "day_1": "1", "day_2": "2099",
         "start_time": "14:00", "end_time": "16:00", "venue": "Birkenhead Town Hall"},
    )
    meeting = Meeting.objects.get()
    assert wait_for(lambda: Notice.objects.filter(status=NoticeStatus.SENT).count() == 5)

    # The sweep run again (beat, a retry, a duplicate delivery) sends nothing more; nor does
    # the old task, if a message for it was still in the broker.
    sweep_notices.delay().get(timeout=20)
    send_meeting_invitations.delay(meeting.pk).get(timeout=20)
    assert len(mail.outbox) == 5
    assert {m.to[0] for m in mail.outbox} == {
        p.email for p in (cast.chair, cast.manager, cast.partner, cast.lay_member, cast.adviser)
    }
