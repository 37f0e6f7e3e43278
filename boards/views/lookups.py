"""Every view finds its records through these helpers, so scoping lives in one place.

Outsiders (not members of the board) get 404: they are not told the record exists.
Members who may read but not change get 403 (PermissionDenied).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404

from safeguard.lib.dates import YearField

from ..models import AgendaItem, Board, Meeting, Membership, Paper
from ..rules import is_member_of

PAGE_SIZE = 50


def _check(request, board, perm):
    if not is_member_of(request.user, board):
        raise Http404("Not found")
    if perm and not request.user.has_perm(perm, board):
        raise PermissionDenied("Your role on this board does not allow that.")


def board_for(request, pk, perm=None) -> Board:
    board = get_object_or_404(Board, pk=pk)
    _check(request, board, perm)
    return board


def meeting_for(request, pk, perm=None) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("board"), pk=pk)
    _check(request, meeting.board, perm)
    return meeting


def agenda_item_for(request, pk, perm=None) -> AgendaItem:
    item = get_object_or_404(
        AgendaItem.objects.select_related("meeting__board", "presenter", "updated_by"), pk=pk
    )
    _check(request, item.meeting.board, perm)
    return item


def paper_for(request, pk) -> Paper:
    paper = get_object_or_404(Paper.objects.select_related("agenda_item__meeting__board"), pk=pk)
    _check(request, paper.agenda_item.meeting.board, None)
    return paper


def membership_for(request, pk, perm) -> Membership:
    membership = get_object_or_404(Membership.objects.select_related("board", "person"), pk=pk)
    _check(request, membership.board, perm)
    return membership


def require_perm(request, perm, obj=None):
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied("Your role does not allow that.")


class KeysFirstPaginator(Paginator):
    """Pages of a long, joined list: the page's keys are found first, by the ordering alone
    (OFFSET walks an index, not 10,000 joined rows), and only those rows are then read with
    their joins. Two queries, whatever the page number."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        return self._get_page(self.object_list.filter(pk__in=keys), number, self)


def paginate(request, queryset, per_page=PAGE_SIZE, *, count=None, keys_first=False):
    """A page of the list. `count`, when the caller already has it (a tracker's summary
    counts its rows), saves the COUNT query; `keys_first` for long lists with joins."""
    paginator = (KeysFirstPaginator if keys_first else Paginator)(queryset, per_page)
    if count is not None:
        paginator.count = count  # fills in the cached_property
    return paginator.get_page(request.GET.get("page"))


def record_number(text) -> int | None:
    """A record's id posted or typed by hand, or None for anything else. Only ASCII digits,
    and no more than a bigint holds: str.isdigit() accepts "²", which int() refuses, and
    int() refuses more than 4,300 digits."""
    text = str(text or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


def year_from(request, default: int) -> int:
    """The year a page is asked for (`?year=`), or `default`. One that is not a year between
    2000 and 2100 is refused with a message, and `default` is shown instead."""
    try:
        year = YearField(required=False).clean(request.GET.get("year"))
    except ValidationError as error:
        messages.error(request, f"{' '.join(error.messages)}: showing {default} instead.")
        return default
    return default if year is None else year


def add_service_error(form, error):
    """Show a service's ValidationError next to the field it names, or at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
