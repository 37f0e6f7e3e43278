"""The challenge log end to end in a real browser: the chair raises a challenge at a meeting,
the police partner answers it in the browser, the chair reviews it and closes it with their
judgement, and the chair's review before the next meeting shows it closed. A second journey
reads the chair's review with an overdue response and escalations along the board's pathway;
a third follows the recommendations of an inspection down to their action plan. axe-core checks
every page on the way.

The last test renders every challenge and recommendation page for the chair, the business
manager and the partner through Django's test client, so a template error (a 500 with DEBUG off)
cannot hide."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from actions.models import ActionStatus
from challenges import services
from challenges.models import Challenge, ChallengeStatus, EscalationLevel, Outcome
from recommendations.models import Acceptance, Recommendation, RecommendationSource, SourceKind

from ..factories import ActionFactory, MeetingFactory, aware
from .pages import sign_in, sign_out

pytestmark = pytest.mark.django_db(transaction=True)

GRADED_CARE = ("How does the board know the Graded Care Profile is used where neglect is a "
               "concern?")
WHY = "Multi-agency audit of neglect: the profile was used in 4 of 26 cases."
RESPONSE = ("All response officers will be trained in the Graded Care Profile by July; "
            "the public protection unit will dip sample 20 neglect referrals each quarter.")
WHAT_CHANGED = "At the re-audit the profile was used in 22 of 26 neglect cases."
NOTIFICATIONS = "Are notifications of serious incidents made within five working days?"
TRUST = "How does the board hold the Children's Trust to account for early help?"
MISSING = "Why are return interviews for children missing from care not offered in time?"






# GOV.UK buttons that go to another page are links with role=button: found as buttons.


def status_of(page):
    return page.locator(".app-challenge-status")


def next_month():
    today = timezone.localdate()
    return (today.replace(day=1) + timedelta(days=32)).replace(day=15)


@pytest.fixture
def meeting(cast):
    """The board's last meeting, in the past: challenges closed after it are "closed since the
    last meeting" in the chair's review."""
    return MeetingFactory(board=cast.board, starts_at=aware(2017, 5, 10),
                          ends_at=aware(2017, 5, 10, 16))


@pytest.fixture
def pathway(cast):
    return [
        EscalationLevel.objects.create(board=cast.board, level=1, working_days=5,
                                       title="Chair of the sub-committee"),
        EscalationLevel.objects.create(board=cast.board, level=2, working_days=10,
                                       title="Independent chair of the board"),
        EscalationLevel.objects.create(board=cast.board, level=3, working_days=10,
                                       title="Executive of the statutory partners"),
    ]


