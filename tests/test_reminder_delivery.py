"""Reminders are never lost and never said twice or stale (issue 10): any sweep sends what is
due, whichever run queued it; a failed send is retried with back-off and then shown to the
business manager; a hung mail server holds up no one else; each email says each action once,
as it is now; two sweeps at once send each row once."""

import re
import threading
import time
import uuid
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as MemoryBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from actions.models import ActionStatus, Reminder, ReminderKind
from actions.reminders import queue_action_reminders, send_action_reminders, sweep
from actions.tasks import sweep_action_reminders
from boards.mailing import MAX_ATTEMPTS, SERVER_RETRY, message_id

from .factories import ActionFactory, PersonFactory
from .faults import SmtpSink

pytestmark = pytest.mark.django_db

MONDAY = date(2017, 5, 8)


def lead_action(cast, due_on, lead=None, **fields):
    return ActionFactory(board=cast.board, lead_person=lead or cast.partner,
                         lead_agency=cast.police, created_by=cast.manager, due_on=due_on,
                         **fields)


def left_unsent(kind, action, period, **fields):
    """A row an earlier run queued and never sent (it died, or the mail server refused)."""
    return Reminder.objects.create(kind=kind, action=action, recipient=action.lead_person,
                                   period=period, reason="queued by an earlier run",
                                   run=uuid.uuid4(), **fields)


def to(person):
    return [m for m in mail.outbox if m.to == [person.email]]


def test_rows_claimed_by_a_dead_run_are_sent_by_the_next_sweep(cast):
    """A pool process died just after its run claimed the rows: the claim is fresh, but the
    next sweep (minutes later, by beat) sends them — not the next day's run."""
    first = lead_action(cast, MONDAY - timedelta(days=1))
    second = lead_action(cast, MONDAY - timedelta(days=2))
    for action in (first, second):
        left_unsent(ReminderKind.OVERDUE, action, action.due_on.isoformat(),
                    claimed_at=timezone.now())
    sweep_action_reminders()
    [message] = to(cast.partner)
    assert first.description in message.body and second.description in message.body
    assert Reminder.objects.filter(sent_at__isnull=False).count() == 2
    sweep_action_reminders()
    assert len(to(cast.partner)) == 1


def test_the_sweep_runs_every_few_minutes():
    task = PeriodicTask.objects.get(task="actions.tasks.sweep_action_reminders")
    assert task.enabled and task.interval.period == "minutes" and task.interval.every <= 5


def test_a_refused_send_is_retried_with_back_off_then_failed_and_shown(cast, smtp, client_for):
    smtp.mode = "refuse"
    action = lead_action(cast, MONDAY - timedelta(days=1), description="Audit the referrals")
    send_action_reminders(MONDAY)
    row = Reminder.objects.get(action=action)
    assert row.sent_at is None and row.attempts == 1 and "451" in row.last_error
    assert timedelta(seconds=50) < row.retry_at - timezone.now() <= timedelta(minutes=1)
    sweep(MONDAY)  # too soon: it waits
    assert len([m for m in smtp.received if m.to == [cast.partner.email]]) == 1
    waits = []
    while row.failed_at is None:
        waits.append(row.retry_at)
        sweep(MONDAY, now=row.retry_at)
        row.refresh_from_db()
    tries = [m for m in smtp.received if m.to == [cast.partner.email]]
    assert row.attempts == len(tries) == MAX_ATTEMPTS
    assert [b - a for a, b in zip(waits, waits[1:], strict=False)] == sorted(
        b - a for a, b in zip(waits, waits[1:], strict=False))  # each wait longer
    assert row.retry_at is None and row.sent_at is None and "451" in row.last_error
    sweep(MONDAY, now=timezone.now() + timedelta(days=2))
    assert len([m for m in smtp.received if m.to == [cast.partner.email]]) == MAX_ATTEMPTS

    Reminder.objects.create(kind=ReminderKind.DUE_SOON, action=lead_action(cast, MONDAY),
                            recipient=cast.partner, period="later", reason="a newer one",
                            claimed_at=timezone.now() + timedelta(days=1),
                            sent_at=timezone.now())
    url = reverse("actions:board_reminders", args=[cast.board.pk])
    page = client_for(cast.manager).get(url).content.decode()
    assert "could not be sent" in page
    failed_at = page.index("Audit the referrals")
    assert failed_at < page.index("A newer one")  # failed first
    row_html = page[failed_at:page.index("</tr>", failed_at)]
    assert "Gareth Doyle" in row_html and f"Failed after {MAX_ATTEMPTS} tries" in row_html
    assert "451" in row_html


