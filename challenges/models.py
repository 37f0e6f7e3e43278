"""The challenge log: how the board holds partners to account.

Rules live here (the lifecycle's allowed moves, roll-ups); writes in services.py."""

import uuid
from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from boards.models import Agency, Board, Meeting, Person


class ChallengeStatus(models.TextChoices):
    RAISED = "raised", "Raised"
    AWAITING_RESPONSE = "awaiting_response", "Awaiting response"
    RESPONSE_RECEIVED = "response_received", "Response received"
    UNDER_REVIEW = "under_review", "Under review"
    ESCALATED = "escalated", "Escalated"
    RESOLVED = "resolved", "Resolved"


S = ChallengeStatus
# The lifecycle: which status may follow which. Anything else is refused by the services.
TRANSITIONS = {
    S.RAISED: {S.AWAITING_RESPONSE},
    S.AWAITING_RESPONSE: {S.RESPONSE_RECEIVED, S.ESCALATED},
    S.RESPONSE_RECEIVED: {S.UNDER_REVIEW},
    S.UNDER_REVIEW: {S.RESOLVED, S.ESCALATED, S.AWAITING_RESPONSE},
    S.ESCALATED: {S.RESPONSE_RECEIVED, S.ESCALATED, S.RESOLVED},
    S.RESOLVED: set(),
}
CLOSED_CHALLENGE_STATUSES = (S.RESOLVED,)
WAITING_FOR_RESPONSE = (S.AWAITING_RESPONSE, S.ESCALATED)


class Outcome(models.TextChoices):
    RESOLVED_WITH_IMPACT = "resolved_with_impact", "Resolved with impact"
    RESOLVED_WITHOUT_CHANGE = "resolved_without_change", "Resolved without change"
    NOT_RESOLVED = "not_resolved", "Not resolved"


class EvidenceKind(models.TextChoices):
    INDICATOR = "indicator", "Performance indicator"
    AUDIT = "audit", "Audit"
    CASE_REVIEW = "case_review", "Case review"
    INSPECTION = "inspection", "Inspection"
    FRONTLINE = "frontline", "Voice of children, families or practitioners"
    OTHER = "other", "Other"


class ChallengeQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=CLOSED_CHALLENGE_STATUSES)

    def visible_to(self, person):
        """What the person may see: the queryset twin of rules.can_see (members of the
        board see its challenges; the challenged see those put to them unless confidential).
        Both are reached through boards.visibility; tests/test_visibility.py holds them
        equal."""
        if getattr(person, "is_superuser", False):
            return self
        if person is None or not person.is_authenticated:
            return self.none()
        member_boards = Board.objects.for_member(person).values("pk")
        challenged = Q(to_board__in=member_boards)
        if person.agency_id:
            challenged |= Q(pk__in=Challenge.to_agencies.through.objects.filter(
                agency_id=person.agency_id).values("challenge_id"))
        return self.filter(Q(board__in=member_boards) | (challenged & Q(is_confidential=False)))

    @staticmethod
    def response_overdue_q(today=None):
        """Waiting for a response past its date, as a filter (the log's and the review's)."""
        return Q(status__in=WAITING_FOR_RESPONSE, response_due_on__lt=today or timezone.localdate())

    def response_overdue(self, today=None):
        return self.filter(self.response_overdue_q(today))

    def for_log(self):
        return self.select_related("board", "raised_by", "raised_at_meeting", "to_board",
                                   "current_level").prefetch_related("to_agencies")

    def for_review(self):
        """What the chair's review shows: whom each was put to and its escalation level, not
        who raised it or where (hundreds of rows, so nothing more is read than is shown)."""
        return (self.select_related("to_board", "current_level")
                .defer("code", "why", "evidence_kind", "raised_by", "raised_at_meeting",
                       "closing_evidence", "closed_by", "version", "created_at"))


