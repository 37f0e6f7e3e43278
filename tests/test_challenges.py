"""The challenge log: raised → awaiting response → response received → under review →
resolved or escalated along the board's own pathway; every step dated and reasoned; only the
challenged respond; only chairs close, with their judgement."""

import csv
import io
from datetime import date, timedelta

import openpyxl
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from boards import notices
from boards.models import Notice
from challenges import services
from challenges.models import (
    Challenge,
    ChallengeStatus,
    EscalationLevel,
    Outcome,
    add_working_days,
)
from challenges.reminders import send_challenge_reminders

from .factories import MeetingFactory, aware

pytestmark = pytest.mark.django_db
S = ChallengeStatus
GRADED_CARE = ("How does the board know the Graded Care Profile is used where neglect is a "
               "concern?")


@pytest.fixture
def meeting(cast):
    return MeetingFactory(board=cast.board, starts_at=aware(2017, 5, 10),
                          ends_at=aware(2017, 5, 10, 16))


@pytest.fixture
def challenge(cast, meeting):
    return services.challenge_raise(
        board=cast.board, by=cast.chair, question=GRADED_CARE, to_agencies=[cast.police],
        why="Audit of neglect cases: 4 of 26 used the profile", evidence_kind="audit",
        raised_at_meeting=meeting, raised_on=date(2017, 5, 10),
        response_due_on=timezone.localdate() + timedelta(days=20),
    )


@pytest.fixture
def pathway(cast):
    return [
        EscalationLevel.objects.create(board=cast.board, level=1, working_days=5,
                                       title="Sub-committee chair"),
        EscalationLevel.objects.create(board=cast.board, level=2, working_days=10,
                                       title="Board chair"),
        EscalationLevel.objects.create(board=cast.board, level=3, working_days=10,
                                       title="Executive of the statutory partners"),
    ]


def test_the_whole_lifecycle_is_recorded_step_by_step(cast, challenge):
    assert challenge.status == S.AWAITING_RESPONSE
    challenge = services.challenge_respond(challenge=challenge, by=cast.partner,
                                           text="Training for all response officers by July")
    challenge = services.challenge_review(challenge=challenge, by=cast.chair)
    challenge = services.challenge_close(
        challenge=challenge, by=cast.chair, outcome=Outcome.RESOLVED_WITH_IMPACT,
        outcome_note="Use of the profile rose to 22 of 26 cases at the re-audit",
        closing_evidence="Re-audit, October 2017")
    assert challenge.status == S.RESOLVED
    assert (challenge.outcome, challenge.closed_by) == (Outcome.RESOLVED_WITH_IMPACT, cast.chair)
    steps = [(e.from_status, e.to_status, e.by) for e in challenge.events.all()]
    assert steps == [
        ("", S.RAISED, cast.chair),
        (S.RAISED, S.AWAITING_RESPONSE, cast.chair),
        (S.AWAITING_RESPONSE, S.RESPONSE_RECEIVED, cast.partner),
        (S.RESPONSE_RECEIVED, S.UNDER_REVIEW, cast.chair),
        (S.UNDER_REVIEW, S.RESOLVED, cast.chair),
    ]
    assert challenge.responses.get().agency == cast.police


@pytest.mark.parametrize("step", ["review", "close", "respond_twice"])
def test_illegal_moves_are_refused_and_change_nothing(cast, challenge, step):
    with pytest.raises(ValidationError, match="cannot become"):
        if step == "review":
            services.challenge_review(challenge=challenge, by=cast.chair)
        elif step == "close":
            services.challenge_close(challenge=challenge, by=cast.chair,
                                     outcome=Outcome.RESOLVED_WITHOUT_CHANGE, outcome_note="x")
        else:
            services.challenge_respond(challenge=challenge, by=cast.partner, text="First")
            services.challenge_respond(challenge=challenge, by=cast.partner, text="Second")
    challenge.refresh_from_db()
    assert challenge.status in (S.AWAITING_RESPONSE, S.RESPONSE_RECEIVED)
    assert challenge.events.count() in (2, 3)


def test_closing_needs_the_judgement_and_why(cast, challenge):
    services.challenge_respond(challenge=challenge, by=cast.partner, text="Done")
    services.challenge_review(challenge=challenge, by=cast.chair)
    with pytest.raises(ValidationError, match="Say why it was not resolved"):
        services.challenge_close(challenge=challenge, by=cast.chair,
                                 outcome=Outcome.NOT_RESOLVED, outcome_note=" ")
    with pytest.raises(IntegrityError), transaction.atomic():
        Challenge.objects.filter(pk=challenge.pk).update(status=S.RESOLVED)


def test_escalation_climbs_the_boards_pathway_with_dated_reasons(cast, challenge, pathway):
    today = timezone.localdate()
    first = services.challenge_escalate(challenge=challenge, by=cast.chair,
                                        reason="No response by the due date")
    assert (first.status, first.current_level) == (S.ESCALATED, pathway[0])
    assert first.response_due_on == add_working_days(today, 5)
    second = services.challenge_escalate(challenge=first, by=cast.chair,
                                         reason="Sub-committee chair could not resolve it")
    third = services.challenge_escalate(challenge=second, by=cast.chair,
                                        reason="Still no answer: to the executive")
    with pytest.raises(ValidationError, match="top of the escalation pathway"):
        services.challenge_escalate(challenge=third, by=cast.chair, reason="Again")
    escalations = [(e.level.title, e.due_on, e.reason) for e in third.events.filter(
        to_status=S.ESCALATED)]
    assert escalations == [
        ("Sub-committee chair", add_working_days(today, 5), "No response by the due date"),
        ("Board chair", add_working_days(today, 10), "Sub-committee chair could not resolve it"),
        ("Executive of the statutory partners", add_working_days(today, 10),
         "Still no answer: to the executive"),
    ]


