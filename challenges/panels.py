"""What the challenge log adds to the floors below without their importing it: on boards'
pages (boards.panels) a board's count of open challenges and its open challenges under matters
arising; on an indicator's page (performance.panels) the challenges citing it, and "Raise a
challenge"."""

from boards import panels
from performance import panels as indicator_panels

from .models import Challenge


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
    indicator_panels.STEPS["raise_challenge"] = indicator_panels.Step(
        "Raise a challenge", "challenges:raise_about_indicator",
        lambda person, indicator: person.has_perm("challenges.raise_challenge", indicator.board))
