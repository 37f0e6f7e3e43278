"""The data's way in and through: the entry grid (submit), validation and publication."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from boards.views.lookups import board_for
from safeguard.lib.params import record_number

from .. import rules, services
from ..forms import ReturnForm
from ..grid import Grid
from ..models import (
    IndicatorValue,
    SubmittedVia,
    ValueStatus,
)

QUEUE_LIMIT = 1000


def _chosen_values(request):
    """The ids of the figures ticked; anything that is not an id is left out."""
    return [n for v in request.POST.getlist("value") if (n := record_number(v)) is not None]


def enter_values(request, pk):
    board = board_for(request, pk)
    if not rules.may_submit_for(request.user, board):
        raise PermissionDenied("Only the indicators' agencies and the business manager enter "
                               "figures.")
    grid = Grid(board, request.user, request.POST.get("period") or request.GET.get("period"))
    errors = []
    if request.method == "POST" and grid.period:
        entries = grid.read(request.POST)
        if not grid.unreadable():
            try:
                result = services.values_submit(by=request.user, entries=entries,
                                                via=SubmittedVia.BROWSER,
                                                correction_reason=grid.correction_reason)
            except services.SubmissionRejected as rejected:
                errors = grid.refused(rejected.problems)
            else:
                if not entries:
                    messages.info(request, "No figures were entered, so nothing was saved.")
                else:
                    messages.success(request, f"{result.words[0].upper()}{result.words[1:]}.")
                return redirect(f"{reverse('performance:enter', args=[board.pk])}"
                                f"?period={grid.choice}")
        errors = grid.cell_errors() + errors
    else:
        grid.show_as_stored()
    return render(request, "performance/enter.html", {
        "board": board, "errors": errors, **grid.context()})


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
        errors = (_decide(request, chosen, form) if chosen
                  else [{"text": "Choose the figures first", "href": "#values"}])
        if not errors:
            return redirect("performance:validate", board.pk)
    values = _queue(board, ValueStatus.SUBMITTED)
    return render(request, "performance/validate.html", {
        "board": board, "values": values, "form": form, "errors": errors,
        "limit": QUEUE_LIMIT, "own": {v.pk for v in values if v.submitted_by_id == user.pk},
        "chosen": set(request.POST.getlist("value")),
    })


def _decide(request, chosen, form) -> list:
    """Validate the figures chosen, or send them back with the reason; the errors, if not."""
    try:
        if request.POST.get("decision") == "return":
            count = services.values_return(by=request.user, values=chosen,
                                           reason=request.POST.get("reason", ""))
            messages.success(request, f"{count:,} figure(s) sent back to the agency.")
        else:
            count = services.values_validate(by=request.user, values=chosen)
            messages.success(request, f"{count:,} figure(s) validated: the business "
                                      f"manager can now publish them.")
    except services.SubmissionRejected as rejected:
        return [{"text": p.message, "href": "#values"} for p in rejected.problems]
    except ValidationError as error:
        errors = []
        for message in error.message_dict.get("reason", error.messages):
            form.add_error("reason", message)
            errors.append({"text": message, "href": "#id_reason"})
        return errors
    return []


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
