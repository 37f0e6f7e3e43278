"""Exactly-once with real parts: a Celery worker process on the real Redis is killed in the
middle of the reminder run and Redis loses its queue; when a worker is back and the schedule
runs again, every lead has their overdue reminder — once."""

import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import date
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from actions.models import Reminder, ReminderKind
from actions.tasks import send_action_reminders
from safeguard.celery import app as celery_app

from .factories import ActionFactory, PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parent.parent
ACTIONS = 16


def start_worker(queue, mail_dir):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
           "TEST_DATABASE_NAME": connection.settings_dict["NAME"],
           "TEST_MAIL_DIR": str(mail_dir), "CELERY_TASK_ALWAYS_EAGER": "false"}
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "celery", "-A", "safeguard", "worker", "--pool=solo",
         "-Q", queue, "--loglevel=WARNING", "--without-heartbeat", "--without-mingle",
         "--without-gossip"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(mail_dir / "worker.log", "ab"),  # noqa: SIM115
    )


def overdue_mails(mail_dir):
    """{action description: number of 'Became overdue' emails about it}"""
    counts = {}
    for path in Path(mail_dir).glob("*.log"):
        text = path.read_text(errors="replace")
        for message in text.split("-" * 79):
            if "Subject: Became overdue:" in message:
                subject = message.split("Subject: Became overdue: ", 1)[1].splitlines()[0]
                counts[subject] = counts.get(subject, 0) + 1
    return counts


def wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def not_eager():
    """Tests run tasks inline by default; here they must go through Redis to the worker."""
    # The setting's namespaced name: the one celery reads first (celery 5.6 ignores the other).
    celery_app.conf.CELERY_TASK_ALWAYS_EAGER = False
    yield
    celery_app.conf.CELERY_TASK_ALWAYS_EAGER = settings.CELERY_TASK_ALWAYS_EAGER


def test_killed_worker_and_lost_queue_still_send_each_reminder_exactly_once(cast, tmp_path,
                                                                            not_eager):
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        pytest.fail("This test needs the real Redis (make test sets REDIS_URL)")
    for i in range(ACTIONS):
        lead = PersonFactory(agency=cast.police, email=f"lead{i}@police.example.org")
        ActionFactory(board=cast.board, lead_person=lead, lead_agency=cast.police,
                      created_by=cast.manager, due_on=date(2017, 5, 8),
                      description=f"Overdue action number {i:02d}")
    queue = f"test-{uuid.uuid4().hex}"
    today = "2017-05-10"

    first = start_worker(queue, tmp_path)
    try:
        send_action_reminders.apply_async(args=[today], queue=queue)
        assert wait_for(lambda: sum(overdue_mails(tmp_path).values()) >= 4), \
            (tmp_path / "worker.log").read_text()
        first.send_signal(signal.SIGKILL)  # the worker dies mid-run
        first.wait(10)
    finally:
        if first.poll() is None:
            first.kill()
    half_done = sum(overdue_mails(tmp_path).values())
    assert 4 <= half_done < ACTIONS
    # Redis restarts and loses what it held (it keeps nothing on disk here).
    redis.Redis.from_url(settings.REDIS_URL).flushdb()

    time.sleep(2.5)  # the dead worker's claim expires (REMINDER_CLAIM_EXPIRES_SECONDS = 2)
    second = start_worker(queue, tmp_path)
    try:
        # The schedule runs again (beat would, the next morning), twice for good measure.
        send_action_reminders.apply_async(args=[today], queue=queue)
        send_action_reminders.apply_async(args=[today], queue=queue)
        assert wait_for(lambda: Reminder.objects.filter(
            kind=ReminderKind.OVERDUE, sent_at__isnull=False).count() == ACTIONS)
        time.sleep(1)  # let the duplicate run finish too
    finally:
        second.terminate()
        second.wait(20)

    counts = overdue_mails(tmp_path)
    assert sorted(counts) == sorted(f"Overdue action number {i:02d}" for i in range(ACTIONS))
    assert set(counts.values()) == {1}, counts
