"""What audits add to the floors below: on an indicator's page (performance.panels) the
audits citing it; on a board's page (boards.panels) the link to its audits."""

from boards import panels as board_panels
from performance import panels


def register():
    board_panels.LINKS["audits"] = board_panels.Link(
        "board", "pages", "Audits", "audits:list", hidden=" of {record.name}", position=40)
    panels.CITED_BY["audits"] = panels.CitedBy(
        "Audits", "audits/panels/cites_indicator.html",
        lambda indicator, person: indicator.audits.visible_to(person), position=10)
