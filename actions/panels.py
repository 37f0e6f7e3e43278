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
    panels.LINKS["actions_tracker"] = panels.Link(
        "board", "lead", "Action tracker", "actions:board_tracker", hidden=" of {record.name}")
    panels.LINKS["actions_reminders"] = panels.Link(
        "board", "managers", "Reminders sent", "actions:board_reminders",
        hidden=" about the actions of {record.name}")
    panels.LINKS["actions_add"] = panels.Link(
        "board", "manager_buttons", "Add an action", "actions:create")
    panels.LINKS["actions_of_meeting"] = panels.Link(
        "meeting", "pages", "Actions arising from this meeting", "actions:meeting_tracker")
    panels.LINKS["actions_add_arising"] = panels.Link(
        "item", "manager_buttons", "Add an action arising", "actions:create_from_item")
