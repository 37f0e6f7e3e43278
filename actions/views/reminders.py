"""Reminder history: each person's own, and what went to whom for a board's business manager."""

from django.db.models import Exists, OuterRef, Q, Value
from django.shortcuts import render

from boards import mailing
from boards.models import Notice
from boards.views.lookups import board_for
from boards.visibility import visible
from safeguard.lib.paging import paginate

from ..models import Action, Reminder


def my_reminders(request):
    """A reminder about an action the person may no longer see (confidential, and they have
    left its board) says so, without the action's words or a link."""
    reminders = Reminder.objects.filter(recipient=request.user).select_related(
        "action__board", "board").annotate(action_seen=Exists(
            visible(Action.objects.filter(pk=OuterRef("action_id")), request.user))
        ).order_by("-claimed_at")
    return render(request, "actions/reminders.html", {
        "page": paginate(request, reminders), "title": "Reminders sent to you", "board": None,
    })


def board_reminders(request, pk):
    """What went to whom; first what could not be sent, with why, so it is never lost."""
    board = board_for(request, pk, "boards.manage_board")
    reminders = Reminder.objects.filter(Q(action__board=board) | Q(board=board)).select_related(
        "action", "board", "recipient").annotate(action_seen=Value(True)).failed_first()
    return render(request, "actions/reminders.html", {
        "page": paginate(request, reminders), "title": f"Reminders sent for {board}",
        "board": board, "failed": reminders.filter(failed_at__isnull=False).count(),
        "failed_notices": Notice.objects.failed_for(board)[:100],
        "waiting": mailing.late(reminders.waiting_to_retry(),
                                Notice.objects.waiting_for(board)),
    })