def test_the_message_id_is_the_same_for_every_attempt_at_the_same_rows(cast, smtp):
    smtp.mode = "refuse"
    actions = [lead_action(cast, MONDAY - timedelta(days=n)) for n in (1, 2)]
    send_action_reminders(MONDAY)
    smtp.mode = "accept"
    later = Reminder.objects.get(action=actions[0]).retry_at
    sweep(MONDAY, now=later)
    tries = [m for m in smtp.received if m.to == [cast.partner.email]]
    assert [m.outcome for m in tries] == ["refused", "accepted"]
    lowest = min(Reminder.objects.filter(action__in=actions).values_list("pk", flat=True))
    assert {m.message_id for m in tries} == {message_id("reminder", lowest)}
    assert Reminder.objects.filter(action__in=actions, sent_at__isnull=False).count() == 2


class HangsOnce(SmtpSink):
    """Hangs on the first message, then accepts the rest."""

    @property
    def mode(self):
        return "hang" if len(self.received) == 0 else "accept"

    @mode.setter
    def mode(self, value):
        pass


def test_a_hung_mail_server_times_out_and_the_next_person_still_gets_theirs(cast, settings):
    leads = [PersonFactory(agency=cast.police, email=f"lead{i}@police.example.org")
             for i in range(3)]
    for lead in leads:
        lead_action(cast, MONDAY - timedelta(days=1), lead=lead)
    with HangsOnce(hang_seconds=4) as sink:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_TIMEOUT = 1
        started = time.monotonic()
        send_action_reminders(MONDAY)
        took = time.monotonic() - started
    hung = sink.received[0]
    assert hung.outcome == "hung" and took < 4
    waiting = Reminder.objects.get(recipient__email=hung.to[0], sent_at__isnull=True)
    # The server, not the reminder, was at fault: tried again soon, its attempts not used up.
    assert waiting.attempts == 0 and "timed out" in waiting.last_error
    assert waiting.retry_at - timezone.now() <= SERVER_RETRY
    others = {p.email for p in [*leads, cast.manager, cast.chair]} - set(hung.to)
    assert {m.to[0] for m in sink.accepted} == others


def test_an_action_completed_between_the_run_and_the_sweep_is_not_in_the_email(cast):
    kept = lead_action(cast, MONDAY - timedelta(days=1), description="Still to do")
    done = lead_action(cast, MONDAY - timedelta(days=2), description="Done meanwhile")
    queue_action_reminders(MONDAY)
    done.status = ActionStatus.COMPLETE
    done.save()
    sweep(MONDAY)
    [message] = to(cast.partner)
    assert "Still to do" in message.body and "Done meanwhile" not in message.body
    row = Reminder.objects.get(action=done)
    assert row.sent_at is None and row.not_needed == "the action is complete"
    assert Reminder.objects.get(action=kept).sent_at


def test_due_soon_then_overdue_after_a_missed_day_sends_only_the_overdue(cast, settings):
    settings.REMINDER_CLAIM_EXPIRES_SECONDS = 0
    action = lead_action(cast, MONDAY + timedelta(days=3))
    left_unsent(ReminderKind.DUE_SOON, action, action.due_on.isoformat(), attempts=1,
                last_error="SMTPDataError: 451", retry_at=timezone.now())
    send_action_reminders(MONDAY + timedelta(days=4))  # the mail server is back
    [message] = to(cast.partner)
    assert message.subject.startswith("Became overdue:")
    assert "Due in 7 days" not in message.body and "due on" not in message.body
    due_soon = Reminder.objects.get(kind=ReminderKind.DUE_SOON)
    assert due_soon.sent_at is None and due_soon.not_needed


