"""The data's way in and through: the entry grid (submit), validation and publication."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from boards.views.lookups import board_for
from safeguard.lib.params import record_number

from .. import periods, rules, services
from ..forms import ReturnForm
from ..imports import parse_number
from ..models import (
    Breakdown,
    Frequency,
    Indicator,
    IndicatorValue,
    SubmittedVia,
    ValueStatus,
)

RECENT_PERIODS = 8
QUEUE_LIMIT = 1000


def _submittable(user, board):
    indicators = (Indicator.objects.filter(board=board)
                  .select_related("theme", "owning_agency")
                  .prefetch_related(Prefetch("breakdowns", Breakdown.objects.order_by(
                      "dimension", "position", "label"))))
    if not user.has_perm("boards.manage_board", board):
        indicators = indicators.filter(owning_agency_id=user.agency_id)
    return list(indicators)


def _period_options(indicators, today):
    frequencies = [f for f in Frequency.values if any(i.frequency == f for i in indicators)]
    return [(f"{frequency}:{start:%Y-%m}",
             f"{periods.label(start, frequency)} ({Frequency(frequency).label.lower()})")
            for frequency in frequencies
            for start in periods.recent(frequency, today, RECENT_PERIODS)]


def _chosen(choice, options):
    values = [value for value, _ in options]
    if choice not in values:
        choice = values[0] if values else None
    if choice is None:
        return None, None, None
    frequency, month = choice.split(":")
    return choice, frequency, periods.parse(month)


def _chosen_values(request):
    """The ids of the figures ticked; anything that is not an id is left out."""
    return [n for v in request.POST.getlist("value") if (n := record_number(v)) is not None]


class Cell:
    def __init__(self, indicator, breakdown):
        self.indicator = indicator
        self.breakdown = breakdown
        suffix = f"{indicator.pk}_{breakdown.pk if breakdown else 0}"
        self.name = f"v_{suffix}"
        self.seen_name = f"seen_{suffix}"
        self.pending = self.published = self.returned = None
        self.entered = ""
        self.error = ""

    @property
    def seen(self):
        return self.pending.pk if self.pending else 0

    @property
    def initial(self):
        if self.pending:
            return f"{self.pending.value.normalize():f}"
        return ""


def _cells(indicators, period):
    cells, by_key = [], {}
    for indicator in indicators:
        for breakdown in [None, *indicator.breakdowns.all()]:
            cell = Cell(indicator, breakdown)
            cells.append(cell)
            by_key[indicator.pk, breakdown.pk if breakdown else None] = cell
    rows = (IndicatorValue.objects.filter(indicator__in=indicators, period=period)
            .exclude(status=ValueStatus.SUPERSEDED).select_related("submitted_by")
            .order_by("submitted_at", "pk"))
    for row in rows:
        cell = by_key.get((row.indicator_id, row.breakdown_id))
        if cell is None:
            continue
        row.indicator = cell.indicator  # already read: saves a query per cell
        if row.status == ValueStatus.PUBLISHED:
            cell.published = row
        elif row.status == ValueStatus.RETURNED:
            cell.returned = row
        else:
            cell.pending = row
    for cell in cells:  # a returned figure that was submitted again is history, not news
        if (cell.returned and cell.pending
                and cell.pending.submitted_at > cell.returned.submitted_at):
            cell.returned = None
    return cells


def enter_values(request, pk):
    board = board_for(request, pk)
    user = request.user
    if not rules.may_submit_for(user, board):
        raise PermissionDenied("Only the indicators' agencies and the business manager enter "
                               "figures.")
    today = timezone.localdate()
    indicators = _submittable(user, board)
    options = _period_options(indicators, today)
    choice, frequency, period = _chosen(request.POST.get("period") or request.GET.get("period"),
                                        options)
    shown = [i for i in indicators if i.frequency == frequency]
    cells = _cells(shown, period) if period else []
    errors, correction_reason = [], ""
    if request.method == "POST" and period:
        correction_reason = request.POST.get("correction_reason", "")
        entries, refs = [], {}
        for cell in cells:
            cell.entered = request.POST.get(cell.name, "").strip()
            if not cell.entered:
                continue
            try:
                number = parse_number(cell.entered,
                                      percentage_ok=cell.indicator.unit == "percentage")
            except ValueError as error:
                cell.error = str(error)
                continue
            try:
                seen = int(request.POST.get(cell.seen_name, "0"))
            except ValueError:
                seen = -1
            entries.append(services.Entry(indicator=cell.indicator, period=period,
                                          breakdown=cell.breakdown, value=number, seen=seen,
                                          ref=cell.name))
            refs[cell.name] = cell
        if not any(c.error for c in cells):
            try:
                result = services.values_submit(by=user, entries=entries,
                                                via=SubmittedVia.BROWSER,
                                                correction_reason=correction_reason)
            except services.SubmissionRejected as rejected:
                for problem in rejected.problems:
                    if problem.ref in refs:
                        refs[problem.ref].error = problem.message
                    else:
                        errors.append({"text": problem.message,
                                       "href": "#correction_reason" if any(
                                           c.published for c in cells) else "#grid"})
            else:
                if not entries:
                    messages.info(request, "No figures were entered, so nothing was saved.")
                else:
                    messages.success(request, f"{result.words[0].upper()}{result.words[1:]}.")
                return redirect(f"{reverse('performance:enter', args=[board.pk])}?period={choice}")
        errors = [{"text": f"{c.indicator.code}{f' {c.breakdown}' if c.breakdown else ''}: "
                           f"{c.error}", "href": f"#{c.name}"}
                  for c in cells if c.error] + errors
    else:
        for cell in cells:
            cell.entered = cell.initial
    return render(request, "performance/enter.html", {
        "board": board, "options": options, "choice": choice,
        "period_label": periods.label(period, frequency) if period else "",
        "cells": cells, "errors": errors, "correction_reason": correction_reason,
        "has_published": any(c.published for c in cells),
    })


def _queue(board, status):
    values = (IndicatorValue.objects.filter(indicator__board=board, status=status)
              .select_related("indicator", "breakdown", "submitted_by", "validated_by",
                              "corrects__indicator")
              .order_by("period", "indicator__code", "breakdown__position", "pk"))
    return list(values[:QUEUE_LIMIT])


def validate_values(request, pk):
    """The validator's queue: submitted figures, validated or sent back by someone other than
    who submitted them."""
    board = board_for(request, pk)
    user = request.user
    if not rules.may_validate_on(user, board):
        raise PermissionDenied("Only the board's performance officers and business manager "
                               "validate figures.")
    form = ReturnForm(request.POST or None)
    errors = []
    if request.method == "POST":
        chosen = IndicatorValue.objects.filter(
            indicator__board=board, pk__in=_chosen_values(request))
        if not chosen:
            errors.append({"text": "Choose the figures first", "href": "#values"})
        else:
            try:
                if request.POST.get("decision") == "return":
                    count = services.values_return(by=user, values=chosen,
                                                   reason=request.POST.get("reason", ""))
                    messages.success(request, f"{count:,} figure(s) sent back to the agency.")
                else:
                    count = services.values_validate(by=user, values=chosen)
                    messages.success(request, f"{count:,} figure(s) validated: the business "
                                              f"manager can now publish them.")
            except services.SubmissionRejected as rejected:
                errors += [{"text": p.message, "href": "#values"} for p in rejected.problems]
            except ValidationError as error:
                for message in error.message_dict.get("reason", error.messages):
                    form.add_error("reason", message)
                    errors.append({"text": message, "href": "#id_reason"})
            else:
                return redirect("performance:validate", board.pk)
    values = _queue(board, ValueStatus.SUBMITTED)
    return render(request, "performance/validate.html", {
        "board": board, "values": values, "form": form, "errors": errors,
        "limit": QUEUE_LIMIT, "own": {v.pk for v in values if v.submitted_by_id == user.pk},
        "chosen": set(request.POST.getlist("value")),
    })


def publish_values(request, pk):
    board = board_for(request, pk, "boards.manage_board")
    user = request.user
    errors = []
    if request.method == "POST":
        chosen = IndicatorValue.objects.filter(
            indicator__board=board, pk__in=_chosen_values(request))
        if not chosen:
            errors.append({"text": "Choose the figures to publish", "href": "#values"})
        else:
            try:
                count = services.values_publish(by=user, values=chosen)
            except services.SubmissionRejected as rejected:
                errors += [{"text": p.message, "href": "#values"} for p in rejected.problems]
            else:
                messages.success(request, f"{count:,} figure(s) published: they are on the "
                                          f"dashboard now.")
                return redirect("performance:publish", board.pk)
    return render(request, "performance/publish.html", {
        "board": board, "values": _queue(board, ValueStatus.VALIDATED), "errors": errors,
        "limit": QUEUE_LIMIT, "own": set(), "chosen": set(request.POST.getlist("value")),
    })
