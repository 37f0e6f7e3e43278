"""The one history of every record a user can change (boards.history writes and reads it)."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone

from .boards import Board
from .people import Person


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
