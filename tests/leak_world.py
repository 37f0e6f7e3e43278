"""A board with a confidential record of every kind, each text field of each carrying a
numbered marker, for tests/test_leaks.py and tests/test_visibility.py.

Which records are confidential is read from the models, not listed here: every model registered
in boards.visibility (each model with `is_confidential`, and each record that is part of one).
`plant_markers` writes a marker into every text, JSON and file field of every confidential row
of those models, so a field added to such a model is planted without anyone touching this file.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.apps import apps
from django.core.files.base import ContentFile
from django.db import DatabaseError, models, transaction
from django.utils import timezone

from actions.models import (
    Action,
    ActionPlan,
    ActionStatus,
    AreaForDevelopment,
    Export,
    ProgressUpdate,
    Reminder,
    ReminderKind,
)
from audits.models import Audit
from boards import history
from boards.models import (
    AgendaItem,
    Board,
    ForwardedItem,
    Meeting,
    Membership,
    MinutesStatus,
    Paper,
    Role,
)
from boards.visibility import KINDS, PART_OF, PART_OF_ANY
from challenges.models import (
    Challenge,
    ChallengeEvent,
    ChallengeResponse,
    ChallengeStatus,
    EscalationLevel,
)
from performance import services as indicator_services
from performance.models import Theme
from recommendations.models import Recommendation, RecommendationSource

from .factories import MembershipFactory, PersonFactory

MARKER = "Zq9Leak"


def marker_models():
    """Every model whose rows can be confidential or part of a confidential row."""
    return [apps.get_model(label) for label in (*KINDS, *PART_OF, *PART_OF_ANY)]


def _whole(record):
    while record._meta.label in PART_OF or record._meta.label in PART_OF_ANY:
        label = record._meta.label
        record = getattr(record, PART_OF.get(label) or PART_OF_ANY[label])
    return record


def is_secret(record):
    """The ground truth, from the data: the record, or what it is part of, is confidential
    (the history of a board or a meeting never is)."""
    return getattr(_whole(record), "is_confidential", False)


def _plantable(f):
    if not f.concrete or f.is_relation or f.primary_key or not f.editable or f.choices:
        return False
    if f.name.endswith("type"):  # a MIME type, not words
        return False
    return isinstance(f, (models.CharField, models.TextField, models.JSONField,
                          models.FileField))


def plant_markers():
    """A numbered marker in every plantable field of every confidential row: returns
    {marker: "model.field #pk"} so a leak names its source."""
    planted = {}
    for model in marker_models():
        for record in model._default_manager.all():
            if not is_secret(record):
                continue
            changes = {}
            for f in model._meta.get_fields():
                if not _plantable(f):
                    continue
                marker = f"{MARKER}{len(planted):03d}"
                planted[marker] = f"{model._meta.label}.{f.name} #{record.pk}"
                if isinstance(f, models.FileField):
                    getattr(record, f.name).save(f"{marker}.txt",
                                                 ContentFile(f"{marker}\n".encode()), save=False)
                    changes[f.name] = getattr(record, f.name).name
                elif isinstance(f, models.JSONField):
                    changes[f.name] = {"description": ["", marker]}
                else:
                    changes[f.name] = marker[: f.max_length] if f.max_length else marker
            try:
                with transaction.atomic():
                    model._default_manager.filter(pk=record.pk).update(**changes)
            except DatabaseError:  # append-only (the histories): a planted row more
                for name, value in changes.items():
                    setattr(record, name, value)
                record.pk = None
                record.save()
    return planted


@dataclass
class World:
    cast: object
    other_manager: object
    other_chair: object
    parent: object
    meetings: list
    items: list
    papers: list
    actions: list
    challenges: list
    responses: list
    audits: list
    sources: list
    recommendations: list
    plans: list
    indicators: list
    memberships: list
    exports: list = field(default_factory=list)
    planted: dict = field(default_factory=dict)

    @property
    def members(self):
        c = self.cast
        return [c.chair, c.manager, c.partner, c.lay_member, c.adviser]

    @property
    def outsiders(self):
        """Who must never see a marker: (name, person or None for not signed in)."""
        c = self.cast
        return [("anonymous", None), ("no memberships, challenged agency, lead", c.reader),
                ("member of the challenged board, lead agency", c.outsider),
                ("business manager of another board", self.other_manager),
                ("chair of another board", self.other_chair)]


def build_world(cast) -> World:
    today = timezone.localdate()
    now = timezone.now()
    board, other = cast.board, cast.other_board
    other_manager = PersonFactory(full_name="Nadia Shaw", agency=cast.health,
                                  email="nadia@example.org")
    other_chair = PersonFactory(full_name="Owen Pryce", agency=cast.council,
                                email="owen@example.org")
    MembershipFactory(person=other_manager, board=other, role=Role.BUSINESS_MANAGER)
    MembershipFactory(person=other_chair, board=other, role=Role.CHAIR)
    parent = Board.objects.create(name="Wirral Safeguarding Partnership", kind="lscb")

    def meeting(starts, **extra):
        return Meeting.objects.create(board=board, starts_at=starts,
                                      ends_at=starts + timedelta(hours=2),
                                      venue="Wallasey Town Hall", created_by=cast.manager,
                                      **extra)

    circulated = meeting(now - timedelta(days=20), minutes_status=MinutesStatus.CIRCULATED)
    published = meeting(now - timedelta(days=60), minutes_status=MinutesStatus.PUBLISHED,
                        minutes_approved_at_meeting=circulated,
                        minutes_published_at=now - timedelta(days=15))
    upcoming = meeting(now + timedelta(days=10))
    meetings = [published, circulated, upcoming]
    items = []
    for m in meetings:
        items.append(AgendaItem.objects.create(meeting=m, position=3, title="Open item",
                                               discussion="Spoken of in public"))
        items.append(AgendaItem.objects.create(meeting=m, position=4, title="Secret",
                                               is_confidential=True, presenter=cast.adviser,
                                               discussion="x", decisions="x"))
    secret_item = items[1]
    papers = [Paper.objects.create(agenda_item=secret_item, title="x", file="papers/x",
                                   original_name="x.pdf", content_type="text/plain", size=9,
                                   uploaded_by=cast.manager)]
    ForwardedItem.objects.create(from_item=secret_item, to_board=parent, note="x",
                                 forwarded_by=cast.manager)

    plan = ActionPlan.objects.create(board=board, title="Neglect strategy", source="business_plan")
    area = AreaForDevelopment.objects.create(plan=plan, number=1, title="Early help")
    level = EscalationLevel.objects.create(board=board, level=1, title="Board chair")

    challenges = []
    for status, due in ((ChallengeStatus.AWAITING_RESPONSE, today + timedelta(days=3)),
                        (ChallengeStatus.ESCALATED, today - timedelta(days=10)),
                        (ChallengeStatus.RESPONSE_RECEIVED, today - timedelta(days=1))):
        challenge = Challenge.objects.create(
            board=board, question="x", why="x", raised_by=cast.chair,
            raised_at_meeting=published, to_board=other, response_due_on=due, status=status,
            is_confidential=True, current_level=level if status == "escalated" else None)
        challenge.to_agencies.set([cast.council, cast.police])
        ChallengeEvent.objects.create(challenge=challenge, to_status=status, reason="x",
                                      by=cast.chair, level=level)
        challenges.append(challenge)
    responses = [ChallengeResponse.objects.create(
        challenge=challenges[2], text="x", agency=cast.health, responded_by=other_manager,
        attachment="challenge-responses/x", attachment_name="x.pdf",
        attachment_type="text/plain")]

    def action(lead, agency, due, **extra):
        made = Action.objects.create(board=board, description="x", lead_person=lead,
                                     lead_agency=agency, due_on=due,
                                     status=ActionStatus.IN_PROGRESS, is_confidential=True,
                                     created_by=cast.manager, **extra)
        update = ProgressUpdate.objects.create(action=made, text="x", written_by=lead,
                                               status_after=ActionStatus.IN_PROGRESS)
        Action.objects.filter(pk=made.pk).update(latest_update=update,
                                                 last_progress_at=update.written_at)
        history.record(made, by=cast.manager, event="created", board=made.board_id)
        return made

    actions = [
        action(cast.partner, cast.police, today + timedelta(days=3), agenda_item=secret_item,
               source="minute_item"),
        action(cast.adviser, cast.health, today - timedelta(days=10), plan=plan, area=area,
               number="1.1", delegate=cast.partner),
        action(cast.lay_member, cast.council, today - timedelta(days=20), source="challenge"),
        # Made before leads were checked: led by someone who is not on the board.
        action(cast.reader, cast.council, today - timedelta(days=10)),
    ]
    challenges[0].actions.add(actions[2])  # arose from the challenge
    Reminder.objects.create(kind=ReminderKind.OVERDUE, action=actions[3], period="old",
                            recipient=cast.reader, reason="you lead this action",
                            sent_at=now)

    audits = [Audit.objects.create(board=board, title="x", completed_on=today, findings="x",
                                   is_confidential=True, created_by=cast.manager)]
    sources = [RecommendationSource.objects.create(
        board=board, kind="serious_case_review", title="x", body="x", made_on=today,
        document="recommendation-sources/x", document_name="x.pdf", summary="x",
        is_confidential=True)]
    recommendations = [Recommendation.objects.create(source=sources[0], number="1", text="x",
                                                     evidence="x")]
    recommendations[0].actions.add(actions[1])

    theme = Theme.objects.create(board=board, name="Neglect")
    indicator = indicator_services.indicator_create(
        board=board, theme=theme, code="NG1", name="Children on plans for neglect",
        definition="Count.", source="Case records", unit="count", polarity="lower",
        frequency="monthly", owning_agency=cast.police)
    indicator.actions.add(*actions)
    indicator.challenges.add(*challenges)
    indicator.audits.add(*audits)
    indicator.recommendations.add(*recommendations)

    # A line of history for each confidential record whose page shows its history, and one
    # for a meeting (never confidential), so the walk meets both.
    for record in (secret_item, *audits, *sources, *recommendations, published):
        history.record(record, by=cast.manager, event="x", changes={"title": ["", "x"]},
                       board=board)

    world = World(
        cast=cast, other_manager=other_manager, other_chair=other_chair, parent=parent,
        meetings=meetings, items=items, papers=papers, actions=actions,
        challenges=challenges, responses=responses, audits=audits, sources=sources,
        recommendations=recommendations, plans=[plan], indicators=[indicator],
        memberships=list(Membership.objects.filter(board=board, person=cast.partner)),
    )
    world.planted = plant_markers()
    for name in ("items", "papers", "actions", "challenges", "responses", "audits", "sources",
                 "recommendations"):
        setattr(world, name, [type(r).objects.get(pk=r.pk) for r in getattr(world, name)])
    return world


def an_export(world, person, scope, file_format="csv"):
    import uuid

    return Export.objects.create(code=uuid.uuid4(), requested_by=person, board=world.cast.board,
                                 scope=scope, file_format=file_format)


__all__ = ["MARKER", "World", "build_world", "an_export", "is_secret", "marker_models", "date"]
