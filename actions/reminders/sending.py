"""Sending what is due: any sweep sends any due row, each checked against its action as it
is now, one email per person (a digest per board apart)."""

import logging
from collections import defaultdict

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from boards.mailing import ServerStrikes, after_failure, deliver, message_id
from boards.visibility import may_see

from ..models import OPEN_STATUSES, Action, ActionStatus, Reminder, ReminderKind
from .emails import DigestLists, Objects, Texts, digest_message, lead_message
from .wanted import CHUNK

# Which of an action's reminders is newest: due soon, then overdue, then each week overdue.
_ORDER = {ReminderKind.DUE_SOON: 0, ReminderKind.OVERDUE: 1, ReminderKind.STILL_OVERDUE: 2}

logger = logging.getLogger("actions.reminders")  # the name it had before the split


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
        self.objects, self.texts, self.rendered = Objects(), Texts(), {}
        self.digest_lists = DigestLists(
            set(due.filter(kind=ReminderKind.DIGEST).values_list("board_id", flat=True)),
            today, self.objects, self.texts)
        self.sent = {kind: 0 for kind in ReminderKind.values}
        self.failed = 0
        self.strikes = ServerStrikes()

    @property
    def server_down(self):
        """The mail server failed the last few emails: leave the rest to the next sweep."""
        return self.strikes.out

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
            self.send(rows, lambda rows: digest_message(
                rows[0], self.today, self.rendered, self.digest_lists))
        leads = [r for r in reminders if r.kind != ReminderKind.DIGEST]
        if leads and not self.server_down:
            self.send(leads, lambda rows: lead_message(rows, self.today, self.texts))

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
                self.strikes.note(failure.server_trouble)
                logger.warning("Reminders %s not sent: %s", pks, failure.last_error,
                               exc_info=not isinstance(error, OSError))  # SMTP errors are OSErrors
                return
            Reminder.objects.filter(pk__in=pks).update(sent_at=timezone.now())
        self.strikes.note(False)
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


