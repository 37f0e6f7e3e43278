"""Action reminders, each sent once per action, event and recipient — and never lost.

Who and when:
- the lead, 7 days before the due date (due soon);
- the lead, once the date has passed (overdue), and then weekly while it stays overdue;
- each board's business manager and chair, a weekly digest of its overdue actions and those
  without progress for ACTION_STALE_WEEKS.
A lead gets one email a run listing every action that needs a reminder, each with why.

How it is never lost, nor sent twice: the ledger, not the broker, is the source of truth.
- Decide (`queue_action_reminders`, in the daily run): insert a row per wanted reminder with
  ON CONFLICT DO NOTHING; the unique constraint per (kind, action or board, period,
  recipient) keeps each once. Candidates are chosen by range (due within 7 days, overdue),
  not by exact day, so a missed day is caught up when the run comes next.
- Send (`sweep`, after the run and every few minutes by beat): every due row — unsent, not
  failed, not "not needed", not waiting to retry — of whichever run, one email per recipient
  (a digest per board apart). Each email's rows are held with SELECT ... FOR UPDATE SKIP
  LOCKED in a transaction round that one send: a second sweep skips them, and if the worker
  dies its locks go with its connection, so the next sweep sends them (minutes, not a day).
  The rows are marked sent in the same transaction as soon as the server takes the message;
  the Message-ID comes from the lowest row, so a re-send in that last window is the same
  message. A failed send is recorded on the rows (boards.mailing.after_failure: back-off,
  then failed, shown on the board's reminders page) and the sweep goes on to the next person;
  when the mail server itself is down, the sweep stops after a few tries and the rows wait
  minutes, not hours, for the next.
- Each email says each thing once, as it is now: rows are re-read against their action just
  before sending; one no longer true (closed, new date, new lead, now overdue) or superseded
  by a newer one of the same action (overdue after due-soon, a later week) is marked not
  needed, with why, instead of sent.
"""

import logging
import uuid
from collections import defaultdict
from datetime import timedelta
from itertools import chain, islice
from typing import NamedTuple

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.template.defaultfilters import linebreaksbr, truncatewords, wordwrap
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from boards.mailing import SERVER_STRIKES, after_failure, deliver, message_id
from boards.models import CHAIR_ROLES, Agency, Board, Membership, Person, Role
from boards.visibility import may_see
from safeguard.lib.presenters import Days, PathsById, escaped

from .models import OPEN_STATUSES, Action, ActionStatus, Rag, Reminder, ReminderKind

CHUNK = 2000
logger = logging.getLogger(__name__)


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


def _digest_message(reminder, today, rendered, lists):
    """The digest is the same for everyone who gets it for a board: rendered once a sweep."""
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
    return message


def _lead_message(reminders, today, texts):
    """One email to a lead for all their actions that need a reminder now: each action
    listed once with why, linking straight to it."""
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
    return _message(subject, "actions/email/reminder", context, first.recipient.email,
                    html_context={"items": html_items})


# Which of an action's reminders is newest: due soon, then overdue, then each week overdue.
_ORDER = {ReminderKind.DUE_SOON: 0, ReminderKind.OVERDUE: 1, ReminderKind.STILL_OVERDUE: 2}


def _newness(reminder):
    week = reminder.period.rpartition("/w")[2] if "/w" in reminder.period else "0"
    return _ORDER[reminder.kind], int(week), reminder.pk


def _why_not(reminder, today):
    """Why an action's reminder is no longer true as it stands now, or '' if it still is."""
    action = reminder.action
    if action.status not in OPEN_STATUSES:
        return f"the action is {ActionStatus(action.status).label.lower()}"
    if action.lead_person_id != reminder.recipient_id:
        return "the action has another lead"
    if reminder.period.partition("/")[0] != action.due_on.isoformat():
        return "the action's due date changed"
    if reminder.kind == ReminderKind.DUE_SOON and action.due_on < today:
        return "the action became overdue"
    if not _may_be_told(reminder):
        return "the lead may not see the action"
    return ""


def _may_be_told(reminder):
    """The wants hold only actions their lead may see; this also keeps out a row of an earlier
    lead. Asked of confidential actions alone (the rest are seen by whoever they are assigned
    to), so a sweep reads no more for the others."""
    return not reminder.action.is_confidential or may_see(reminder.recipient, reminder.action)


def _sort_out(reminders, today):
    """(to send, {why: [not needed]}): each action once, as it is now; the newest digest of a
    board. A row superseded by a newer one of the same action is not sent beside it."""
    send, dropped = {}, defaultdict(list)
    for reminder in reminders:
        why = "" if reminder.kind == ReminderKind.DIGEST else _why_not(reminder, today)
        if why:
            dropped[why].append(reminder)
            continue
        key = (reminder.recipient_id, reminder.action_id, reminder.board_id)
        kept = send.get(key)
        newer = kept is None or (
            reminder.period > kept.period if reminder.kind == ReminderKind.DIGEST
            else _newness(reminder) > _newness(kept))
        if kept is not None:
            older, newest = (kept, reminder) if newer else (reminder, kept)
            dropped[f"superseded by “{ReminderKind(newest.kind).label}”"].append(older)
        if newer:
            send[key] = reminder
    return sorted(send.values(), key=lambda r: r.pk), dropped


