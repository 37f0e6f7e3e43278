"""The demo's broker loses nothing either (issue 10). `make run` has no Redis: its worker reads
tasks from files in a folder (kombu's file-system transport), which deletes a message's file
when the worker fetches it, so a worker killed mid-task takes that message with it. The outbox
makes that harmless: what was to be sent is in the ledger, and the next sweep (beat asks every
few minutes) sends it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from actions.models import Reminder
from actions.reminders import queue_action_reminders

from .factories import ActionFactory, PersonFactory
from .faults import SmtpSink, Worker, send, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_worker_killed_on_the_demo_broker_delays_reminders_until_the_next_sweep(
        cast, tmp_path):
    folder = tmp_path / "queue"
    folder.mkdir()
    leads = [PersonFactory(agency=cast.police, email=f"lead{i}@police.example.org")
             for i in range(3)]
    for lead in leads:
        ActionFactory(board=cast.board, lead_person=lead, lead_agency=cast.police,
                      created_by=cast.manager, due_on=timezone.localdate() - timedelta(days=3))
    queue_action_reminders()
    expected = set(Reminder.objects.values_list("recipient__email", flat=True))
    assert {lead.email for lead in leads} <= expected

    def beat(worker):  # what beat does every three minutes, on the same folder
        send("filesystem://", "actions.tasks.sweep_action_reminders", queue=worker.queue,
             transport_options={"data_folder_in": str(folder), "data_folder_out": str(folder),
                                "control_folder": f"{folder}-control"})

    with SmtpSink(mode="hang", hang_seconds=30) as sink:
        worker = Worker("filesystem://", tmp_path, pool="solo", email_url=sink.url,
                        env={"TEST_BROKER_FOLDER": str(folder)})  # as make run starts it
        worker.start()
        try:
            beat(worker)
            assert wait_for(lambda: len(sink.received) == 1, 30), worker.log()[-3000:]
            worker.kill()  # in the middle of the first email
            assert not list(folder.iterdir())  # the broker kept nothing: the message is gone
            assert not sink.accepted

            sink.mode = "accept"
            worker.start()
            beat(worker)  # the next tick
            assert wait_for(lambda: {m.to[0] for m in sink.accepted} >= expected, 30), (
                worker.log()[-3000:])
        finally:
            worker.stop()
    assert not Reminder.objects.filter(sent_at__isnull=True, not_needed="").exists()
    assert len(sink.accepted) == len(expected)  # each person once
