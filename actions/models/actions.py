"""Actions: what must be done, by whom, by when, where it came from, how it is going, and —
separately — what difference it made for children (evidence of impact).

Business rules are here (querysets and properties); every write goes through services.py,
which also writes the action's history (boards.History) in the same transaction.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from boards.models import Agency, AgendaItem, Board, Membership, Person
from boards.rules import is_member_of
from safeguard.lib.dates import DATE_OUT_OF_RANGE, FIRST_YEAR, LAST_YEAR

from .choices import (
    DONE_STATUSES,
    OPEN_STATUSES,
    ActionSource,
    ActionStatus,
    Rag,
)
from .plans import ActionPlan, AreaForDevelopment, sort_key_for


def stale_after():
    return timedelta(weeks=settings.ACTION_STALE_WEEKS)


class ActionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today=None):
        return self.open().filter(due_on__lt=today or timezone.localdate())

    def visible_to(self, person, board=None):
        """What the person may see: the queryset twin of rules.can_see (members of the
        action's board see it; the assigned see it unless it is confidential). Both are
        reached through boards.visibility, and tests/test_visibility.py holds them equal.

        `board` says these are that board's actions: its members see them all, so there is
        nothing to filter, and a board's tracker pages through its index alone."""
        if getattr(person, "is_superuser", False):
            return self
        if person is None or not person.is_authenticated:
            return self.none()
        if board is not None and is_member_of(person, board):
            return self.filter(board=board)
        member_boards = Board.objects.for_member(person).values("pk")
        return self.filter(Q(board__in=member_boards)
                           | (self.assigned_q(person) & Q(is_confidential=False)))

    def seen_by_lead(self, today=None):
        """Those whose own lead may see them: rules.can_see for the lead (who is assigned),
        worked out in the query for a reminder run over a million actions. A confidential
        action's lead must be a member of its board that day."""
        lead_is_member = Exists(Membership.objects.current(today).filter(
            person_id=OuterRef("lead_person_id"), board_id=OuterRef("board_id")))
        return self.filter(Q(is_confidential=False) | lead_is_member)

    @staticmethod
    def assigned_q(person):
        """Led by the person, delegated to them, or led by their agency."""
        mine = Q(lead_person=person) | Q(delegate=person)
        if person.agency_id:
            mine |= Q(lead_agency_id=person.agency_id)
        return mine

    def assigned_to(self, person):
        """Led by the person, delegated to them, or led by their agency."""
        return self.filter(self.assigned_q(person))

    @staticmethod
    def rag_q(rag, today=None):
        """The system's RAG rating as a filter, worked out from the facts:
        red — overdue; amber — no progress update for ACTION_STALE_WEEKS, or marked complete
        without evidence of impact; green — the rest that are open or complete with evidence;
        done — closed or withdrawn."""
        today = today or timezone.localdate()
        stale = timezone.now() - stale_after()
        overdue = Q(status__in=OPEN_STATUSES, due_on__lt=today)
        amber = (
            Q(status__in=OPEN_STATUSES) & (Q(last_progress_at__lt=stale)
                                           | Q(last_progress_at__isnull=True, created_at__lt=stale))
        ) | Q(status=ActionStatus.COMPLETE, impact_evidence="")
        done = Q(status__in=(ActionStatus.CLOSED, ActionStatus.WITHDRAWN))
        return {
            Rag.RED: overdue,
            Rag.AMBER: amber & ~overdue,
            Rag.GREEN: ~overdue & ~amber & ~done,
            Rag.DONE: done,
        }[rag]

    def with_rag(self, today=None):
        return self.annotate(system_rag=Case(
            *(When(self.rag_q(rag, today), then=Value(rag.value))
              for rag in (Rag.DONE, Rag.RED, Rag.AMBER)),
            default=Value(Rag.GREEN.value),
        ))

    def for_tracker(self):
        return self.select_related(
            "board", "lead_person", "lead_agency", "delegate", "agenda_item__meeting",
            "latest_update__written_by", "area",
        )

    def for_list(self):
        """What a row of a tracker or a card of "my agency's actions" shows. Not the source
        item and its meeting, which only the action's own page shows: two joins fewer are
        milliseconds of PostgreSQL's planning on every page."""
        return self.select_related(
            "board", "lead_person", "lead_agency", "delegate", "latest_update__written_by",
            "area",
        )

    def overdue_first(self, today=None):
        today = today or timezone.localdate()
        return self.annotate(is_late=Case(
            When(Q(status__in=OPEN_STATUSES, due_on__lt=today), then=Value(0)),
            When(status__in=OPEN_STATUSES, then=Value(1)),
            default=Value(2),
        )).order_by("is_late", "due_on", "pk")

    def summary(self, *, listed=False):
        """The papers' own terms: "23 of 25 actions complete, 5 of 25 with evidence of
        impact, 2 overdue". Withdrawn actions are left out of the count.

        With `listed`, also how many rows the list has, withdrawn included: a tracker's page
        count from the same single pass over its actions, instead of a second COUNT."""
        today = timezone.localdate()
        counted = ~Q(status=ActionStatus.WITHDRAWN)
        extra = {"listed": models.Count("pk")} if listed else {}
        return self.aggregate(
            total=models.Count("pk", filter=counted),
            complete=models.Count("pk", filter=Q(status__in=DONE_STATUSES)),
            with_impact=models.Count("pk", filter=counted & ~Q(impact_evidence="")),
            overdue=models.Count("pk", filter=Q(status__in=OPEN_STATUSES, due_on__lt=today)),
            **extra,
        )


class Action(models.Model):
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField(max_length=5000)
    lead_person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="led_actions")
    lead_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="led_actions")
    supporting_agencies = models.ManyToManyField(Agency, blank=True,
                                                 related_name="supported_actions")
    delegate = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="delegated_actions",
        help_text="An officer of the lead agency the lead has delegated the action to.",
    )
    due_on = models.DateField("by when")
    status = models.CharField(max_length=20, choices=ActionStatus.choices,
                              default=ActionStatus.NOT_STARTED)
    lead_rag = models.CharField("lead's own assessment", max_length=10, blank=True,
                                choices=[(r.value, r.label) for r in (Rag.RED, Rag.AMBER,
                                                                      Rag.GREEN)])
    source = models.CharField(max_length=20, choices=ActionSource.choices,
                              default=ActionSource.DIRECT)
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="actions_arising")
    # Numbered plans: "1.2" under area 1 of a plan, kept in order by sort_key.
    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="actions")
    area = models.ForeignKey(AreaForDevelopment, on_delete=models.PROTECT, null=True,
                             blank=True, related_name="actions")
    number = models.CharField(max_length=20, blank=True)
    sort_key = models.CharField(max_length=60, blank=True, editable=False)
    # Copied from the source item when created, so lists can filter without a join.
    is_confidential = models.BooleanField(default=False)
    # Two keys to close: the lead marks it complete, the business manager or chair closes.
    completion_note = models.TextField("what was done", blank=True, max_length=10000)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    status_reason = models.TextField(
        blank=True, max_length=5000,
        help_text="Why it was sent back, reopened or withdrawn (the latest such reason).",
    )
    # Evidence of impact: what changed for children, when, and who evidenced it.
    impact_evidence = models.TextField("evidence of impact", blank=True, max_length=10000)
    impact_evidenced_on = models.DateField(null=True, blank=True)
    impact_evidenced_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True,
                                            blank=True, related_name="+")
    # Kept up to date by services.progress_add, for the tracker and the RAG rating.
    latest_update = models.ForeignKey("ProgressUpdate", on_delete=models.SET_NULL, null=True,
                                      blank=True, related_name="+")
    last_progress_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    # Every change, in the one history of every record (boards.History), newest first.
    history = GenericRelation("boards.History", related_query_name="action")

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["sort_key", "due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                name="action_minute_item_source_has_item",
                condition=~Q(source="minute_item") | Q(agenda_item__isnull=False),
                violation_error_message="An action arising from the minutes needs its item.",
            ),
            models.CheckConstraint(
                name="action_due_in_a_sensible_year",
                condition=Q(due_on__gte=f"{FIRST_YEAR}-01-01", due_on__lte=f"{LAST_YEAR}-12-31"),
                violation_error_message=f"{DATE_OUT_OF_RANGE}.",
            ),
            models.CheckConstraint(
                name="action_closed_has_closer",
                condition=~Q(status="closed") | Q(closed_by__isnull=False),
            ),
            models.UniqueConstraint(fields=["plan", "number"], condition=~Q(number=""),
                                    name="action_number_unique_in_plan"),
        ]
        indexes = [
            # The board tracker: a board's actions in order, and overdue first.
            models.Index(fields=["board", "sort_key", "due_on", "id"], name="action_board_order"),
            models.Index(fields=["board", "status", "due_on"], name="action_board_status"),
            # The tracker's agency filter: is there an action of this board led by this agency?
            models.Index(fields=["board", "lead_agency"], name="action_board_agency"),
            # "My agency's actions" and the reminder run.
            models.Index(fields=["lead_agency", "status", "due_on"], name="action_agency_status"),
            models.Index(fields=["lead_person", "status", "due_on"], name="action_lead_status"),
            models.Index(fields=["status", "due_on"], name="action_status_due"),
        ]

    def __str__(self):
        prefix = f"{self.number} " if self.number else ""
        return f"{prefix}{self.description[:80]}"

    def save(self, *args, **kwargs):
        self.sort_key = sort_key_for(self.number) if self.number else ""
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("actions:detail", args=[self.pk])

    def check_people_may_see(self):
        """A confidential action is seen only by members of its board: its lead (and any
        delegate) must be one, or they would be asked to act on what they cannot open.
        The services call it when the action is made, or its lead, delegate or
        confidentiality changes."""
        if not self.is_confidential or not self.board_id:
            return
        from boards.visibility import may_see

        errors = {}
        for field in ("lead_person", "delegate"):
            person = getattr(self, field) if getattr(self, f"{field}_id") else None
            if person is not None and not may_see(person, self):
                errors[field] = (f"{person} is not a member of {self.board} and cannot see a "
                                 f"confidential action; choose a member of the board")
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self):
        return self.is_open and self.due_on < timezone.localdate()

    @property
    def has_impact(self):
        return bool(self.impact_evidence)

    @property
    def rag(self) -> Rag:
        """The system's RAG, from the facts (see ActionQuerySet.rag_q for the rules)."""
        if self.status in (ActionStatus.CLOSED, ActionStatus.WITHDRAWN):
            return Rag.DONE
        if self.is_overdue:
            return Rag.RED
        if self.status == ActionStatus.COMPLETE:
            return Rag.AMBER if not self.impact_evidence else Rag.GREEN
        since = self.last_progress_at or self.created_at
        return Rag.AMBER if since < timezone.now() - stale_after() else Rag.GREEN

    @property
    def rag_reason(self) -> str:
        rag = self.rag
        if rag == Rag.RED:
            return f"overdue since {self.due_on.day} {self.due_on:%B %Y}"
        if rag == Rag.AMBER:
            if self.status == ActionStatus.COMPLETE:
                return "marked complete without evidence of impact"
            return f"no progress update for {settings.ACTION_STALE_WEEKS} weeks"
        return ""


class ProgressUpdate(models.Model):
    """A dated, signed entry in the action's progress log. Never edited."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="updates")
    text = models.TextField(max_length=10000)
    status_after = models.CharField(max_length=20, choices=ActionStatus.choices)
    written_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-written_at", "-pk"]
        indexes = [models.Index(fields=["action", "-written_at"], name="progress_action_time")]

    def __str__(self):
        return f"{self.written_at:%d %b %Y} {self.written_by}: {self.text[:60]}"


