"""The versioned save: no update is ever silently lost.

A form that edits an existing record carries the version the record was at when the form was
opened. The save names that version; if the record has moved on since, it is refused with
StaleEdit, which carries the newer record so the page can show it beside the user's own input.

The check is one conditional UPDATE (``WHERE version = <opened version>``). It takes the row's
lock, so of two saves opened at the same version exactly one wins, however close together they
come: the other waits for the lock, finds the version moved on, and is refused.
"""

from django.db import transaction
from django.db.models import F


class StaleEdit(Exception):
    """Someone else saved this record after the form was opened."""

    def __init__(self, current):
        super().__init__("changed meanwhile")
        self.current = current


def claim_version(model, pk, version, *, field="version"):
    """Move the record's `field` on by one if it is still at `version`; else StaleEdit with the
    newer record. `version=None` (a write no form opened, such as an import) always claims.
    Call it inside a transaction: the row stays locked until the transaction ends."""
    manager = model._default_manager
    rows = manager.filter(pk=pk)
    if version is not None:
        rows = rows.filter(**{field: version})
    if rows.update(**{field: F(field) + 1}) != 1:
        raise StaleEdit(manager.get(pk=pk))
    if version is not None:
        return version + 1
    return manager.filter(pk=pk).values_list(field, flat=True).get()


@transaction.atomic
def versioned_save(record, *, version, changes, also=()):
    """Apply `changes` (field name → value) to `record`, check it, and write those fields
    unless the record moved past `version` since the form was opened. Only the changed fields
    (and `also`: fields that save() works out from them) are written, so a change made
    elsewhere to a field the form does not show is not overwritten."""
    for name, value in changes.items():
        setattr(record, name, value)
    record.full_clean()
    record.version = claim_version(type(record), record.pk, version)
    record.save(update_fields=[*changes, *also, "version"])
    return record
