"""A real worker (production's prefork pool, on a private Redis) loses its pool process in the
middle of a reminder sweep: the dead process's hold on its rows goes with its database
connection, so the next sweep — minutes later by beat, not the next day's run — sends every
reminder that was left, and any email sent twice is the same message (the same Message-ID)."""

import os
import shutil
import signal
from collections import Counter
from datetime import date
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from actions.models import Reminder
from actions.reminders import queue_action_reminders

from .factories import ActionFactory, PersonFactory
from .faults import RedisServer, Worker, send, wait_for

pytestmark = pytest.mark.django_db(transaction=True)

LEADS = 16
TODAY = date(2017, 5, 10)  # the day the run queued them; the sweeps run today


def mails(folder):
    """[(subject, Message-ID)] of every email the worker wrote to its mail folder."""
    found = []
    for path in Path(folder).glob("*.log"):
        for chunk in path.read_bytes().split(b"-" * 79):
            message = message_from_bytes(chunk.strip(), policy=policy.default)
            if message["Subject"]:
                found.append((str(message["Subject"]), str(message["Message-ID"])))
    return found


def pool_processes(pid):
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in children]


def test_a_dead_pool_process_leaves_nothing_for_tomorrow(cast, tmp_path):
    if not shutil.which("redis-server"):
        pytest.fail("This test starts its own Redis: apt-get install redis-server")
    for i in range(LEADS):
        lead = PersonFactory(agency=cast.police, email=f"lead{i}@police.example.org")
        ActionFactory(board=cast.board, lead_person=lead, lead_agency=cast.police,
                      created_by=cast.manager, due_on=date(2017, 5, 8),
                      description=f"Overdue action number {i:02d}")
    queue_action_reminders(TODAY)
    overdue = Reminder.objects.filter(kind="overdue")
    assert overdue.count() == LEADS
    mail_dir = tmp_path / "mail"
    with RedisServer(tmp_path) as redis_server, \
            Worker(redis_server.url, tmp_path, concurrency=1) as worker:
        send(redis_server.url, "actions.tasks.sweep_action_reminders", queue=worker.queue)
        assert wait_for(lambda: len(mails(mail_dir)) >= 4, 60), worker.log()[-3000:]
        for pid in pool_processes(worker.process.pid):
            os.kill(pid, signal.SIGKILL)  # the pool process dies mid-sweep
        assert overdue.filter(sent_at__isnull=True).exists()
        # Beat's next tick.
        send(redis_server.url, "actions.tasks.sweep_action_reminders", queue=worker.queue)
        assert wait_for(lambda: not overdue.filter(sent_at__isnull=True).exists(), 60), \
            worker.log()[-3000:]
    by_subject = Counter(subject for subject, _ in mails(mail_dir)
                         if subject.startswith("Became overdue:"))
    assert sorted(by_subject) == sorted(
        f"Became overdue: Overdue action number {i:02d}" for i in range(LEADS))
    twice = [s for s, n in by_subject.items() if n > 1]
    assert len(twice) <= 1  # only the one in flight when the process died, if any
    for subject in twice:
        assert len({mid for s, mid in mails(mail_dir) if s == subject}) == 1
