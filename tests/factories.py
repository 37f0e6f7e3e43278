"""Test data in the board's own terms (fictional people, agencies from the papers)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import factory

from actions.models import Action, ActionSource, ActionStatus
from boards.models import (
    Agency,
    AgendaItem,
    Board,
    BoardKind,
    Meeting,
    MeetingKind,
    Membership,
    Person,
    Role,
    Sector,
)
from challenges.models import Challenge

PASSWORD = "correct-horse-battery-staple"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Agency {n}")
    sector = Sector.OTHER


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    agency = factory.SubFactory(AgencyFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board

    name = factory.Sequence(lambda n: f"Safeguarding Board {n}")
    kind = BoardKind.LSCB


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    board = factory.SubFactory(BoardFactory)
    role = Role.PARTNER_MEMBER
    starts_on = date(2013, 1, 1)


LONDON = ZoneInfo("Europe/London")


def aware(year, month, day, hour=14, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    board = factory.SubFactory(BoardFactory)
    kind = MeetingKind.ORDINARY
    starts_at = factory.LazyFunction(lambda: aware(2017, 5, 10))
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + timedelta(hours=2))
    venue = "Birkenhead Town Hall"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 3)
    title = factory.Sequence(lambda n: f"Item {n}")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    board = factory.SubFactory(BoardFactory)
    description = factory.Sequence(lambda n: f"Action {n}")
    lead_person = factory.SubFactory(PersonFactory)
    lead_agency = factory.SelfAttribute("lead_person.agency")
    due_on = date(2017, 7, 1)
    status = ActionStatus.IN_PROGRESS
    source = ActionSource.DIRECT
    created_by = factory.SelfAttribute("lead_person")


class ChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Challenge

    board = factory.SubFactory(BoardFactory)
    question = "How does the board hold the Children's Trust to account?"
    raised_by = factory.SubFactory(PersonFactory)
