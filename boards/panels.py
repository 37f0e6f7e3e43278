"""Panels: what the floors above show on boards' own pages, without boards importing them.

`boards` is the ground floor: actions, challenges and the rest are built on it, so it may not
import them. Yet a board's page counts its open actions and challenges, a meeting's
matters-arising item lists them, and each agenda item shows the actions arising from it. Each
upper app registers its panels here from its AppConfig.ready(); boards' views ask for them by
place. Panels appear in the order their apps are installed.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Count:
    """A line of a board's summary: "Open actions: 12"."""

    label: str
    count: Callable  # board → int


@dataclass(frozen=True)
class Panel:
    """A table under a meeting's matters-arising item, of rows still open for the board."""

    template: str  # rendered with `rows` and `board`
    rows: Callable  # board → rows (a queryset, read when the page is drawn)


@dataclass(frozen=True)
class ItemPart:
    """What an agenda item carries from an upper app (the actions arising from it): read with
    the items (`prefetch`), and drawn by one template for each page that shows items."""

    prefetch: Callable  # () → a Prefetch for AgendaItem querysets
    templates: dict  # page ("meeting", "minutes", "item") → template, rendered with `item`


# Keyed by a name each app chooses, so registering twice (a second ready()) changes nothing.
BOARD_COUNTS: dict[str, Count] = {}
MATTERS_ARISING: dict[str, Panel] = {}
ITEM_PARTS: dict[str, ItemPart] = {}


def board_counts(board) -> list[tuple[str, int]]:
    return [(count.label, count.count(board)) for count in BOARD_COUNTS.values()]


def matters_arising(board) -> list[tuple[str, object]]:
    return [(panel.template, panel.rows(board)) for panel in MATTERS_ARISING.values()]


def item_prefetches() -> list:
    return [part.prefetch() for part in ITEM_PARTS.values()]


def item_templates(page: str) -> list[str]:
    return [part.templates[page] for part in ITEM_PARTS.values() if page in part.templates]
