"""The reminders ledger: one row per action, event and recipient (actions/reminders.py sends it)."""


from django.db import models
from django.db.models import Q
from django.utils import timezone

from boards.mailing import Delivery
from boards.models import Board, Person

from .actions import Action


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", "Due in 7 days"
    OVERDUE = "overdue", "Became overdue"
    STILL_OVERDUE = "still_overdue", "Still overdue (weekly)"
    DIGEST = "digest", "Weekly digest"


class ReminderQuerySet(models.QuerySet):
    def to_send(self, now):
        """Due: unsent, not failed, still needed, and not waiting to try again — whichever
        run wrote it and whichever worker last tried it."""
        return self.filter(sent_at__isnull=True, failed_at__isnull=True, not_needed="").filter(
            Q(retry_at__isnull=True) | Q(retry_at__lte=now))

    def waiting_to_retry(self):
        """Tried, not sent, and to be tried again (a refusal's back-off, or the mail server
        down): nothing is given up, but the business manager should know mail is late."""
        return self.filter(sent_at__isnull=True, failed_at__isnull=True, not_needed="",
                           retry_at__isnull=False)

    def failed_first(self):
        """For the business manager: what could not be sent, then the newest."""
        return self.order_by(models.F("failed_at").desc(nulls_last=True), "-claimed_at", "-pk")


class Reminder(Delivery):
    """The ledger of action reminders: one row per action, event and recipient.

    `period` says which occurrence: the due date for due-soon and overdue (so a new date
    re-arms them), the week number for the weekly ones. The unique constraint is what stops a
    second send when the task runs twice. A row is written when the run decides it is wanted
    and sent by whichever sweep finds it due (actions/reminders.py); a row that is no longer
    true when its turn comes is marked not needed, with why, instead of sent."""

    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    action = models.ForeignKey(Action, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="reminders")
    board = models.ForeignKey(Board, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    period = models.CharField(max_length=20)
    recipient = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="reminders")
    reason = models.CharField(max_length=300)
    # The run that decided it was wanted (for tracing; any sweep sends it).
    run = models.UUIDField(null=True, blank=True)
    # When it was queued (the name is older than the sweep).
    claimed_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    not_needed = models.CharField(
        max_length=200, blank=True,
        help_text="Why it was not sent: no longer true when its turn came.")

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["-claimed_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "action", "period", "recipient"],
                                    name="reminder_once_per_action_event",
                                    condition=Q(action__isnull=False)),
            models.UniqueConstraint(fields=["kind", "board", "period", "recipient"],
                                    name="reminder_once_per_board_event",
                                    condition=Q(action__isnull=True)),
        ]
        indexes = [
            # The sweep's rows: those still to send, by recipient (one email each).
            models.Index(fields=["recipient", "id"], name="reminder_to_send",
                         condition=Q(sent_at__isnull=True, failed_at__isnull=True,
                                     not_needed="")),
            # The board reminders page: its failed rows first.
            models.Index(fields=["failed_at"], name="reminder_failed",
                         condition=Q(failed_at__isnull=False)),
        ]

    @property
    def status(self):
        """Sent, failed, not needed, waiting to try again or queued: for the pages."""
        if self.sent_at:
            return "sent"
        if self.failed_at:
            return "failed"
        if self.not_needed:
            return "not_needed"
        return "retrying" if self.attempts or self.last_error else "queued"

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient}"


