"""Writes to recommendations and their sources, each with its line of the record's history.

A source's action plan is made when it is first needed, and held by the source; each
recommendation with a whole number (3, not 3a) has its area for development in that plan,
made with it, under which the actions added to it are numbered 3.1, 3.2 ..."""

from django.db import transaction

from actions import services as action_services
from actions.models import ActionPlan, ActionSource, AreaForDevelopment
from boards import history
from safeguard.lib.versioning import versioned_save

from .models import Recommendation, RecommendationSource

PLAN_SUFFIX = ": action plan"


@transaction.atomic
def source_create(*, board, by, **fields) -> RecommendationSource:
    """A report, review or inspection whose recommendations the board will track."""
    source = RecommendationSource(board=board, **fields)
    source.full_clean()
    source.save()
    history.record(source, by=by, event="Added", board=board,
                   changes=history.created(source, fields))
    return source


def _indicator_names(indicators):
    return sorted(str(indicator) for indicator in indicators)


def plan_title(source) -> str:
    length = ActionPlan._meta.get_field("title").max_length - len(PLAN_SUFFIX)
    return f"{source.title[:length]}{PLAN_SUFFIX}"


def source_plan(*, source, by) -> ActionPlan:
    """The source's action plan, made (and said in its history) the first time it is needed."""
    if source.plan_id is None:
        source.plan = ActionPlan.objects.create(board_id=source.board_id,
                                                title=plan_title(source),
                                                source=ActionSource.RECOMMENDATION)
        source.save(update_fields=["plan"])
        history.record(source, by=by, event="Action plan started", board=source.board_id,
                       changes={"plan": [None, source.plan.title]})
    return source.plan


def _area_for(recommendation, by) -> AreaForDevelopment | None:
    """The recommendation's area for development in its source's plan, for a whole number."""
    number = recommendation.number.strip()
    if not (number.isascii() and number.isdigit()) or int(number) > 32767:
        return None
    plan = source_plan(source=recommendation.source, by=by)
    title_length = AreaForDevelopment._meta.get_field("title").max_length
    title = recommendation.text if len(recommendation.text) <= title_length else (
        recommendation.text[:title_length - 1].rstrip() + "…")
    area, _made = AreaForDevelopment.objects.get_or_create(
        plan=plan, number=int(number), defaults={"title": title})
    taken = Recommendation.objects.filter(area=area).exclude(pk=recommendation.pk).exists()
    return None if taken else area


@transaction.atomic
def recommendation_create(*, source, by, indicators=(), event="Added",
                          **fields) -> Recommendation:
    recommendation = Recommendation(source=source, **fields)
    recommendation.full_clean()
    recommendation.area = _area_for(recommendation, by)
    recommendation.save()
    recommendation.indicators.set(indicators)
    changes = history.created(recommendation, fields)
    if recommendation.area is not None:
        changes["area"] = [None, str(recommendation.area)]
    if indicators:
        changes["indicators"] = [None, _indicator_names(indicators)]
    history.record(recommendation, by=by, event=event, board=source.board_id,
                   changes=changes)
    return recommendation


@transaction.atomic
def recommendation_edit(*, recommendation, version, by=None, indicators=None,
                        **changes) -> Recommendation:
    """Save a recommendation's wording, acceptance and evidence, and the indicators meant to
    show its impact, unless someone else saved it since the form was opened."""
    before = history.saved(recommendation, changes)
    versioned_save(recommendation, version=version, changes=changes, also=["sort_key"])
    diff = history.diff(before, recommendation)
    if indicators is not None:
        was = _indicator_names(recommendation.indicators.all())
        recommendation.indicators.set(indicators)
        if was != _indicator_names(indicators):
            diff["indicators"] = [was, _indicator_names(indicators)]
    history.record(recommendation, by=by, event="Edited", changes=diff,
                   board=recommendation.source.board_id)
    return recommendation


@transaction.atomic
def recommendation_action_link(*, recommendation, action, by) -> None:
    """Put an action (new or already on the tracker) in the recommendation's plan."""
    recommendation.actions.add(action)
    history.record(recommendation, by=by, event="Action linked",
                   board=recommendation.source.board_id,
                   changes={"actions": [None, history.plain(action)]})


@transaction.atomic
def recommendation_action_add(*, recommendation, by, **fields):
    """A new action answering the recommendation: in its source's plan, numbered next under
    its area for development (3.1, 3.2 ...) when it has one, and linked to it."""
    area = recommendation.area
    numbering = {}
    if area is not None:
        numbering = {"plan_id": area.plan_id, "area": area,
                     "number": f"{area.number}.{_next_in(area)}"}
    action = action_services.action_create(
        board=recommendation.source.board, created_by=by, source=ActionSource.RECOMMENDATION,
        is_confidential=recommendation.source.is_confidential, **numbering, **fields)
    recommendation_action_link(recommendation=recommendation, action=action, by=by)
    return action


def _next_in(area) -> int:
    """One more than the highest action number under the area (3.2 and 3.10 make 11)."""
    AreaForDevelopment.objects.select_for_update().get(pk=area.pk)  # one adder at a time
    taken = [number.split(".", 1)[1] for number in area.actions.values_list("number", flat=True)
             if "." in number]
    return max((int(n) for n in taken if n.isascii() and n.isdigit()), default=0) + 1
