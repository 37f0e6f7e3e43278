"""Meetings, their agenda items, papers, attendance and minutes, and items forwarded to a
parent board."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from .boards import Board
from .people import STATUTORY_PARTNER_SECTORS, Agency, Person, Sector


class MeetingKind(models.TextChoices):
    ORDINARY = "ordinary", "Ordinary"
    EXTRAORDINARY = "extraordinary", "Extraordinary"
    DEVELOPMENT_DAY = "development_day", "Development day"
    THEMED = "themed", "Themed"
    WORKSHOP = "workshop", "Workshop"


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    CIRCULATED = "circulated", "Circulated"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"


class MeetingQuerySet(models.QuerySet):
    def upcoming(self):
        return self.filter(starts_at__gte=timezone.now()).order_by("starts_at")

    def with_board(self):
        return self.select_related("board")


class Meeting(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(max_length=20, choices=MeetingKind.choices,
                            default=MeetingKind.ORDINARY)
    title = models.CharField(max_length=200, blank=True,
                             help_text="Optional: the theme of a themed meeting or workshop.")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    venue = models.CharField(max_length=300)
    minutes_status = models.CharField(max_length=20, choices=MinutesStatus.choices,
                                      default=MinutesStatus.DRAFT)
    minutes_circulated_at = models.DateTimeField(null=True, blank=True)
    minutes_approved_at_meeting = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="approved_minutes_of"
    )
    minutes_amendments = models.TextField(
        blank=True, max_length=20000,
        help_text="Amendments agreed when the minutes were approved.",
    )
    minutes_published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    # Moves on at each save from a form, so a save opened at an older version is refused;
    # the attendance, recorded on its own page, has its own.
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)
    attendance_version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                name="meeting_ends_after_start", condition=Q(ends_at__gt=models.F("starts_at")),
                violation_error_message="The meeting must end after it starts.",
            ),
            models.CheckConstraint(
                name="meeting_approved_minutes_name_the_meeting",
                condition=~Q(minutes_status__in=["approved", "published"])
                | Q(minutes_approved_at_meeting__isnull=False),
                violation_error_message="Approved minutes must say at which meeting.",
            ),
        ]
        indexes = [models.Index(fields=["board", "starts_at"], name="meeting_board_starts")]

    def __str__(self):
        label = self.title or self.get_kind_display()
        return f"{self.board} – {label}, {timezone.localtime(self.starts_at):%d %B %Y}"

    def get_absolute_url(self):
        return reverse("boards:meeting_detail", args=[self.pk])

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "The meeting must end after it starts."})

    @property
    def minutes_editable(self):
        return self.minutes_status in (MinutesStatus.DRAFT, MinutesStatus.CIRCULATED)

    def previous_meeting(self):
        return (
            Meeting.objects.filter(board_id=self.board_id, starts_at__lt=self.starts_at)
            .order_by("-starts_at").first()
        )

    def quorum(self):
        """Whether the meeting was quorate by its board's rule, and why not if it was not."""
        present = [a for a in self.attendances.all() if a.status == AttendanceStatus.PRESENT]
        problems = []
        if len(present) < self.board.quorum_minimum:
            problems.append(
                f"{len(present)} present; the board's rule needs {self.board.quorum_minimum}"
            )
        if self.board.quorum_requires_statutory_partners:
            sectors = {a.agency.sector for a in present if a.agency_id}
            for sector in STATUTORY_PARTNER_SECTORS:
                if sector not in sectors:
                    problems.append(f"no one present from {Sector(sector).label.lower()}")
        return Quorum(is_quorate=not problems, reasons=problems, present=len(present))


class Quorum:
    def __init__(self, is_quorate, reasons, present):
        self.is_quorate = is_quorate
        self.reasons = reasons
        self.present = present

    def __bool__(self):
        return self.is_quorate


