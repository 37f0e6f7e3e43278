"""Writes that touch more than one row, each in one transaction. Views call these; nothing
else changes boards, meetings or minutes. Each writes the record's history (boards.history) in
its transaction: who (`by`; None for the system, such as the demo data), what, before → after."""

import logging
import uuid
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from safeguard.lib.uploads import validate_paper
from safeguard.lib.versioning import (  # views and tests catch services.StaleEdit
    StaleEdit as StaleEdit,
)
from safeguard.lib.versioning import claim_version, versioned_save

from . import history, letters
from .models import (
    Agency,
    AgendaItem,
    AgendaItemKind,
    Attendance,
    AttendanceStatus,
    Board,
    ForwardedItem,
    Meeting,
    Membership,
    MinutesStatus,
    Paper,
    Person,
    ReportingLine,
    Role,
)
from .rules import forget_roles

security_log = logging.getLogger("safeguard.security")


@transaction.atomic
def board_create(*, created_by, parent=None, reports_from=None, **fields) -> Board:
    """A new board or sub-group. Whoever creates it becomes its business manager, so that
    someone can run it; a sub-group starts reporting to its parent from today."""
    board = Board(**fields)
    board.full_clean()
    board.save()
    today = timezone.localdate()
    changes = history.created(board, fields)
    if parent is not None:
        ReportingLine.objects.create(board=board, reports_to=parent,
                                     starts_on=reports_from or today)
        changes["reports_to"] = [None, history.plain(parent)]
    membership = Membership.objects.create(person=created_by, board=board,
                                           role=Role.BUSINESS_MANAGER, starts_on=today)
    history.record(board, by=created_by, event="Created", changes=changes, board=board)
    history.record(membership, by=created_by, event="Added", board=board,
                   changes=history.created(membership, MEMBERSHIP_FIELDS))
    forget_roles(created_by)
    return board


MEMBERSHIP_FIELDS = ("person", "role", "lead_role", "starts_on", "ends_on")


@transaction.atomic
def reporting_line_move(*, board, reports_to, starts_on, note="", by=None) -> ReportingLine:
    """Move a board's reporting line: the current line ends the day before, the history stays."""
    if reports_to.pk == board.pk:
        raise ValidationError({"reports_to": "A board cannot report to itself."})
    ancestor, seen = reports_to, set()
    while ancestor is not None and ancestor.pk not in seen:
        if ancestor.pk == board.pk:
            raise ValidationError({"reports_to": "That board already reports to this one."})
        seen.add(ancestor.pk)
        ancestor = ancestor.parent
    current = (
        ReportingLine.objects.select_for_update()
        .filter(board=board, ends_on__isnull=True).first()
    )
    if current is not None:
        if starts_on <= current.starts_on:
            raise ValidationError(
                {"starts_on": f"The new line must start after the current one began "
                              f"({current.starts_on:%d %B %Y})."}
            )
        current.ends_on = starts_on - timedelta(days=1)
        current.save(update_fields=["ends_on"])
    line = ReportingLine(board=board, reports_to=reports_to, starts_on=starts_on, note=note)
    line.full_clean()
    line.save()
    history.record(board, by=by, event="Reporting line moved", board=board, changes={
        "reports_to": [history.plain(current.reports_to if current else None),
                       history.plain(reports_to)],
        **history.created(line, ["starts_on", "note"]),
    })
    return line


@transaction.atomic
def membership_save(*, membership: Membership, by=None) -> Membership:
    membership.full_clean()
    membership.save()
    history.record(membership, by=by, event="Added", board=membership.board,
                   changes=history.created(membership, MEMBERSHIP_FIELDS))
    forget_roles(membership.person)
    return membership


# Edits of a record someone opened in a form: each names the version the form was opened at
# and is refused with StaleEdit if someone else saved the record meanwhile.

@transaction.atomic
def _edit(record, *, by, version, changes, board, event="Edited", also=()):
    """The versioned save, with the fields it moved written to the record's history. The
    values before are read from the database: the edit form has already put its input on
    `record`."""
    before = history.saved(record, changes)
    record = versioned_save(record, version=version, changes=changes, also=also)
    history.record(record, by=by, event=event, changes=history.diff(before, record), board=board)
    return record


@transaction.atomic
def agency_create(*, by=None, **fields) -> Agency:
    agency = Agency(**fields)
    agency.full_clean()
    agency.save()
    history.record(agency, by=by, event="Added", changes=history.created(agency, fields))
    return agency


def agency_edit(*, agency, version, by=None, **changes) -> Agency:
    return _edit(agency, by=by, version=version, changes=changes, board=None)


def person_edit(*, person, version, by=None, **changes) -> Person:
    return _edit(person, by=by, version=version, changes=changes, board=None)


