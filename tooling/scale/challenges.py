"""`seed_scale_challenges`: 100,000 challenges and 20,000 recommendations (bulk_create) added to
the national-scale data set of `seed_scale`, each recommendation linked to actions of its board."""

from datetime import timedelta

from django.db import connection
from django.utils import timezone

from actions.models import Action
from boards.models import Agency, Board, Membership, Role
from challenges.models import Challenge, ChallengeStatus, EscalationLevel, Outcome
from recommendations.models import Acceptance, Recommendation, RecommendationSource, SourceKind

CHALLENGES = 100_000
LARGE_BOARD_CHALLENGES = 3_000
SOURCES = 2_000
RECOMMENDATIONS_PER_SOURCE = 10
ACTIONS_PER_RECOMMENDATION = 3
BATCH = 5_000
QUESTIONS = (
    "How does the board know the Graded Care Profile is used where neglect is a concern?",
    "Why have repeat referrals risen for three quarters running?",
    "Are serious incidents notified to Ofsted within five working days?",
    "What has changed for children since the audit of pre-birth assessments?",
    "How does the partnership hear the voice of children on child protection plans?",
)
S = ChallengeStatus
STATUS_WEIGHTS = {S.RESOLVED: 80, S.AWAITING_RESPONSE: 8, S.RESPONSE_RECEIVED: 4,
                  S.UNDER_REVIEW: 4, S.ESCALATED: 4}


def analyze():
    """Planner statistics (and the visibility map) for the tables filled here, as
    autovacuum would leave them. seed_scale's VACUUM ANALYZE ran before they had rows,
    and where autovacuum is off nothing else gathers them: the chair's review then read
    the challenged agencies through a plan made for empty tables (30 ms, not 1). Also run
    when already seeded, for data sets built before this was added; a second or so."""
    if connection.vendor != "postgresql":
        return
    tables = [model._meta.db_table for model in (
        Challenge, Challenge.to_agencies.through, EscalationLevel, RecommendationSource,
        Recommendation, Recommendation.actions.through)]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(table)}")


def seed(rng, large, stdout):
    today = timezone.localdate()
    boards = list(Board.objects.values_list("pk", flat=True))
    agencies = list(Agency.objects.values_list("pk", flat=True))
    chairs = dict(Membership.objects.filter(role__in=[Role.INDEPENDENT_CHAIR, Role.CHAIR])
                  .values_list("board_id", "person_id"))
    any_person = Membership.objects.values_list("person_id", flat=True).first()
    EscalationLevel.objects.bulk_create([
        EscalationLevel(board_id=board, level=level, title=title, working_days=days)
        for board in boards
        for level, title, days in ((1, "Sub-committee chair", 5), (2, "Board chair", 10),
                                   (3, "Statutory partners' executive", 10))
    ], batch_size=BATCH)
    level_ids = dict(EscalationLevel.objects.filter(level=1).values_list("board_id", "pk"))
    statuses, weights = zip(*STATUS_WEIGHTS.items(), strict=True)
    rows, board_for_row = [], []
    for i in range(CHALLENGES):
        board = large.pk if i < LARGE_BOARD_CHALLENGES else rng.choice(boards)
        raised = today - timedelta(days=rng.randint(0, 3650))
        status = rng.choices(statuses, weights)[0]
        if status != S.RESOLVED:
            raised = today - timedelta(days=rng.randint(0, 200))
        closed = status == S.RESOLVED
        chair = chairs.get(board, any_person)
        rows.append(Challenge(
            board_id=board, question=f"[bench] {rng.choice(QUESTIONS)}", raised_by_id=chair,
            raised_on=raised, response_due_on=raised + timedelta(days=28), status=status,
            current_level_id=level_ids.get(board) if status == S.ESCALATED else None,
            outcome=rng.choice(Outcome.values) if closed else "",
            outcome_note="Re-audit showed the change" if closed else "",
            closed_by_id=chair if closed else None,
            closed_at=timezone.now() - timedelta(days=rng.randint(0, 3000)) if closed
            else None,
        ))
        board_for_row.append(board)
    created = Challenge.objects.bulk_create(rows, batch_size=BATCH)
    through = Challenge.to_agencies.through
    through.objects.bulk_create([
        through(challenge_id=c.pk, agency_id=rng.choice(agencies)) for c in created
    ], batch_size=BATCH)
    stdout.write(f"{len(created):,} challenges")

    sources = RecommendationSource.objects.bulk_create([
        RecommendationSource(
            board_id=large.pk if i < 20 else rng.choice(boards),
            kind=rng.choice(SourceKind.values), title=f"[bench] Review {i}",
            body="Ofsted", made_on=today - timedelta(days=rng.randint(0, 3650)))
        for i in range(SOURCES)
    ], batch_size=BATCH)
    recommendations = Recommendation.objects.bulk_create([
        Recommendation(source=source, number=str(n), sort_key=f"{n:05d}",
                       text="Ensure challenges are explicitly recorded and tracked",
                       acceptance=Acceptance.ACCEPTED)
        for source in sources for n in range(1, RECOMMENDATIONS_PER_SOURCE + 1)
    ], batch_size=BATCH)
    actions_by_board = {}
    for pk, board in Action.objects.filter(
        board_id__in={s.board_id for s in sources}
    ).values_list("pk", "board_id").iterator(chunk_size=20_000):
        bucket = actions_by_board.setdefault(board, [])
        if len(bucket) < 200:
            bucket.append(pk)
    links = Recommendation.actions.through
    link_rows = []
    for recommendation in recommendations:
        pool = actions_by_board.get(recommendation.source.board_id, [])
        for action_id in rng.sample(pool, min(ACTIONS_PER_RECOMMENDATION, len(pool))):
            link_rows.append(links(recommendation_id=recommendation.pk, action_id=action_id))
    links.objects.bulk_create(link_rows, batch_size=BATCH, ignore_conflicts=True)
    stdout.write(f"{len(recommendations):,} recommendations, "
                      f"{len(link_rows):,} links to actions")
