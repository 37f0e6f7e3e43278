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
from datetime import timedelta
from typing import NamedTuple

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.template.defaultfilters import linebreaksbr, truncatewords, wordwrap
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from boards.models import CHAIR_ROLES, Agency, Board, Membership, Person, Role
from boards.presenters import Days, PathsById, escaped
from boards.visibility import may_see

from .models import OPEN_STATUSES, Action, ActionStatus, Rag, Reminder, ReminderKind

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


# What the emails say of an action (and all that is read of it).
_EMAILED = ("number", "description", "board", "lead_person", "lead_agency", "due_on", "status",
            "latest_update", "is_confidential")


class _Objects:
    """The people, boards, agencies and actions a run's emails speak of, each read once and
    shared. Joined onto each reminder instead, 95,000 reminders on a first run made a million
    objects, most of them the same people, boards and agencies over and over. (People, boards
    and agencies are kept for the run; actions only for their chunk: see forget_actions.)"""

    def __init__(self):
        self.people, self.boards, self.agencies, self.actions = {}, {}, {}, {}

    @staticmethod
    def _read(cache, queryset, ids):
        missing = set(ids) - cache.keys()
        missing.discard(None)
        if missing:
            cache.update(queryset.in_bulk(missing))
        return cache

    def read_actions(self, actions, updates=False):
        """Give the actions their board, lead and agency (and, with `updates`, the writer of
        their latest update, which the actions were read with)."""
        updates = [a.latest_update for a in actions if a.latest_update] if updates else []
        self._read(self.boards, Board.objects, {a.board_id for a in actions})
        self._read(self.agencies, Agency.objects, {a.lead_agency_id for a in actions})
        self._read(self.people, Person.objects, {a.lead_person_id for a in actions}
                   | {u.written_by_id for u in updates})
        for action in actions:
            action.board = self.boards[action.board_id]
            action.lead_agency = self.agencies[action.lead_agency_id]
            action.lead_person = self.people[action.lead_person_id]
        for update in updates:
            update.written_by = self.people[update.written_by_id]
        return actions

    def forget_actions(self):
        """After a chunk: its actions are not needed again (a lead's are all in one chunk)."""
        self.actions.clear()

    def attach(self, reminders):
        """Give the reminders their recipient, action and board."""
        missing = {r.action_id for r in reminders if r.action_id} - self.actions.keys()
        if missing:
            read = Action.objects.filter(pk__in=missing).select_related("latest_update").only(
                *_EMAILED, "latest_update__text", "latest_update__written_by",
                "latest_update__written_at")
            self.actions.update((a.pk, a) for a in self.read_actions(list(read), updates=True))
        self._read(self.boards, Board.objects, {r.board_id for r in reminders})
        self._read(self.people, Person.objects, {r.recipient_id for r in reminders})
        for reminder in reminders:
            reminder.recipient = self.people[reminder.recipient_id]
            if reminder.action_id:
                reminder.action = self.actions[reminder.action_id]
            if reminder.board_id:
                reminder.board = self.boards[reminder.board_id]
        return reminders


def _claim(wants, run, objects):
    """Insert the wanted rows; take over rows a dead worker left; return this run's rows, in
    the order they were wanted."""
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
    return objects.attach(list(
        Reminder.objects.filter(scope, run=run, sent_at__isnull=True)
        .only("kind", "action_id", "board_id", "recipient_id", "reason").order_by("pk")
    ))


class _Texts:
    """What the emails say of each action — its dates, wrapped description, latest update,
    link — worked out once a run by the templates' own filters, so the templates only place
    it (actions/email/*): a first run lists 95,000 reminders, most actions twice, and the
    filters per item were most of its time. Each comes as the text part writes it and, escaped
    as autoescaping would, as the HTML part does."""

    def __init__(self):
        self.day = Days("j F Y")
        self.path = PathsById("actions:detail")
        self.for_lead = {}  # for the chunk in hand: see forget_actions

    def url(self, action):
        return f"{settings.SITE_URL}{self.path(action.pk)}"

    def about(self, action):
        """An action in a lead's reminder (actions/email/reminder.*): (text, HTML)."""
        if action.pk not in self.for_lead:
            update = action.latest_update
            update_text = truncatewords(update.text, 60) if update else ""
            text = {
                "number": action.number, "board": action.board.name,
                "description": wordwrap(action.description, 72),
                "lead": f"{action.lead_person} ({action.lead_agency})",
                "due_on": self.day(action.due_on), "is_overdue": action.is_overdue,
                "status": ActionStatus(action.status).label, "update": update is not None,
                "update_text": update_text, "update_wrapped": wordwrap(update_text, 72),
                "update_by": str(update.written_by) if update else "",
                "update_on": self.day(update.written_at) if update else "",
            }
            html = _escaped({key: value for key, value in text.items()
                             if key not in ("description", "update_wrapped")})
            html["description_html"] = linebreaksbr(action.description, autoescape=True)
            self.for_lead[action.pk] = text, html
        return self.for_lead[action.pk]

    def forget_actions(self):
        self.for_lead.clear()

    def listed(self, action):
        """An action in a board's weekly digest (actions/email/digest.*): (text, HTML)."""
        text = {
            "number": action.number, "description": truncatewords(action.description, 25),
            "lead": f"{action.lead_person} ({action.lead_agency})",
            "due_on": self.day(action.due_on), "url": self.url(action),
        }
        return text, _escaped(text)


def _escaped(values):
    """The strings among `values` as `{{ value }}` writes them in HTML."""
    return {key: escaped(value) if isinstance(value, str) else value
            for key, value in values.items()}


