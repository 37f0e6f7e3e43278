"""Who may do what with a challenge (docs/permissions.md has the table).

- Members of the board see its challenge log; the people of a challenged agency (or members
  of a challenged board) see the challenges put to them — never a confidential one unless
  they are members of the board.
- Only the challenged respond. The chair and business manager raise, send, review and
  escalate; only a chair closes, with their judgement.
"""

import rules

from boards.rules import current_roles, is_business_manager_of, is_chair_of, is_member_of


@rules.predicate
def is_board_member(person, challenge):
    return is_member_of(person, challenge.board_id)


@rules.predicate
def is_challenged(person, challenge):
    if not person.is_authenticated:
        return False
    if challenge.to_board_id and challenge.to_board_id in current_roles(person):
        return True
    agency_ids = {a.pk for a in challenge.to_agencies.all()}
    return person.agency_id is not None and person.agency_id in agency_ids


@rules.predicate
def is_confidential(person, challenge):
    return challenge.is_confidential


@rules.predicate
def is_board_chair(person, challenge):
    return is_chair_of(person, challenge.board_id)


@rules.predicate
def is_board_manager(person, challenge):
    return is_business_manager_of(person, challenge.board_id)


can_see = is_board_member | (is_challenged & ~is_confidential)


@rules.predicate
def may_raise_on(person, board):
    """The chair or business manager of a board raise its challenges (from the log, a meeting
    or an indicator)."""
    return (person.has_perm("boards.manage_board", board)
            or person.has_perm("boards.approve_minutes", board))


rules.add_perm("challenges.raise_challenge", may_raise_on)
rules.add_perm("challenges.view_challenge", can_see)
rules.add_perm("challenges.respond", is_challenged & can_see)
rules.add_perm("challenges.manage", is_board_chair | is_board_manager)
rules.add_perm("challenges.close", is_board_chair)
