"""Defining the dataset (indicators, targets, benchmarks), the owning agency's commentary, and
raising a challenge or an action from an indicator in one step."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from actions import services as action_services
from actions.forms import ActionFromItemForm
from boards.views.lookups import board_for
from safeguard.lib.forms import add_service_error
from safeguard.lib.versioning import StaleEdit

from .. import dashboard, periods, services
from ..forms import BenchmarkForm, CommentaryForm, IndicatorForm, TargetForm
from ..models import Benchmark, Commentary
from .lookups import indicator_for


def indicator_create(request, pk):
    board = board_for(request, pk, "boards.manage_board")
    form = IndicatorForm(request.POST or None, board=board)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                theme = data["theme"] or services.theme_for(
                    board=board, name=data["new_theme"], by=request.user)
                indicator = services.indicator_create(
                    board=board, theme=theme, breakdowns=data["breakdowns"], by=request.user,
                    **{name: data[name] for name in (
                        "code", "name", "definition", "source", "unit", "polarity",
                        "frequency", "owning_agency", "is_core", "decimal_places",
                        "submission_days")})
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"{indicator} added. Set its target for the year next.")
            return redirect("performance:target_set", indicator.pk)
    return render(request, "boards/form_page.html", {
        "form": form, "title": f"Add an indicator to {board}'s dataset",
        "back": board.get_absolute_url(),
    })


def target_set(request, pk):
    indicator = indicator_for(request, pk, "performance.manage_indicators")
    today = timezone.localdate()
    form = TargetForm(request.POST or None, today=today,
                      initial={"year": periods.financial_year(today)})
    if form.is_valid():
        try:
            target = services.target_set(indicator=indicator, by=request.user,
                                         **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Target for {periods.year_label(target.year)} saved: "
                                      f"{indicator.format(target.target)}.")
            return redirect(indicator)
    return render(request, "boards/form_page.html", {
        "form": form, "title": f"Set a target for {indicator}",
        "intro": f"{indicator.get_polarity_display()}. Targets are set per financial year.",
        "back": indicator.get_absolute_url(),
    })


def benchmark_set(request, pk):
    indicator = indicator_for(request, pk, "performance.enter_benchmarks")
    form = BenchmarkForm(request.POST or None, indicator=indicator)
    if form.is_valid():
        data = form.cleaned_data
        before = Benchmark.objects.filter(indicator=indicator, period=data["period"],
                                          kind=data["kind"]).first()
        try:
            services.benchmark_set(indicator=indicator, by=request.user, **data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            replaced = (f" It replaces {indicator.format(before.value)}, entered by "
                        f"{before.entered_by}." if before and before.value != data["value"]
                        else "")
            messages.success(request, f"Benchmark saved.{replaced}")
            return redirect(indicator)
    return render(request, "boards/form_page.html", {
        "form": form, "title": f"Add a benchmark for {indicator}",
        "intro": "Statistical neighbours' and England's figures are shown beside ours, with a "
                 "note that definitions may differ.",
        "back": indicator.get_absolute_url(),
    })


def commentary_edit(request, pk, period):
    indicator = indicator_for(request, pk, "performance.write_commentary")
    start = periods.parse(period)
    if start is None or not periods.is_start(start, indicator.frequency):
        raise Http404("No such period")
    form = CommentaryForm(request.POST or None, current=Commentary.objects.filter(
        indicator=indicator, period=start).first())
    newer, refused = None, False
    if form.is_valid():
        try:
            services.commentary_save(indicator=indicator, period=start, by=request.user,
                                     **form.cleaned_data)
        except StaleEdit as stale:
            newer, refused = stale.current, True
            form.keep_after_conflict(newer)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Commentary saved.")
            return redirect(indicator)
    return render(request, "performance/commentary_form.html", {
        "form": form, "indicator": indicator, "newer": newer,
        "title": f"Commentary on {indicator.name} for {indicator.period_label(start)}",
    }, status=409 if refused else 200)


def raise_action(request, pk):
    indicator = indicator_for(request, pk)
    if not request.user.has_perm("boards.manage_board", indicator.board):
        raise PermissionDenied("Only the business manager adds actions.")
    form = ActionFromItemForm(request.POST or None, initial={
        "lead_agency": indicator.owning_agency_id,
        "description": f"In response to {dashboard.indicator_summary(indicator).evidence_words} ",
    })
    if form.is_valid():
        try:
            with transaction.atomic():
                action = action_services.action_create(board=indicator.board,
                                                       created_by=request.user,
                                                       **form.cleaned_data)
                services.indicator_action_link(indicator=indicator, action=action,
                                               by=request.user)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Action added to the tracker and linked to "
                                      f"{indicator.code}.")
            return redirect(action)
    return render(request, "boards/form_page.html", {
        "form": form, "title": f"Add an action about {indicator}",
        "back": indicator.get_absolute_url(),
    })
