"""One rule for who may see a thing, asked the same way by every channel: the pages, the
API, exports, emails, the reminders page, PDFs and feeds.

Each kind of record that can be confidential has ONE named predicate in its app's rules.py and
its queryset twin, `visible_to(person)`, beside its model. Records that are part of another (a
progress update of an action, a response to a challenge, a paper of an agenda item) are seen by
whoever may see what they are part of. Ask:

- `may_see(person, record)` for one record (an email to one person, a page's lookup);
- `visible(queryset, person)` for many (a list, an export, a run over a million actions).

A line of history (boards.History) is part of whatever record it is the history of, named by a
generic key: seen by whoever may see that record, or by anyone signed in when that record's kind
cannot be confidential (a board, a meeting, a person).

tests/test_visibility.py holds the two equal for every role; tests/test_leaks.py fails when a
model that has `is_confidential`, or is part of one that has, is not registered here.
"""

from django.utils.module_loading import import_string

# Kinds of record that can be confidential → their predicate (rules.py).
KINDS = {
    "actions.Action": "actions.rules.can_see",
    "challenges.Challenge": "challenges.rules.can_see",
    "recommendations.RecommendationSource": "recommendations.rules.can_see_source",
    "boards.AgendaItem": "boards.rules.can_see_item",
    "audits.Audit": "audits.rules.can_see",
}

# Records that are part of another → the field naming what they are part of.
PART_OF = {
    "actions.ProgressUpdate": "action",
    "challenges.ChallengeResponse": "challenge",
    "challenges.ChallengeEvent": "challenge",
    "recommendations.Recommendation": "source",
    "boards.Paper": "agenda_item",
    "boards.ForwardedItem": "from_item",
}

# Records that are part of any kind of record, named by a generic key → that key's name.
PART_OF_ANY = {
    "boards.History": "record",
}


def _whole(record):
    """The record itself, or the record of a registered kind that it is part of."""
    while record._meta.label in PART_OF or record._meta.label in PART_OF_ANY:
        label = record._meta.label
        record = getattr(record, PART_OF.get(label) or PART_OF_ANY[label])
    return record


def _signed_in(person):
    return person is not None and person.is_authenticated


def may_see(person, record) -> bool:
    """May this person see this record (and its text)? None or an anonymous user: not
    signed in."""
    whole = _whole(record)
    label = whole._meta.label
    if label not in KINDS and record._meta.label in PART_OF_ANY:
        return _signed_in(person)  # the history of a record that is never confidential
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
    if label in PART_OF_ANY:
        return queryset.filter(_part_of_any_q(queryset.model, PART_OF_ANY[label], person))
    raise LookupError(f"{label} has no visibility rule: register it in boards.visibility")


def _part_of_any_q(model, name, person):
    """Rows whose generic key names a record the person may see: one condition per registered
    kind, and those of kinds that are never confidential for anyone signed in."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    key = next(f for f in model._meta.private_fields if f.name == name)
    condition, registered = Q(pk__in=[]), []
    for kind in (*KINDS, *PART_OF):
        kind_model = apps.get_model(kind)
        content_type = ContentType.objects.get_for_model(kind_model)
        registered.append(content_type.pk)
        condition |= Q(**{key.ct_field: content_type, f"{key.fk_field}__in": visible(
            kind_model._default_manager.all(), person).values("pk")})
    if _signed_in(person):
        condition |= ~Q(**{f"{key.ct_field}__in": registered})
    return condition
