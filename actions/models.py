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

from boards.dates import DATE_OUT_OF_RANGE, FIRST_YEAR, LAST_YEAR
from boards.mailing import Delivery
from boards.models import Agency, AgendaItem, Board, Membership, Person
from boards.rules import is_member_of


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETE = "complete", "Complete"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn"


OPEN_STATUSES = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)
DONE_STATUSES = (ActionStatus.COMPLETE, ActionStatus.CLOSED)
# What a lead may set in the tracker; closing, reopening and withdrawing are separate steps.
LEAD_STATUSES = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS, ActionStatus.COMPLETE)


class ActionSource(models.TextChoices):
    MINUTE_ITEM = "minute_item", "Meeting minutes"
    RECOMMENDATION = "recommendation", "Recommendation"
    CHALLENGE = "challenge", "Challenge"
    AUDIT = "audit", "Audit"
    CASE_REVIEW = "case_review", "Case review"
    BUSINESS_PLAN = "business_plan", "Business plan"
    DIRECT = "direct", "Entered directly"


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    DONE = "done", "Done"


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


class ActionPlan(models.Model):
    """A numbered plan of actions under areas for development (the Warrington plan)."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="action_plans")
    title = models.CharField(max_length=200)
    source = models.CharField(max_length=20, choices=ActionSource.choices,
                              default=ActionSource.BUSINESS_PLAN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["board", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("actions:plan_tracker", args=[self.pk])


class AreaForDevelopment(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="areas")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="area_number_unique_in_plan"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


def sort_key_for(number: str) -> str:
    """'1.10' sorts after '1.9': each part zero-padded to five digits."""
    parts = [p for p in number.split(".") if p.strip()]
    return ".".join(f"{int(p):05d}" if _is_number(p.strip()) else p.strip() for p in parts)


def _is_number(part: str) -> bool:
    # ASCII digits only: "²".isdigit() is true, yet int() refuses it.
    return part.isascii() and part.isdigit()


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
    challenge = models.ForeignKey("challenges.Challenge", on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="actions")
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


class AgencyToken(models.Model):
    """A per-agency API token: an agency's own system reads its actions and posts progress
    updates as the person who holds the token, under the same rules as the browser."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="api_tokens")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="api_tokens",
                               help_text="Updates posted with the token are signed by them.")
    name = models.CharField(max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.agency}: {self.name}"


class Export(models.Model):
    """A tracker export built in the background, with its progress for the waiting page."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    code = models.UUIDField(unique=True)
    requested_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    board = models.ForeignKey(Board, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    query = models.TextField(blank=True, help_text="The tracker's filters, as a query string.")
    scope = models.CharField(max_length=100, help_text="Which tracker, e.g. board:12.")
    file_format = models.CharField(max_length=4, choices=[("csv", "CSV"), ("xlsx", "XLSX")])
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="exports/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.scope} {self.file_format} {self.status}"