def board_edit(*, board, version, by=None, **changes) -> Board:
    """The board's own details, or the parent meeting it reports back to."""
    event = "Report-back meeting set" if set(changes) == {"report_back_meeting"} else "Edited"
    return _edit(board, by=by, version=version, changes=changes, board=board, event=event)


@transaction.atomic
def membership_edit(*, membership, version, by=None, **changes) -> Membership:
    """A change of role or dates, such as ending a membership."""
    membership = _edit(membership, by=by, version=version, changes=changes,
                       board=membership.board)
    forget_roles(membership.person)
    return membership


def meeting_edit(*, meeting, version, by=None, **changes) -> Meeting:
    return _edit(meeting, by=by, version=version, changes=changes, board=meeting.board)


ITEM_FIELDS = ("title", "presenter", "is_confidential", "kind")


STANDARD_OPENING_ITEMS = (
    (AgendaItemKind.PREVIOUS_MINUTES, "Minutes of the previous meeting"),
    (AgendaItemKind.MATTERS_ARISING, "Matters arising"),
)


@transaction.atomic
def meeting_schedule(*, board, created_by, **fields) -> Meeting:
    """Schedule a meeting. Its agenda opens with the previous minutes and matters arising,
    followed by any items a sub-group has forwarded to this board; the members are sent an
    invitation once the meeting is saved."""
    meeting = Meeting(board=board, created_by=created_by, **fields)
    meeting.full_clean()
    meeting.save()
    history.record(meeting, by=created_by, event="Scheduled", board=board,
                   changes=history.created(meeting, fields))
    position = 0
    for kind, title in STANDARD_OPENING_ITEMS:
        position += 1
        AgendaItem.objects.create(meeting=meeting, position=position, kind=kind, title=title)
    waiting = (
        ForwardedItem.objects.select_for_update()
        .filter(to_board=board, placed_as__isnull=True)
        .select_related("from_item__meeting__board")
    )
    for forwarded in waiting:
        position += 1
        forwarded.placed_as = _forwarded_agenda_item(meeting, position, forwarded,
                                                     by=created_by)
        forwarded.save(update_fields=["placed_as"])

    letters.queue_meeting_invitations(meeting)
    return meeting


def _forwarded_agenda_item(meeting, position, forwarded, *, by):
    source = forwarded.from_item
    item = AgendaItem.objects.create(
        meeting=meeting, position=position, kind=AgendaItemKind.FORWARDED,
        title=f"{source.title} (from {source.meeting.board})",
        is_confidential=source.is_confidential, forwarded_from=source,
        discussion="",
    )
    history.record(item, by=by, event="Placed on the agenda", board=meeting.board,
                   changes=history.created(item, (*ITEM_FIELDS, "forwarded_from")))
    return item


@transaction.atomic
def agenda_item_add(*, meeting, by=None, **fields) -> AgendaItem:
    last = (
        Meeting.objects.select_for_update().filter(pk=meeting.pk)
        .aggregate(last=Max("agenda_items__position"))["last"]
    )
    item = AgendaItem(meeting=meeting, position=(last or 0) + 1, **fields)
    item.full_clean()
    item.save()
    history.record(item, by=by, event="Added", board=meeting.board,
                   changes=history.created(item, fields))
    return item


@transaction.atomic
def item_forward(*, item, forwarded_by, note="") -> ForwardedItem:
    """A sub-group forwards an item to its parent board's next agenda."""
    board = item.meeting.board
    parent = board.parent
    if parent is None:
        raise ValidationError(f"{board} does not report to another board.")
    if ForwardedItem.objects.filter(from_item=item, to_board=parent).exists():
        raise ValidationError(f"This item has already been forwarded to {parent}.")
    forwarded = ForwardedItem.objects.create(
        from_item=item, to_board=parent, note=note, forwarded_by=forwarded_by
    )
    history.record(item, by=forwarded_by, event="Forwarded", board=board,
                   changes={"forwarded_to": [None, history.plain(parent)]})
    next_meeting = parent.next_meeting()
    if next_meeting is not None:
        last = (
            Meeting.objects.select_for_update().filter(pk=next_meeting.pk)
            .aggregate(last=Max("agenda_items__position"))["last"]
        )
        forwarded.placed_as = _forwarded_agenda_item(next_meeting, (last or 0) + 1, forwarded,
                                                     by=forwarded_by)
        forwarded.save(update_fields=["placed_as"])
    return forwarded


