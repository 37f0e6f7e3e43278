"""Meetings: schedule, agenda, papers, attendance, minutes and their workflow."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from safeguard.lib.forms import add_service_error
from safeguard.lib.paging import paginate

from .. import attendance, history, panels, services
from ..calendar import meeting_ics
from ..filters import MeetingFilter
from ..forms import (
    AddAttendeeForm,
    AgendaItemForm,
    ApproveMinutesForm,
    AttendanceVersionForm,
    ForwardItemForm,
    MeetingForm,
    MinuteForm,
    PaperForm,
)
from ..models import AgendaItemKind, Attendance, AttendanceStatus, Paper
from .editing import versioned_edit
from .lookups import agenda_item_for, board_for, meeting_for, paper_for


def meeting_list(request, pk):
    board = board_for(request, pk)
    meetings = MeetingFilter(request.GET, queryset=board.meetings.with_board())
    return render(request, "boards/meeting_list.html", {
        "board": board, "filter": meetings, "page": paginate(request, meetings.qs),
        "can_manage": request.user.has_perm("boards.manage_board", board),
    })


def meeting_create(request, pk):
    board = board_for(request, pk, "boards.manage_board")
    form = MeetingForm(request.POST or None, instance=None)
    form.instance.board = board
    if form.is_valid():
        meeting = services.meeting_schedule(board=board, created_by=request.user,
                                            **form.meeting_fields())
        messages.success(request, "Meeting scheduled. Members will be sent an invitation.")
        return redirect(meeting)
    return render(request, "boards/form_page.html", {
        "form": form, "title": f"Schedule a meeting of {board}", "back": board.get_absolute_url(),
    })


def meeting_edit(request, pk):
    meeting = meeting_for(request, pk, "boards.manage_board")
    return versioned_edit(
        request, meeting, MeetingForm, title=f"Edit {meeting}", back=meeting.get_absolute_url(),
        save=lambda form: services.meeting_edit(
            meeting=meeting, version=form.cleaned_data["version"], by=request.user,
            **form.changes()),
        success="Meeting saved.",
    )


def meeting_detail(request, pk):
    meeting = meeting_for(request, pk)
    board = meeting.board
    items = (
        meeting.agenda_items.select_related("presenter")
        .prefetch_related("papers", *panels.item_prefetches())
    )
    meeting.attendances_list = list(
        meeting.attendances.select_related("person", "agency", "deputy")
        .order_by("person__full_name")
    )
    matters_arising = any(i.kind == AgendaItemKind.MATTERS_ARISING for i in items)
    return render(request, "boards/meeting_detail.html", {
        "meeting": meeting, "board": board, "items": items,
        "attendance": _attendance_lists_from(meeting.attendances_list),
        "quorum": _quorum(meeting),
        "matters_arising": panels.matters_arising(board) if matters_arising else [],
        "item_parts": panels.item_templates("meeting"),
        "links": panels.links("meeting", meeting),
        "can_manage": request.user.has_perm("boards.manage_board", board),
        "can_approve": request.user.has_perm("boards.approve_minutes", board),
        "previous": meeting.previous_meeting(),
        "history": history.of(meeting),
    })


def _attendance_lists_from(records):
    lists = {status: [] for status in AttendanceStatus.values}
    for record in records:
        lists[record.status].append(record)
    return lists


def _quorum(meeting):
    # Meeting.quorum() reads meeting.attendances.all(); hand it the list already loaded.
    meeting._prefetched_objects_cache = {"attendances": meeting.attendances_list}
    return meeting.quorum()


def meeting_ics_download(request, pk):
    meeting = meeting_for(request, pk)
    response = HttpResponse(meeting_ics(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


def attendance_edit(request, pk):
    """One row per current member: present, officer in attendance, apologies (and deputy).
    The page carries the meeting's attendance version: if someone else records attendance
    while it is open, their record is shown and this page's choices are kept to save again."""
    meeting = meeting_for(request, pk, "boards.manage_board")
    register = attendance.register(meeting, request.POST or None)
    newer = None
    if request.method == "POST" and register.is_valid():
        try:
            with transaction.atomic():
                services.attendance_record(meeting=meeting, rows=register.chosen(),
                                           version=register.version(), by=request.user)
        except services.StaleEdit as stale:
            newer = attendance.newer_than(stale.current)
            register.version_form = AttendanceVersionForm(
                {"version": stale.current.attendance_version})
        except ValidationError as error:
            messages.error(request, "; ".join(error.messages))
        else:
            messages.success(request, "Attendance saved.")
            return redirect(meeting)
    return render(request, "boards/attendance_edit.html", {
        "meeting": meeting, "formset": register.formset, "version_form": register.version_form,
        "rows": register.rows(), "newer": newer, "add_form": AddAttendeeForm(),
    }, status=409 if newer is not None else 200)


@require_POST
def attendee_add(request, pk):
    meeting = meeting_for(request, pk, "boards.manage_board")
    form = AddAttendeeForm(request.POST)
    if form.is_valid():
        person = form.cleaned_data["person"]
        if Attendance.objects.filter(meeting=meeting, person=person).exists():
            messages.error(request, f"{person} is already recorded for this meeting.")
        else:
            services.attendance_record(meeting=meeting, rows=[
                (person, form.cleaned_data["status"], None, form.cleaned_data["capacity"])
            ], by=request.user)
            messages.success(request, f"{person} added.")
    else:
        messages.error(request, "Choose a person and how they attended.")
    return redirect("boards:attendance_edit", pk=meeting.pk)


