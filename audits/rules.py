"""Who may see an audit: members of its board, confidential or not (the flag keeps it out of
anything shown beyond the board). Its queryset twin is Audit.objects.visible_to."""

import rules

from boards.rules import is_member_of


@rules.predicate
def can_see(person, audit):
    return is_member_of(person, audit.board_id)
