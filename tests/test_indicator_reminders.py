"""Indicator reminders: the owning agency's performance officers when a period's figures are
due and not submitted, the validators when figures wait — once per event, however often the
task runs; and the schedule is held in the database (celery beat)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django_celery_beat.models import PeriodicTask

from boards import notices
from boards.models import Notice, Role
from performance import periods, reminders, services
from performance.models import Theme
from performance.tasks import send_indicator_reminders as reminder_task

from .factories import MembershipFactory, PersonFactory


def send_indicator_reminders(today):
    """Queue the day's reminders, then send what is due (as the task does)."""
    counts = reminders.send_indicator_reminders(today)
    notices.sweep()
    return counts


@pytest.fixture
def officers(cast):
    analyst = PersonFactory(full_name="Stuart Penn", agency=cast.council,
                            email="stuart@example.org")
    officer = PersonFactory(full_name="Claire Bradley", agency=cast.council,
                            email="claire@example.org")
    for person in (analyst, officer):
        MembershipFactory(person=person, board=cast.board, role=Role.PERFORMANCE_OFFICER)
    return analyst, officer


@pytest.fixture
def quarterly(cast):
    theme = Theme.objects.create(board=cast.board, name="Early help")
    return services.indicator_create(
        board=cast.board, theme=theme, code="EH1", name="Early help closed with needs met",
        definition="Share closed with needs met.", source="Early help module",
        unit="percentage", polarity="higher", frequency="quarterly",
        owning_agency=cast.council, submission_days=20)


def test_figures_due_and_missing_go_to_the_owning_agencys_performance_officers_once(
        cast, officers, quarterly):
    analyst, officer = officers
    quarter = periods.recent("quarterly", quarterly.created_at.date(), 1)[0]
    due = quarterly.due_on(quarter)
    # The day before, the quarter before is the one due (and it is in).
    services.values_submit(by=officer, entries=[services.Entry(
        indicator=quarterly, period=periods.previous(quarter, "quarterly"), breakdown=None,
        value=Decimal("60"))])
    assert send_indicator_reminders(due - timedelta(days=1))["data_due"] == 0
    counts = send_indicator_reminders(due)
    assert counts["data_due"] == 2  # both council performance officers, not the police
    due_mail = [m for m in mail.outbox if "are due" in m.subject]
    assert {m.to[0] for m in due_mail} == {analyst.email, officer.email}
    message = due_mail[0]
    label = periods.label(quarter, "quarterly")
    assert f"figures for {label} are due" in message.subject
    assert "EH1 Early help closed with needs met" in message.body
    assert f"/indicators/board/{cast.board.pk}/enter/?period=quarterly:" in message.body
    assert "You are receiving this because Wirral Council's figures" in message.body
    html = message.alternatives[0][0]
    assert "<li>EH1 Early help closed with needs met</li>" in html
    # The task runs again (and again the next day): nothing more is sent.
    assert send_indicator_reminders(due)["data_due"] == 0
    assert send_indicator_reminders(due + timedelta(days=1))["data_due"] == 0
    due_mail = [m for m in mail.outbox if "are due" in m.subject]
    assert len(due_mail) == 2
    assert Notice.objects.filter(kind="indicator_data_due").count() == 2


def test_no_reminder_once_the_figure_is_submitted(cast, officers, quarterly):
    analyst, _ = officers
    quarter = periods.recent("quarterly", quarterly.created_at.date(), 1)[0]
    services.values_submit(by=analyst, entries=[services.Entry(
        indicator=quarterly, period=quarter, breakdown=None, value=Decimal("56"))])
    counts = send_indicator_reminders(quarterly.due_on(quarter))
    assert counts["data_due"] == 0
    assert all("are due" not in m.subject for m in mail.outbox)


def test_figures_waiting_go_to_validators_but_not_to_the_one_who_submitted_them(
        cast, officers, quarterly):
    analyst, officer = officers
    quarter = periods.recent("quarterly", quarterly.created_at.date(), 1)[0]
    services.values_submit(by=analyst, entries=[services.Entry(
        indicator=quarterly, period=quarter, breakdown=None, value=Decimal("56"))])
    counts = send_indicator_reminders(quarterly.due_on(quarter))
    assert counts["awaiting_validation"] == 2  # the other officer and the business manager
    waiting = [m for m in mail.outbox if "waiting for validation" in m.subject]
    assert {m.to[0] for m in waiting} == {officer.email, cast.manager.email}
    assert f"/indicators/board/{cast.board.pk}/validate/" in waiting[0].body
    assert send_indicator_reminders(quarterly.due_on(quarter))["awaiting_validation"] == 0


def test_the_task_runs_through_celery_and_is_scheduled_in_the_database(cast, officers,
                                                                       quarterly):
    quarter = periods.recent("quarterly", quarterly.created_at.date(), 1)[0]
    result = reminder_task.delay(quarterly.due_on(quarter).isoformat()).get()
    assert result["data_due"] == 2
    task = PeriodicTask.objects.get(name="Indicator reminders")
    assert task.task == "performance.tasks.send_indicator_reminders" and task.enabled
