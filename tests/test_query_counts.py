"""No page's query count grows with its rows: each is measured with a few rows and with many,
and the counts must be equal (a query in a loop fails this)."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions.models import Action
from boards import services
from boards.models import AttendanceStatus, Membership, Role

from .factories import (
    ActionFactory,
    AgencyFactory,
    AgendaItemFactory,
    BoardFactory,
    ChallengeFactory,
    MeetingFactory,
    PersonFactory,
    aware,
)

pytestmark = pytest.mark.django_db
serial = itertools.count(1)


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), [q["sql"] for q in captured.captured_queries]


def assert_constant(client, url, grow):
    """Count the queries, add rows with grow(), count again: the two must be equal."""
    before, _ = queries(client, url)
    grow()
    after, sql = queries(client, url)
    assert after == before, f"{url}: {before} queries, then {after}:\n" + "\n".join(sql)


@pytest.fixture
def manager_client(cast, client_for):
    return client_for(cast.manager)


def add_meetings(cast, n, start=0):
    for i in range(n):
        meeting = MeetingFactory(board=cast.board, starts_at=aware(2016 + (start + i) // 12,
                                                                   (start + i) % 12 + 1, 10),
                                 ends_at=aware(2016 + (start + i) // 12, (start + i) % 12 + 1,
                                               10, 16))
        services.attendance_record(meeting=meeting, rows=[
            (cast.chair, AttendanceStatus.PRESENT, None, ""),
            (cast.partner, AttendanceStatus.APOLOGIES, cast.outsider, ""),
        ])


def test_directory_lists(cast, manager_client):
    def grow():
        for _ in range(8):
            agency = AgencyFactory(name=f"Voluntary group {next(serial)}")
            PersonFactory(agency=agency)
    assert_constant(manager_client, reverse("boards:agency_list"), grow)
    assert_constant(manager_client, reverse("boards:person_list"), grow)


def test_board_list_and_home(cast, manager_client):
    def grow():
        for i in range(6):
            board = BoardFactory(name=f"Sub-committee {next(serial)}")
            Membership.objects.create(person=cast.manager, board=board,
                                      role=Role.BUSINESS_MANAGER, starts_on=aware(2013, 1, 1))
            MeetingFactory(board=board, starts_at=aware(2099, 1, i + 1),
                           ends_at=aware(2099, 1, i + 1, 16))
    assert_constant(manager_client, reverse("boards:board_list"), grow)
    assert_constant(manager_client, reverse("boards:home"), grow)


def test_board_pages(cast, manager_client):
    add_meetings(cast, 2)
    assert_constant(manager_client, reverse("boards:meeting_list", args=[cast.board.pk]),
                    lambda: add_meetings(cast, 6, start=2))
    assert_constant(manager_client, reverse("boards:board_detail", args=[cast.board.pk]),
                    lambda: add_members(cast, 6))
    assert_constant(manager_client,
                    reverse("boards:attendance_by_agency", args=[cast.board.pk]) + "?year=2016",
                    lambda: add_meetings(cast, 4, start=8))


def add_members(cast, n):
    for _ in range(n):
        Membership.objects.create(person=PersonFactory(), board=cast.board,
                                  role=Role.PARTNER_MEMBER, starts_on=aware(2013, 1, 1))


def test_the_board_page_s_membership_history(cast, manager_client):
    def join_and_leave(n):
        for _ in range(n):
            membership = services.membership_save(membership=Membership(
                person=PersonFactory(), board=cast.board, role=Role.PARTNER_MEMBER,
                starts_on=aware(2013, 1, 1)), by=cast.manager)
            services.membership_edit(membership=membership, version=membership.version,
                                     by=cast.manager, ends_on=aware(2014, 1, 1).date())
    join_and_leave(1)
    url = reverse("boards:board_detail", args=[cast.board.pk])
    manager_client.get(url)  # once first, for what is read once a process (content types)
    assert_constant(manager_client, url, lambda: join_and_leave(6))


def test_meeting_page_and_minutes(cast, manager_client):
    meeting = MeetingFactory(board=cast.board)
    AgendaItemFactory(meeting=meeting, position=2, kind="matters_arising",
                      title="Matters arising")

    def grow():
        for _ in range(5):
            item = AgendaItemFactory(meeting=meeting, position=10 + next(serial))
            ActionFactory(board=cast.board, agenda_item=item, source="minute_item")
            ChallengeFactory(board=cast.board)
            person = PersonFactory()
            services.attendance_record(meeting=meeting, rows=[
                (person, AttendanceStatus.PRESENT, None, "")
            ])
    grow()
    assert_constant(manager_client, meeting.get_absolute_url(), grow)
    assert_constant(manager_client, reverse("boards:minutes", args=[meeting.pk]), grow)
    assert_constant(manager_client, reverse("boards:attendance_edit", args=[meeting.pk]), grow)
    assert Action.objects.count() == 20  # five per grow(): once, then once per page


def add_challenges(cast, n):
    """Challenges in every state the log and the chair's review show, to agencies and a board,
    escalated along the pathway, some closed since the last meeting."""
    from datetime import timedelta

    from django.utils import timezone

    from challenges.models import ChallengeStatus, EscalationLevel, Outcome

    today = timezone.localdate()
    level, _ = EscalationLevel.objects.get_or_create(
        board=cast.board, level=1, defaults={"title": "Board chair", "working_days": 5})
    for i in range(n):
        for status, extra in (
            (ChallengeStatus.AWAITING_RESPONSE, {"response_due_on": today - timedelta(days=3)}),
            (ChallengeStatus.RESPONSE_RECEIVED, {}),
            (ChallengeStatus.ESCALATED, {"current_level": level,
                                         "response_due_on": today - timedelta(days=1)}),
            (ChallengeStatus.RESOLVED, {"outcome": Outcome.RESOLVED_WITH_IMPACT,
                                        "outcome_note": "Changed", "closed_by": cast.chair,
                                        "closed_at": timezone.now()}),
        ):
            challenge = ChallengeFactory(board=cast.board, status=status,
                                         raised_on=today - timedelta(days=10 + i),
                                         raised_by=cast.chair, **extra)
            challenge.to_agencies.add(AgencyFactory(name=f"Agency {next(serial)}"), cast.police)


def test_challenge_log_and_chairs_review(cast, manager_client):
    add_challenges(cast, 1)
    grow = lambda: add_challenges(cast, 4)  # noqa: E731
    assert_constant(manager_client, reverse("challenges:log", args=[cast.board.pk]), grow)
    assert_constant(manager_client,
                    reverse("challenges:log", args=[cast.board.pk]) + "?overdue=true", grow)
    assert_constant(manager_client, reverse("challenges:chair_review", args=[cast.board.pk]),
                    grow)


def test_tracker_query_count_does_not_grow_with_the_page_number(cast, manager_client):
    for _ in range(120):
        ActionFactory(board=cast.board, lead_person=cast.partner)
    url = reverse("actions:board_tracker", args=[cast.board.pk])
    first, _ = queries(manager_client, url)
    last, sql = queries(manager_client, url + "?page=3")
    assert last == first, "\n".join(sql)


def test_recommendations_rolled_up(cast, manager_client):
    from recommendations.models import Recommendation, RecommendationSource

    source = RecommendationSource.objects.create(board=cast.board, kind="inspection",
                                                 title="Ofsted 2016", body="Ofsted",
                                                 made_on=aware(2016, 9, 1).date())

    def grow():
        for _ in range(4):
            recommendation = Recommendation.objects.create(source=source,
                                                           number=str(next(serial)), text="Do")
            recommendation.actions.add(ActionFactory(board=cast.board), ActionFactory(
                board=cast.board))
    grow()
    assert_constant(manager_client, reverse("recommendations:source_detail", args=[source.pk]),
                    grow)
