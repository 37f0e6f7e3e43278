"""The action tracker: RAG from the facts, completion and impact apart, two keys to close,
nothing deleted, a history of every change, no update silently lost."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from actions import services
from actions.models import Action, ActionStatus, Rag
from boards.models import History
from safeguard.lib.versioning import StaleEdit

from .factories import ActionFactory, PersonFactory

pytestmark = pytest.mark.django_db

TODAY = date(2017, 5, 10)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    """The board meets on 10 May 2017."""
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


def police_action(cast, **fields):
    fields.setdefault("due_on", TODAY + timedelta(days=30))
    return ActionFactory(board=cast.board, lead_person=cast.partner, lead_agency=cast.police,
                         created_by=cast.manager, **fields)


def rag_by_filter(action):
    return [rag for rag in Rag if Action.objects.filter(
        Action.objects.rag_q(rag, TODAY), pk=action.pk).exists()]


@pytest.mark.parametrize(("fields", "expected"), [
    ({"due_on": TODAY - timedelta(days=1)}, Rag.RED),
    ({"due_on": TODAY}, Rag.GREEN),  # due today is not yet overdue
    ({"status": ActionStatus.COMPLETE}, Rag.AMBER),  # complete without evidence
    ({"status": ActionStatus.COMPLETE, "impact_evidence": "Repeat contacts down to 5.1%"},
     Rag.GREEN),
    ({"status": ActionStatus.CLOSED, "due_on": TODAY - timedelta(days=9)}, Rag.DONE),
    ({"status": ActionStatus.WITHDRAWN}, Rag.DONE),
])
def test_the_system_rag_is_worked_out_from_the_facts(cast, fields, expected):
    if fields.get("status") == ActionStatus.CLOSED:
        fields["closed_by"] = cast.chair
    action = police_action(cast, **fields)
    assert action.rag == expected
    assert rag_by_filter(action) == [expected]  # the filter agrees with the page


def test_no_progress_for_four_weeks_turns_amber_and_an_update_turns_it_green(cast):
    action = police_action(cast)
    Action.objects.filter(pk=action.pk).update(created_at=timezone.now() - timedelta(weeks=5))
    action.refresh_from_db()
    assert action.rag == Rag.AMBER
    assert action.rag_reason == "no progress update for 4 weeks"
    assert rag_by_filter(action) == [Rag.AMBER]
    services.progress_add(action=action, by=cast.partner, text="Audit booked",
                          status=ActionStatus.IN_PROGRESS, version=action.version)
    action.refresh_from_db()
    assert action.rag == Rag.GREEN
    assert rag_by_filter(action) == [Rag.GREEN]


def test_the_leads_own_assessment_is_kept_beside_the_systems(cast):
    action = police_action(cast, due_on=TODAY - timedelta(days=3))
    services.progress_add(action=action, by=cast.partner, text="Nearly there",
                          status=ActionStatus.IN_PROGRESS, version=action.version,
                          lead_rag="green")
    action.refresh_from_db()
    assert (action.lead_rag, action.rag) == ("green", Rag.RED)


def test_the_summary_speaks_the_papers_words(cast):
    for _ in range(3):
        police_action(cast, status=ActionStatus.COMPLETE)
    police_action(cast, status=ActionStatus.COMPLETE, impact_evidence="Fewer repeat contacts")
    police_action(cast, due_on=TODAY - timedelta(days=1))
    police_action(cast, status=ActionStatus.WITHDRAWN)  # not counted
    assert Action.objects.summary() == {"total": 5, "complete": 4, "with_impact": 1,
                                        "overdue": 1}


def test_progress_updates_are_a_signed_dated_log_with_the_latest_on_the_action(cast):
    action = police_action(cast)
    services.progress_add(action=action, by=cast.partner, text="Scoping done",
                          status=ActionStatus.IN_PROGRESS, version=1)
    action.refresh_from_db()
    services.progress_add(action=action, by=cast.partner, text="Audit under way",
                          status=ActionStatus.IN_PROGRESS, version=action.version)
    action.refresh_from_db()
    assert [u.text for u in action.updates.all()] == ["Audit under way", "Scoping done"]
    assert action.latest_update.text == "Audit under way"
    assert action.latest_update.written_by == cast.partner


def test_closing_takes_two_keys_and_a_closed_action_can_be_reopened(cast):
    action = police_action(cast)
    with pytest.raises(ValidationError, match="cannot be closed"):
        services.action_close(action=action, by=cast.chair, version=action.version)

    services.progress_add(action=action, by=cast.partner, text="Training delivered to 90 staff",
                          status=ActionStatus.COMPLETE, version=action.version)
    action.refresh_from_db()
    assert (action.status, action.completion_note, action.completed_by) == (
        ActionStatus.COMPLETE, "Training delivered to 90 staff", cast.partner)

    services.action_send_back(action=action, by=cast.chair, version=action.version,
                              reason="No evidence the training changed practice")
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS
    assert action.status_reason == "No evidence the training changed practice"

    services.progress_add(action=action, by=cast.partner, text="Dip sample done",
                          status=ActionStatus.COMPLETE, version=action.version)
    action.refresh_from_db()
    services.action_close(action=action, by=cast.manager, version=action.version)
    action.refresh_from_db()
    assert (action.status, action.closed_by) == (ActionStatus.CLOSED, cast.manager)

    with pytest.raises(ValidationError, match="ask the business manager to reopen"):
        services.progress_add(action=action, by=cast.partner, text="More",
                              status=ActionStatus.IN_PROGRESS, version=action.version)
    services.action_reopen(action=action, by=cast.chair, version=action.version,
                           reason="Repeat audit found the issue again")
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS and action.closed_by is None


def test_withdrawn_actions_stay_with_their_reason(cast):
    action = police_action(cast)
    with pytest.raises(ValidationError):
        services.action_withdraw(action=action, by=cast.manager, version=action.version,
                                 reason="  ")
    services.action_withdraw(action=action, by=cast.manager, version=action.version,
                             reason="Superseded by the neglect strategy")
    action.refresh_from_db()
    assert action.status == ActionStatus.WITHDRAWN
    assert action.status_reason == "Superseded by the neglect strategy"
    assert Action.objects.filter(pk=action.pk).exists()


def test_evidence_of_impact_is_separate_from_completion(cast):
    action = police_action(cast, status=ActionStatus.COMPLETE)
    services.impact_record(action=action, by=cast.chair, version=action.version,
                           evidence="Repeat contacts down from 19.1% to 5.1%",
                           evidenced_on=date(2017, 3, 31))
    action.refresh_from_db()
    assert (action.impact_evidence, action.impact_evidenced_on, action.impact_evidenced_by) == (
        "Repeat contacts down from 19.1% to 5.1%", date(2017, 3, 31), cast.chair)
    assert action.status == ActionStatus.COMPLETE


def test_the_second_to_save_is_refused_with_the_newer_values(cast):
    action = police_action(cast)
    opened_at = action.version
    services.progress_add(action=action, by=cast.partner, text="First", status="in_progress",
                          version=opened_at)
    with pytest.raises(StaleEdit) as stale:
        services.progress_add(action=action, by=cast.manager, text="Second",
                              status="complete", version=opened_at)
    assert stale.value.current.latest_update.text == "First"
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS
    assert action.updates.count() == 1


def test_every_change_is_in_the_history_with_before_and_after(cast):
    action = services.action_create(
        board=cast.board, created_by=cast.manager, description="Audit the use of the Graded "
        "Care Profile", lead_person=cast.partner, lead_agency=cast.police,
        due_on=date(2017, 9, 30),
    )
    services.action_edit(action=action, by=cast.manager, version=action.version,
                         due_on=date(2017, 12, 31))
    action.refresh_from_db()
    services.progress_add(action=action, by=cast.partner, text="Begun", status="in_progress",
                          version=action.version)
    events = list(action.history.order_by("pk"))
    assert [e.event for e in events] == ["created", "edited", "progress"]
    assert events[0].changed_by == cast.manager
    assert events[1].changes == {"due_on": ["2017-09-30", "2017-12-31"]}
    assert events[2].changed_by == cast.partner
    assert events[2].changes["status"] == ["not_started", "in_progress"]


def test_bulk_changes_write_a_history_row_for_each_action(cast):
    actions = [police_action(cast) for _ in range(3)]
    changed = services.actions_bulk_update(actions=actions, by=cast.manager,
                                           due_on=date(2018, 3, 31))
    assert changed == 3
    assert History.objects.filter(event="bulk change").count() == 3
    assert set(Action.objects.values_list("due_on", flat=True)) == {date(2018, 3, 31)}


def test_the_history_cannot_be_changed_or_deleted_in_the_database(cast):
    action = services.action_create(board=cast.board, created_by=cast.manager,
                                    description="x", lead_person=cast.partner,
                                    lead_agency=cast.police, due_on=date(2017, 9, 30))
    entry = action.history.get()
    with pytest.raises(Exception, match="cannot be changed or deleted"), transaction.atomic():
        History.objects.filter(pk=entry.pk).update(event="forged")
    with pytest.raises(Exception, match="cannot be changed or deleted"), transaction.atomic():
        History.objects.filter(pk=entry.pk).delete()


def test_delegation_stays_within_the_lead_agency(cast):
    action = police_action(cast)
    officer = PersonFactory(agency=cast.police, full_name="DS Kim Rhodes")
    services.action_delegate(action=action, by=cast.partner, delegate=officer,
                             version=action.version)
    action.refresh_from_db()
    assert action.delegate == officer
    assert action in Action.objects.assigned_to(cast.partner)  # the lead still sees it
    assert action in Action.objects.assigned_to(officer)
    with pytest.raises(ValidationError, match="Merseyside Police"):
        services.action_delegate(action=action, by=cast.partner, delegate=cast.chair,
                                 version=action.version)


def test_a_due_date_in_a_nonsense_year_is_refused_by_the_database(cast):
    with pytest.raises(IntegrityError), transaction.atomic():
        police_action(cast, due_on=date(1017, 5, 1))


def test_an_update_of_100000_characters_is_refused(cast):
    action = police_action(cast)
    with pytest.raises(ValidationError):
        services.progress_add(action=action, by=cast.partner, text="x" * 100_000,
                              status="in_progress", version=action.version)
    assert not action.updates.exists()


def test_plans_keep_their_numbered_order(cast):
    from actions.models import ActionPlan

    plan = ActionPlan.objects.create(board=cast.board, title="LGA peer review action plan",
                                     source="recommendation")
    for number in ["2.1", "1.10", "1.2", "1", "1.1", "10"]:
        police_action(cast, plan=plan, number=number)
    assert [a.number for a in Action.objects.filter(plan=plan)] == [
        "1", "1.1", "1.2", "1.10", "2.1", "10"]
