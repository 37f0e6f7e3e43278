"""What the challenge log adds to the floors below without their importing it: on boards'
pages (boards.panels) a board's count of open challenges, its open challenges under matters
arising, and links to the log, the chair's review and raising a challenge at a meeting; on an
indicator's page (performance.panels) the challenges citing it, and "Raise a challenge"."""

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
    panels.LINKS["challenge_log"] = panels.Link(
        "board", "pages", "Challenge log", "challenges:log", hidden=" of {record.name}",
        position=10)
    panels.LINKS["chair_review"] = panels.Link(
        "board", "pages", "Chair's review", "challenges:chair_review",
        hidden=" of the challenges of {record.name}", position=20)
    panels.LINKS["raise_at_meeting"] = panels.Link(
        "meeting", "managers_or_approvers", "Raise a challenge at this meeting",
        "challenges:raise_at_meeting", args=lambda meeting: [meeting.board_id, meeting.pk])
    indicator_panels.CITED_BY["challenges"] = indicator_panels.CitedBy(
        "Challenges", "challenges/panels/cites_indicator.html",
        lambda indicator, person: indicator.challenges.visible_to(person)
        .select_related("board").order_by("-raised_on", "pk"),
        position=20)
    indicator_panels.STEPS["raise_challenge"] = indicator_panels.Step(
        "Raise a challenge", "challenges:raise_about_indicator",
        lambda person, indicator: person.has_perm("challenges.raise_challenge", indicator.board))
