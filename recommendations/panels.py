"""What recommendations add to the floors below without their importing them: on a board's
page (boards.panels) the link to its recommendations; in the tracker (actions.scopes) a
recommendation's actions as a scope to export; on an indicator's page (performance.panels) the
recommendations citing it."""

from django.http import Http404

from actions import scopes
from actions.models import Action
from boards import panels
from boards.models import Board
from boards.views.lookups import board_for
from performance import panels as indicator_panels

from .models import Recommendation


def register():
    panels.LINKS["recommendations"] = panels.Link(
        "board", "pages", "Recommendations", "recommendations:source_list",
        hidden=" made to {record.name}", after=" and their action plans", position=50)
    indicator_panels.CITED_BY["recommendations"] = indicator_panels.CitedBy(
        "Recommendations", "recommendations/panels/cites_indicator.html",
        lambda indicator, person: indicator.recommendations.select_related("source")
        .filter(source__board__in=Board.objects.for_member(person)),
        position=40)
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
