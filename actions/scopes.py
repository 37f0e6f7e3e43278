"""A tracker's scope — a board's actions, a meeting's, a plan's, a recommendation's, or the
person's own — named by a string ("board:12") so an export can be built in the background from
it. One registry says, for each kind, which actions it holds and whose board it is; the pages
check the person may see that board, and the export shows only what they may see.

Kinds of floors above (a recommendation's actions) are registered from their app's ready(), so
actions imports nothing above it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import Http404

from boards.views.lookups import board_for, meeting_for

from .models import Action, ActionPlan


@dataclass(frozen=True)
class Scope:
    actions: Callable  # (pk, person) → the actions it holds, before the visibility filter
    board: Callable  # (request, pk) → its board, checked as its page checks it; or None


SCOPES: dict[str, Scope] = {}


def register(kind: str, *, actions: Callable, board: Callable) -> None:
    SCOPES[kind] = Scope(actions, board)


def _split(scope: str):
    kind, _, pk = scope.partition(":")
    if kind not in SCOPES or not (pk.isdigit() or kind == "mine"):
        raise Http404("No such tracker.")
    return SCOPES[kind], int(pk) if pk.isdigit() else None


def resolve(request, scope: str):
    """(board, actions) behind a tracker's scope, checked as the tracker's page is (404 for
    whoever may not see it). The actions are not yet filtered by what the person may see."""
    kind, pk = _split(scope)
    return kind.board(request, pk), kind.actions(pk, request.user)


def actions_for(scope: str, person):
    """What an export of the scope holds for this person: only what they may see."""
    kind, pk = _split(scope)
    return kind.actions(pk, person).visible_to(person)


def _plan_board(request, pk):
    plan = ActionPlan.objects.filter(pk=pk).values_list("board_id", flat=True).first()
    if plan is None:
        raise Http404("No such plan.")
    return board_for(request, plan)


register("board", actions=lambda pk, person: Action.objects.filter(board_id=pk),
         board=lambda request, pk: board_for(request, pk))
register("meeting", actions=lambda pk, person: Action.objects.filter(agenda_item__meeting_id=pk),
         board=lambda request, pk: meeting_for(request, pk).board)
register("plan", actions=lambda pk, person: Action.objects.filter(plan_id=pk), board=_plan_board)
register("mine", actions=lambda pk, person: Action.objects.assigned_to(person),
         board=lambda request, pk: None)
