"""Every view finds its records through these helpers, so scoping lives in one place.

Outsiders (not members of the board) get 404: they are not told the record exists.
Members who may read but not change get 403 (PermissionDenied).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from ..models import AgendaItem, Board, Meeting, Membership, Paper
from ..rules import is_member_of


def check_board(request, board, perm=None) -> Board:
    """For a record read with its board already: 404 for outsiders, 403 without `perm`."""
    if not is_member_of(request.user, board):
        raise Http404("Not found")
    if perm and not request.user.has_perm(perm, board):
        raise PermissionDenied("Your role on this board does not allow that.")
    return board


def board_for(request, pk, perm=None) -> Board:
    board = get_object_or_404(Board, pk=pk)
    check_board(request, board, perm)
    return board


def meeting_for(request, pk, perm=None) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("board"), pk=pk)
    check_board(request, meeting.board, perm)
    return meeting


def agenda_item_for(request, pk, perm=None) -> AgendaItem:
    item = get_object_or_404(
        AgendaItem.objects.select_related("meeting__board", "presenter", "updated_by"), pk=pk
    )
    check_board(request, item.meeting.board, perm)
    return item


def paper_for(request, pk) -> Paper:
    paper = get_object_or_404(Paper.objects.select_related("agenda_item__meeting__board"), pk=pk)
    check_board(request, paper.agenda_item.meeting.board, None)
    return paper


def membership_for(request, pk, perm) -> Membership:
    membership = get_object_or_404(Membership.objects.select_related("board", "person"), pk=pk)
    check_board(request, membership.board, perm)
    return membership


def require_perm(request, perm, obj=None):
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied("Your role does not allow that.")