class AgendaItemKind(models.TextChoices):
    PREVIOUS_MINUTES = "previous_minutes", "Minutes of the previous meeting"
    MATTERS_ARISING = "matters_arising", "Matters arising"
    ITEM = "item", "Item"
    FORWARDED = "forwarded", "Forwarded from a sub-group"


class AgendaItemQuerySet(models.QuerySet):
    def visible_to(self, person):
        """The queryset twin of rules.can_see_item: members of the meeting's board see every
        item; anyone sees the items of published minutes that are not confidential."""
        if getattr(person, "is_superuser", False):
            return self
        public = Q(is_confidential=False, meeting__minutes_status=MinutesStatus.PUBLISHED)
        if person is None or not person.is_authenticated:
            return self.filter(public)
        return self.filter(public | Q(meeting__board__in=Board.objects.for_member(person)
                                      .values("pk")))


class AgendaItem(models.Model):
    """An item on a meeting's agenda, and its minute: discussion and decisions."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="agenda_items")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=AgendaItemKind.choices,
                            default=AgendaItemKind.ITEM)
    title = models.CharField(max_length=200)
    presenter = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="presented_items")
    is_confidential = models.BooleanField(
        "confidential", default=False,
        help_text="Seen only by members of this board; left out of the published minutes.",
    )
    forwarded_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="forwarded_to"
    )
    discussion = models.TextField(blank=True, max_length=50000)
    decisions = models.TextField(blank=True, max_length=20000)
    # Bumped on every save of the minute; a save from a stale form is refused, not lost.
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"],
                                    name="agenda_item_unique_position"),
        ]

    def __str__(self):
        return f"{self.position}. {self.title}"

    def get_absolute_url(self):
        return reverse("boards:agenda_item_detail", args=[self.pk])


def paper_upload_to(instance, filename):
    # A random name on disk: the uploaded name is kept in `original_name` for display only.
    return f"papers/{uuid.uuid4().hex}"


class Paper(models.Model):
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="papers")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=paper_upload_to, max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.title


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    IN_ATTENDANCE = "in_attendance", "Officer in attendance"
    APOLOGIES = "apologies", "Apologies"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendances")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendances")
    # The agency they represented at the time, kept so attendance by agency stays true
    # when someone moves to another agency.
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="attendances")
    status = models.CharField(max_length=20, choices=AttendanceStatus.choices)
    capacity = models.CharField(max_length=200, blank=True,
                                help_text="As the minutes list them, e.g. Chair of LSCB.")
    deputy = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="deputised_at",
                               help_text="Who came in their place, if anyone.")

    class Meta:
        ordering = ["meeting", "status", "person__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"],
                                    name="attendance_once_per_meeting",
                                    violation_error_message="This person is already recorded "
                                                            "for this meeting."),
            models.CheckConstraint(
                name="attendance_deputy_only_with_apologies",
                condition=Q(deputy__isnull=True) | Q(status="apologies"),
                violation_error_message="Only someone giving apologies can send a deputy.",
            ),
            models.CheckConstraint(
                name="attendance_deputy_not_self",
                condition=Q(deputy__isnull=True) | ~Q(deputy=models.F("person")),
                violation_error_message="Someone cannot deputise for themselves.",
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.get_status_display()}"


class ForwardedItem(models.Model):
    """A sub-group sends an item up to its parent board. It waits here until the parent's next
    meeting is scheduled (or is placed on it at once if there is one)."""

    from_item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="+")
    to_board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="forwarded_items")
    note = models.TextField(blank=True, max_length=5000)
    forwarded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    forwarded_at = models.DateTimeField(auto_now_add=True)
    placed_as = models.OneToOneField(AgendaItem, on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="forwarding")

    class Meta:
        ordering = ["forwarded_at"]
        constraints = [
            models.UniqueConstraint(fields=["from_item", "to_board"],
                                    name="forwarded_item_once_per_board"),
        ]

    def __str__(self):
        return f"{self.from_item} → {self.to_board}"