def test_a_challenge_from_the_meeting_to_the_chairs_judgement(cast, meeting, page, live_server,
                                                               axe):
    # The chair raises the challenge at the meeting.
    sign_in(page, live_server, cast.chair, "My boards", exact=False)
    axe.check()
    page.get_by_role("link", name="Wirral Improvement Board").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wirral Improvement Board")
    axe.check()
    page.get_by_role("link", name="10 May 2017").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Meeting on Wednesday 10 May")
    axe.check()
    page.get_by_role("link", name="Raise a challenge at this meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Raise a challenge for Wirral Improvement Board")
    axe.check()
    page.get_by_label("What is the board asking?").fill(GRADED_CARE)
    page.get_by_label("Why: the evidence that prompted it").fill(WHY)
    page.get_by_label("Kind of evidence").select_option(label="Audit")
    page.get_by_label("Merseyside Police", exact=True).check()
    due = next_month()
    page.get_by_role("textbox", name="Day").fill(str(due.day))
    page.get_by_role("textbox", name="Month").fill(str(due.month))
    page.get_by_role("textbox", name="Year").fill(str(due.year))
    page.get_by_role("button", name="Raise the challenge").click()

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Challenge raised and sent to Merseyside Police")
    expect(page.get_by_role("heading", level=1)).to_have_text(GRADED_CARE)
    expect(status_of(page)).to_contain_text("Awaiting response")
    expect(page.locator(".govuk-summary-list")).to_contain_text("The meeting on 10 May 2017")
    expect(page.locator(".govuk-summary-list")).to_contain_text(WHY)
    expect(page.get_by_role("button", name="Respond")).to_have_count(0)  # not the chair's to answer
    axe.check()
    challenge = Challenge.objects.get()
    assert challenge.raised_at_meeting == meeting and challenge.raised_by == cast.chair
    assert challenge.response_due_on == due
    assert list(challenge.to_agencies.all()) == [cast.police]
    sign_out(page)

    # The police partner answers it in the browser.
    sign_in(page, live_server, cast.partner, "My agency's actions", exact=False)
    page.goto(f"{live_server.url}{challenge.get_absolute_url()}")
    expect(status_of(page)).to_contain_text("Awaiting response")
    expect(page.get_by_role("button", name="Begin review")).to_have_count(0)
    axe.check()
    page.get_by_role("button", name="Respond").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Respond to the challenge")
    axe.check()
    page.get_by_label("Your agency's response").fill(RESPONSE)
    page.get_by_role("button", name="Send the response").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Response sent to the board")
    expect(status_of(page)).to_contain_text("Response received")
    responses = page.locator(".app-response")
    expect(responses).to_have_count(1)
    expect(responses).to_contain_text("Response from Merseyside Police")
    expect(responses).to_contain_text("By Gareth Doyle")
    expect(responses).to_contain_text(RESPONSE)
    axe.check()
    sign_out(page)

    # The chair reviews the response and closes the challenge with their judgement.
    sign_in(page, live_server, cast.chair, "My boards", exact=False)
    page.goto(f"{live_server.url}{challenge.get_absolute_url()}")
    page.get_by_role("button", name="Begin review").click()
    expect(status_of(page)).to_contain_text("Under review")
    axe.check()
    page.get_by_role("button", name="Close with your judgement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Close the challenge")
    axe.check()
    page.get_by_label("Resolved with impact").check()
    page.get_by_label("What changed, or why it was not resolved").fill(WHAT_CHANGED)
    page.get_by_label("Evidence that closed it (optional)").fill("Re-audit, October 2017")
    page.get_by_role("button", name="Close the challenge").click()

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Challenge closed with your judgement")
    expect(status_of(page)).to_contain_text("Resolved")
    judgement = page.locator(".app-judgement")
    expect(judgement).to_contain_text("Resolved with impact")
    expect(judgement).to_contain_text(WHAT_CHANGED)
    expect(judgement).to_contain_text("Re-audit, October 2017")
    expect(judgement).to_contain_text("Closed by Helen Marsh")
    history = page.locator(".app-timeline__entry")
    expect(history).to_have_count(5)  # raised, sent, answered, reviewed, closed
    expect(history.nth(2)).to_contain_text("Response from Merseyside Police")
    expect(history.last).to_contain_text(re.compile("Under review.*Resolved"))
    axe.check()
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.RESOLVED
    assert (challenge.outcome, challenge.closed_by) == (Outcome.RESOLVED_WITH_IMPACT, cast.chair)

    # The log, and the chair's review before the next meeting: closed since the last one.
    page.get_by_role("link", name=re.compile("Back to the challenge log")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Challenge log: Wirral Improvement Board")
    row = page.locator(f"#challenge-{challenge.pk}")
    expect(row).to_contain_text("Merseyside Police")
    expect(row).to_contain_text("Resolved with impact")
    axe.check()
    page.get_by_role("button", name="Chair's review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Chair's review of challenges")
    closed = page.locator("section").filter(has=page.get_by_role(
        "heading", name="Closed since the last meeting (10 May 2017)"))
    expect(closed).to_contain_text(GRADED_CARE)
    expect(closed).to_contain_text("Resolved with impact")
    expect(closed).to_contain_text(WHAT_CHANGED)
    expect(page.get_by_text("No challenges are open.")).to_be_visible()
    expect(page.get_by_text("use your browser's print")).to_be_visible()
    axe.check()


def test_the_chairs_review_shows_overdue_responses_and_escalations(cast, meeting, pathway, page,
                                                                   live_server, axe):
    today = timezone.localdate()
    services.challenge_raise(
        board=cast.board, by=cast.chair, question=NOTIFICATIONS, to_agencies=[cast.council],
        response_due_on=today - timedelta(days=10), raised_on=today - timedelta(days=40),
        raised_at_meeting=meeting)
    stalled = services.challenge_raise(
        board=cast.board, by=cast.chair, question=TRUST, to_agencies=[cast.health],
        response_due_on=today - timedelta(days=30), raised_on=today - timedelta(days=60))
    stalled = services.challenge_escalate(challenge=stalled, by=cast.manager,
                                          reason="No response after two reminders")
    stalled = services.challenge_escalate(challenge=stalled, by=cast.chair,
                                          reason="The sub-committee chair had no answer either")
    # The independent chair's timescale has passed too.
    Challenge.objects.filter(pk=stalled.pk).update(response_due_on=today - timedelta(days=2))
    within = services.challenge_raise(
        board=cast.board, by=cast.chair, question=MISSING, to_agencies=[cast.police],
        response_due_on=today - timedelta(days=1))
    services.challenge_escalate(challenge=within, by=cast.manager, reason="Late")
    answered = services.challenge_raise(
        board=cast.board, by=cast.chair, question=GRADED_CARE, to_agencies=[cast.police],
        response_due_on=today + timedelta(days=20))
    services.challenge_respond(challenge=answered, by=cast.partner, text=RESPONSE)

    sign_in(page, live_server, cast.chair, "My boards", exact=False)
    page.goto(f"{live_server.url}{reverse('challenges:chair_review', args=[cast.board.pk])}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Chair's review of challenges")

    def section(heading):
        return page.locator("section").filter(has=page.get_by_role("heading", name=heading))

    by_age = section("Open challenges by age").locator("tbody tr")
    expect(by_age).to_have_count(4)
    expect(by_age.first).to_contain_text(TRUST)  # the oldest first
    expect(by_age.first).to_contain_text("60")
    late = section("Responses overdue")
    expect(late).to_contain_text(NOTIFICATIONS)
    expect(late).to_contain_text(TRUST)
    expect(late).not_to_contain_text(GRADED_CARE)
    expect(section("Responses awaiting your review")).to_contain_text(GRADED_CARE)
    escalations = section("Escalations").locator("tbody tr")
    expect(escalations).to_have_count(2)
    flagged = escalations.filter(has_text=TRUST)
    expect(flagged).to_contain_text("Level 2: Independent chair of the board")
    expect(flagged).to_contain_text("Timescale passed: flag to the next level")
    in_time = escalations.filter(has_text=MISSING)
    expect(in_time).to_contain_text("Level 1: Chair of the sub-committee")
    expect(in_time).not_to_contain_text("Timescale passed")
    expect(page.get_by_text("No challenges have been closed since the last meeting.")
           ).to_be_visible()
    axe.check()

    # The escalated challenge: its path up the board's pathway, dated and reasoned.
    flagged.get_by_role("link", name=TRUST).click()
    expect(status_of(page)).to_contain_text("Escalated")
    expect(status_of(page)).to_contain_text("Overdue")
    escalated = page.locator(".app-timeline__entry--escalation")
    expect(escalated).to_have_count(2)
    expect(escalated.first).to_contain_text("Escalated to level 1: Chair of the sub-committee")
    expect(escalated.first).to_contain_text("No response after two reminders")
    expect(escalated.last).to_contain_text("by Helen Marsh")
    expect(page.locator(".app-pathway__current")).to_contain_text("This challenge is here")
    expect(page.get_by_role("button", name=re.compile("Escalate"))).to_be_visible()
    expect(page.get_by_role("button", name="Close with your judgement")).to_be_visible()
    axe.check()

    # The log, filtered to the overdue responses.
    page.goto(f"{live_server.url}{reverse('challenges:log', args=[cast.board.pk])}"
              "?overdue=true&apply=Apply+filters")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text=NOTIFICATIONS)).to_contain_text("Overdue")
    expect(rows.filter(has_text=TRUST)).to_contain_text("Level 2: Independent chair")
    expect(page.locator("tbody")).not_to_contain_text(GRADED_CARE)
    expect(page.get_by_role("link", name=re.compile("as CSV"))).to_have_attribute(
        "href", re.compile(r"/export/csv/\?overdue=true"))
    axe.check()