def test_working_days_skip_weekends():
    friday = date(2017, 5, 12)
    assert add_working_days(friday, 1) == date(2017, 5, 15)
    assert add_working_days(friday, 5) == date(2017, 5, 19)


def test_a_challenge_spawns_actions_on_the_tracker(cast, challenge):
    action = services.action_from_challenge(
        challenge=challenge, created_by=cast.manager, description="Re-audit neglect cases",
        lead_person=cast.partner, lead_agency=cast.police, due_on=date(2017, 10, 31))
    assert list(action.challenges.all()) == [challenge] and action.source == "challenge"
    assert action.board == cast.board


@pytest.mark.parametrize(("role", "view", "expected"), [
    ("partner", "challenges:respond", 200),  # police: challenged
    ("outsider", "challenges:respond", 200),  # police too, on another board
    ("lay_member", "challenges:respond", 403),
    ("reader", "challenges:respond", 404),
    ("partner", "challenges:close", 403),
    ("manager", "challenges:close", 403),  # only chairs close
    ("chair", "challenges:close", 200),
    ("manager", "challenges:escalate", 200),
    ("partner", "challenges:escalate", 403),
    ("outsider", "challenges:detail", 200),
    ("reader", "challenges:detail", 404),
])
def test_who_may_do_what(cast, challenge, client_for, role, view, expected):
    response = client_for(cast.by_role(role)).get(reverse(view, args=[challenge.pk]))
    assert response.status_code == expected


def test_confidential_challenges_are_hidden_from_non_members(cast, challenge, client_for):
    Challenge.objects.filter(pk=challenge.pk).update(is_confidential=True)
    assert client_for(cast.partner).get(challenge.get_absolute_url()).status_code == 200
    assert client_for(cast.outsider).get(challenge.get_absolute_url()).status_code == 404
    log = client_for(cast.lay_member).get(reverse("challenges:log", args=[cast.board.pk]))
    assert GRADED_CARE in log.content.decode()


def test_the_chairs_review_groups_what_needs_attention(cast, challenge, meeting, client_for,
                                                       pathway):
    overdue = services.challenge_raise(
        board=cast.board, by=cast.chair, question="Are notifications timely?",
        to_agencies=[cast.council], response_due_on=timezone.localdate() - timedelta(days=3))
    services.challenge_respond(challenge=challenge, by=cast.partner, text="Answer")
    page = client_for(cast.chair).get(reverse("challenges:chair_review", args=[cast.board.pk]))
    context = page.context
    assert context["overdue"] == [overdue]
    assert [c.pk for c in context["awaiting_review"]] == [challenge.pk]
    assert len(context["open_by_age"]) == 2


def test_the_log_exports_what_was_challenged_to_whom_and_what_changed(cast, challenge,
                                                                      client_for):
    services.challenge_respond(challenge=challenge, by=cast.partner, text="Training planned")
    services.challenge_review(challenge=challenge, by=cast.chair)
    services.challenge_close(challenge=challenge, by=cast.chair,
                             outcome=Outcome.RESOLVED_WITH_IMPACT,
                             outcome_note="Profile used in 22 of 26 cases")
    client = client_for(cast.manager)
    response = client.get(reverse("challenges:export", args=[cast.board.pk, "csv"]))
    [row] = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert row["Challenge"] == GRADED_CARE
    assert row["Challenged"] == "Merseyside Police"
    assert row["Outcome"] == "Resolved with impact"
    assert row["What changed"] == "Profile used in 22 of 26 cases"
    assert "Training planned" in row["Responses"]
    xlsx = client.get(reverse("challenges:export", args=[cast.board.pk, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert list(sheet.values)[1][3] == GRADED_CARE


def test_reminders_go_once_per_event(cast, challenge, settings):
    mail.outbox.clear()
    today = challenge.response_due_on - timedelta(days=5)

    def remind(day):
        counts = send_challenge_reminders(day)
        notices.sweep()
        return counts

    first = remind(today)
    assert first["due_soon"] == 1  # the police partner on the board
    assert remind(today)["due_soon"] == 0
    late = remind(challenge.response_due_on + timedelta(days=1))
    assert late["overdue"] == 1
    services.challenge_respond(challenge=challenge, by=cast.partner, text="Answer")
    review = remind(today)
    assert review["awaiting_review"] == 1
    assert remind(today)["awaiting_review"] == 0
    # The challenge itself (queued when it was sent), due soon, overdue; then the review.
    assert [m.to for m in mail.outbox] == [[cast.partner.email]] * 3 + [[cast.chair.email]]
    assert [n.kind for n in Notice.objects.order_by("pk")] == [
        "challenge_sent", "challenge_due_soon", "challenge_overdue", "challenge_awaiting_review"]
    assert f"/challenges/{challenge.pk}/" in mail.outbox[-1].body
