"""Panels: what the floors above show on boards' own pages, without boards importing them.

`boards` is the ground floor: actions, challenges and the rest are built on it, so it may not
import them. Yet a board's page counts its open actions and challenges, a meeting's
matters-arising item lists them, and each agenda item shows the actions arising from it; and
their pages link to the upper apps' pages (a board's action tracker, a meeting's "Raise a
challenge"), whose URLs boards' templates may not name. Each upper app registers its panels
and links here from its AppConfig.ready(); boards' views ask for them by place. Panels appear
in the order their apps are installed, links in `position` order.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.safestring import mark_safe


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


@dataclass(frozen=True)
class Link:
    """A link (or button) to an upper app's page, drawn by boards' template at a place: a
    page ("board", "meeting", "item") and a slot on it. Who sees a slot is the template's
    to say (a slot for the board's managers is drawn only for them)."""

    page: str
    slot: str
    text: str  # the app's own words, drawn as written (like a template's)
    url_name: str
    args: Callable = lambda record: [record.pk]  # the page's record → the URL's arguments
    hidden: str = ""  # words for screen readers after `text`, formatted with `record` (escaped)
    after: str = ""  # words after the hidden ones, drawn as written
    position: int = 0


@dataclass(frozen=True)
class ShownLink:
    url: str
    text: str
    hidden: str
    after: str


# Keyed by a name each app chooses, so registering twice (a second ready()) changes nothing.
BOARD_COUNTS: dict[str, Count] = {}
MATTERS_ARISING: dict[str, Panel] = {}
ITEM_PARTS: dict[str, ItemPart] = {}
LINKS: dict[str, Link] = {}


def board_counts(board) -> list[tuple[str, int]]:
    return [(count.label, count.count(board)) for count in BOARD_COUNTS.values()]


def matters_arising(board) -> list[tuple[str, object]]:
    return [(panel.template, panel.rows(board)) for panel in MATTERS_ARISING.values()]


def item_prefetches() -> list:
    return [part.prefetch() for part in ITEM_PARTS.values()]


def item_templates(page: str) -> list[str]:
    return [part.templates[page] for part in ITEM_PARTS.values() if page in part.templates]


def links(page: str, record) -> dict[str, list[ShownLink]]:
    """The upper apps' links on one page, by slot: {"pages": [...], ...}; a slot no app
    fills is absent (a template reads it as empty)."""
    slots = {}
    for link in sorted(LINKS.values(), key=lambda link: link.position):
        if link.page == page:
            slots.setdefault(link.slot, []).append(ShownLink(
                reverse(link.url_name, args=link.args(record)), mark_safe(link.text),  # noqa: S308
                link.hidden.format(record=record), mark_safe(link.after)))  # noqa: S308
    return slots
