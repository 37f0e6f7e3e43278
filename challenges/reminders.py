"""Challenge notices and reminders, once per event and recipient (the boards.Notice outbox):
- the challenged agency's people who sit on the board, and the members of a challenged board:
  when a challenge is sent to them, when the response is due in 7 days, and when it is
  overdue (a confidential challenge: only those who are members of the challenging board);
- the board's chairs: when a response is waiting for their review, and when an escalation
  step's timescale has passed (so it can be flagged to the next level)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from boards import notices
from boards.models import CHAIR_ROLES, Membership, Person
from boards.notices import Letter, NotNeeded
from boards.visibility import may_see

from .models import WAITING_FOR_RESPONSE, Challenge, ChallengeStatus


def challenged_people(challenge):
    """People of the challenged agencies who sit on the board (or on the challenged board)."""
    members = Membership.objects.current().filter(board=challenge.board)
    people = Person.objects.filter(
        memberships__in=members, agency__in=challenge.to_agencies.all(), is_active=True)
    if challenge.to_board_id:
        people = people | Person.objects.filter(
            memberships__in=Membership.objects.current().filter(board_id=challenge.to_board_id),
            is_active=True)
    return people.distinct()


def chairs(board):
    return Person.objects.filter(
        memberships__in=Membership.objects.current().filter(board=board, role__in=CHAIR_ROLES),
        is_active=True).distinct()


def _send(kind, challenge, people, reason, period=""):
    """Queues one notice per person (boards.notices); the sweep sends it. Each email carries
    the challenge's question and reasons, so it is composed `about` the challenge: only for
    those who may see it (boards.visibility). A confidential challenge put to another board
    reaches only the people of that board who also sit on the challenging board."""
    people = [p for p in people if may_see(p, challenge)]
    return notices.queue(kind=kind, key=f"challenge:{challenge.pk}:{period}", recipients=people,
                         reason=reason, board=challenge.board)


# Which challenges each kind of notice is still true of, and why not otherwise.
STILL_TRUE = {
    "challenge_sent": (WAITING_FOR_RESPONSE, "the challenge has been answered or closed"),
    "challenge_due_soon": (WAITING_FOR_RESPONSE, "the challenge has been answered or closed"),
    "challenge_overdue": (WAITING_FOR_RESPONSE, "the challenge has been answered or closed"),
    "challenge_escalation_overdue": ((ChallengeStatus.ESCALATED,),
                                     "the challenge is no longer escalated"),
    "challenge_awaiting_review": ((ChallengeStatus.RESPONSE_RECEIVED,),
                                  "the response has been reviewed"),
}


def compose(notice) -> Letter:
    _, pk, period = notice.key.split(":", 2)
    challenge = Challenge.objects.select_related("board").get(pk=pk)
    statuses, otherwise = STILL_TRUE[notice.kind]
    if challenge.status not in statuses:
        raise NotNeeded(otherwise)
    if (notice.kind != "challenge_awaiting_review"
            and period != str(challenge.response_due_on)):
        raise NotNeeded("the response is now due on another date")
    return Letter(subject=f"Challenge from {challenge.board}: {challenge}"[:250],
                  template="challenges/email/challenge", about=challenge,
                  context={"challenge": challenge, "kind": notice.kind,
                           "path": reverse("challenges:detail", args=[challenge.pk])})


def register():
    for kind in STILL_TRUE:
        notices.register(kind, compose)


def notify_challenged(challenge):
    return _send("challenge_sent", challenge, challenged_people(challenge),
                 f"{challenge.board} has challenged your agency and asks for a response by "
                 f"{challenge.response_due_on:%d %B %Y}", period=str(challenge.response_due_on))


def send_challenge_reminders(today=None):
    today = today or timezone.localdate()
    counts = {"due_soon": 0, "overdue": 0, "awaiting_review": 0, "escalation_overdue": 0}
    waiting = (Challenge.objects.filter(status__in=WAITING_FOR_RESPONSE)
               .select_related("board").prefetch_related("to_agencies"))
    for challenge in waiting.filter(response_due_on__gt=today,
                                    response_due_on__lte=today + timedelta(days=7)):
        counts["due_soon"] += _send(
            "challenge_due_soon", challenge, challenged_people(challenge),
            f"the response to this challenge is due on {challenge.response_due_on:%d %B %Y}",
            period=str(challenge.response_due_on))
    for challenge in waiting.filter(response_due_on__lt=today):
        counts["overdue"] += _send(
            "challenge_overdue", challenge, challenged_people(challenge),
            f"the response to this challenge was due on {challenge.response_due_on:%d %B %Y}",
            period=str(challenge.response_due_on))
        if challenge.status == ChallengeStatus.ESCALATED:
            counts["escalation_overdue"] += _send(
                "challenge_escalation_overdue", challenge, chairs(challenge.board),
                "an escalation step's timescale has passed: flag it to the next level",
                period=str(challenge.response_due_on))
    received = Challenge.objects.filter(status=ChallengeStatus.RESPONSE_RECEIVED).select_related(
        "board")
    for challenge in received:
        counts["awaiting_review"] += _send(
            "challenge_awaiting_review", challenge, chairs(challenge.board),
            "a response to this challenge is waiting for your review",
            period=challenge.status_changed_at.date().isoformat())
    return counts
