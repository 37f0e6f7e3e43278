"""The outbox of one-off emails (boards.notices sends it)."""

from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone

from ..mailing import Delivery
from .boards import Board
from .people import Person

# A notice claimed longer ago than this was claimed by a worker that died: it is sent again
# (with the same Message-ID). One send takes at most a few EMAIL_TIMEOUTs.
NOTICE_CLAIM_EXPIRES = timedelta(minutes=10)


class NoticeStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENT = "sent", "Sent"
    NOT_NEEDED = "not_needed", "Not needed"
    FAILED = "failed", "Could not be sent"


class NoticeQuerySet(models.QuerySet):
    def due(self, now):
        """Unsent, not given up, its next attempt not after `now`, and not being sent by a
        live worker (a claim older than NOTICE_CLAIM_EXPIRES by the clock is a dead
        worker's)."""
        return self.filter(
            Q(retry_at__isnull=True) | Q(retry_at__lte=now),
            Q(claimed_at__isnull=True) | Q(claimed_at__lt=timezone.now() - NOTICE_CLAIM_EXPIRES),
            status=NoticeStatus.PENDING,
        )

    def waiting_for(self, board):
        """The board's notices tried and to be tried again (and invitations to new people)."""
        return self.filter(Q(board=board) | Q(board__isnull=True), status=NoticeStatus.PENDING,
                           retry_at__isnull=False)

    def failed_for(self, board):
        """What the business manager must see: the board's notices given up on, and the
        invitations to new people (they belong to no board)."""
        return (self.filter(Q(board=board) | Q(board__isnull=True), status=NoticeStatus.FAILED)
                .select_related("recipient").order_by("-failed_at"))


class Notice(Delivery):
    """The outbox of one-off emails: one row per event and recipient, written in the same
    transaction as the event, and sent by `boards.notices.sweep` (every two minutes, and just
    after the event). What it says is composed when it is sent, from `kind` and `key`.

    The unique constraint is what makes a notice go once however often it is queued.
    """

    kind = models.CharField(max_length=50)
    key = models.CharField(max_length=100, help_text="What the event is about, e.g. meeting:12.")
    recipient = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="notices")
    board = models.ForeignKey(Board, on_delete=models.CASCADE, null=True, blank=True,
                              related_name="notices",
                              help_text="Whose business manager sees it if it cannot be sent.")
    details = models.JSONField(default=dict, blank=True,
                               help_text="What the event's record does not say, e.g. who added "
                                         "a person.")
    subject = models.CharField(max_length=300, blank=True, help_text="As last composed.")
    reason = models.CharField(max_length=300, help_text="Why it was sent, in words.")
    status = models.CharField(max_length=10, choices=NoticeStatus.choices,
                              default=NoticeStatus.PENDING)
    not_needed_because = models.CharField(max_length=300, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "key", "recipient"],
                                    name="notice_once_per_event_and_recipient"),
        ]
        indexes = [models.Index(fields=["status", "retry_at"], name="notice_due")]

    def __str__(self):
        return f"{self.kind_label} → {self.recipient}"

    @property
    def kind_label(self):
        """"Meeting invitation", "Challenge due soon": the kind in words, never the subject
        (a challenge's subject carries its title)."""
        return self.kind.replace("_", " ").capitalize()
