"""The trackers: a board's, a meeting's, a plan's, and "my agency's actions"."""

from django.db.models import Case, Exists, OuterRef, Value, When
from django.shortcuts import get_object_or_404, render

from boards.models import Agency
from boards.views.lookups import board_for, check_board, meeting_for
from safeguard.lib.paging import paginate

from .. import presenters
from ..filters import ActionFilter
from ..forms import ProgressForm
from ..models import Action, ActionPlan
from ..rules import is_assigned


def _rows(request, page):
    """Each row with its inline update form when it is this person's (or their agency's) to
    update; business managers and chairs update from the action's own page, which keeps a
    board-wide tracker light."""
    rows = []
    for action in page:
        inline = (is_assigned(request.user, action)
                  and request.user.has_perm("actions.update_progress", action))
        rows.append({
            "action": action, "can_update": inline,
            "form": ProgressForm(action=action) if inline else None,
        })
    return rows


def tracker_page(request, *, actions, title, board=None, scope, back=None, export=True,
             template="actions/tracker.html", agencies=None, whole_board=False):
    # The filter's choices come from the tracker's own actions (agency and person names are
    # not confidential); the rows themselves only from what this person may see.
    choices = _agencies(actions) if agencies is None else agencies
    actions = actions.visible_to(request.user, board=board if whole_board else None)
    filtered = ActionFilter(request.GET, queryset=actions, agencies=choices)
    queryset = filtered.qs
    summary = queryset.summary(listed=True)
    page = paginate(request, queryset.for_list(), count=summary.pop("listed"), keys_first=True)
    return render(request, template, {
        "title": title, "board": board, "filter": filtered, "page": page,
        "rows": presenters.tracker_rows(_rows(request, page)), "summary": summary, "scope": scope,
        "back": back, "export": export,
        "can_add": board is not None and request.user.has_perm("boards.manage_board", board),
        "query": request.GET.urlencode(),
    })


def _agencies(actions):
    """Only the agencies that lead something here, not the whole country's."""
    return Agency.objects.filter(pk__in=actions.values("lead_agency_id")).order_by("name")


def _board_agencies(board):
    """The agencies leading something on the board, asked agency by agency: a probe of the
    (board, lead agency) index each, under a millisecond for the country's 660 agencies.
    As a bare EXISTS PostgreSQL would turn it into a join reading every action of the board
    for its agency (25,000 on a large board); inside CASE it stays a probe per agency."""
    leads_here = Action.objects.filter(board=board, lead_agency=OuterRef("pk"))
    return (Agency.objects
            .alias(leads=Case(When(Exists(leads_here), then=Value(True)), default=Value(False)))
            .filter(leads=True).order_by("name"))


def board_tracker(request, pk):
    board = board_for(request, pk)
    actions = Action.objects.filter(board=board)
    return tracker_page(request, actions=actions, title=f"Actions of {board}", board=board,
                    scope=f"board:{board.pk}", back=board.get_absolute_url(),
                    agencies=_board_agencies(board), whole_board=True)


def meeting_tracker(request, pk):
    meeting = meeting_for(request, pk)
    actions = Action.objects.filter(agenda_item__meeting=meeting)
    return tracker_page(request, actions=actions, title=f"Actions arising from {meeting}",
                    board=meeting.board, scope=f"meeting:{meeting.pk}",
                    back=meeting.get_absolute_url())


def plan_tracker(request, pk):
    plan = get_object_or_404(ActionPlan.objects.select_related("board"), pk=pk)
    check_board(request, plan.board)
    actions = Action.objects.filter(plan=plan)
    return tracker_page(request, actions=actions, title=plan.title, board=plan.board,
                    scope=f"plan:{plan.pk}", back=plan.board.get_absolute_url())


MY_PAGE_SIZE = 20  # each card carries its own update form


def my_actions(request):
    """What is assigned to me or my agency, across all boards, overdue first."""
    person = request.user
    mine = Action.objects.assigned_to(person)
    actions = mine.visible_to(person)
    filtered = ActionFilter(request.GET, queryset=actions, agencies=_agencies(mine))
    queryset = filtered.qs
    summary = queryset.summary(listed=True)
    page = paginate(request, queryset.for_list().overdue_first(), per_page=MY_PAGE_SIZE,
                    count=summary.pop("listed"), keys_first=True)
    return render(request, "actions/my_actions.html", {
        "filter": filtered, "page": page, "rows": presenters.cards(_rows(request, page)),
        "summary": summary, "agency": person.agency,
    })


