"""What the floors above show on an indicator's page, without performance importing them:
the challenges, recommendations and audits that cite it ("What cites this indicator"), and the
steps they offer from it ("Raise a challenge"). Each upper app registers them from its
AppConfig.ready(); the page lists them in `position` order. The actions that cite it (a floor
below) are registered here by performance itself, so the page has one list of lists. On a
board's page (boards.panels) performance puts the link to the board's dashboard.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from actions.models import Action
from boards import panels as board_panels


@dataclass(frozen=True)
class CitedBy:
    heading: str
    template: str  # the list, rendered with `rows`
    rows: Callable  # (indicator, person) → what cites it that the person may see
    position: int


@dataclass(frozen=True)
class Step:
    label: str
    url_name: str  # takes the indicator's pk
    allowed: Callable  # (person, indicator) → bool


CITED_BY: dict[str, CitedBy] = {}
STEPS: dict[str, Step] = {}


def cited_by(indicator, person) -> list[tuple[str, str, object]]:
    return [(c.heading, c.template, c.rows(indicator, person))
            for c in sorted(CITED_BY.values(), key=lambda c: c.position)]


def steps(indicator, person) -> list[tuple[str, str]]:
    return [(step.label, reverse(step.url_name, args=[indicator.pk]))
            for step in STEPS.values() if step.allowed(person, indicator)]


def register():
    board_panels.LINKS["performance_dashboard"] = board_panels.Link(
        "board", "pages", "Performance dashboard", "performance:dashboard",
        hidden=" of {record.name}", position=30)
    CITED_BY["actions"] = CitedBy(
        "Actions", "performance/panels/actions_cite_indicator.html",
        lambda indicator, person: Action.objects.filter(indicators=indicator)
        .visible_to(person).select_related("lead_agency", "board").order_by("due_on", "pk"),
        position=30)
