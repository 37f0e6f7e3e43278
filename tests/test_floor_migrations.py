"""The data moves of the one-way floors (issue 11), each done forwards on records laid down in
the old shape.

Recommendations moved out of the challenge log into their own app (recommendations 0001,
0002; challenges 0006): the demo data, and a copy laid down as an import left it before the
move (plan found by title, areas by number), come through with every roll-up unchanged, their
history still theirs, and the plans now held by key. The challenge took over the link to the
actions that arose from it (challenges 0007, actions 0013): every link comes through."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count, Q

from actions.models import Action, ActionStatus
from boards import history
from boards.models import Board
from challenges.models import Challenge
from recommendations.models import RecommendationSource, rollup

from .factories import ActionFactory, PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)

# Before the move: recommendations in the challenge log's app, plans matched by title.
BEFORE = [("recommendations", None), ("challenges", "0005_cites_indicators"),
          ("actions", "0011_history_into_boards")]


def roll_ups():
    """Every roll-up a page, export or report reads from recommendations, by source title and
    recommendation number: the source's totals, each recommendation's counts, its tracker's
    summary, which actions answer it, and how many lines of history each record has."""
    seen = {}
    for source in RecommendationSource.objects.order_by("title"):
        recommendations = list(source.recommendations.with_rollup())
        seen[source.title] = {"rollup": rollup(recommendations),
                              "history": history.of(source).count()}
        for r in recommendations:
            seen[(source.title, r.number)] = {
                "counts": (r.actions_total, r.actions_complete, r.actions_with_impact),
                "tracker": Action.objects.filter(recommendations=r).summary(),
                "actions": sorted(r.actions.values_list("pk", flat=True)),
                "history": history.of(r).count()}
    return seen


def migrate(targets):
    """Migrate to the targets; the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1]]).apps


def lay_down_as_before(old, board, person, actions):
    """What an import made before the move: a source and its recommendations, a plan titled
    "<source>: action plan" with an area numbered as each, the actions numbered under them
    and linked; one recommendation (2a) with no whole number, so no area; and a line of
    history under the challenge log's content type."""
    Source = old.get_model("challenges", "RecommendationSource")
    Recommendation = old.get_model("challenges", "Recommendation")
    ActionPlan = old.get_model("actions", "ActionPlan")
    Area = old.get_model("actions", "AreaForDevelopment")
    OldAction = old.get_model("actions", "Action")
    ContentType = old.get_model("contenttypes", "ContentType")
    History = old.get_model("boards", "History")

    source = Source.objects.create(board_id=board.pk, kind="inspection", title="Ofsted 2016",
                                   body="Ofsted", made_on=date(2016, 9, 1))
    ActionPlan.objects.create(board_id=board.pk, title="Ofsted 2016: action plan",
                              source="business_plan")  # same title, not a recommendation plan
    plan = ActionPlan.objects.create(board_id=board.pk, title="Ofsted 2016: action plan",
                                     source="recommendation")
    made = {}
    for number, text, mine in (("1", "Record challenge", actions[:3]),
                               ("2", "Measure impact", actions[3:5]),
                               ("2a", "Publish the framework", actions[5:])):
        recommendation = Recommendation.objects.create(source_id=source.pk, number=number,
                                                       sort_key=number.zfill(5), text=text)
        area = None
        if number.isdigit():
            area = Area.objects.create(plan_id=plan.pk, number=int(number), title=text)
        for n, action in enumerate(mine, start=1):
            OldAction.objects.filter(pk=action.pk).update(
                plan_id=plan.pk, area_id=area.pk if area else None,
                number=f"{number}.{n}" if area else "",
                sort_key=f"{int(number):05d}.{n:05d}" if area else "")
        recommendation.actions.add(*[a.pk for a in mine])
        made[number] = recommendation.pk
    kind, _ = ContentType.objects.get_or_create(app_label="challenges", model="recommendation")
    History.objects.create(content_type_id=kind.pk, object_id=made["1"], board_id=board.pk,
                           changed_by_id=person.pk, event="Imported",
                           changes={"text": [None, "Record challenge"]})
    counts = Recommendation.objects.filter(source_id=source.pk).annotate(
        total=Count("actions", filter=~Q(actions__status="withdrawn"), distinct=True),
        complete=Count("actions", distinct=True, filter=~Q(actions__status="withdrawn") & Q(
            actions__status__in=["complete", "closed"])),
        impact=Count("actions", distinct=True, filter=~Q(actions__status="withdrawn") & ~Q(
            actions__impact_evidence="")))
    return plan.pk, {r.number: (r.total, r.complete, r.impact) for r in counts}


