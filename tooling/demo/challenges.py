"""The demo's challenge log: three challenges the Wirral board put to its partners."""

from datetime import date

from challenges.models import Challenge, ChallengeStatus

CHALLENGES = (  # board, meeting day, question, raised by, to agency, response due
    ("lscb", date(2017, 3, 15), "A challenge to partners about use of the Graded Care Profile "
     "where neglect is a concern.", "chair", "council", date(2017, 5, 30)),
    ("lscb", date(2013, 12, 6), "How does the board hold the Children's Trust to account?",
     "chair", None, date(2014, 3, 19)),
    ("lscb", date(2017, 5, 30), "Are all serious incidents that meet the threshold notified to "
     "Ofsted, and on time?", "partner", "council", date(2017, 9, 20)),
)




def make_challenges(demo):
    for board, day, question, raised_by, agency, due_on in CHALLENGES:
        meeting = demo.meetings[(board, day)]
        challenge = Challenge.objects.create(
            board=demo.boards[board], question=question, raised_by=demo.people[raised_by],
            raised_at_meeting=meeting, raised_on=meeting.starts_at.date(),
            response_due_on=due_on, status=ChallengeStatus.AWAITING_RESPONSE,
            to_board=None if agency else demo.boards.get("trust"))
        if agency:
            challenge.to_agencies.add(demo.agencies[agency])
        Challenge.objects.filter(pk=challenge.pk).update(created_at=meeting.starts_at)