def test_recommendations_roll_up_from_their_action_plan(cast, page, live_server, axe):
    source = RecommendationSource.objects.create(
        board=cast.board, kind=SourceKind.INSPECTION, body="Ofsted", made_on=date(2016, 6, 20),
        title="Inspection of services for children in need of help and protection")
    first = Recommendation.objects.create(
        source=source, number="1", text="Ensure challenges are explicitly recorded and tracked.")
    Recommendation.objects.create(
        source=source, number="2", acceptance=Acceptance.ACCEPTED_IN_PART,
        acceptance_reason="The board agreed the aim; the timescale is the partners' to set.",
        text="Strengthen the board's scrutiny of early help.")
    done = ActionFactory(board=cast.board, lead_person=cast.manager, number="1.1",
                         description="Keep a challenge log reviewed by the chair before meetings",
                         status=ActionStatus.COMPLETE,
                         impact_evidence="Inspectors found the log in use at the monitoring visit")
    under_way = ActionFactory(board=cast.board, lead_person=cast.partner, number="1.2",
                              description="Report the log to the board each quarter",
                              due_on=timezone.localdate() + timedelta(days=60))
    first.actions.add(done, under_way)
    loose = ActionFactory(board=cast.board, lead_person=cast.partner, number="3.4",
                          description="Publish the challenge log in the annual report",
                          due_on=timezone.localdate() + timedelta(days=90))

    sign_in(page, live_server, cast.manager, "My boards", exact=False)
    page.goto(f"{live_server.url}{cast.board.get_absolute_url()}")
    page.get_by_role("link", name=re.compile("^Recommendations")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recommendations made to the board")
    axe.check()
    page.get_by_role("link", name=source.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(source.title)
    expect(page.locator(".app-rollup")).to_have_text(
        "1 out of 2 actions completed, 1 out of 2 show evidence of impact")
    rows = page.locator("tbody tr")
    expect(rows.first).to_contain_text(
        "Recommendation 1: 1 of 2 actions complete, 1 of 2 with evidence of impact")
    expect(rows.last).to_contain_text("Accepted in part")
    expect(rows.last).to_contain_text("the timescale is the partners' to set")
    expect(rows.last).to_contain_text("Recommendation 2: no actions in its plan yet")
    axe.check()

    page.get_by_role("link", name=re.compile("Ensure challenges are explicitly")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recommendation 1")
    expect(page.locator(".app-rollup")).to_have_text(
        "Recommendation 1: 1 of 2 actions complete, 1 of 2 with evidence of impact")
    plan = page.locator(".app-tracker tbody tr")  # not the history's rows below it
    expect(plan).to_have_count(2)
    expect(page.locator(f"#action-{done.pk}")).to_contain_text("Evidenced")
    expect(page.locator(f"#action-{under_way.pk}")).to_contain_text("None yet")
    axe.check()

    page.get_by_label("Link an existing action by its number (ID)").fill(str(loose.pk))
    page.get_by_role("button", name="Link the action").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Linked")
    expect(plan).to_have_count(3)
    expect(page.locator(".app-rollup")).to_have_text(
        "Recommendation 1: 1 of 3 actions complete, 1 of 3 with evidence of impact")
    axe.check()
    page.get_by_role("link", name=re.compile("Open the action plan in the tracker")).click()
    expect(page.locator("tbody")).to_contain_text("Publish the challenge log")
    axe.check()


def test_every_challenge_page_renders_for_each_role(cast, meeting, pathway, client_for):
    """Not a browser test: each page for the chair, the manager and the partner, in each state
    of a challenge, so a template mistake cannot hide."""
    today = timezone.localdate()
    raised = services.challenge_raise(
        board=cast.board, by=cast.chair, question="Kept as a draft", to_agencies=[cast.police],
        response_due_on=today + timedelta(days=10), send=False)
    awaiting = services.challenge_raise(
        board=cast.board, by=cast.chair, question=GRADED_CARE, to_agencies=[cast.police],
        response_due_on=today - timedelta(days=3), raised_at_meeting=meeting, why=WHY,
        evidence_kind="audit", is_confidential=True)
    reviewed = services.challenge_raise(
        board=cast.board, by=cast.chair, question=NOTIFICATIONS, to_agencies=[cast.police],
        response_due_on=today + timedelta(days=10))
    services.challenge_respond(challenge=reviewed, by=cast.partner, text=RESPONSE)
    reviewed = services.challenge_review(challenge=reviewed, by=cast.chair)
    escalated = services.challenge_raise(
        board=cast.board, by=cast.chair, question=TRUST, to_board=cast.other_board,
        to_agencies=[cast.health], response_due_on=today - timedelta(days=9))
    escalated = services.challenge_escalate(challenge=escalated, by=cast.manager, reason="Late")
    closed = services.challenge_raise(
        board=cast.board, by=cast.chair, question=MISSING, to_agencies=[cast.police],
        response_due_on=today + timedelta(days=10))
    services.challenge_respond(challenge=closed, by=cast.partner, text="Answer")
    services.challenge_review(challenge=closed, by=cast.chair)
    closed = services.challenge_close(challenge=closed, by=cast.chair,
                                      outcome=Outcome.NOT_RESOLVED, outcome_note="No change")
    services.action_from_challenge(challenge=closed, created_by=cast.manager,
                                   description="Re-audit return interviews",
                                   lead_person=cast.partner, lead_agency=cast.police,
                                   due_on=date(2017, 10, 31))
    challenges = [raised, awaiting, reviewed, escalated, closed]
    source = RecommendationSource.objects.create(
        board=cast.board, kind=SourceKind.PEER_REVIEW, body="LGA", made_on=date(2016, 3, 1),
        title="Peer review diagnostic", summary="Seven recommendations", is_confidential=True)
    recommendation = Recommendation.objects.create(
        source=source, number="3", text="Not yet", acceptance=Acceptance.NOT_ACCEPTED,
        acceptance_reason="Outside the board's remit", evidence="Minutes of 10 May 2017")
    recommendation.actions.add(ActionFactory(board=cast.board, lead_person=cast.partner))
    empty_source = RecommendationSource.objects.create(
        board=cast.board, kind=SourceKind.AUDIT, body="The board", made_on=date(2017, 1, 1),
        title="Audit of neglect")
    board = cast.board.pk
    pages = [
        reverse("challenges:log", args=[board]),
        reverse("challenges:log", args=[board]) + "?status=escalated&apply=Apply+filters",
        reverse("challenges:log", args=[board]) + "?status=resolved&apply=Apply+filters",
        reverse("challenges:chair_review", args=[board]),
        reverse("recommendations:source_list", args=[board]),
        reverse("recommendations:source_detail", args=[source.pk]),
        reverse("recommendations:source_detail", args=[empty_source.pk]),
        reverse("recommendations:recommendation_detail", args=[recommendation.pk]),
        cast.board.get_absolute_url(), meeting.get_absolute_url(),
        *[c.get_absolute_url() for c in challenges],
    ]
    for role in ("chair", "manager", "partner"):
        client = client_for(cast.by_role(role))
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, (role, url)

    chair = client_for(cast.chair)
    page = chair.get(reverse("challenges:log", args=[board])).content.decode()
    assert "Raise a challenge" in page and "Overdue" in page and "Not resolved" in page
    page = chair.get(meeting.get_absolute_url()).content.decode()
    assert reverse("challenges:raise_at_meeting", args=[board, meeting.pk]) in page
    page = chair.get(raised.get_absolute_url()).content.decode()
    assert "Send for a response" in page
    page = chair.get(reviewed.get_absolute_url()).content.decode()
    assert "Ask for more" in page and "Close with your judgement" in page
    page = chair.get(escalated.get_absolute_url()).content.decode()
    assert "This challenge is here" in page and "Escalate" in page
    page = chair.get(closed.get_absolute_url()).content.decode()
    assert "Closed with the chair's judgement" in page and "Re-audit return interviews" in page
    for view in ("challenges:close", "challenges:escalate", "challenges:ask_again",
                 "challenges:add_action"):
        assert chair.get(reverse(view, args=[reviewed.pk])).status_code == 200, view
    assert chair.get(reverse("challenges:raise", args=[board])).status_code == 200

    manager = client_for(cast.manager)
    page = manager.get(reverse("recommendations:source_detail", args=[source.pk])).content.decode()
    assert "Add a recommendation" in page
    assert "0 out of 1 action completed, 0 out of 1 show evidence of impact" in page
    page = manager.get(recommendation.get_absolute_url()).content.decode()
    assert 'name="action"' in page and "Outside the board&#x27;s remit" in page
    for url in (reverse("recommendations:source_create", args=[board]),
                reverse("recommendations:recommendation_create", args=[source.pk]),
                reverse("recommendations:recommendation_edit", args=[recommendation.pk]),
                reverse("recommendations:recommendation_add_action", args=[recommendation.pk])):
        assert manager.get(url).status_code == 200, url
    page = manager.get(reviewed.get_absolute_url()).content.decode()
    assert "Close with your judgement" not in page and "Ask for more" in page  # chairs close

    partner = client_for(cast.partner)
    page = partner.get(awaiting.get_absolute_url()).content.decode()
    assert "Respond" in page and "Begin review" not in page and "Confidential" in page
    page = partner.get(reverse("recommendations:source_detail", args=[source.pk])).content.decode()
    assert "Add a recommendation" not in page
    assert partner.get(reverse("challenges:respond", args=[awaiting.pk])).status_code == 200

    # A challenged person who is not a member of the board sees the challenge, but is not sent
    # to the board's pages (they would be refused).
    outsider = client_for(cast.outsider)
    response = outsider.get(reviewed.get_absolute_url())
    assert response.status_code == 200
    assert reverse("challenges:log", args=[board]) not in response.content.decode()
