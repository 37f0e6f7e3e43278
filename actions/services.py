from django.db import transaction

from .models import Action, ActionSource


@transaction.atomic
def action_create_from_item(*, item, created_by, **fields) -> Action:
    """An action arising from a minute item: it belongs to the item's board and is
    confidential when the item is."""
    action = Action(
        board=item.meeting.board, agenda_item=item, source=ActionSource.MINUTE_ITEM,
        is_confidential=item.is_confidential, created_by=created_by, **fields,
    )
    action.full_clean()
    action.save()
    return action
