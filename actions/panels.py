"""What the action tracker shows on boards' pages (see boards.panels): a board's count of open
actions, the open actions under matters arising, and each agenda item's actions arising."""

from django.db.models import Prefetch

from boards import panels

from .models import Action


def _arising():
    return Prefetch("actions_arising",
                    queryset=Action.objects.select_related("lead_person", "lead_agency"))


def register():
    panels.BOARD_COUNTS["actions"] = panels.Count(
        "Open actions", lambda board: Action.objects.filter(board=board).open().count())
    panels.MATTERS_ARISING["actions"] = panels.Panel(
        "actions/panels/matters_arising.html",
        lambda board: Action.objects.filter(board=board).open().for_tracker()[:50])
    panels.ITEM_PARTS["actions"] = panels.ItemPart(_arising, {
        "meeting": "actions/panels/arising_on_meeting.html",
        "minutes": "actions/panels/arising_in_minutes.html",
        "item": "actions/panels/arising_on_item.html",
    })
