"""Action reminders, each sent once per action, event and recipient — and never lost.

Who and when:
- the lead, 7 days before the due date (due soon);
- the lead, once the date has passed (overdue), and then weekly while it stays overdue;
- each board's business manager and chair, a weekly digest of its overdue actions and those
  without progress for ACTION_STALE_WEEKS.

How it stays exactly-once: the Reminder ledger has a unique constraint per (kind, action or
board, period, recipient). A run inserts the rows it wants with ON CONFLICT DO NOTHING and
sends only the rows stamped with its own run id, marking each sent as soon as it has gone. A
row a dead worker claimed but never sent is taken over after REMINDER_CLAIM_EXPIRES_SECONDS.
Candidates are chosen by range (due within 7 days, overdue), not by exact day, so a run that
was missed — worker or Redis down — sends what fell due when it runs next.
"""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from boards.models import CHAIR_ROLES, Membership, Role

from .models import OPEN_STATUSES, Action, Rag, Reminder, ReminderKind

CHUNK = 2000


@dataclass(frozen=True)
class Want:
    kind: str
    action_id: int | None
    board_id: int | None
    period: str
    recipient_id: int
    reason: str


def _action_wants(today):
    soon = Action.objects.filter(status__in=OPEN_STATUSES, due_on__gt=today,
                                 due_on__lte=today + timedelta(days=7))
    for action_id, lead_id, due_on in soon.values_list("pk", "lead_person_id", "due_on"):
        yield Want(ReminderKind.DUE_SOON, action_id, None, due_on.isoformat(), lead_id,
                   f"you lead this action and it is due on {due_on:%d %B %Y}")
    overdue = Action.objects.filter(status__in=OPEN_STATUSES, due_on__lt=today)
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


def _chunks(iterable, size=CHUNK):
    chunk = []
    for item in iterable:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _claim(wants, run):
    """Insert the wanted rows; take over rows a dead worker left; return this run's rows."""
    now = timezone.now()
    Reminder.objects.bulk_create(
        [Reminder(kind=w.kind, action_id=w.action_id, board_id=w.board_id, period=w.period,
                  recipient_id=w.recipient_id, reason=w.reason, run=run, claimed_at=now)
         for w in wants],
        ignore_conflicts=True,
    )
    expired = now - timedelta(seconds=settings.REMINDER_CLAIM_EXPIRES_SECONDS)
    action_ids = {w.action_id for w in wants if w.action_id}
    board_ids = {w.board_id for w in wants if w.board_id}
    scope = Q(action_id__in=action_ids) | Q(board_id__in=board_ids, action__isnull=True)
    Reminder.objects.filter(scope, sent_at__isnull=True, claimed_at__lt=expired).exclude(
        run=run).update(run=run, claimed_at=now)
    return list(
        Reminder.objects.filter(scope, run=run, sent_at__isnull=True)
        .select_related("recipient", "action__board", "action__lead_agency", "board")
    )


def _send(reminder, today):
    context = {"reminder": reminder, "site_url": settings.SITE_URL, "today": today}
    if reminder.kind == ReminderKind.DIGEST:
        board = reminder.board
        stale = Action.objects.filter(board=board).filter(Action.objects.rag_q(Rag.AMBER))
        context.update(
            board=board,
            overdue=Action.objects.filter(board=board).overdue(today).select_related(
                "lead_person", "lead_agency")[:100],
            stale=stale.filter(status__in=OPEN_STATUSES).select_related(
                "lead_person", "lead_agency")[:100],
            url=f"{settings.SITE_URL}{reverse('actions:board_tracker', args=[board.pk])}",
        )
        subject = f"Weekly digest: actions needing attention, {board}"
        template = "actions/email/digest"
    else:
        action = reminder.action
        context.update(action=action,
                       url=f"{settings.SITE_URL}{action.get_absolute_url()}")
        subject = f"{reminder.get_kind_display()}: {action}"
        template = "actions/email/reminder"
    message = EmailMultiAlternatives(
        subject=subject[:250], body=render_to_string(f"{template}.txt", context),
        to=[reminder.recipient.email],
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    message.send()
    Reminder.objects.filter(pk=reminder.pk).update(sent_at=timezone.now())


def send_action_reminders(today=None) -> dict[str, int]:
    """One run over every open action; safe to run twice, or after a crash."""
    today = today or timezone.localdate()
    run = uuid.uuid4()
    sent = {kind: 0 for kind in ReminderKind.values}
    for wants in _chunks([*_action_wants(today), *_digest_wants(today)]):
        for reminder in _claim(wants, run):
            if reminder.recipient.is_active and reminder.recipient.email:
                _send(reminder, today)
                sent[reminder.kind] += 1
    return sent
