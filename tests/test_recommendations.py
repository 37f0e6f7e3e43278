"""Recommendations roll up their actions in the papers' words, both ways along the thread."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from actions.models import ActionStatus
from recommendations.models import Acceptance, Recommendation, RecommendationSource

from .factories import ActionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ofsted(cast):
    source = RecommendationSource.objects.create(
        board=cast.board, kind="inspection", title="Ofsted inspection of services for "
        "children in need of help and protection", body="Ofsted", made_on=date(2016, 9, 1))
    three = Recommendation.objects.create(source=source, number="3",
                                          text="Ensure challenges are explicitly recorded")
    seven = Recommendation.objects.create(source=source, number="7",
                                          text="Strengthen the performance framework")

    def act(recommendation, status, impact=""):
        action = ActionFactory(board=cast.board, lead_person=cast.partner,
                               lead_agency=cast.police, created_by=cast.manager, status=status,
                               impact_evidence=impact,
                               closed_by=cast.chair if status == ActionStatus.CLOSED else None)
        recommendation.actions.add(action)
        return action

    for status in (ActionStatus.CLOSED, ActionStatus.COMPLETE, ActionStatus.COMPLETE):
        act(three, status)
    act(three, ActionStatus.COMPLETE, impact="Challenge log reviewed at every board")
    act(seven, ActionStatus.IN_PROGRESS)
    act(seven, ActionStatus.WITHDRAWN)  # left out of the counts
    return source


def test_each_recommendation_and_the_source_roll_up(ofsted, cast, client_for):
    counts = {r.number: (r.actions_complete, r.actions_total, r.actions_with_impact)
              for r in ofsted.recommendations.with_rollup()}
    assert counts == {"3": (4, 4, 1), "7": (0, 1, 0)}
    page = client_for(cast.lay_member).get(ofsted.get_absolute_url()).content.decode()
    assert "4 out of 5 actions completed, 1 out of 5 show evidence of impact" in page
    assert "Recommendation 3: 4 of 4 actions complete, 1 of 4 with evidence of impact" in page


def test_the_thread_runs_both_ways(ofsted, cast, client_for):
    three = ofsted.recommendations.get(number="3")
    action = three.actions.first()
    assert list(action.recommendations.all()) == [three]
    tracker = client_for(cast.manager).get(
        reverse("recommendations:recommendation_tracker", args=[three.pk]))
    assert tracker.context["summary"] == {"total": 4, "complete": 4, "with_impact": 1,
                                          "overdue": 0}


def test_a_recommendation_not_accepted_must_say_why(ofsted):
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.create(source=ofsted, number="8", text="x",
                                      acceptance=Acceptance.NOT_ACCEPTED)
    Recommendation.objects.create(source=ofsted, number="8", text="x",
                                  acceptance=Acceptance.NOT_ACCEPTED,
                                  acceptance_reason="Already covered by recommendation 3")


def test_numbers_are_unique_within_a_source(ofsted):
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.create(source=ofsted, number="3", text="again")


def test_addresses_from_before_recommendations_had_their_own_app_still_arrive(ofsted, cast,
                                                                             client_for):
    three = ofsted.recommendations.get(number="3")
    client = client_for(cast.manager)
    moved = {
        f"/challenges/board/{cast.board.pk}/recommendations/":
            reverse("recommendations:source_list", args=[cast.board.pk]),
        f"/challenges/sources/{ofsted.pk}/": ofsted.get_absolute_url(),
        f"/challenges/recommendations/{three.pk}/tracker/?status=open":
            reverse("recommendations:recommendation_tracker", args=[three.pk]) + "?status=open",
    }
    for old, new in moved.items():
        response = client.get(old)
        assert (response.status_code, response.url) == (301, new)
        assert client.get(new).status_code == 200
