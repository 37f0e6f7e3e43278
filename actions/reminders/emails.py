"""Writing the reminder emails: a lead's list of actions, a board's weekly digest, each value
worked out once a sweep and shared by every email that shows it."""

from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.template.defaultfilters import linebreaksbr, truncatewords, wordwrap
from django.template.loader import render_to_string
from django.urls import reverse

from boards.models import Agency, Board, Person
from safeguard.lib.presenters import Days, PathsById, escaped

from ..models import OPEN_STATUSES, Action, ActionStatus, Rag, ReminderKind

# What the emails say of an action (and all that is read of it).
_EMAILED = ("number", "description", "board", "lead_person", "lead_agency", "due_on", "status",
            "latest_update", "is_confidential")


class Objects:
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


class Texts:
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


class DigestLists:
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


def digest_message(reminder, today, rendered, lists):
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


def lead_message(reminders, today, texts):
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