def _message(subject, template, context, to, html_context=None):
    """The text part from `context`; the HTML part from it updated with `html_context`."""
    message = EmailMultiAlternatives(subject=subject[:250],
                                     body=render_to_string(f"{template}.txt", context), to=[to])
    message.attach_alternative(
        render_to_string(f"{template}.html", {**context, **(html_context or {})}), "text/html")
    return message


DIGEST_LIMIT = 30  # per list; the digest links to the tracker for the rest


class _DigestLists:
    """What each digest board's email lists: its first DIGEST_LIMIT overdue actions and first
    DIGEST_LIMIT without progress, in the tracker's order, as the digest says them. For every
    digest of the run in two queries (a window over the boards), read when the first digest
    is sent, instead of two queries a board; kept as text, not as actions."""

    def __init__(self, board_ids, today, objects, texts):
        self.board_ids, self.today, self.objects, self.texts = board_ids, today, objects, texts
        self.lists = None

    def _first(self, actions):
        ranked = actions.filter(board_id__in=self.board_ids).annotate(place=Window(
            RowNumber(), partition_by=F("board_id"), order_by=Action._meta.ordering,
        )).filter(place__lte=DIGEST_LIMIT).order_by("board_id", "place").only(*_EMAILED)
        by_board = defaultdict(list)
        for action in self.objects.read_actions(list(ranked)):
            by_board[action.board_id].append(self.texts.listed(action))
        return by_board

    def __call__(self, board_id):
        """The board's (overdue, stale) lists of (text, HTML)."""
        if self.lists is None:
            open_ones = Action.objects.filter(status__in=OPEN_STATUSES)
            self.lists = (self._first(open_ones.overdue(self.today)),
                          self._first(open_ones.filter(Action.objects.rag_q(Rag.AMBER))))
        overdue, stale = self.lists
        return overdue.get(board_id, []), stale.get(board_id, [])


def _send_digest(reminder, today, rendered, lists):
    """The digest is the same for everyone who gets it for a board: rendered once a run."""
    board = reminder.board
    if board.pk not in rendered:
        overdue, stale = lists(board.pk)
        context = {
            "reminder": reminder, "site_url": settings.SITE_URL, "today": today,
            "board": board, "limit": DIGEST_LIMIT,
            "overdue": [text for text, _ in overdue], "stale": [text for text, _ in stale],
            "url": f"{settings.SITE_URL}{reverse('actions:board_tracker', args=[board.pk])}",
        }
        html = {"overdue": [html for _, html in overdue], "stale": [html for _, html in stale]}
        rendered[board.pk] = (render_to_string("actions/email/digest.txt", context),
                              render_to_string("actions/email/digest.html", {**context, **html}))
    text, html = rendered[board.pk]
    message = EmailMultiAlternatives(
        subject=f"Weekly digest: actions needing attention, {board}"[:250], body=text,
        to=[reminder.recipient.email])
    message.attach_alternative(html, "text/html")
    message.send()
    Reminder.objects.filter(pk=reminder.pk).update(sent_at=timezone.now())


def _send_to_lead(reminders, today, texts):
    """One email to a lead for all their actions that need a reminder in this run: each
    action listed with why, linking straight to it."""
    items, html_items = [], []
    for r in reminders:
        item = {"reminder": r, "action": r.action, "url": texts.url(r.action),
                "kind": ReminderKind(r.kind).label, "reason": r.reason}
        about, about_html = texts.about(r.action)
        items.append({**item, "about": about})
        html_items.append({**_escaped(item), "about": about_html})
    first = reminders[0]
    if len(reminders) == 1:
        subject = f"{first.get_kind_display()}: {first.action}"
    else:
        subject = f"{len(reminders)} of your actions need attention"
    context = {"items": items, "reminder": first, "action": first.action, "url": items[0]["url"],
               "site_url": settings.SITE_URL, "today": today, "recipient": first.recipient}
    _message(subject, "actions/email/reminder", context, first.recipient.email,
             html_context={"items": html_items}).send()
    Reminder.objects.filter(pk__in=[r.pk for r in reminders]).update(sent_at=timezone.now())


def _may_be_told(reminder):
    """The wants hold only actions their lead may see; this also keeps out a row of an earlier
    lead that a dead worker left unsent. Asked of confidential actions alone (the rest are
    seen by whoever they are assigned to), so a run reads no more for the others."""
    return not reminder.action.is_confidential or may_see(reminder.recipient, reminder.action)


def send_action_reminders(today=None) -> dict[str, int]:
    """One run over every open action; safe to run twice, or after a crash."""
    today = today or timezone.localdate()
    run = uuid.uuid4()
    sent = {kind: 0 for kind in ReminderKind.values}
    wants = sorted([*_action_wants(today), *_digest_wants(today)],
                   key=lambda w: w.recipient_id)
    objects, texts, rendered_digests = _Objects(), _Texts(), {}
    digest_lists = _DigestLists(
        {w.board_id for w in wants if w.kind == ReminderKind.DIGEST}, today, objects, texts)
    for chunk in _chunks_by_recipient(wants):
        by_recipient = defaultdict(list)
        for reminder in _claim(chunk, run, objects):
            if reminder.recipient.is_active and reminder.recipient.email:
                by_recipient[reminder.recipient_id].append(reminder)
        for reminders in by_recipient.values():
            for digest in [r for r in reminders if r.kind == ReminderKind.DIGEST]:
                _send_digest(digest, today, rendered_digests, digest_lists)
                sent[ReminderKind.DIGEST] += 1
            leads = [r for r in reminders
                     if r.kind != ReminderKind.DIGEST and _may_be_told(r)]
            if leads:
                _send_to_lead(leads, today, texts)
                for reminder in leads:
                    sent[reminder.kind] += 1
        objects.forget_actions()
        texts.forget_actions()
    return sent