def agenda_item_create(request, pk):
    meeting = meeting_for(request, pk, "boards.manage_board")
    form = AgendaItemForm(request.POST or None)
    if form.is_valid():
        item = services.agenda_item_add(meeting=meeting, by=request.user, **form.cleaned_data)
        messages.success(request, f"Item {item.position} added.")
        return redirect(meeting)
    return render(request, "boards/form_page.html", {
        "form": form, "title": "Add an agenda item", "back": meeting.get_absolute_url(),
    })


def agenda_item_detail(request, pk):
    item = agenda_item_for(request, pk)
    board = item.meeting.board
    prefetch_related_objects([item], *panels.item_prefetches())
    return render(request, "boards/agenda_item_detail.html", {
        "item": item, "meeting": item.meeting, "board": board,
        "papers": item.papers.select_related("uploaded_by"),
        "item_parts": panels.item_templates("item"),
        "links": panels.links("item", item),
        "forwarded_to": item.forwarded_to.select_related("meeting__board"),
        "can_manage": request.user.has_perm("boards.manage_board", board),
        "parent": board.parent,
        "history": history.of(item),
    })


def minute_edit(request, pk):
    item = agenda_item_for(request, pk, "boards.manage_board")
    if not item.meeting.minutes_editable:
        messages.error(request, "These minutes are approved and can no longer be edited.")
        return redirect(item)
    form = MinuteForm(request.POST or None, instance=item,
                      initial={"version": item.version})
    conflict = None
    if form.is_valid():
        try:
            services.minute_save(item=item, by=request.user, **form.cleaned_data)
        except services.StaleEdit as stale:
            conflict = stale.current
            # Keep what they typed, and let them save again on top of the newer version.
            data = request.POST.copy()
            data["version"] = conflict.version
            form = MinuteForm(data, instance=item)  # not `conflict`: is_valid() writes to it
            form.is_valid()
        else:
            messages.success(request, "Minute saved.")
            return redirect(item)
    return render(request, "boards/minute_edit.html", {
        "form": form, "item": item, "meeting": item.meeting, "conflict": conflict,
    }, status=409 if conflict else 200)


def paper_upload(request, pk):
    item = agenda_item_for(request, pk, "boards.manage_board")
    form = PaperForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        services.paper_add(item=item, upload=form.cleaned_data["file"],
                           title=form.cleaned_data["title"], by=request.user)
        messages.success(request, "Paper uploaded.")
        return redirect(item)
    return render(request, "boards/form_page.html", {
        "form": form, "title": f"Upload a paper for item {item.position}: {item.title}",
        "back": item.get_absolute_url(), "multipart": True,
    })


def paper_download(request, pk):
    """Papers are always downloads, with the type checked at upload: never shown as HTML."""
    paper: Paper = paper_for(request, pk)
    response = FileResponse(paper.file.open("rb"), as_attachment=True,
                            filename=paper.original_name, content_type=paper.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def item_forward(request, pk):
    item = agenda_item_for(request, pk, "boards.manage_board")
    parent = item.meeting.board.parent
    form = ForwardItemForm(request.POST or None)
    if form.is_valid():
        try:
            forwarded = services.item_forward(item=item, forwarded_by=request.user,
                                              note=form.cleaned_data["note"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            where = (f"placed on the agenda of {forwarded.placed_as.meeting}"
                     if forwarded.placed_as else "waiting for its next meeting to be scheduled")
            messages.success(request, f"Forwarded to {parent}: {where}.")
            return redirect(item)
    return render(request, "boards/form_page.html", {
        "form": form, "title": f"Forward “{item.title}” to {parent or 'the parent board'}",
        "back": item.get_absolute_url(),
    })


def minutes_view(request, pk):
    """The full minutes, confidential items included: members only."""
    meeting = meeting_for(request, pk)
    items = meeting.agenda_items.select_related("presenter").prefetch_related(
        *panels.item_prefetches())
    records = list(meeting.attendances.select_related("person", "deputy"))
    return render(request, "boards/minutes.html", {
        "meeting": meeting, "board": meeting.board, "items": items,
        "attendance": _attendance_lists_from(records), "public": False,
        "item_parts": panels.item_templates("minutes"),
    })


def _workflow(request, pk, perm, action, success):
    meeting = meeting_for(request, pk, perm)
    try:
        with transaction.atomic():
            action(meeting=meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect(meeting)


@require_POST
def minutes_circulate(request, pk):
    return _workflow(request, pk, "boards.manage_board", services.minutes_circulate,
                     "Minutes circulated to the members.")


@require_POST
def minutes_publish(request, pk):
    return _workflow(request, pk, "boards.publish_minutes", services.minutes_publish,
                     "Minutes published. The public version leaves out confidential items.")


def minutes_approve(request, pk):
    meeting = meeting_for(request, pk, "boards.approve_minutes")
    form = ApproveMinutesForm(request.POST or None, meeting=meeting)
    if form.is_valid():
        try:
            with transaction.atomic():
                services.minutes_approve(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Approval of the minutes recorded.")
            return redirect(meeting)
    return render(request, "boards/form_page.html", {
        "form": form, "title": f"Record approval of the minutes of {meeting}",
        "back": meeting.get_absolute_url(),
    })


