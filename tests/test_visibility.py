"""One rule for who may see a thing: boards.visibility.may_see (each kind's predicate) and
visible() (its queryset twin) agree for every role; emails and the reminders page ask it; a
confidential action's lead must be able to see it."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from actions import services as action_services
from actions.models import Action, ActionStatus
from actions.reminders import send_action_reminders
from boards import notices
from boards.models import Membership, Notice, NoticeStatus
from boards.visibility import may_see, visible
from challenges import reminders as challenge_reminders
from challenges import services as challenge_services
from challenges.models import Challenge, ChallengeStatus

from .factories import ActionFactory, ChallengeFactory
from .leak_world import MARKER, build_world, marker_models

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast):
    world = build_world(cast)
    # Beside the confidential records, open ones: the assigned and the challenged see these.
    ActionFactory(board=cast.board, lead_person=cast.outsider, lead_agency=cast.police,
                  created_by=cast.manager)
    ActionFactory(board=cast.other_board, lead_person=cast.partner, lead_agency=cast.police,
                  created_by=cast.manager)
    ActionFactory(board=cast.other_board, lead_person=world.other_manager,
                  lead_agency=cast.health, created_by=cast.manager)
    open_challenge = ChallengeFactory(board=cast.board, raised_by=cast.chair,
                                      to_board=cast.other_board)
    open_challenge.to_agencies.set([cast.council])
    return world


def people(world):
    c = world.cast
    return {"anonymous": None, "chair": c.chair, "manager": c.manager, "partner": c.partner,
            "lay member": c.lay_member, "adviser": c.adviser, "outsider": c.outsider,
            "reader": c.reader, "other manager": world.other_manager,
            "other chair": world.other_chair}


def test_the_predicate_and_the_queryset_agree_for_every_role_and_record(world):
    checked = 0
    for model in marker_models():
        for record in model._default_manager.all():
            for role, person in people(world).items():
                one = may_see(person, record)
                many = visible(model._default_manager.filter(pk=record.pk), person).exists()
                assert one == many, f"{role} on {model.__name__} #{record.pk}: {one} vs {many}"
                checked += 1
    assert checked > 300


def test_outsiders_see_no_confidential_record_and_members_see_them_all(world):
    c = world.cast
    for record in [*world.actions, *world.challenges, *world.audits, *world.sources,
                   *(i for i in world.items if i.is_confidential)]:
        for person in (None, c.reader, c.outsider, world.other_manager, world.other_chair):
            assert not may_see(person, record)
        for person in world.members:
            assert may_see(person, record)


def test_the_reminder_run_asks_the_rule_of_each_lead(world):
    """seen_by_lead, the query the reminder run uses, is may_see for each action's lead."""
    for action in Action.objects.select_related("lead_person"):
        expected = may_see(action.lead_person, action)
        assert (action in Action.objects.filter(pk=action.pk).seen_by_lead()) == expected


# --- Emails -------------------------------------------------------------------------------

def test_a_confidential_challenge_to_another_board_is_emailed_only_to_those_on_both(cast):
    both = cast.adviser
    Membership.objects.create(person=both, board=cast.other_board, role="adviser",
                              starts_on=timezone.localdate())
    challenge = ChallengeFactory(board=cast.board, raised_by=cast.chair, is_confidential=True,
                                 to_board=cast.other_board, question=f"{MARKER} question",
                                 status=ChallengeStatus.AWAITING_RESPONSE,
                                 response_due_on=timezone.localdate())
    challenge_reminders.notify_challenged(challenge)
    notices.sweep()
    assert [m.to for m in mail.outbox] == [[both.email]]
    assert MARKER in mail.outbox[0].body


def test_a_challenge_notice_is_not_sent_to_one_who_may_no_longer_see_it(cast):
    both = cast.adviser
    Membership.objects.create(person=both, board=cast.other_board, role="adviser",
                              starts_on=timezone.localdate())
    challenge = ChallengeFactory(board=cast.board, raised_by=cast.chair, is_confidential=True,
                                 to_board=cast.other_board, question=f"{MARKER} question",
                                 status=ChallengeStatus.AWAITING_RESPONSE,
                                 response_due_on=timezone.localdate())
    assert challenge_reminders.notify_challenged(challenge) == 1
    # Before the sweep, they leave the challenging board: the challenge is no longer theirs.
    both.memberships.filter(board=cast.board).update(
        ends_on=timezone.localdate() - timedelta(days=1))
    notices.sweep()
    assert not mail.outbox
    notice = Notice.objects.get(recipient=both)
    assert (notice.status, notice.not_needed_because) == (
        NoticeStatus.NOT_NEEDED, "the recipient may no longer see what it is about")


def test_a_challenge_answered_before_the_sweep_is_not_sent(cast):
    challenge = ChallengeFactory(board=cast.board, raised_by=cast.chair,
                                 to_board=cast.other_board,
                                 status=ChallengeStatus.AWAITING_RESPONSE,
                                 response_due_on=timezone.localdate())
    challenge_reminders.notify_challenged(challenge)
    challenge_services.challenge_respond(challenge=challenge, by=cast.outsider, text="Answer")
    notices.sweep()
    assert not mail.outbox
    assert Notice.objects.get().not_needed_because == "the challenge has been answered or closed"