class EscalationLevel(models.Model):
    """One step of a board's escalation pathway, with its timescale in working days
    (e.g. 1. sub-committee chair, 5 days → 2. board chair → 3. statutory partners' executive)."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="escalation_levels")
    level = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    working_days = models.PositiveSmallIntegerField(default=5)

    class Meta:
        ordering = ["board", "level"]
        constraints = [
            models.UniqueConstraint(fields=["board", "level"], name="escalation_level_unique"),
        ]

    def __str__(self):
        return f"{self.level}. {self.title} (within {self.working_days} working days)"


def add_working_days(start, days):
    day = start
    while days > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


class Challenge(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="challenges")
    question = models.TextField("what was asked", max_length=5000)
    why = models.TextField("why: the evidence that prompted it", blank=True, max_length=5000)
    evidence_kind = models.CharField(max_length=20, choices=EvidenceKind.choices, blank=True)
    raised_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    raised_on = models.DateField(default=timezone.localdate)
    raised_at_meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, null=True,
                                          blank=True, related_name="challenges")
    to_agencies = models.ManyToManyField(Agency, blank=True, related_name="challenges")
    to_board = models.ForeignKey(Board, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="challenges_received",
                                 help_text="Another board challenged, e.g. the Children's Trust.")
    response_due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=ChallengeStatus.choices,
                              default=ChallengeStatus.RAISED)
    status_changed_at = models.DateTimeField(default=timezone.now)
    current_level = models.ForeignKey(EscalationLevel, on_delete=models.PROTECT, null=True,
                                      blank=True, related_name="+")
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField("what changed, or why not resolved", blank=True,
                                    max_length=10000)
    closing_evidence = models.TextField("evidence that closed it", blank=True, max_length=5000)
    closed_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    is_confidential = models.BooleanField(default=False)
    # The actions that arose from it (the challenge holds the link: actions are a floor below).
    actions = models.ManyToManyField("actions.Action", blank=True, related_name="challenges")
    # Which indicators it cites (the table is the one these links always had).
    indicators = models.ManyToManyField("performance.Indicator", blank=True,
                                        related_name="challenges",
                                        db_table="performance_indicator_challenges")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ChallengeQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="challenge_resolved_has_judgement",
                condition=~Q(status="resolved") | (~Q(outcome="") & Q(closed_by__isnull=False)),
                violation_error_message="Closing a challenge needs the chair's judgement.",
            ),
        ]
        indexes = [
            models.Index(fields=["board", "status", "raised_on"], name="challenge_board_status"),
            # The log (newest first) and the chair's review (oldest first), in the index's order:
            # a page of the log without sorting the board's challenges.
            models.Index(fields=["board", "raised_on", "id"], name="challenge_board_raised"),
            models.Index(fields=["status", "response_due_on"], name="challenge_status_due"),
        ]

    def __str__(self):
        return self.question[:80]

    def get_absolute_url(self):
        return reverse("challenges:detail", args=[self.pk])

    @property
    def is_open(self):
        return self.status not in CLOSED_CHALLENGE_STATUSES

    @property
    def response_overdue(self):
        return self.response_overdue_on(timezone.localdate())

    def response_overdue_on(self, today):
        """response_overdue, for a list worked out against one day."""
        return (self.status in WAITING_FOR_RESPONSE and self.response_due_on is not None
                and self.response_due_on < today)

    @property
    def age_days(self):
        return self.age_on(timezone.localdate())

    def age_on(self, today):
        return (today - self.raised_on).days

    def can_move_to(self, status):
        return status in TRANSITIONS[ChallengeStatus(self.status)]

    def addressed_to(self, agency_names=None):
        """Whom it was put to: the agencies by name, then the board. `agency_names` when a
        list has read them for all its challenges at once (challenged_agency_names)."""
        if agency_names is None:
            agency_names = [a.name for a in self.to_agencies.all()]
        names = list(agency_names)
        if self.to_board_id:
            names.append(str(self.to_board))
        return ", ".join(names)


def challenged_agency_names(challenges) -> dict[int, list[str]]:
    """{challenge id: names of the agencies it was put to, by name}, for many challenges in
    one query: without building an agency object per challenge, as prefetching does."""
    names = {}
    rows = (Challenge.to_agencies.through.objects
            .filter(challenge_id__in=[challenge.pk for challenge in challenges])
            .order_by("agency__name").values_list("challenge_id", "agency__name"))
    for challenge_id, name in rows:
        names.setdefault(challenge_id, []).append(name)
    return names


def response_upload_to(instance, filename):
    return f"challenge-responses/{uuid.uuid4().hex}"


class ChallengeResponse(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.PROTECT, related_name="responses")
    text = models.TextField(max_length=20000)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+")
    responded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    responded_at = models.DateTimeField(default=timezone.now)
    attachment = models.FileField(upload_to=response_upload_to, blank=True, max_length=200)
    attachment_name = models.CharField(max_length=255, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["responded_at"]

    def __str__(self):
        return f"Response by {self.responded_by} on {self.responded_at:%d %b %Y}"


class ChallengeEvent(models.Model):
    """The challenge's history: every move of its lifecycle, dated and reasoned — escalations
    included. Written by the services in the same transaction; never edited."""

    challenge = models.ForeignKey(Challenge, on_delete=models.PROTECT, related_name="events")
    from_status = models.CharField(max_length=20, choices=ChallengeStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ChallengeStatus.choices)
    level = models.ForeignKey(EscalationLevel, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    due_on = models.DateField(null=True, blank=True,
                              help_text="For an escalation: when this level must act by.")
    reason = models.TextField(blank=True, max_length=5000)
    by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.at:%d %b %Y}: {self.get_to_status_display()}"
