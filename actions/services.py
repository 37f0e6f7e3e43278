"""Every write to an action, each in one transaction with its history row.

A write that names the version its form was opened at is refused with StaleEdit if the
action changed meanwhile, so no update is ever silently lost.
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from boards import history
from boards.history import plain
from safeguard.lib.versioning import StaleEdit

from .models import (
    LEAD_STATUSES,
    OPEN_STATUSES,
    Action,
    ActionSource,
    ActionStatus,
    Export,
    ProgressUpdate,
)
from .tasks import build_export

__all__ = ["StaleEdit"]

MAX_UPDATE_CHARACTERS = 10_000
# A change to any of these asks again whether the lead and delegate may see the action.
WHO_MAY_SEE_FIELDS = {"board", "lead_person", "delegate", "is_confidential"}


def _locked(action, version):
    current = Action.objects.select_for_update().get(pk=action.pk)
    if version is not None and current.version != version:
        raise StaleEdit(Action.objects.for_tracker().get(pk=action.pk))
    return current


def _apply(current, *, by, event, **changes):
    diff = {}
    for field, value in changes.items():
        before = getattr(current, field)
        if before != value:
            diff[field] = [plain(before), plain(value)]
            setattr(current, field, value)
    current.version += 1
    current.full_clean(exclude=["latest_update"])
    if WHO_MAY_SEE_FIELDS & diff.keys():
        current.check_people_may_see()
    current.save()
    history.record(current, by=by, event=event, changes=diff, board=current.board_id)
    return current


@transaction.atomic
def action_create(*, board, created_by, supporting_agencies=(), event="created", **fields):
    action = Action(board=board, created_by=created_by, **fields)
    action.full_clean()
    action.check_people_may_see()
    action.save()
    if supporting_agencies:
        action.supporting_agencies.set(supporting_agencies)
    history.record(
        action, by=created_by, event=event, board=action.board_id,
        changes={f: [None, plain(v)] for f, v in fields.items() if v not in (None, "")},
    )
    return action


def action_create_from_item(*, item, created_by, **fields) -> Action:
    """An action arising from a minute item: it belongs to the item's board and is
    confidential when the item is."""
    return action_create(
        board=item.meeting.board, agenda_item=item, source=ActionSource.MINUTE_ITEM,
        is_confidential=item.is_confidential, created_by=created_by, **fields,
    )


@transaction.atomic
def action_edit(*, action, by, version, supporting_agencies=None, **fields) -> Action:
    current = _locked(action, version)
    if supporting_agencies is not None:
        before = sorted(current.supporting_agencies.values_list("pk", flat=True))
        after = sorted(a.pk for a in supporting_agencies)
        if before != after:
            current.supporting_agencies.set(supporting_agencies)
    return _apply(current, by=by, event="edited", **fields)


@transaction.atomic
def progress_add(*, action, by, text, status, version, lead_rag=None) -> Action:
    """A progress update, signed and dated, with the status the lead now gives it. Marking it
    complete records the update as what was done; the board then closes it (two keys)."""
    current = _locked(action, version)
    if current.status not in (*OPEN_STATUSES, ActionStatus.COMPLETE):
        raise ValidationError({"status": f"This action is {current.get_status_display().lower()}"
                                         f": ask the business manager to reopen it."})
    if status not in LEAD_STATUSES:
        raise ValidationError({"status": "Choose not started, in progress or complete."})
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Enter what has happened since the last update"})
    if len(text) > MAX_UPDATE_CHARACTERS:
        raise ValidationError({"text": f"A progress update must be {MAX_UPDATE_CHARACTERS:,} "
                                       f"characters or fewer (this one has {len(text):,})"})
    now = timezone.now()
    update = ProgressUpdate(action=current, text=text, status_after=status, written_by=by,
                            written_at=now)
    update.full_clean()
    update.save()
    changes = {"status": status, "latest_update": update, "last_progress_at": now}
    if lead_rag is not None:
        changes["lead_rag"] = lead_rag
    if status == ActionStatus.COMPLETE and current.status != ActionStatus.COMPLETE:
        changes.update(completion_note=text, completed_at=now, completed_by=by)
    return _apply(current, by=by, event="progress", **changes)


@transaction.atomic
def impact_record(*, action, by, evidence, evidenced_on, version) -> Action:
    """Evidence of impact: what changed for children, when it was evidenced, and by whom."""
    current = _locked(action, version)
    if current.status == ActionStatus.WITHDRAWN:
        raise ValidationError("A withdrawn action has no impact to record.")
    return _apply(current, by=by, event="impact", impact_evidence=evidence.strip(),
                  impact_evidenced_on=evidenced_on, impact_evidenced_by=by)


@transaction.atomic
def action_delegate(*, action, by, delegate, version) -> Action:
    current = _locked(action, version)
    if delegate is not None and delegate.agency_id != current.lead_agency_id:
        raise ValidationError({"delegate": f"Choose an officer of {current.lead_agency}."})
    return _apply(current, by=by, event="delegated", delegate=delegate)


def _require_status(current, allowed, verb):
    if current.status not in allowed:
        raise ValidationError(
            f"An action that is {current.get_status_display().lower()} cannot be {verb}."
        )


@transaction.atomic
def action_close(*, action, by, version) -> Action:
    """The second key: the business manager or chair accepts the lead's completion."""
    current = _locked(action, version)
    _require_status(current, [ActionStatus.COMPLETE], "closed")
    return _apply(current, by=by, event="closed", status=ActionStatus.CLOSED,
                  closed_at=timezone.now(), closed_by=by)