def test_the_demo_and_a_copy_laid_down_before_the_move_come_through_unchanged(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    call_command("load_demo", verbosity=0)
    board = Board.objects.create(name="Avonford Safeguarding Children Partnership",
                                 kind="lscb")
    person = PersonFactory()
    statuses = [ActionStatus.CLOSED, ActionStatus.COMPLETE, ActionStatus.IN_PROGRESS,
                ActionStatus.COMPLETE, ActionStatus.WITHDRAWN, ActionStatus.NOT_STARTED]
    actions = [ActionFactory(board=board, status=status, created_by=person,
                             closed_by=person if status == ActionStatus.CLOSED else None,
                             impact_evidence="Fewer repeat referrals" if n == 0 else "")
               for n, status in enumerate(statuses)]
    demo = roll_ups()
    assert demo[("LGA peer review response", "1")]["counts"] == (6, 2, 0)  # the seed's plan
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()

    try:
        old = migrate(BEFORE)
        plan_pk, counted_before = lay_down_as_before(old, board, person, actions)
    finally:
        migrate(latest)

    after = roll_ups()
    copy = {key: value for key, value in after.items()
            if key == "Ofsted 2016" or (isinstance(key, tuple) and key[0] == "Ofsted 2016")}
    assert {key: value for key, value in after.items() if key not in copy} == demo
    assert {key[1]: value["counts"] for key, value in copy.items()
            if isinstance(key, tuple)} == counted_before == {"1": (3, 2, 1), "2": (1, 1, 0),
                                                             "2a": (1, 0, 0)}
    assert copy["Ofsted 2016"]["rollup"] == {"total": 5, "complete": 3, "with_impact": 1}
    assert copy[("Ofsted 2016", "1")]["history"] == 1  # its history is still its own

    source = RecommendationSource.objects.get(title="Ofsted 2016")
    assert source.plan_id == plan_pk  # now held by key
    areas = {r.number: r.area.number if r.area else None for r in source.recommendations.all()}
    assert areas == {"1": 1, "2": 2, "2a": None}
    review = RecommendationSource.objects.get(title="LGA peer review response")
    assert [r.area.number for r in review.recommendations.all()] == [1, 2, 3, 4, 5]


def test_every_action_arising_from_a_challenge_is_still_linked_to_it(cast):
    """Before, each action named its challenge (Action.challenge); now the challenge holds its
    actions. Laid down the old way, then migrated: each link is there, once, and undone and
    done again nothing is lost or doubled."""
    from .factories import ChallengeFactory

    challenges = [ChallengeFactory(board=cast.board), ChallengeFactory(board=cast.board)]
    arising = [ActionFactory(board=cast.board) for _ in range(3)]
    unrelated = ActionFactory(board=cast.board)
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    before = [("actions", "0012_plan_says_what_it_answers"),
              ("challenges", "0006_recommendations_move_out")]
    try:
        old = migrate(before)
        OldAction = old.get_model("actions", "Action")
        for action, challenge in zip(arising, [challenges[0], challenges[0], challenges[1]],
                                     strict=True):
            OldAction.objects.filter(pk=action.pk).update(challenge_id=challenge.pk)
    finally:
        migrate(latest)
    for targets in (before, latest):  # undone and done again
        migrate(targets)
    links = {c.pk: sorted(c.actions.values_list("pk", flat=True))
             for c in Challenge.objects.all()}
    assert links == {challenges[0].pk: sorted([arising[0].pk, arising[1].pk]),
                     challenges[1].pk: [arising[2].pk]}
    assert not unrelated.challenges.exists()
