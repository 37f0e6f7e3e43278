"""One rule for who may see a thing, asked the same way by every channel: the pages, the
API, exports, emails, the reminders page, PDFs and feeds.

Each kind of record that can be confidential has ONE named predicate in its app's rules.py and
its queryset twin, `visible_to(person)`, beside its model. Records that are part of another (a
progress update of an action, a response to a challenge, a paper of an agenda item) are seen by
whoever may see what they are part of. Ask:

- `may_see(person, record)` for one record (an email to one person, a page's lookup);
- `visible(queryset, person)` for many (a list, an export, a run over a million actions).

tests/test_visibility.py holds the two equal for every role; tests/test_leaks.py fails when a
model that has `is_confidential`, or is part of one that has, is not registered here.
"""

from django.utils.module_loading import import_string

# Kinds of record that can be confidential → their predicate (rules.py).
KINDS = {
    "actions.Action": "actions.rules.can_see",
    "challenges.Challenge": "challenges.rules.can_see",
    "challenges.RecommendationSource": "challenges.rules.can_see_source",
    "boards.AgendaItem": "boards.rules.can_see_item",
    "audits.Audit": "audits.rules.can_see",
}

# Records that are part of another → the field naming what they are part of.
PART_OF = {
    "actions.ProgressUpdate": "action",
    "actions.ActionHistory": "action",
    "challenges.ChallengeResponse": "challenge",
    "challenges.ChallengeEvent": "challenge",
    "challenges.Recommendation": "source",
    "boards.Paper": "agenda_item",
    "boards.ForwardedItem": "from_item",
}


def _whole(record):
    """The record itself, or the record of a registered kind that it is part of."""
    while record._meta.label in PART_OF:
        record = getattr(record, PART_OF[record._meta.label])
    return record


def may_see(person, record) -> bool:
    """May this person see this record (and its text)? None or an anonymous user: not
    signed in."""
    whole = _whole(record)
    label = whole._meta.label
    if label not in KINDS:
        raise LookupError(f"{label} has no visibility rule: register it in boards.visibility")
    if person is None:
        from django.contrib.auth.models import AnonymousUser

        person = AnonymousUser()
    return bool(import_string(KINDS[label])(person, whole))


def visible(queryset, person):
    """The rows of `queryset` the person may see, in one query: the twin of may_see."""
    if person is None:
        from django.contrib.auth.models import AnonymousUser

        person = AnonymousUser()
    label = queryset.model._meta.label
    if label in KINDS:
        return queryset.visible_to(person)
    if label in PART_OF:
        field = PART_OF[label]
        parent = queryset.model._meta.get_field(field).related_model
        return queryset.filter(**{f"{field}__in": visible(parent._default_manager.all(), person)
                                  .values("pk")})
    raise LookupError(f"{label} has no visibility rule: register it in boards.visibility")
