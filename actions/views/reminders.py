"""Reminder history: each person's own, and what went to whom for a board's business manager."""

from django.db.models import Q
from django.shortcuts import render

from boards.views.lookups import board_for, paginate

from ..models import Reminder


def my_reminders(request):
    reminders = Reminder.objects.filter(recipient=request.user).select_related(
        "action", "board").order_by("-claimed_at")
    return render(request, "actions/reminders.html", {
        "page": paginate(request, reminders), "title": "Reminders sent to you", "board": None,
    })


def board_reminders(request, pk):
    board = board_for(request, pk, "boards.manage_board")
    reminders = Reminder.objects.filter(Q(action__board=board) | Q(board=board)).select_related(
        "action", "board", "recipient").order_by("-claimed_at")
    return render(request, "actions/reminders.html", {
        "page": paginate(request, reminders), "title": f"Reminders sent for {board}",
        "board": board,
    })
