"""Audits of practice, as far as the core dataset needs them: a record of an audit (a
multi-agency case audit, a dip sample, a Section 11 or 175 self-assessment) with its findings,
so that an indicator's page can show the audits that cite it ("triangulation"). Grading cases,
auditor and moderator agreement and the voices of children, families and practitioners arrive
with the audits issue."""

from django.db import models
from django.urls import reverse
from django.utils import timezone

from boards.models import Board, Person


class AuditKind(models.TextChoices):
    CASE_AUDIT = "case_audit", "Multi-agency case audit"
    DIP_SAMPLE = "dip_sample", "Dip sample"
    SECTION_11 = "section_11", "Section 11 self-assessment"
    SECTION_175 = "section_175", "Section 175 self-assessment"
    OTHER = "other", "Other audit"


class AuditQuerySet(models.QuerySet):
    def visible_to(self, person):
        """Members of the audit's board see it; nobody else does."""
        from boards.rules import current_roles

        if getattr(person, "is_superuser", False):
            return self
        return self.filter(board_id__in=list(current_roles(person)))


class Audit(models.Model):
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="audits")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=AuditKind.choices,
                            default=AuditKind.CASE_AUDIT)
    completed_on = models.DateField()
    findings = models.TextField(
        max_length=10000,
        help_text="What the audit found, e.g. “26 assessments sampled: 19 appropriate, 4 unclear, "
                  "1 disagreed”.")
    is_confidential = models.BooleanField(default=False)
    # Which indicators it cites (the table is the one these links always had).
    indicators = models.ManyToManyField("performance.Indicator", blank=True,
                                        related_name="audits",
                                        db_table="performance_indicator_audits")
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-completed_on", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("audits:detail", args=[self.pk])
