"""Deciding which reminders are wanted: a ledger row for each, written once (the daily run)."""

import uuid
from datetime import timedelta
from itertools import chain, islice
from typing import NamedTuple

from django.utils import timezone

from boards.models import CHAIR_ROLES, Membership, Role

from ..models import OPEN_STATUSES, Action, Rag, Reminder, ReminderKind

CHUNK = 2000


class Want(NamedTuple):
    kind: str
    action_id: int | None
    board_id: int | None
    period: str
    recipient_id: int
    reason: str


def _action_wants(today):
    """A lead is reminded only of the actions they may see: a confidential action whose lead
    is not a member of its board is left out of their email (the board's digest still lists
    it for the business manager and chair, who can choose a lead who is)."""
    open_ones = Action.objects.filter(status__in=OPEN_STATUSES).seen_by_lead(today)
    soon = open_ones.filter(due_on__gt=today, due_on__lte=today + timedelta(days=7))
    for action_id, lead_id, due_on in soon.values_list("pk", "lead_person_id", "due_on"):
        yield Want(ReminderKind.DUE_SOON, action_id, None, due_on.isoformat(), lead_id,
                   f"you lead this action and it is due on {due_on:%d %B %Y}")
    overdue = open_ones.filter(due_on__lt=today)
    for action_id, lead_id, due_on in overdue.values_list("pk", "lead_person_id", "due_on"):
        yield Want(ReminderKind.OVERDUE, action_id, None, due_on.isoformat(), lead_id,
                   f"you lead this action and it became overdue after {due_on:%d %B %Y}")
        weeks = (today - due_on).days // 7
        if weeks >= 1:
            yield Want(ReminderKind.STILL_OVERDUE, action_id, None,
                       f"{due_on.isoformat()}/w{weeks}", lead_id,
                       f"you lead this action and it has been overdue for {weeks} "
                       f"week{'s' if weeks > 1 else ''}")


def _digest_wants(today):
    year, week, _ = today.isocalendar()
    period = f"{year}-W{week:02d}"
    attention = Action.objects.filter(Action.objects.rag_q(Rag.RED)
                                      | Action.objects.rag_q(Rag.AMBER)).filter(
        status__in=OPEN_STATUSES)
    boards = set(attention.values_list("board_id", flat=True).distinct())
    office = Membership.objects.current(today).filter(
        board_id__in=boards, role__in=[Role.BUSINESS_MANAGER, *CHAIR_ROLES]
    ).values_list("board_id", "person_id", "board__name")
    for board_id, person_id, board_name in office:
        yield Want(ReminderKind.DIGEST, None, board_id, period, person_id,
                   f"you are the business manager or chair of {board_name}")


def queue_action_reminders(today=None) -> None:
    """Write a ledger row for each reminder wanted today; one already written (sent or not)
    is left as it is, so running twice, or after a crash, writes nothing twice."""
    today = today or timezone.localdate()
    run, now = uuid.uuid4(), timezone.now()
    wants = chain(_action_wants(today), _digest_wants(today))
    while chunk := list(islice(wants, CHUNK)):
        Reminder.objects.bulk_create(
            [Reminder(kind=w.kind, action_id=w.action_id, board_id=w.board_id,
                      period=w.period, recipient_id=w.recipient_id, reason=w.reason, run=run,
                      claimed_at=now) for w in chunk],
            ignore_conflicts=True,
        )


