"""Boards, their sub-groups and reporting lines, and memberships (roles held with dates)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from .people import Person


class BoardKind(models.TextChoices):
    LSCB = "lscb", "Local Safeguarding Children Board"
    PARTNERSHIP_EXECUTIVE = "partnership_executive", "Safeguarding partnership executive"
    PARTNERSHIP_GROUP = "partnership_group", "Safeguarding partnership group"
    TRUST_BOARD = "trust_board", "Children's Trust Board"
    IMPROVEMENT_BOARD = "improvement_board", "Improvement board"
    ADULTS_BOARD = "adults_board", "Safeguarding Adults Board"
    SUB_COMMITTEE = "sub_committee", "Sub-committee"
    TASK_AND_FINISH = "task_and_finish", "Task-and-finish group"
    REFERENCE_GROUP = "reference_group", "Reference group"
    OTHER = "other", "Other"


class BoardQuerySet(models.QuerySet):
    def for_member(self, person, on: date | None = None):
        """Boards on which the person holds a membership today (or on the given day)."""
        return self.filter(
            pk__in=Membership.objects.current(on).filter(person=person).values("board_id")
        )


class Board(models.Model):
    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=30, choices=BoardKind.choices)
    purpose = models.TextField(blank=True, max_length=5000)
    # The board's quorum rule, from its terms of reference.
    quorum_minimum = models.PositiveSmallIntegerField(
        default=1, help_text="How many members must be present for the meeting to be quorate."
    )
    quorum_requires_statutory_partners = models.BooleanField(
        default=False,
        help_text="A member from each statutory partner (council, police, health) must be present.",
    )
    # Task-and-finish groups.
    sunset_on = models.DateField("sunset date", null=True, blank=True)
    report_back_meeting = models.ForeignKey(
        "Meeting", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text="The parent board's meeting at which the group reports back.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Moves on at each save from a form, so a save opened at an older version is refused.
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    objects = BoardQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="board_task_and_finish_has_sunset",
                condition=~Q(kind="task_and_finish") | Q(sunset_on__isnull=False),
                violation_error_message="A task-and-finish group needs a sunset date.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("boards:board_detail", args=[self.pk])

    def clean(self):
        if self.kind == BoardKind.TASK_AND_FINISH and not self.sunset_on:
            raise ValidationError({"sunset_on": "A task-and-finish group needs a sunset date."})

    def reporting_line_on(self, on: date | None = None):
        on = on or timezone.localdate()
        return (
            self.reporting_lines.filter(starts_on__lte=on)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
            .select_related("reports_to")
            .first()
        )

    @property
    def parent(self):
        line = self.reporting_line_on()
        return line.reports_to if line else None

    def next_meeting(self, after=None):
        after = after or timezone.now()
        return self.meetings.filter(starts_at__gt=after).order_by("starts_at").first()


class ReportingLine(models.Model):
    """A board reports to another board for a period. Moving a line ends one and starts another,
    so the history stays (the Warrington papers move Early Help to another partnership)."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="reporting_lines")
    reports_to = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="sub_lines")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["board", "starts_on"]
        constraints = [
            models.CheckConstraint(
                name="reporting_line_not_to_itself", condition=~Q(board=models.F("reports_to"))
            ),
            models.CheckConstraint(
                name="reporting_line_ends_after_start",
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
            ),
            models.UniqueConstraint(
                fields=["board"], condition=Q(ends_on__isnull=True),
                name="reporting_line_one_open_per_board",
            ),
        ]

    def __str__(self):
        return f"{self.board} reports to {self.reports_to} from {self.starts_on:%d %b %Y}"


class Role(models.TextChoices):
    INDEPENDENT_CHAIR = "independent_chair", "Independent chair"
    CHAIR = "chair", "Chair"
    VICE_CHAIR = "vice_chair", "Vice chair"
    BUSINESS_MANAGER = "business_manager", "Business manager"
    PARTNER_MEMBER = "partner_member", "Partner member"
    LAY_MEMBER = "lay_member", "Lay member"
    ADVISER = "adviser", "Adviser or officer"
    PERFORMANCE_OFFICER = "performance_officer", "Performance officer"


CHAIR_ROLES = (Role.INDEPENDENT_CHAIR, Role.CHAIR, Role.VICE_CHAIR)
OFFICE_HOLDER_ROLES = (*CHAIR_ROLES, Role.BUSINESS_MANAGER)


class MembershipQuerySet(models.QuerySet):
    def current(self, on: date | None = None):
        on = on or timezone.localdate()
        return self.filter(starts_on__lte=on).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))


class Membership(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=30, choices=Role.choices)
    lead_role = models.CharField(
        max_length=200, blank=True,
        help_text="For example: champion for private fostering.",
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    # Moves on at each save from a form, so a save opened at an older version is refused.
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["board", "role", "person"]
        constraints = [
            models.CheckConstraint(
                name="membership_ends_after_start",
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                violation_error_message="The end date must be on or after the start date.",
            ),
            models.UniqueConstraint(
                fields=["person", "board"], condition=Q(ends_on__isnull=True),
                name="membership_one_open_per_person_board",
                violation_error_message="This person already has an open membership of this board.",
            ),
        ]
        # On PostgreSQL an exclusion constraint (migration 0002) also forbids any two
        # memberships of the same person and board whose dates overlap.

    def __str__(self):
        return f"{self.person} – {self.get_role_display()}, {self.board}"

    @property
    def is_chair(self):
        return self.role in CHAIR_ROLES

    def clean(self):
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The end date must be on or after the start date."})
        if self.person_id and self.board_id and self.starts_on:
            far_future = date.max
            clashes = Membership.objects.filter(person_id=self.person_id, board_id=self.board_id)
            if self.pk:
                clashes = clashes.exclude(pk=self.pk)
            clashes = clashes.filter(starts_on__lte=self.ends_on or far_future).filter(
                Q(ends_on__isnull=True) | Q(ends_on__gte=self.starts_on)
            )
            if clashes.exists():
                raise ValidationError(
                    {"starts_on": "These dates overlap another membership of this person on this "
                                  "board. End that one first, or change the dates."}
                )


