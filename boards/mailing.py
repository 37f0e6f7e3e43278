"""Sending one email from an outbox row: bounded, retried, and recognisable if sent twice.

Every email the office sends is first a row in a ledger (an outbox) written with the event that
causes it: `boards.Notice` for one-off notices, `actions.Reminder` for reminders. A frequent
sweep sends the rows that are due, whichever worker or run wrote or claimed them. What the
ledgers share lives here:

- `Delivery`, the fields that say how sending a row has gone (attempts, the last error, when to
  try again, when it was given up);
- `message_id()`, one Message-ID per row for every attempt, so a message sent again after a
  crash (the server accepted it, the worker died before marking the row) is the same message
  to the recipient's mail system, and can be counted;
- `deliver()`, which sends one message with the SMTP timeout and raises on any failure;
- `after_failure()`, the back-off: when to try again, or that the row has failed and must be
  shown to the business manager rather than dropped.

Two kinds of failure are told apart. A refusal of the message (the server answered, and said
no to this recipient or this message) is the row's own: it backs off, and after MAX_ATTEMPTS
the row has failed. Trouble with the server (it could not be reached, did not answer within
EMAIL_TIMEOUT, dropped the connection, or closed the service with 421) is no fault of the
row: it is tried again after SERVER_RETRY however long the outage lasts, without using up its
attempts, so mail flows again within minutes of the server coming back; and a sweep that meets
it SERVER_STRIKES times in a row stops (every other message would wait out the same timeout).
Rows waiting on the server are shown on the board's reminders page, with the server's words.
"""

import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models

# Waits between attempts; after the last, the row has failed. About 5½ hours in all: a mail
# server down for a morning delays mail, a wrong address is given up the same day.
RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15),
                timedelta(hours=1), timedelta(hours=4))
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
# While the mail server is down: try again this soon (a sweep runs every two or three minutes),
# and stop a sweep after this many such failures in a row.
SERVER_RETRY = timedelta(minutes=2)
SERVER_STRIKES = 3


class Delivery(models.Model):
    """How sending an outbox row has gone. A row is due when it is unsent, not failed, and its
    `retry_at` is empty or past."""

    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    retry_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


def message_id(label: str, pk: int) -> str:
    """The same Message-ID for every attempt at one row (RFC 5322: <left@right>)."""
    domain = urlsplit(settings.SITE_URL).hostname or "safeguard.invalid"
    return f"<{label}.{pk}@{domain}>"


def deliver(message, *, message_id: str) -> None:
    """Send one message, waiting at most EMAIL_TIMEOUT for each step of the conversation.
    Raises whatever the mail backend raised (refused, timed out, connection dropped)."""
    message.extra_headers = {**(message.extra_headers or {}), "Message-ID": message_id}
    if message.send(fail_silently=False) != 1:  # the SMTP backend reads EMAIL_TIMEOUT
        raise OSError("the mail backend did not take the message")


def describe(error: BaseException) -> str:
    """The server's own words ("451 4.3.0 Try again later"), not a tuple of bytes."""
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error
        text = text.decode(errors="replace") if isinstance(text, bytes) else str(text)
        return f"{error.smtp_code} {text}"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(f"{address}: {code} {text.decode(errors='replace')}"
                         for address, (code, text) in error.recipients.items())
    return str(error)


def server_trouble(error: BaseException) -> bool:
    """Whether the server, not the message, is the trouble: it could not be reached, did not
    answer in time, dropped the conversation, turned the connection away, closed the service
    (421), or refused our credentials. The next message would fare the same."""
    if isinstance(error, smtplib.SMTPResponseException):
        return (isinstance(error, smtplib.SMTPConnectError | smtplib.SMTPHeloError
                           | smtplib.SMTPAuthenticationError)
                or error.smtp_code == 421)
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return True
    # Refused, reset, timed out, no such host: socket errors, not SMTP answers.
    return isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException)


@dataclass(frozen=True)
class Failure:
    attempts: int
    last_error: str
    retry_at: datetime | None
    failed_at: datetime | None
    server_trouble: bool = False

    def fields(self):
        return {"attempts": self.attempts, "last_error": self.last_error,
                "retry_at": self.retry_at, "failed_at": self.failed_at}


def after_failure(attempts_before: int, error: BaseException, now: datetime) -> Failure:
    """What to record after a failed attempt: try again after the next delay, or give up; or,
    when the server was the trouble, try again soon, with the row's attempts untouched."""
    text = f"{type(error).__name__}: {describe(error)}"[:500]
    if server_trouble(error):
        return Failure(attempts_before, text, now + SERVER_RETRY, None, server_trouble=True)
    attempts = attempts_before + 1
    if attempts >= MAX_ATTEMPTS:
        return Failure(attempts, text, None, now)
    return Failure(attempts, text, now + RETRY_DELAYS[attempts - 1], None)


class ServerStrikes:
    """One sweep's count of failures in a row for the mail server's own trouble: after
    SERVER_STRIKES of them the sweep stops, and the next, in minutes, tries again. Any other
    outcome of an attempt (sent, refused, not needed) starts the count again."""

    def __init__(self):
        self.count = 0

    def note(self, server_trouble: bool) -> None:
        """Count one attempt at sending."""
        self.count = self.count + 1 if server_trouble else 0

    @property
    def out(self) -> bool:
        return self.count >= SERVER_STRIKES


def late(*ledgers) -> dict | None:
    """How many rows of these outboxes wait to be tried again, and the mail server's last
    answer (the newest retry's error), for the business manager: None when none wait."""
    count = sum(ledger.count() for ledger in ledgers)
    if not count:
        return None
    newest = [row for ledger in ledgers
              for row in ledger.order_by("-retry_at").values("last_error", "retry_at")[:1]]
    return {"count": count, **max(newest, key=lambda row: row["retry_at"])}
