"""Who may see and change recommendations (docs/permissions.md has the table): members of the
source's board see its recommendations, confidential or not; its business manager adds and
edits them (boards.manage_board)."""

import rules

from boards.rules import is_member_of


@rules.predicate
def can_see_source(person, source):
    """A recommendation source (and its recommendations): members of its board only. Its
    queryset twin is RecommendationSource.objects.visible_to."""
    return is_member_of(person, source.board_id)
