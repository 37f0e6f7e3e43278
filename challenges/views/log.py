"""The challenge log of a board (filtered, exported) and the chair's review before a meeting."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from boards.views.lookups import board_for
from safeguard.lib.paging import paginate
from safeguard.lib.spreadsheets import CONTENT_TYPES, export_dataset

from .. import presenters
from ..filters import ChallengeFilter
from ..models import Challenge, ChallengeStatus
from ..resources import ChallengeResource


def _log(request, board):
    challenges = Challenge.objects.filter(board=board).visible_to(request.user)
    return ChallengeFilter(request.GET, queryset=challenges)


def challenge_log(request, pk):
    board = board_for(request, pk)
    filtered = _log(request, board)
    return render(request, "challenges/log.html", {
        "board": board, "filter": filtered,
        "page": paginate(request, filtered.qs.for_log()),
        "can_manage": request.user.has_perm("challenges.raise_challenge", board),
        "query": request.GET.urlencode(),
    })


def challenge_log_export(request, pk, file_format):
    """The record an inspector asks for. A board's log is hundreds of rows, not millions, so
    it is built in the request."""
    if file_format not in CONTENT_TYPES:
        raise Http404("Unknown format")
    board = board_for(request, pk)
    challenges = _log(request, board).qs.for_log().prefetch_related("responses__responded_by")
    dataset = ChallengeResource().export(queryset=challenges)
    response = HttpResponse(export_dataset(dataset, file_format),  # formulae made safe
                            content_type=CONTENT_TYPES[file_format])
    name = f"challenge-log-{timezone.localdate():%Y-%m-%d}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def chair_review(request, pk):
    """One page before each meeting: open challenges by age, responses overdue, responses
    awaiting review, escalations, and what was closed since the last meeting."""
    board = board_for(request, pk)
    today = timezone.localdate()
    challenges = Challenge.objects.filter(board=board).visible_to(request.user).for_review()
    last_meeting = board.meetings.filter(starts_at__lt=timezone.now()).order_by(
        "-starts_at").first()
    open_ones = list(challenges.open().order_by("raised_on", "pk"))
    closed_since = challenges.filter(status=ChallengeStatus.RESOLVED)
    if last_meeting:
        closed_since = closed_since.filter(closed_at__gte=last_meeting.starts_at)
    closed_since = list(closed_since.order_by("-closed_at"))
    presenters.for_review(open_ones + closed_since, today)
    return render(request, "challenges/chair_review.html", {
        "board": board, "today": today, "last_meeting": last_meeting,
        "next_meeting": board.next_meeting(),
        "open_by_age": open_ones,
        "overdue": [c for c in open_ones if c.response_overdue_on(today)],
        "awaiting_review": [c for c in open_ones
                            if c.status in (ChallengeStatus.RESPONSE_RECEIVED,
                                            ChallengeStatus.UNDER_REVIEW)],
        "escalated": [c for c in open_ones if c.status == ChallengeStatus.ESCALATED],
        "closed_since": closed_since,
    })
