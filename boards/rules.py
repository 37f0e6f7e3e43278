"""Who may do what: rules on board membership, checked on the server for every view.

A person's current memberships are read once per request and kept on the person object, so a
list page asks the database once however many boards it shows. docs/permissions.md has the
table of role × what it may do; tests/test_permissions.py checks it for every view.
"""

import rules

from .models import CHAIR_ROLES, Membership, MinutesStatus, Role


def current_roles(person) -> dict[int, set[str]]:
    """{board id: {roles}} for the person's memberships today."""
    if person is None or not person.is_authenticated:
        return {}
    cached = getattr(person, "_current_roles", None)
    if cached is None:
        cached = {}
        for board_id, role in (
            Membership.objects.current().filter(person=person).values_list("board_id", "role")
        ):
            cached.setdefault(board_id, set()).add(role)
        person._current_roles = cached
    return cached


def forget_roles(person):
    """Call after changing someone's memberships within the same request."""
    person.__dict__.pop("_current_roles", None)


def _board_id(board):
    return board if isinstance(board, int) else getattr(board, "pk", None)


@rules.predicate
def is_member_of(person, board):
    if board is None:
        return False
    if getattr(person, "is_superuser", False):
        return True
    return _board_id(board) in current_roles(person)


@rules.predicate
def is_business_manager_of(person, board):
    if board is None:
        return False
    if getattr(person, "is_superuser", False):
        return True
    return Role.BUSINESS_MANAGER in current_roles(person).get(_board_id(board), set())


@rules.predicate
def is_chair_of(person, board):
    if board is None:
        return False
    if getattr(person, "is_superuser", False):
        return True
    return bool(set(CHAIR_ROLES) & current_roles(person).get(_board_id(board), set()))


@rules.predicate
def is_business_manager_anywhere(person):
    if getattr(person, "is_superuser", False):
        return True
    return any(Role.BUSINESS_MANAGER in roles for roles in current_roles(person).values())


@rules.predicate
def manages_a_board_of(person, other):
    """The person is business manager of a board the other person sits on today: what a
    business manager may change in someone's directory entry is the board's business, and only
    for the people on their boards."""
    if getattr(person, "is_superuser", False):
        return True
    managed = [board_id for board_id, roles in current_roles(person).items()
               if Role.BUSINESS_MANAGER in roles]
    if not managed or other is None:
        return False
    return Membership.objects.current().filter(person=other, board_id__in=managed).exists()


@rules.predicate
def is_signed_in(person):
    return bool(person and person.is_authenticated)


is_office_holder_of = is_business_manager_of | is_chair_of


@rules.predicate
def can_see_item(person, item):
    """An agenda item, its minute and papers: members of the meeting's board; anyone, once
    the minutes are published, if it is not confidential. Its queryset twin is
    AgendaItem.objects.visible_to; boards.visibility.may_see is the way in."""
    if is_member_of(person, item.meeting.board_id):
        return True
    return not item.is_confidential and item.meeting.minutes_status == MinutesStatus.PUBLISHED

# Object-level permissions; the object is always a Board.
rules.add_perm("boards.view_board", is_member_of)
rules.add_perm("boards.manage_board", is_business_manager_of)
rules.add_perm("boards.approve_minutes", is_office_holder_of)
rules.add_perm("boards.publish_minutes", is_office_holder_of)
# Directory-wide permissions.
rules.add_perm("boards.add_board", is_business_manager_anywhere)
rules.add_perm("boards.manage_directory", is_business_manager_anywhere)  # agencies
rules.add_perm("boards.add_person", is_business_manager_anywhere)
# Name, agency and job title only; the email address (the sign-in identity) is the person's own
# to change, with verification, or a superuser's in the admin (boards/signin.py).
rules.add_perm("boards.edit_person", manages_a_board_of)
rules.add_perm("boards.view_directory", is_signed_in)