@transaction.atomic
def action_send_back(*, action, by, reason, version) -> Action:
    current = _locked(action, version)
    _require_status(current, [ActionStatus.COMPLETE], "sent back")
    if not reason.strip():
        raise ValidationError({"reason": "Say why it is sent back"})
    return _apply(current, by=by, event="sent back", status=ActionStatus.IN_PROGRESS,
                  status_reason=reason.strip(), completed_at=None, completed_by=None)


@transaction.atomic
def action_reopen(*, action, by, reason, version) -> Action:
    current = _locked(action, version)
    _require_status(current, [ActionStatus.CLOSED], "reopened")
    if not reason.strip():
        raise ValidationError({"reason": "Say why it is reopened"})
    return _apply(current, by=by, event="reopened", status=ActionStatus.IN_PROGRESS,
                  status_reason=reason.strip(), closed_at=None, closed_by=None)


@transaction.atomic
def action_withdraw(*, action, by, reason, version) -> Action:
    """Nothing is deleted: a withdrawn action stays, marked withdrawn, with its reason."""
    current = _locked(action, version)
    _require_status(current, [*OPEN_STATUSES, ActionStatus.COMPLETE], "withdrawn")
    if not reason.strip():
        raise ValidationError({"reason": "Say why it is withdrawn"})
    return _apply(current, by=by, event="withdrawn", status=ActionStatus.WITHDRAWN,
                  status_reason=reason.strip())


@transaction.atomic
def actions_bulk_update(*, actions, by, event="bulk change", **fields) -> int:
    """Change many actions at once (e.g. a new due date for a plan), with a history row for
    each, in one transaction: two queries for the history however many actions."""
    locked = list(Action.objects.select_for_update().filter(pk__in=[a.pk for a in actions]))
    lines, changed = [], []
    for current in locked:
        diff = {}
        for field, value in fields.items():
            before = getattr(current, field)
            if before != value:
                diff[field] = [plain(before), plain(value)]
                setattr(current, field, value)
        if diff:
            if WHO_MAY_SEE_FIELDS & diff.keys():
                current.check_people_may_see()
            current.version += 1
            changed.append(current)
            lines.append(history.line(current, by=by, event=event, changes=diff,
                                      board=current.board_id))
    Action.objects.bulk_update(changed, [*fields, "version"], batch_size=1000)
    history.History.objects.bulk_create(lines, batch_size=1000)
    return len(changed)


@transaction.atomic
def export_request(*, person, board, scope, query, file_format) -> Export:
    """Ask for a tracker's export; a worker builds it after the commit (actions.exports)."""
    export = Export.objects.create(code=uuid.uuid4(), requested_by=person, board=board,
                                   scope=scope, query=query, file_format=file_format)
    transaction.on_commit(lambda: build_export.delay(export.pk))
    return export