class _Sweep:
    """One sweep: what it has read and rendered, shared by every email it sends."""

    def __init__(self, today, now, due):
        self.today, self.now = today, now
        self.objects, self.texts, self.rendered = _Objects(), _Texts(), {}
        self.digest_lists = _DigestLists(
            set(due.filter(kind=ReminderKind.DIGEST).values_list("board_id", flat=True)),
            today, self.objects, self.texts)
        self.sent = {kind: 0 for kind in ReminderKind.values}
        self.failed = 0
        self.strikes = 0  # failures in a row for the mail server's own trouble

    @property
    def server_down(self):
        """The mail server failed the last few emails: leave the rest to the next sweep."""
        return self.strikes >= SERVER_STRIKES

    def recipient(self, reminders):
        """Send a person's due reminders: each board's digest, and one email for the rest."""
        person = reminders[0].recipient
        if not (person.is_active and person.email):
            Reminder.objects.filter(pk__in=[r.pk for r in reminders]).update(
                not_needed="the person has left or has no email address")
            return
        digests = defaultdict(list)  # a board's digest of an earlier week is superseded
        for digest in [r for r in reminders if r.kind == ReminderKind.DIGEST]:
            digests[digest.board_id].append(digest)
        for rows in digests.values():
            if self.server_down:
                return
            self.send(rows, lambda rows: _digest_message(
                rows[0], self.today, self.rendered, self.digest_lists))
        leads = [r for r in reminders if r.kind != ReminderKind.DIGEST]
        if leads and not self.server_down:
            self.send(leads, lambda rows: _lead_message(rows, self.today, self.texts))

    def send(self, reminders, message_for):
        """One message for `reminders`, in a transaction that holds them: another sweep
        skips them meanwhile, and if this worker dies they are free again at once. Marked
        sent as soon as the server takes the message; a failure is recorded on them."""
        with transaction.atomic():
            held = set(Reminder.objects.to_send(self.now).filter(  # (by the sweep's index)
                recipient_id=reminders[0].recipient_id, pk__in=[r.pk for r in reminders],
            ).select_for_update(skip_locked=True)
                .values_list("pk", flat=True))
            candidates = [r for r in reminders if r.pk in held]
            _as_they_are_now(candidates)
            rows, dropped = _sort_out(candidates, self.today)
            _not_needed(dropped)
            if not rows:
                return
            pks = [r.pk for r in rows]
            try:
                deliver(message_for(rows), message_id=message_id("reminder", pks[0]))
            except Exception as error:  # refused, timed out, dropped: try again later
                # (anything else too, logged with its traceback: one person's email that
                # cannot be written must not stop everyone else's)
                failure = after_failure(max(r.attempts for r in rows), error, self.now)
                Reminder.objects.filter(pk__in=pks).update(**failure.fields())
                self.failed += len(rows)
                self.strikes = self.strikes + 1 if failure.server_trouble else 0
                logger.warning("Reminders %s not sent: %s", pks, failure.last_error,
                               exc_info=not isinstance(error, OSError))  # SMTP errors are OSErrors
                return
            Reminder.objects.filter(pk__in=pks).update(sent_at=timezone.now())
        self.strikes = 0
        for reminder in rows:
            self.sent[reminder.kind] += 1


def _as_they_are_now(reminders):
    """Read again, just before the email is written, what says whether each action's reminder
    is still true: the batch's actions were read when the sweep reached the batch, and one
    closed since must not be listed (the fault run caught it). One query an email."""
    ids = {r.action_id for r in reminders if r.action_id}
    if not ids:
        return
    fresh = {pk: facts for pk, *facts in Action.objects.filter(pk__in=ids).values_list(
        "pk", "status", "lead_person_id", "due_on", "is_confidential", "board_id")}
    for reminder in reminders:
        if reminder.action_id in fresh:
            action = reminder.action
            (action.status, action.lead_person_id, action.due_on, action.is_confidential,
             action.board_id) = fresh[reminder.action_id]


def _not_needed(dropped):
    """Mark rows not needed, with why (one query a reason); a row another sweep has sent
    meanwhile is left as sent."""
    for why, those in dropped.items():
        Reminder.objects.filter(pk__in=[r.pk for r in those], sent_at__isnull=True).update(
            not_needed=why)


def _recipient_batches(due, size=CHUNK):
    """Recipients in batches of about `size` due rows, never splitting one person's."""
    batch, rows = [], 0
    counts = due.order_by("recipient_id").values_list("recipient_id").annotate(n=Count("pk"))
    for recipient_id, n in counts:
        batch.append(recipient_id)
        rows += n
        if rows >= size:
            yield batch
            batch, rows = [], 0
    if batch:
        yield batch


def sweep(today=None, now=None) -> dict[str, int]:
    """Send every reminder that is due, whichever run queued it or worker last tried it;
    each checked against its action as it is now. Safe to run at the same time as another."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    due = Reminder.objects.to_send(now)
    run = _Sweep(today, now, due)
    for batch in _recipient_batches(due):
        rows = run.objects.attach(list(
            due.filter(recipient_id__in=batch).order_by("recipient_id", "pk").only(
                "kind", "action_id", "board_id", "recipient_id", "reason", "period",
                "attempts")))
        # What is no longer true or superseded, for the whole batch at once (each email
        # checks its own rows again once it holds them, in case another sweep got there).
        rows, dropped = _sort_out(rows, today)
        _not_needed(dropped)
        by_recipient = defaultdict(list)
        for reminder in sorted(rows, key=lambda r: (r.recipient_id, r.pk)):
            by_recipient[reminder.recipient_id].append(reminder)
        for reminders in by_recipient.values():
            if run.server_down:
                return run.sent  # the next sweep, in minutes, tries again
            run.recipient(reminders)
        run.objects.forget_actions()
        run.texts.forget_actions()
    return run.sent


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


def send_action_reminders(today=None) -> dict[str, int]:
    """The daily run: decide what is wanted, then send what is due. Safe to run twice."""
    today = today or timezone.localdate()
    queue_action_reminders(today)
    return sweep(today)
