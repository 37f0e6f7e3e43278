"""Recommendations and their sources: what an inspection, review or audit asked the board to
do, whether it was accepted, and the action plan that answers it.

A source has recommendations; the source's action plan (an actions.ActionPlan, held by key)
has an area for development for each recommendation, and the actions numbered under it. The
actions answering a recommendation are its `actions` (the plan's, and any linked from the
tracker), whose progress and evidence of impact roll up into "4 of 4 actions complete".
Rules live here and in rules.py; writes in services.py."""

from django.db import models
from django.db.models import Count, Q
from django.urls import reverse

from actions.models import ActionPlan, AreaForDevelopment, sort_key_for
from boards.models import Board


class SourceKind(models.TextChoices):
    INSPECTION = "inspection", "Inspection"
    PEER_REVIEW = "peer_review", "Peer review"
    SERIOUS_CASE_REVIEW = "serious_case_review", "Serious case review"
    CRITICAL_INCIDENT_REVIEW = "critical_incident_review", "Critical incident review"
    AUDIT = "audit", "Audit"
    DEVELOPMENT_DAY = "development_day", "Development day"
    SCRUTINY = "scrutiny", "Scrutiny committee"
    OTHER = "other", "Other"


class RecommendationSourceQuerySet(models.QuerySet):
    def visible_to(self, person):
        """The twin of rules.can_see_source: members of the source's board, confidential or
        not (the flag keeps it, and the actions it raises, to them everywhere else)."""
        if getattr(person, "is_superuser", False):
            return self
        if person is None or not person.is_authenticated:
            return self.none()
        return self.filter(board__in=Board.objects.for_member(person).values("pk"))


class RecommendationSource(models.Model):
    board = models.ForeignKey(Board, on_delete=models.PROTECT,
                              related_name="recommendation_sources")
    kind = models.CharField(max_length=30, choices=SourceKind.choices)
    title = models.CharField(max_length=300)
    body = models.CharField(max_length=300, help_text="Who made it, e.g. Ofsted, the LGA.")
    made_on = models.DateField()
    document = models.FileField(upload_to="recommendation-sources/", blank=True, max_length=200)
    document_name = models.CharField(max_length=255, blank=True)
    summary = models.TextField(blank=True, max_length=20000)
    is_confidential = models.BooleanField(default=False)
    # The action plan that answers it, held by key: one per source, made by the first import
    # (or the first action added under a recommendation).
    plan = models.OneToOneField(ActionPlan, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="recommendation_source", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RecommendationSourceQuerySet.as_manager()

    class Meta:
        ordering = ["-made_on"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("recommendations:source_detail", args=[self.pk])


class Acceptance(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    ACCEPTED_IN_PART = "accepted_in_part", "Accepted in part"
    NOT_ACCEPTED = "not_accepted", "Not accepted"


def rollup(recommendations) -> dict:
    """Overall, for recommendations read `with_rollup()`: "23 out of 25 actions completed, 5
    out of 25 show evidence of impact"."""
    return {"total": sum(r.actions_total for r in recommendations),
            "complete": sum(r.actions_complete for r in recommendations),
            "with_impact": sum(r.actions_with_impact for r in recommendations)}


class RecommendationQuerySet(models.QuerySet):
    def with_rollup(self):
        """Counts for "Recommendation 3: 4 of 4 actions complete, 1 of 4 with evidence of
        impact" — withdrawn actions left out, as on the tracker."""
        counted = ~Q(actions__status="withdrawn")
        return self.annotate(
            actions_total=Count("actions", filter=counted, distinct=True),
            actions_complete=Count("actions", distinct=True, filter=counted & Q(
                actions__status__in=["complete", "closed"])),
            actions_with_impact=Count("actions", distinct=True, filter=counted & ~Q(
                actions__impact_evidence="")),
        )


class Recommendation(models.Model):
    source = models.ForeignKey(RecommendationSource, on_delete=models.PROTECT,
                               related_name="recommendations")
    number = models.CharField(max_length=20)
    sort_key = models.CharField(max_length=60, editable=False)
    text = models.TextField(max_length=10000)
    acceptance = models.CharField(max_length=20, choices=Acceptance.choices,
                                  default=Acceptance.ACCEPTED)
    acceptance_reason = models.TextField(
        blank=True, max_length=5000,
        help_text="Required when not accepted, or accepted only in part: annual reports say why.",
    )
    actions = models.ManyToManyField("actions.Action", blank=True,
                                     related_name="recommendations")
    # Which indicators it cites (the table is the one these links always had).
    indicators = models.ManyToManyField("performance.Indicator", blank=True,
                                        related_name="recommendations",
                                        db_table="performance_indicator_recommendations")
    evidence = models.TextField("evidence", blank=True, max_length=10000)
    # Its area for development in the source's action plan, held by key: the actions numbered
    # under it (1.1, 1.2 ...) answer it.
    area = models.OneToOneField(AreaForDevelopment, on_delete=models.PROTECT, null=True,
                                blank=True, related_name="recommendation", editable=False)
    # Moves on at each save from a form, so a save opened at an older version is refused.
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["source", "sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["source", "number"],
                                    name="recommendation_number_unique_in_source"),
            models.CheckConstraint(
                name="recommendation_reason_when_not_fully_accepted",
                condition=Q(acceptance="accepted") | ~Q(acceptance_reason=""),
                violation_error_message="Say why it was not accepted in full.",
            ),
        ]

    def __str__(self):
        return f"Recommendation {self.number}"

    def save(self, *args, **kwargs):
        self.sort_key = sort_key_for(self.number)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("recommendations:recommendation_detail", args=[self.pk])
