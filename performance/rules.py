"""Who may do what with a board's indicators (docs/permissions.md has the table).

- Members of the board read its dashboard and indicator pages: published values only.
- The owning agency's people on the board, and the business manager, submit values (browser,
  spreadsheet or API) and write the period's commentary.
- The board's performance officers and business manager validate — never a value they
  submitted themselves (services.py refuses it, and so does a database constraint).
- The business manager defines indicators, themes and targets, and publishes.
"""

import rules

from boards.models import Role
from boards.rules import current_roles, is_business_manager_of, is_member_of

from .models import Indicator


def _roles(person, indicator):
    return current_roles(person).get(indicator.board_id, set())


@rules.predicate
def is_board_member(person, indicator):
    return is_member_of(person, indicator.board_id)


@rules.predicate
def is_board_manager(person, indicator):
    return is_business_manager_of(person, indicator.board_id)


@rules.predicate
def is_of_owning_agency(person, indicator):
    return (person.is_authenticated and person.agency_id is not None
            and person.agency_id == indicator.owning_agency_id)


@rules.predicate
def is_performance_officer(person, indicator):
    return getattr(person, "is_superuser", False) or (
        Role.PERFORMANCE_OFFICER in _roles(person, indicator))


rules.add_perm("performance.view_indicator", is_board_member)
rules.add_perm("performance.submit_values",
               (is_board_member & is_of_owning_agency) | is_board_manager)
rules.add_perm("performance.write_commentary",
               (is_board_member & is_of_owning_agency) | is_board_manager)
rules.add_perm("performance.validate_values", is_performance_officer | is_board_manager)
rules.add_perm("performance.enter_benchmarks", is_performance_officer | is_board_manager)
rules.add_perm("performance.manage_indicators", is_board_manager)
rules.add_perm("performance.publish_values", is_board_manager)


def may_submit_for(person, board) -> bool:
    """Whether the person may submit any of the board's data (the "enter values" link)."""
    if getattr(person, "is_superuser", False):
        return True
    roles = current_roles(person).get(board.pk, set())
    return bool(roles) and (Role.BUSINESS_MANAGER in roles or person.agency_id is not None)


def submittable(person, board=None) -> list:
    """The indicators the person may submit figures for, each asked of the rule itself
    (`performance.submit_values`; a board has dozens): one board's for the entry and import
    pages, or those of every board the person sits on for the API, by board and code."""
    indicators = (Indicator.objects.select_related("board", "theme", "owning_agency")
                  .prefetch_related("breakdowns"))
    if board is not None:
        indicators = indicators.filter(board=board)
    else:
        if not getattr(person, "is_superuser", False):
            indicators = indicators.filter(board_id__in=list(current_roles(person)))
        indicators = indicators.order_by("board__name", "code")
    return [i for i in indicators if person.has_perm("performance.submit_values", i)]


def may_validate_on(person, board) -> bool:
    roles = current_roles(person).get(board.pk, set())
    return getattr(person, "is_superuser", False) or bool(
        {Role.BUSINESS_MANAGER, Role.PERFORMANCE_OFFICER} & roles)