def test_an_action_is_listed_once_per_email(cast, settings):
    settings.REMINDER_CLAIM_EXPIRES_SECONDS = 0
    action = lead_action(cast, MONDAY - timedelta(days=15))
    other = lead_action(cast, MONDAY - timedelta(days=1))
    left_unsent(ReminderKind.OVERDUE, action, action.due_on.isoformat())
    left_unsent(ReminderKind.STILL_OVERDUE, action, f"{action.due_on.isoformat()}/w1")
    send_action_reminders(MONDAY)
    [message] = to(cast.partner)
    assert message.body.count(f"/actions/{action.pk}/") == 1
    assert message.body.count(f"/actions/{other.pk}/") == 1
    assert "overdue for 2 weeks" in message.body
    assert set(Reminder.objects.filter(action=action, sent_at__isnull=False).values_list(
        "period", flat=True)) == {f"{action.due_on.isoformat()}/w2"}
    assert set(Reminder.objects.filter(action=action).exclude(not_needed="").values_list(
        "not_needed", flat=True)) == {"superseded by “Still overdue (weekly)”"}


class SlowMemoryBackend(MemoryBackend):
    def send_messages(self, messages):
        time.sleep(0.05)
        return super().send_messages(messages)


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_each_row_once(cast, settings):
    settings.EMAIL_BACKEND = f"{__name__}.SlowMemoryBackend"
    leads = [PersonFactory(agency=cast.police, email=f"lead{i}@police.example.org")
             for i in range(12)]
    for lead in leads:
        lead_action(cast, MONDAY - timedelta(days=1), lead=lead)
    queue_action_reminders(MONDAY)
    rows = Reminder.objects.count()
    start, counts, errors = threading.Barrier(2), [], []

    def one_sweep():
        try:
            start.wait()
            counts.append(sum(sweep(MONDAY).values()))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=one_sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    assert sum(counts) == rows and all(counts), counts  # both sent some, none twice
    addresses = [m.to[0] for m in mail.outbox]
    assert sorted(addresses) == sorted({*addresses})
    assert len(addresses) == rows
    assert Reminder.objects.filter(sent_at__isnull=False).count() == rows
    assert all(re.fullmatch(r"<reminder\.\d+@[^>]+>", m.extra_headers["Message-ID"])
               for m in mail.outbox)


def test_a_digest_left_from_an_earlier_week_is_not_sent_beside_this_weeks(cast):
    lead_action(cast, MONDAY - timedelta(days=10))
    Reminder.objects.create(kind=ReminderKind.DIGEST, board=cast.board, period="2017-W18",
                            recipient=cast.chair, reason="queued last week")
    send_action_reminders(MONDAY)
    [digest] = to(cast.chair)
    assert "Weekly digest" in digest.subject
    last_week = Reminder.objects.get(recipient=cast.chair, period="2017-W18")
    assert last_week.sent_at is None and last_week.not_needed.startswith("superseded")


def test_the_sweep_asks_the_database_three_times_an_email_whatever_it_lists(cast):
    """Hold the rows, read their actions as they are now, mark them sent: no query per action
    (a first national run lists 95,000 reminders)."""

    def queries_for(leads, actions_each):
        """Queries to send to new leads (what went before is sent already)."""
        people = [PersonFactory(agency=cast.police) for _ in range(leads)]
        for person in people:
            for n in range(actions_each):
                lead_action(cast, MONDAY - timedelta(days=1 + n), lead=person)
        queue_action_reminders(MONDAY)
        with CaptureQueriesContext(connection) as queries:
            sent = sweep(MONDAY)
        assert sent[ReminderKind.OVERDUE] == leads * actions_each
        # (a test runs in a transaction, so each email's own one is a savepoint here)
        return len([q for q in queries if "SAVEPOINT" not in q["sql"]])

    queries_for(1, 1)  # and this week's digests
    few = queries_for(2, 1)
    more_actions = queries_for(2, 4)
    more_people = queries_for(6, 1)
    assert more_actions - few <= 2  # per action, nothing
    assert more_people - few == 3 * 4
