"""Actions: what must be done, by whom, by when, and where it came from.

The foundation keeps the fields every action needs; the action tracker builds on them.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from boards.models import Agency, AgendaItem, Board, Person


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETE = "complete", "Complete"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn"


OPEN_STATUSES = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)


class ActionSource(models.TextChoices):
    MINUTE_ITEM = "minute_item", "Meeting minutes"
    RECOMMENDATION = "recommendation", "Recommendation"
    CHALLENGE = "challenge", "Challenge"
    AUDIT = "audit", "Audit"
    CASE_REVIEW = "case_review", "Case review"
    BUSINESS_PLAN = "business_plan", "Business plan"
    DIRECT = "direct", "Entered directly"


class ActionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today=None):
        return self.open().filter(due_on__lt=today or timezone.localdate())

    def visible_to(self, person):
        """Confidential actions (from a confidential item) only for members of the board."""
        from boards.models import Board

        member_boards = Board.objects.for_member(person).values("pk")
        return self.filter(Q(is_confidential=False) | Q(board__in=member_boards))

    def for_tracker(self):
        return self.select_related("board", "lead_person", "lead_agency", "agenda_item__meeting")


class Action(models.Model):
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField(max_length=5000)
    lead_person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="led_actions")
    lead_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="led_actions")
    due_on = models.DateField("by when")
    status = models.CharField(max_length=20, choices=ActionStatus.choices,
                              default=ActionStatus.NOT_STARTED)
    source = models.CharField(max_length=20, choices=ActionSource.choices,
                              default=ActionSource.DIRECT)
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="actions_arising")
    # Copied from the source item when created, so lists can filter without a join.
    is_confidential = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                name="action_minute_item_source_has_item",
                condition=~Q(source="minute_item") | Q(agenda_item__isnull=False),
                violation_error_message="An action arising from the minutes needs its item.",
            ),
        ]
        indexes = [models.Index(fields=["board", "status", "due_on"], name="action_board_status")]

    def __str__(self):
        return self.description[:80]

    def get_absolute_url(self):
        return reverse("actions:detail", args=[self.pk])

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self):
        return self.is_open and self.due_on < timezone.localdate()