@transaction.atomic
def minute_save(*, item, discussion, decisions, version, by) -> AgendaItem:
    """Save an item's minute unless someone else saved it since the form was opened."""
    if not item.meeting.minutes_editable:
        raise ValidationError("These minutes are approved and can no longer be edited.")
    before = history.saved(item, ["discussion", "decisions"])
    item = versioned_save(item, version=version, changes={
        "discussion": discussion, "decisions": decisions,
        "updated_by": by, "updated_at": timezone.now(),
    })
    history.record(item, by=by, event="Minute edited", changes=history.diff(before, item),
                   board=item.meeting.board)
    return item


def _transition(meeting, allowed_from, to, *, by, event, **changes):
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.minutes_status not in allowed_from:
        raise ValidationError(
            f"Minutes that are {locked.get_minutes_status_display().lower()} cannot be "
            f"{MinutesStatus(to).label.lower()}."
        )
    before = history.snapshot(locked, ["minutes_status", *changes])
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.minutes_status = to
    locked.full_clean()
    locked.save(update_fields=["minutes_status", *changes])
    history.record(locked, by=by, event=event, changes=history.diff(before, locked),
                   board=locked.board)
    return locked


@transaction.atomic
def minutes_circulate(*, meeting, by) -> Meeting:
    meeting = _transition(meeting, [MinutesStatus.DRAFT], MinutesStatus.CIRCULATED,
                          by=by, event="Minutes circulated",
                          minutes_circulated_at=timezone.now())
    letters.queue_minutes_circulated(meeting)
    return meeting


@transaction.atomic
def minutes_approve(*, meeting, at_meeting, amendments, by) -> Meeting:
    """Minutes are approved at a later meeting of the same board, amendments recorded."""
    if at_meeting.board_id != meeting.board_id or at_meeting.starts_at <= meeting.starts_at:
        raise ValidationError(
            {"at_meeting": "Minutes are approved at a later meeting of the same board."}
        )
    return _transition(
        meeting, [MinutesStatus.CIRCULATED], MinutesStatus.APPROVED,
        by=by, event="Minutes approved",
        minutes_approved_at_meeting=at_meeting, minutes_amendments=amendments.strip(),
    )


@transaction.atomic
def minutes_publish(*, meeting, by) -> Meeting:
    return _transition(meeting, [MinutesStatus.APPROVED], MinutesStatus.PUBLISHED,
                       by=by, event="Minutes published", minutes_published_at=timezone.now())


@transaction.atomic
def attendance_record(*, meeting, rows, version=None, by=None) -> None:
    """rows: (person, status or "", deputy, capacity). A blank status removes the record:
    the minutes list only those present, in attendance or giving apologies. `version` is the
    meeting's attendance version when the form was opened: if someone else recorded attendance
    since, StaleEdit (with the meeting) and nothing is saved. Adding one attendee names none.
    The meeting's history gets one line: each person whose record changed, before → after."""
    claim_version(Meeting, meeting.pk, version, field="attendance_version")
    existing = {a.person_id: a for a in
                meeting.attendances.select_for_update(of=("self",)).select_related("deputy")}
    changes = {}
    for person, status, deputy, capacity in rows:
        record = existing.get(person.pk)
        was = _attendance_words(record)
        if not status:
            if record is not None:
                record.delete()
                changes[str(person)] = [was, None]
            continue
        if record is None:
            record = Attendance(meeting=meeting, person=person)
        record.status = status
        record.agency_id = person.agency_id
        record.deputy = deputy if status == AttendanceStatus.APOLOGIES else None
        record.capacity = capacity
        record.full_clean()
        record.save()
        if _attendance_words(record) != was:
            changes[str(person)] = [was, _attendance_words(record)]
    if changes:
        history.record(meeting, by=by, event="Attendance recorded", changes=changes,
                       board=meeting.board)


def _attendance_words(record):
    """One person's attendance as the history shows it: "Apologies (deputy: Sam Jones)"."""
    if record is None:
        return None
    words = record.get_status_display()
    if record.deputy is not None:
        words += f" (deputy: {record.deputy})"
    if record.capacity:
        words += f", {record.capacity}"
    return words


@transaction.atomic
def paper_add(*, item, upload, title, by) -> Paper:
    content_type = validate_paper(upload)
    paper = Paper(
        agenda_item=item, title=title, file=upload, original_name=upload.name[:255],
        content_type=content_type, size=upload.size, uploaded_by=by,
    )
    paper.full_clean()
    paper.save()
    history.record(item, by=by, event="Paper added", board=item.meeting.board,
                   changes={"papers": [None, title]})
    return paper



def calendar_address_renew(*, person) -> None:
    """A new secret address for the person's calendar feed; the old one stops working at once
    (for an address that was shared or leaked)."""
    person.calendar_token = uuid.uuid4()
    person.save(update_fields=["calendar_token"])
    security_log.info("calendar-address-renewed user=%s", person.pk)
