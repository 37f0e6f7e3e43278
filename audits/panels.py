"""What audits add to an indicator's page (performance.panels): the audits citing it."""

from performance import panels


def register():
    panels.CITED_BY["audits"] = panels.CitedBy(
        "Audits", "audits/panels/cites_indicator.html",
        lambda indicator, person: indicator.audits.visible_to(person), position=10)
