"""Agencies, people, boards, memberships, meetings and their minutes.

Business rules live here (model methods and querysets) and in services.py (writes that touch
several rows). Views only look things up, call them and render.
"""

import uuid
from datetime import date, timedelta

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .mailing import Delivery


class Sector(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    PROBATION = "probation", "Probation"
    FIRE = "fire", "Fire and rescue"
    VOLUNTARY = "voluntary", "Voluntary, community and faith"
    OTHER = "other", "Other"


# The three statutory safeguarding partners (Children and Social Work Act 2017).
STATUTORY_PARTNER_SECTORS = (Sector.LOCAL_AUTHORITY, Sector.POLICE, Sector.HEALTH)


class Agency(models.Model):
    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, blank=True)
    sector = models.CharField(max_length=20, choices=Sector.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    # Moves on at each save from a form, so a save opened at an older version is refused.
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("boards:agency_detail", args=[self.pk])


class PersonManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("A person needs an email address")
        person = self.model(email=self.normalize_email(email).lower(), **fields)
        if password:
            person.set_password(password)
        else:
            person.set_unusable_password()
        person.save(using=self._db)
        return person

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class Person(AbstractUser):
    """Someone who sits on or attends boards. Signs in with their email address.

    A person belongs to one agency and may sit on several boards with a different role on each.
    People who never sign in (a guest presenter, say) simply have no usable password.
    """

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=200, blank=True)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="people", null=True, blank=True
    )
    # Secret part of the personal calendar feed URL: calendar apps cannot sign in.
    calendar_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Moves on at each save from a form, so a save opened at an older version is refused.
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]
    objects = PersonManager()

    class Meta:
        ordering = ["full_name"]
        verbose_name = "person"
        verbose_name_plural = "people"

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def get_absolute_url(self):
        return reverse("boards:person_detail", args=[self.pk])

    def _get_session_auth_hash(self, secret=None):
        """Sessions are bound to the password and the email address: changing either ends the
        person's sessions elsewhere (Django's own hash covers the password only)."""
        return salted_hmac(
            "boards.Person.get_session_auth_hash", f"{self.password}|{self.email.lower()}",
            secret=secret, algorithm="sha256",
        ).hexdigest()


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


class HistoryQuerySet(models.QuerySet):
    def of(self, record):
        """The history of one record, newest first, with who made each change."""
        return (self.filter(content_type=ContentType.objects.get_for_model(record),
                            object_id=record.pk)
                .select_related("changed_by").order_by("-changed_at", "-pk"))


class History(models.Model):
    """Every change to a record a user can change (a board, a membership, a meeting, an agenda
    item, a recommendation, an audit, an indicator...): who, when, what happened, and each
    field before and after.

    Written by boards.history.record, called by each app's services.py in the same transaction
    as the change. Nothing in the app edits it; on PostgreSQL a trigger refuses UPDATE and
    DELETE. Shown only on the record's own page, which is checked for who may see the record.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    board = models.ForeignKey(Board, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", help_text="The board the record belongs to.")
    changed_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", help_text="Empty for the system.")
    changed_at = models.DateTimeField(default=timezone.now)
    event = models.CharField(max_length=60)
    changes = models.JSONField(default=dict, blank=True, help_text="{field: [before, after]}")

    objects = HistoryQuerySet.as_manager()

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name_plural = "history"
        indexes = [models.Index(fields=["content_type", "object_id", "-changed_at"],
                                name="history_record_time")]

    def __str__(self):
        return f"{self.changed_at:%d %b %Y %H:%M} {self.event}"

    def label(self, field):
        """The field's name as its form shows it ("Sunset date"), or the key as written (a
        person's name in an attendance change)."""
        model = ContentType.objects.get_for_id(self.content_type_id).model_class()
        try:
            name = str(model._meta.get_field(field).verbose_name)
        except (FieldDoesNotExist, AttributeError):
            name = field
        return name[:1].upper() + name[1:]
