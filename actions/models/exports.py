"""Tracker exports, built in the background (actions/exports.py)."""


from django.db import models

from boards.models import Board, Person


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
