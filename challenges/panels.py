"""What the challenge log adds to the floors below without their importing it: on boards'
pages (boards.panels) a board's count of open challenges and its open challenges under matters
arising; in the tracker (actions.scopes) a recommendation's actions as a scope to export; on
an indicator's page (performance.panels) the challenges and recommendations citing it, and
"Raise a challenge"."""

from django.http import Http404

from actions import scopes
from actions.models import Action
from boards import panels
from boards.models import Board
from boards.views.lookups import board_for
from performance import panels as indicator_panels

from .models import Challenge, Recommendation


def register():
    panels.BOARD_COUNTS["challenges"] = panels.Count(
        "Open challenges", lambda board: Challenge.objects.filter(board=board).open().count())
    panels.MATTERS_ARISING["challenges"] = panels.Panel(
        "challenges/panels/matters_arising.html",
        lambda board: Challenge.objects.filter(board=board).open()
        .prefetch_related("to_agencies").select_related("to_board")[:50])
    indicator_panels.CITED_BY["challenges"] = indicator_panels.CitedBy(
        "Challenges", "challenges/panels/cites_indicator.html",
        lambda indicator, person: indicator.challenges.visible_to(person)
        .select_related("board").order_by("-raised_on", "pk"),
        position=20)
    indicator_panels.CITED_BY["recommendations"] = indicator_panels.CitedBy(
        "Recommendations", "challenges/panels/recommendations_cite_indicator.html",
        lambda indicator, person: indicator.recommendations.select_related("source")
        .filter(source__board__in=Board.objects.for_member(person)),
        position=40)
    indicator_panels.STEPS["raise_challenge"] = indicator_panels.Step(
        "Raise a challenge", "challenges:raise_about_indicator",
        lambda person, indicator: person.has_perm("challenges.raise_challenge", indicator.board))
    scopes.register(
        "recommendation",
        actions=lambda pk, person: Action.objects.filter(recommendations__pk=pk),
        board=_recommendation_board)


def _recommendation_board(request, pk):
    board_id = (Recommendation.objects.filter(pk=pk)
                .values_list("source__board_id", flat=True).first())
    if board_id is None:
        raise Http404("No such recommendation.")
    return board_for(request, board_id)
