"""Reminders: to the lead 7 days before, on becoming overdue and weekly while overdue; a
weekly digest to each board's business manager and chair. Once per action and event, and
none lost when a run is missed."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django_celery_beat.models import PeriodicTask

from actions.models import ActionStatus, Reminder, ReminderKind
from actions.reminders import send_action_reminders

from .factories import ActionFactory

pytestmark = pytest.mark.django_db

MONDAY = date(2017, 5, 8)


def lead_action(cast, due_on, **fields):
    return ActionFactory(board=cast.board, lead_person=cast.partner, lead_agency=cast.police,
                         created_by=cast.manager, due_on=due_on, **fields)


def sent(kind, to=None):
    query = Reminder.objects.filter(kind=kind, sent_at__isnull=False)
    return query.filter(recipient=to) if to else query


def test_due_in_seven_days_reminds_the_lead_once(cast):
    action = lead_action(cast, MONDAY + timedelta(days=7))
    lead_action(cast, MONDAY + timedelta(days=8))  # not yet
    assert send_action_reminders(MONDAY)["due_soon"] == 1
    assert send_action_reminders(MONDAY)["due_soon"] == 0  # the task ran twice
    assert send_action_reminders(MONDAY + timedelta(days=1))["due_soon"] == 1  # the other one
    [message] = [m for m in mail.outbox if action.description in m.body]
    assert message.to == [cast.partner.email]
    assert f"/actions/{action.pk}/" in message.body
    assert f"/actions/{action.pk}/" in message.alternatives[0][0]
    assert "you lead this action and it is due on 15 May 2017" in message.body


def test_overdue_on_the_day_and_then_weekly(cast):
    action = lead_action(cast, MONDAY - timedelta(days=1))
    counts = send_action_reminders(MONDAY)
    assert (counts["overdue"], counts["still_overdue"]) == (1, 0)
    assert send_action_reminders(MONDAY + timedelta(days=3))["overdue"] == 0
    week_later = send_action_reminders(MONDAY + timedelta(days=6))
    assert week_later["still_overdue"] == 1
    assert send_action_reminders(MONDAY + timedelta(days=7))["still_overdue"] == 0
    assert send_action_reminders(MONDAY + timedelta(days=13))["still_overdue"] == 1
    assert list(sent(ReminderKind.STILL_OVERDUE).order_by("period").values_list(
        "period", flat=True)) == [f"{action.due_on}/w1", f"{action.due_on}/w2"]


def test_a_reminder_that_fell_due_while_nothing_ran_goes_out_when_it_does(cast):
    lead_action(cast, MONDAY + timedelta(days=5))  # due-soon fell due on 1 May, missed
    assert send_action_reminders(MONDAY)["due_soon"] == 1


def test_completed_and_closed_actions_are_left_alone(cast):
    lead_action(cast, MONDAY - timedelta(days=3), status=ActionStatus.COMPLETE)
    assert sum(send_action_reminders(MONDAY).values()) == 0  # nothing to chase, no digest
    assert not sent(ReminderKind.OVERDUE).exists()


def test_a_new_due_date_re_arms_the_reminders(cast):
    action = lead_action(cast, MONDAY - timedelta(days=1))
    send_action_reminders(MONDAY)
    action.due_on = MONDAY + timedelta(days=20)
    action.save()
    send_action_reminders(MONDAY + timedelta(days=14))
    assert sent(ReminderKind.DUE_SOON).count() == 1


def test_the_weekly_digest_goes_to_the_business_manager_and_chair(cast):
    overdue = lead_action(cast, MONDAY - timedelta(days=10))
    counts = send_action_reminders(MONDAY)
    assert counts["digest"] == 2
    assert set(sent(ReminderKind.DIGEST).values_list("recipient__email", flat=True)) == {
        cast.manager.email, cast.chair.email}
    digest = next(m for m in mail.outbox if m.to == [cast.chair.email])
    assert "Weekly digest" in digest.subject
    assert overdue.description in digest.body
    assert send_action_reminders(MONDAY + timedelta(days=2))["digest"] == 0  # same week


def test_a_claim_left_by_a_dead_worker_is_taken_over_and_sent_once(cast, settings):
    settings.REMINDER_CLAIM_EXPIRES_SECONDS = 0
    action = lead_action(cast, MONDAY - timedelta(days=1))
    Reminder.objects.create(kind=ReminderKind.OVERDUE, action=action, recipient=cast.partner,
                            period=action.due_on.isoformat(), reason="claimed, then died")
    assert send_action_reminders(MONDAY)["overdue"] == 1
    assert sent(ReminderKind.OVERDUE).count() == 1


def test_the_schedule_lives_in_the_database():
    task = PeriodicTask.objects.get(task="actions.tasks.send_action_reminders")
    assert task.enabled
    assert (task.crontab.hour, task.crontab.minute, str(task.crontab.timezone)) == (
        "7", "0", "Europe/London")
