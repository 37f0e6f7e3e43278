"""The words an action is described in: its status, where it came from, its RAG."""

from django.db import models


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