def test_an_open_challenge_to_another_board_still_reaches_all_its_members(cast):
    challenge = ChallengeFactory(board=cast.board, raised_by=cast.chair,
                                 to_board=cast.other_board,
                                 status=ChallengeStatus.AWAITING_RESPONSE,
                                 response_due_on=timezone.localdate())
    challenge_reminders.notify_challenged(challenge)
    notices.sweep()
    assert [m.to for m in mail.outbox] == [[cast.outsider.email]]


def test_a_lead_not_on_the_board_is_not_reminded_of_a_confidential_action(cast):
    today = timezone.localdate()
    for lead, agency in ((cast.reader, cast.council), (cast.partner, cast.police)):
        Action.objects.create(board=cast.board, description=f"{MARKER} for {lead}",
                              lead_person=lead, lead_agency=agency, is_confidential=True,
                              due_on=today.replace(year=today.year - 1),
                              status=ActionStatus.IN_PROGRESS, created_by=cast.manager)
    send_action_reminders(today)
    to_leads = [m for m in mail.outbox if not m.subject.startswith("Weekly digest")]
    assert [m.to for m in to_leads] == [[cast.partner.email]]
    assert all(cast.reader.email not in m.to for m in mail.outbox)


def test_the_reminders_page_names_only_the_board_of_an_action_the_person_cannot_see(
    world, client_for
):
    page = client_for(world.cast.reader).get(reverse("actions:my_reminders"))
    text = page.content.decode()
    assert "A confidential action of Wirral Improvement Board" in text
    assert MARKER not in text
    assert world.actions[3].get_absolute_url() not in text


# --- Choosing the lead of a confidential action ---------------------------------------------

REFUSAL = ("Cllr Ray Moss is not a member of Wirral Improvement Board and cannot see a "
           "confidential action; choose a member of the board")


def test_a_lead_who_cannot_see_a_confidential_action_is_refused(cast):
    with pytest.raises(ValidationError) as refused:
        action_services.action_create(
            board=cast.board, created_by=cast.manager, description="Review the cases",
            lead_person=cast.reader, lead_agency=cast.council, is_confidential=True,
            due_on=timezone.localdate())
    assert refused.value.message_dict == {"lead_person": [REFUSAL]}
    assert not Action.objects.exists()


def test_an_action_made_confidential_later_needs_a_lead_on_the_board(cast):
    action = action_services.action_create(
        board=cast.board, created_by=cast.manager, description="Review the cases",
        lead_person=cast.reader, lead_agency=cast.council, due_on=timezone.localdate())
    with pytest.raises(ValidationError) as refused:
        action_services.action_edit(action=action, by=cast.manager, version=action.version,
                                    is_confidential=True)
    assert refused.value.message_dict == {"lead_person": [REFUSAL]}
    action.refresh_from_db()
    assert not action.is_confidential
    # With a member of the board as its lead, it may be made confidential.
    action_services.action_edit(action=action, by=cast.manager, version=action.version,
                                lead_person=cast.partner, lead_agency=cast.police,
                                is_confidential=True)


def test_the_form_for_an_action_arising_from_a_confidential_item_says_why(world, client_for):
    item = world.items[1]
    page = client_for(world.cast.manager).post(
        reverse("actions:create_from_item", args=[item.pk]),
        {"description": "Review the cases", "lead_person": world.cast.reader.pk,
         "lead_agency": world.cast.council.pk, "due_on_0": "1", "due_on_1": "9",
         "due_on_2": "2027"})
    assert page.status_code == 200
    assert REFUSAL in page.content.decode().replace("&#x27;", "'")
    assert not item.actions_arising.filter(lead_person=world.cast.reader).exists()


def test_an_action_from_a_confidential_challenge_is_refused_for_a_lead_off_the_board(world,
                                                                                    client_for):
    challenge = world.challenges[0]
    page = client_for(world.cast.manager).post(
        reverse("challenges:add_action", args=[challenge.pk]),
        {"description": "Answer it", "lead_person": world.cast.reader.pk,
         "lead_agency": world.cast.council.pk, "due_on_0": "1", "due_on_1": "9",
         "due_on_2": "2027"})
    assert page.status_code == 200
    assert "cannot see a confidential action" in page.content.decode()
    assert not Challenge.objects.get(pk=challenge.pk).actions.filter(
        lead_person=world.cast.reader).exists()


def test_a_confidential_action_is_not_delegated_to_someone_off_the_board(world, client_for):
    action = world.actions[0]  # led by the police partner member; Olive is police, not a member
    page = client_for(world.cast.partner).post(
        reverse("actions:delegate", args=[action.pk]),
        {"delegate": world.cast.outsider.pk, "version": action.version})
    assert page.status_code == 200
    assert ("Olive Grant is not a member of Wirral Improvement Board and cannot see a "
            "confidential action; choose a member of the board") in page.content.decode().replace(
                "&#x27;", "'")
    action.refresh_from_db()
    assert action.delegate_id is None
