"""Who may do what with an action (docs/permissions.md has the table).

- Members of the action's board see its tracker; the lead, the delegate and the lead
  agency's people see their actions across all boards — but a confidential action only ever
  by members of its board.
- The lead, the delegate and the lead agency's people update progress and status.
- The board's business manager and chair close, send back, reopen and withdraw (the second
  key); the business manager edits the action itself.
"""

import rules

from boards.rules import is_business_manager_of, is_chair_of, is_member_of


@rules.predicate
def is_board_member(person, action):
    return is_member_of(person, action.board_id)


@rules.predicate
def is_assigned(person, action):
    if not person.is_authenticated:
        return False
    return (
        action.lead_person_id == person.pk
        or action.delegate_id == person.pk
        or (person.agency_id is not None and action.lead_agency_id == person.agency_id)
    )


@rules.predicate
def is_confidential(person, action):
    return action.is_confidential


@rules.predicate
def is_lead(person, action):
    return action.lead_person_id == person.pk


@rules.predicate
def is_board_manager(person, action):
    return is_business_manager_of(person, action.board_id)


@rules.predicate
def is_board_chair(person, action):
    return is_chair_of(person, action.board_id)


can_see = is_board_member | (is_assigned & ~is_confidential)
can_update = (is_assigned & can_see) | is_board_manager | is_board_chair

rules.add_perm("actions.view_action", can_see)
rules.add_perm("actions.update_progress", can_update)
rules.add_perm("actions.delegate_action", (is_lead & can_see) | is_board_manager)
rules.add_perm("actions.close_action", is_board_manager | is_board_chair)
rules.add_perm("actions.edit_action", is_board_manager)
