"""Recommendations made to the board, grouped by their source, with progress and impact
rolled up from their actions in the papers' own words."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from actions.forms import ActionFromItemForm
from actions.models import Action
from actions.views.tracker import tracker_page
from boards import history
from boards.views.editing import versioned_edit
from boards.views.lookups import board_for, check_board
from safeguard.lib.forms import add_service_error
from safeguard.lib.params import record_number

from .. import services
from ..forms import RecommendationForm, SourceForm
from ..models import Recommendation, RecommendationSource, rollup


def source_for(request, pk, manage=False) -> RecommendationSource:
    source = get_object_or_404(RecommendationSource.objects.select_related("board"), pk=pk)
    check_board(request, source.board, "boards.manage_board" if manage else None)
    return source


def recommendation_for(request, pk, manage=False) -> Recommendation:
    recommendation = get_object_or_404(
        Recommendation.objects.select_related("source__board"), pk=pk)
    check_board(request, recommendation.source.board,
                "boards.manage_board" if manage else None)
    return recommendation


def source_list(request, pk):
    board = board_for(request, pk)
    sources = board.recommendation_sources.all()
    return render(request, "recommendations/source_list.html", {
        "board": board, "sources": sources,
        "can_manage": request.user.has_perm("boards.manage_board", board),
    })


def source_create(request, pk):
    board = board_for(request, pk, "boards.manage_board")
    form = SourceForm(request.POST or None)
    if form.is_valid():
        source = services.source_create(board=board, by=request.user, **form.cleaned_data)
        messages.success(request, f"{source} added.")
        return redirect(source)
    return render(request, "boards/form_page.html", {
        "form": form, "title": f"Add a source of recommendations to {board}",
        "back": board.get_absolute_url(),
    })


def source_detail(request, pk):
    source = source_for(request, pk)
    recommendations = list(source.recommendations.with_rollup())
    return render(request, "recommendations/source_detail.html", {
        "source": source, "board": source.board, "recommendations": recommendations,
        "rollup": rollup(recommendations),
        "can_manage": request.user.has_perm("boards.manage_board", source.board),
        "history": history.of(source),
    })


def recommendation_create(request, pk):
    source = source_for(request, pk, manage=True)
    form = RecommendationForm(request.POST or None, board=source.board,
                              instance=Recommendation(source=source))
    if form.is_valid():
        data = dict(form.cleaned_data)
        recommendation = services.recommendation_create(
            source=source, by=request.user, indicators=data.pop("indicators"), **data)
        messages.success(request, f"{recommendation} added.")
        return redirect(recommendation)
    return render(request, "boards/form_page.html", {
        "form": form, "title": f"Add a recommendation to {source}",
        "back": source.get_absolute_url(),
    })


def recommendation_edit(request, pk):
    recommendation = recommendation_for(request, pk, manage=True)
    return versioned_edit(
        request, recommendation, RecommendationForm, board=recommendation.source.board,
        title=f"Edit {recommendation}", back=recommendation.get_absolute_url(),
        save=lambda form: services.recommendation_edit(
            recommendation=recommendation, version=form.cleaned_data["version"],
            by=request.user, indicators=form.cleaned_data["indicators"], **form.changes()),
        success=f"{recommendation} saved.",
    )


def recommendation_detail(request, pk):
    recommendation = recommendation_for(request, pk)
    [with_counts] = Recommendation.objects.filter(pk=pk).with_rollup()
    actions = recommendation.actions.visible_to(request.user).for_tracker()
    return render(request, "recommendations/recommendation_detail.html", {
        "recommendation": recommendation, "source": recommendation.source,
        "board": recommendation.source.board, "counts": with_counts, "actions": actions,
        "indicators": recommendation.indicators.all(),
        "can_manage": request.user.has_perm("boards.manage_board", recommendation.source.board),
        "history": history.of(recommendation),
    })


def recommendation_add_action(request, pk):
    recommendation = recommendation_for(request, pk, manage=True)
    form = ActionFromItemForm(request.POST or None)
    if form.is_valid():
        try:
            services.recommendation_action_add(recommendation=recommendation, by=request.user,
                                               **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Action added to the recommendation's plan.")
            return redirect(recommendation)
    return render(request, "boards/form_page.html", {
        "form": form, "title": f"Add an action to {recommendation}",
        "intro": recommendation.text, "back": recommendation.get_absolute_url(),
    })


def recommendation_link_action(request, pk):
    """Link an existing action of the same board (the thread can be followed both ways)."""
    recommendation = recommendation_for(request, pk, manage=True)
    if request.method == "POST":
        number = request.POST.get("action", "").strip()
        action = Action.objects.filter(
            pk=record_number(number), board_id=recommendation.source.board_id
        ).first() if record_number(number) else None
        if action is None:
            messages.error(request, f"There is no action number {number or '(blank)'} on "
                                    f"{recommendation.source.board}.")
        else:
            services.recommendation_action_link(recommendation=recommendation, action=action,
                                                by=request.user)
            messages.success(request, f"Linked: {action}.")
    return redirect(recommendation)


def recommendation_tracker(request, pk):
    """The recommendation's action plan in the tracker: filters, updates and exports."""
    recommendation = recommendation_for(request, pk)
    return tracker_page(request, actions=Action.objects.filter(recommendations=recommendation),
                        title=f"{recommendation} of {recommendation.source}",
                        board=recommendation.source.board,
                        scope=f"recommendation:{recommendation.pk}",
                        back=recommendation.get_absolute_url())
