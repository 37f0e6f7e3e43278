"""Challenges the board puts to agencies. The foundation keeps what "matters arising" needs;
the challenge log issue adds responses, escalation and the chair's judgement."""

from django.db import models
from django.db.models import Q

from boards.models import Agency, Board, Meeting, Person


class ChallengeStatus(models.TextChoices):
    RAISED = "raised", "Raised"
    AWAITING_RESPONSE = "awaiting_response", "Awaiting response"
    RESPONSE_RECEIVED = "response_received", "Response received"
    UNDER_REVIEW = "under_review", "Under review"
    ESCALATED = "escalated", "Escalated"
    RESOLVED = "resolved", "Resolved"


CLOSED_CHALLENGE_STATUSES = (ChallengeStatus.RESOLVED,)


class ChallengeQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=CLOSED_CHALLENGE_STATUSES)

    def visible_to(self, person):
        member_boards = Board.objects.for_member(person).values("pk")
        return self.filter(Q(is_confidential=False) | Q(board__in=member_boards))


class Challenge(models.Model):
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="challenges")
    question = models.TextField("what was asked", max_length=5000)
    raised_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    raised_at_meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, null=True,
                                          blank=True, related_name="challenges")
    to_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="challenges")
    response_due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=ChallengeStatus.choices,
                              default=ChallengeStatus.RAISED)
    is_confidential = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ChallengeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.question[:80]
