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

from django.utils import timezone

from .sending import sweep
from .wanted import queue_action_reminders

__all__ = ["queue_action_reminders", "send_action_reminders", "sweep"]


def send_action_reminders(today=None) -> dict[str, int]:
    """The daily run: decide what is wanted, then send what is due. Safe to run twice."""
    today = today or timezone.localdate()
    queue_action_reminders(today)
    return sweep(today)
