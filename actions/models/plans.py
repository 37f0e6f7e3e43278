"""Action plans and their areas for development; an action's number in its plan sorts by
`sort_key_for`."""


from django.db import models
from django.db.models import Q
from django.urls import reverse

from boards.models import Board

from .choices import ActionSource


class ActionPlan(models.Model):
    """A numbered plan of actions under areas for development (the Warrington plan): the plan
    answering a source's recommendations (the source holds it by key), and in the same shape
    the business plan's priorities. What it answers is said when it is made (`source`), never
    assumed."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="action_plans")
    title = models.CharField(max_length=200)
    source = models.CharField(max_length=20, choices=ActionSource.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["board", "title"]
        constraints = [
            models.CheckConstraint(name="plan_says_what_it_answers", condition=~Q(source=""),
                                   violation_error_message="Say what the plan answers."),
        ]

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


