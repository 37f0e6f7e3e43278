"""Action reminders, each sent once per action, event and recipient — and never lost.

Who and when:
- the lead, 7 days before the due date (due soon);
- the lead, once the date has passed (overdue), and then weekly while it stays overdue;
- each board's business manager and chair, a weekly digest of its overdue actions and those
  without progress for ACTION_STALE_WEEKS.
A lead gets one email a run listing every action that needs a reminder, each with why.

How it stays exactly-once: the Reminder ledger has a unique constraint per (kind, action or
board, period, recipient). A run inserts the rows it wants with ON CONFLICT DO NOTHING and
sends only the rows stamped with its own run id, marking them sent as soon as their email has
gone. A
row a dead worker claimed but never sent is taken over after REMINDER_CLAIM_EXPIRES_SECONDS.
Candidates are chosen by range (due within 7 days, overdue), not by exact day, so a run that
was missed — worker or Redis down — sends what fell due when it runs next.
"""

import uuid
from collections import defaultdict
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


def _chunks_by_recipient(wants, size=CHUNK):
    """Chunks of about `size`, never splitting one recipient's wants (so each gets one
    email a run)."""
    chunk = []
    for want in wants:
        if len(chunk) >= size and want.recipient_id != chunk[-1].recipient_id:
            yield chunk
            chunk = []
        chunk.append(want)
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
        .select_related("recipient", "action__board", "action__lead_agency",
                        "action__lead_person", "action__latest_update__written_by", "board")
    )


def _message(subject, template, context, to):
    message = EmailMultiAlternatives(subject=subject[:250],
                                     body=render_to_string(f"{template}.txt", context), to=[to])
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message


DIGEST_LIMIT = 30  # per list; the digest links to the tracker for the rest


def _send_digest(reminder, today, rendered):
    """The digest is the same for everyone who gets it for a board: rendered once a run."""
    board = reminder.board
    if board.pk not in rendered:
        open_here = Action.objects.filter(board=board, status__in=OPEN_STATUSES)
        context = {
            "reminder": reminder, "site_url": settings.SITE_URL, "today": today,
            "board": board, "limit": DIGEST_LIMIT,
            "overdue": open_here.overdue(today).select_related(
                "lead_person", "lead_agency")[:DIGEST_LIMIT],
            "stale": open_here.filter(Action.objects.rag_q(Rag.AMBER)).select_related(
                "lead_person", "lead_agency")[:DIGEST_LIMIT],
            "url": f"{settings.SITE_URL}{reverse('actions:board_tracker', args=[board.pk])}",
        }
        rendered[board.pk] = (render_to_string("actions/email/digest.txt", context),
                              render_to_string("actions/email/digest.html", context))
    text, html = rendered[board.pk]
    message = EmailMultiAlternatives(
        subject=f"Weekly digest: actions needing attention, {board}"[:250], body=text,
        to=[reminder.recipient.email])
    message.attach_alternative(html, "text/html")
    message.send()
    Reminder.objects.filter(pk=reminder.pk).update(sent_at=timezone.now())


def _send_to_lead(reminders, today):
    """One email to a lead for all their actions that need a reminder in this run: each
    action listed with why, linking straight to it."""
    items = [{"reminder": r, "action": r.action,
              "url": f"{settings.SITE_URL}{r.action.get_absolute_url()}"} for r in reminders]
    first = reminders[0]
    if len(reminders) == 1:
        subject = f"{first.get_kind_display()}: {first.action}"
    else:
        subject = f"{len(reminders)} of your actions need attention"
    context = {"items": items, "reminder": first, "action": first.action, "url": items[0]["url"],
               "site_url": settings.SITE_URL, "today": today, "recipient": first.recipient}
    _message(subject, "actions/email/reminder", context, first.recipient.email).send()
    Reminder.objects.filter(pk__in=[r.pk for r in reminders]).update(sent_at=timezone.now())


def send_action_reminders(today=None) -> dict[str, int]:
    """One run over every open action; safe to run twice, or after a crash."""
    today = today or timezone.localdate()
    run = uuid.uuid4()
    sent = {kind: 0 for kind in ReminderKind.values}
    wants = sorted([*_action_wants(today), *_digest_wants(today)],
                   key=lambda w: w.recipient_id)
    rendered_digests = {}
    for chunk in _chunks_by_recipient(wants):
        by_recipient = defaultdict(list)
        for reminder in _claim(chunk, run):
            if reminder.recipient.is_active and reminder.recipient.email:
                by_recipient[reminder.recipient_id].append(reminder)
        for reminders in by_recipient.values():
            for digest in [r for r in reminders if r.kind == ReminderKind.DIGEST]:
                _send_digest(digest, today, rendered_digests)
                sent[ReminderKind.DIGEST] += 1
            leads = [r for r in reminders if r.kind != ReminderKind.DIGEST]
            if leads:
                _send_to_lead(leads, today)
                for reminder in leads:
                    sent[reminder.kind] += 1
    return sent
