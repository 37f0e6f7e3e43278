"""What anyone may read without signing in: published minutes (confidential items withheld)
and the personal calendar feed, whose secret URL stands in for a sign-in."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from ..calendar import feed_ics
from ..models import Board, Meeting, MinutesStatus, Person


@login_not_required
def public_board(request, pk):
    board = get_object_or_404(Board, pk=pk)
    meetings = board.meetings.filter(minutes_status=MinutesStatus.PUBLISHED).order_by(
        "-starts_at"
    )
    return render(request, "boards/public_board.html", {"board": board, "meetings": meetings})


@login_not_required
def public_minutes(request, uid):
    meeting = get_object_or_404(
        Meeting.objects.select_related("board"), uid=uid, minutes_status=MinutesStatus.PUBLISHED
    )
    # Confidential items are loaded but their content never reaches the template: it is
    # replaced here by a note that an item was taken in private.
    items = []
    for item in meeting.agenda_items.select_related("presenter").order_by("position"):
        if item.is_confidential:
            items.append({"position": item.position, "private": True})
        else:
            items.append({"position": item.position, "private": False, "item": item})
    records = list(meeting.attendances.select_related("person", "deputy"))
    attendance = {"present": [], "in_attendance": [], "apologies": []}
    for record in records:
        attendance[record.status].append(record)
    return render(request, "boards/public_minutes.html", {
        "meeting": meeting, "board": meeting.board, "items": items, "attendance": attendance,
    })


@login_not_required
def calendar_feed(request, token):
    person = Person.objects.filter(calendar_token=token, is_active=True).first()
    if person is None:
        raise Http404("No such calendar")
    since = timezone.now() - timezone.timedelta(days=365)
    meetings = (
        Meeting.objects.filter(
            board__in=Board.objects.for_member(person), starts_at__gte=since
        ).select_related("board").order_by("starts_at")
    )
    response = HttpResponse(feed_ics(person, meetings), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="board-meetings.ics"'
    return response
