"""Writes to a board's audits, each in one transaction with its line of the audit's history."""

from django.db import transaction

from boards import history

from .models import Audit


@transaction.atomic
def audit_record(*, board, by, indicators=(), **fields) -> Audit:
    """An audit the board has completed, with its findings and the indicators it cites."""
    audit = Audit(board=board, created_by=by, **fields)
    audit.full_clean()
    audit.save()
    for indicator in indicators:
        indicator.audits.add(audit)
    changes = history.created(audit, fields)
    if indicators:
        changes["indicators"] = [None, sorted(str(indicator) for indicator in indicators)]
    history.record(audit, by=by, event="Recorded", board=board, changes=changes)
    return audit
