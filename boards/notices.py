"""One-off emails through an outbox: queued with the event, sent by a sweep, never lost.

- `queue()` writes one `Notice` row per recipient in the caller's transaction, so the email
  exists exactly when the event does. After the commit it asks a worker to sweep at once, but
  nothing depends on that message arriving: beat runs the sweep every two minutes.
- `sweep()` claims each due row (SELECT … FOR UPDATE SKIP LOCKED, then a claim time), so two
  sweeps never send one row; composes it as things are now; sends it as its own message with
  the row's Message-ID; and marks it sent at once. A failure is recorded on the row and retried
  with back-off (boards.mailing), and the sweep goes on to the next row — unless the mail
  server itself is down, when it stops after a few tries and the next sweep tries again.
- What a notice says is composed when it is sent, by the composer its app registered for its
  kind (`register()`, from the app's AppConfig.ready(): boards imports no app above it). The
  composer re-reads the record and raises `NotNeeded` when the notice is no longer true.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from . import mailing
from .models import NOTICE_CLAIM_EXPIRES, Notice, NoticeStatus
from .visibility import may_see

log = logging.getLogger(__name__)

CLAIM_EXPIRES = NOTICE_CLAIM_EXPIRES  # a dead worker's claim: sent again after this
# One sweep stops after this long and leaves the rest to the next; the task's time limit is 15.
SWEEP_FOR = timedelta(minutes=10)
# What `send` returns when the mail server, not the notice, was the trouble.
WAITING_FOR_SERVER = "waiting_for_server"


class NotNeeded(Exception):  # noqa: N818 - it is an outcome, not an error
    """The notice is no longer true (the meeting is past, the minutes approved, the challenge
    answered): the row is marked not needed, with this reason, and nothing is sent."""


@dataclass
class Letter:
    subject: str
    template: str  # without .txt/.html
    context: dict = field(default_factory=dict)
    attachments: tuple = ()
    about: object = None  # the record whose words it carries: sent only to who may see it


COMPOSERS: dict[str, Callable[[Notice], Letter]] = {}


def register(kind: str, composer: Callable[[Notice], Letter]) -> None:
    COMPOSERS[kind] = composer


def queue(*, kind: str, key: str, recipients: Iterable, reason: str, board=None,
          details=None) -> int:
    """One notice per recipient for this event, unless it was queued before. Returns how many
    are new. Call it inside the transaction that records the event."""
    if kind not in COMPOSERS:
        raise LookupError(f"no composer for notices of kind {kind!r}: register one")
    people = {p.pk: p for p in recipients if p.email and p.is_active}
    known = set(Notice.objects.filter(kind=kind, key=key, recipient__in=people)
                .values_list("recipient_id", flat=True))
    new = [Notice(kind=kind, key=key, recipient=person, reason=reason[:300], board=board,
                  details=details or {})
           for pk, person in people.items() if pk not in known]
    Notice.objects.bulk_create(new, ignore_conflicts=True)
    if new and transaction.get_connection().in_atomic_block:
        # An event's transaction: send within seconds of the commit. (The daily reminder
        # runs queue outside one, many events at a time, and sweep once at their end.)
        transaction.on_commit(_sweep_soon)
    return len(new)


@shared_task(name="boards.tasks.sweep_notices", acks_late=True)
def sweep_notices() -> dict:
    """Every two minutes (beat, under its old name in boards.tasks), and just after an event
    queues notices."""
    return sweep()


def _sweep_soon():
    try:
        sweep_notices.delay()
    except Exception:  # the broker is down: beat's sweep sends it within minutes
        log.warning("could not ask for a sweep now; the scheduled sweep will send the notices",
                    exc_info=True)


def _claim(now) -> Notice | None:
    with transaction.atomic():
        notice = (Notice.objects.due(now).select_for_update(skip_locked=True, of=("self",))
                  .select_related("recipient").order_by("created_at", "pk").first())
        if notice is None:
            return None
        Notice.objects.filter(pk=notice.pk).update(claimed_at=timezone.now())
    return notice


def _message(notice, letter) -> EmailMultiAlternatives:
    context = {**letter.context, "recipient": notice.recipient, "reason": notice.reason,
               "site_url": settings.SITE_URL}
    message = EmailMultiAlternatives(
        subject=letter.subject, body=render_to_string(f"{letter.template}.txt", context),
        to=[notice.recipient.email],
    )
    message.attach_alternative(render_to_string(f"{letter.template}.html", context), "text/html")
    for filename, content, mimetype in letter.attachments:
        message.attach(filename, content, mimetype)
    return message


def _compose(notice) -> Letter:
    person = notice.recipient
    if not person.is_active or not person.email:
        raise NotNeeded("the recipient's account is closed or has no email address")
    letter = COMPOSERS[notice.kind](notice)
    if letter.about is not None and not may_see(person, letter.about):
        raise NotNeeded("the recipient may no longer see what it is about")
    return letter


def send(notice, now) -> str:
    """Send one claimed notice; returns what became of it (a NoticeStatus, or
    WAITING_FOR_SERVER)."""
    rows = Notice.objects.filter(pk=notice.pk)
    subject = notice.subject
    try:
        letter = _compose(notice)
        subject = letter.subject[:300]
        mailing.deliver(_message(notice, letter),
                        message_id=mailing.message_id("notice", notice.pk))
    except (NotNeeded, ObjectDoesNotExist) as why:
        because = str(why) if isinstance(why, NotNeeded) else "what it was about was deleted"
        rows.update(status=NoticeStatus.NOT_NEEDED, not_needed_because=because[:300])
        return NoticeStatus.NOT_NEEDED
    except Exception as error:  # refused, timed out, dropped, a bad address: record, go on
        failure = mailing.after_failure(notice.attempts, error, now)
        status = NoticeStatus.FAILED if failure.failed_at else NoticeStatus.PENDING
        rows.update(**failure.fields(), subject=subject, claimed_at=None, status=status)
        log.warning("notice %s not sent (attempt %s): %s", notice.pk, failure.attempts,
                    failure.last_error)
        return WAITING_FOR_SERVER if failure.server_trouble else status
    rows.update(status=NoticeStatus.SENT, sent_at=timezone.now(), subject=subject,
                attempts=notice.attempts + 1, retry_at=None)
    return NoticeStatus.SENT


def sweep(now=None) -> dict:
    """Send every due notice, one message each. Returns counts by outcome. `now` says which
    retries are due and when the next would be (tests pass a later time)."""
    now = now or timezone.now()
    stop_at = timezone.now() + SWEEP_FOR
    counts = {s.value: 0 for s in NoticeStatus} | {WAITING_FOR_SERVER: 0}
    strikes = mailing.ServerStrikes()
    while timezone.now() < stop_at and not strikes.out:
        notice = _claim(now)
        if notice is None:
            break
        outcome = send(notice, now)
        counts[outcome] += 1
        strikes.note(outcome == WAITING_FOR_SERVER)
    return counts
