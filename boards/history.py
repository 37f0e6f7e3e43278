"""One history for every record a user can change: who, when, what happened, and each field
before and after (boards.History).

Services call these in the same transaction as the change they make:

    before = history.snapshot(board, changes)        # the fields about to change
    ...change and save...
    history.record(board, by=person, event="Edited", changes=history.diff(before, board))

or, for a new record, `history.record(obj, by=..., event="Created",
changes=history.created(obj, fields))`. Values are kept JSON-safe and readable: a related record
as {"id", "name"}, a choice by its label, a date as ISO. Read a record's history with
`history.of(record)`, or of each record of a queryset with `history.of_each` (a board's
memberships, on the board's page); show it with templates/includes/history.html.
"""

from datetime import date, datetime, time
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from .models import History

__all__ = ["History", "changed", "created", "diff", "line", "of", "of_each", "plain", "readable",
           "record", "saved", "snapshot"]


def plain(value):
    """A value as JSON can keep it, readable by a person."""
    if isinstance(value, models.Model):
        return {"id": value.pk, "name": str(value)}
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or None
    if isinstance(value, (list, tuple, set)):
        return [plain(v) for v in value]
    return value


def readable(obj, field):
    """One field of a record, made plain; a choice by its label ("Task and finish group")."""
    value = getattr(obj, field)
    try:
        meta_field = obj._meta.get_field(field)
    except FieldDoesNotExist:  # a property the service chose to record
        return plain(value)
    if meta_field.choices and value not in (None, ""):
        return str(dict(meta_field.flatchoices).get(value, value))
    return plain(value)


def snapshot(obj, fields) -> dict:
    """The chosen fields of a record as they are now, before a change."""
    return {field: readable(obj, field) for field in fields}


def saved(obj, fields) -> dict:
    """The chosen fields as the database holds them, the row locked until the transaction
    ends. For a record a form has already written its input onto (a ModelForm's is_valid()
    does), whose own attributes no longer say what was there before."""
    stored = type(obj)._default_manager.select_for_update(of=("self",)).get(pk=obj.pk)
    return snapshot(stored, fields)


def diff(before: dict, obj) -> dict:
    """{field: [before, after]} for each field of the snapshot that the change moved."""
    return changed(before, snapshot(obj, before))


def changed(before: dict, after: dict) -> dict:
    """{name: [before, after]} for each name whose value moved (for figures a service works
    out itself, such as a year's target)."""
    return {name: [was, after.get(name)] for name, was in before.items()
            if after.get(name) != was}


def created(obj, fields) -> dict:
    """{field: [None, value]} for each chosen field of a new record that has a value."""
    changes = {}
    for field in fields:
        value = readable(obj, field)
        if value not in (None, "", [], False):
            changes[field] = [None, value]
    return changes


def line(obj, *, by, event, changes=None, board=None) -> History:
    """One line of the record's history, not yet saved (for History.objects.bulk_create).
    `by` is the person (None for the system); `board` the board the record belongs to (or
    its id), if any."""
    return History(
        record=obj, changed_by=by if getattr(by, "is_authenticated", False) else None,
        event=event, changes=changes or {}, board_id=getattr(board, "pk", board),
    )


def record(obj, *, by, event, changes=None, board=None) -> History:
    """Write one line of the record's history. Call inside the change's transaction."""
    entry = line(obj, by=by, event=event, changes=changes, board=board)
    entry.save()
    return entry


def of(obj):
    """The record's history, newest first."""
    return History.objects.of(obj)


def of_each(records, *, name=str) -> list[History]:
    """The history of every record of a queryset, newest first, in one list; each line's
    `about` says whose it is (`name(record)`). Two queries however many lines."""
    entries = list(History.objects.filter(
        content_type=ContentType.objects.get_for_model(records.model),
        object_id__in=records.values("pk")).select_related("changed_by"))
    found = records.in_bulk({entry.object_id for entry in entries})
    for entry in entries:
        entry.about = name(found[entry.object_id])
    return entries
