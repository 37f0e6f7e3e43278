"""One challenge through its lifecycle: raised, answered, reviewed, escalated, closed."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from actions.forms import ActionFromItemForm
from boards.models import Meeting
from boards.views.lookups import board_for
from performance.dashboard import indicator_summary
from performance.views.lookups import indicator_for
from safeguard.lib.forms import add_service_error
from safeguard.lib.versioning import StaleEdit

from .. import services
from ..forms import AskAgainForm, ChallengeForm, CloseForm, ReasonForm, ResponseForm
from ..models import ChallengeResponse, ChallengeStatus, EvidenceKind
from .lookups import challenge_for


def challenge_raise(request, pk, meeting_pk=None):
    board = board_for(request, pk)
    if not request.user.has_perm("challenges.raise_challenge", board):
        raise PermissionDenied("Only the chair or business manager raise challenges.")
    meeting = get_object_or_404(Meeting, pk=meeting_pk, board=board) if meeting_pk else None
    form = ChallengeForm(request.POST or None, board=board, meeting=meeting)
    if form.is_valid():
        try:
            with transaction.atomic():
                challenge = services.challenge_raise(board=board, by=request.user,
                                                     **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Challenge raised and sent to {challenge.addressed_to()}.")
            return redirect(challenge)
    return render(request, "boards/form_page.html", {
        "form": form, "title": f"Raise a challenge for {board}",
        "back": (meeting or board).get_absolute_url(),
    })


def raise_about_indicator(request, pk):
    """A challenge about an indicator, its case already made from the figures, linked to it."""
    indicator = indicator_for(request, pk)
    board = indicator.board
    if not request.user.has_perm("challenges.raise_challenge", board):
        raise PermissionDenied("Only the chair or business manager raise challenges.")
    form = ChallengeForm(request.POST or None, board=board, initial={
        "why": indicator_summary(indicator).evidence_words,
        "evidence_kind": EvidenceKind.INDICATOR, "to_agencies": [indicator.owning_agency_id],
    })
    if form.is_valid():
        try:
            challenge = services.challenge_raise_about(indicator, board=board, by=request.user,
                                                       **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Challenge raised and sent to {challenge.addressed_to()}."
                                      f" It is linked to {indicator.code}.")
            return redirect(challenge)
    return render(request, "boards/form_page.html", {
        "form": form, "title": f"Raise a challenge about {indicator}",
        "back": indicator.get_absolute_url(),
    })


def challenge_detail(request, pk):
    challenge = challenge_for(request, pk)
    user = request.user
    can_manage = user.has_perm("challenges.manage", challenge)
    return render(request, "challenges/challenge_detail.html", {
        "challenge": challenge,
        "responses": challenge.responses.select_related("responded_by", "agency"),
        "events": challenge.events.select_related("by", "level"),
        "actions": challenge.actions.select_related("lead_person", "lead_agency"),
        "levels": challenge.board.escalation_levels.all(),
        "can_respond": user.has_perm("challenges.respond", challenge)
        and challenge.status in (ChallengeStatus.AWAITING_RESPONSE, ChallengeStatus.ESCALATED),
        "can_manage": can_manage,
        "can_close": user.has_perm("challenges.close", challenge),
        "is_board_member": user.has_perm("boards.view_board", challenge.board),
    })


def respond(request, pk):
    challenge = challenge_for(request, pk, "challenges.respond")
    form = ResponseForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        try:
            with transaction.atomic():
                services.challenge_respond(challenge=challenge, by=request.user,
                                           text=form.cleaned_data["text"],
                                           attachment=form.cleaned_data["attachment"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Response sent to the board.")
            return redirect(challenge)
    return render(request, "boards/form_page.html", {
        "form": form, "title": "Respond to the challenge", "intro": challenge.question,
        "back": challenge.get_absolute_url(),
    })


def _step(request, challenge, action, success):
    try:
        with transaction.atomic():
            action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect(challenge)


@require_POST
def send(request, pk):
    challenge = challenge_for(request, pk, "challenges.manage")
    return _step(request, challenge,
                 lambda: services.challenge_send(challenge=challenge, by=request.user),
                 "Challenge sent for a response.")


@require_POST
def review(request, pk):
    challenge = challenge_for(request, pk, "challenges.manage")
    return _step(request, challenge,
                 lambda: services.challenge_review(challenge=challenge, by=request.user),
                 "Review begun.")


def _reason_step(request, pk, *, perm, form, step, title, success):
    challenge = challenge_for(request, pk, perm)
    if form.is_valid():
        try:
            with transaction.atomic():
                step(challenge=challenge, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, success)
            return redirect(challenge)
    return render(request, "boards/form_page.html", {
        "form": form, "title": title, "intro": challenge.question,
        "back": challenge.get_absolute_url(),
    })


def escalate(request, pk):
    return _reason_step(
        request, pk, perm="challenges.manage",
        form=ReasonForm(request.POST or None, submit_label="Escalate"),
        step=services.challenge_escalate, title="Escalate the challenge",
        success="Escalated to the next level of the pathway.",
    )


def ask_again(request, pk):
    return _reason_step(
        request, pk, perm="challenges.manage",
        form=AskAgainForm(request.POST or None, submit_label="Ask again"),
        step=services.challenge_ask_again, title="Ask for more", success="Asked again.",
    )


def close(request, pk):
    challenge = challenge_for(request, pk, "challenges.close")
    form = CloseForm(request.POST or None, initial={"version": challenge.version})
    if form.is_valid():
        try:
            with transaction.atomic():
                services.challenge_close(challenge=challenge, by=request.user,
                                         **form.cleaned_data)
        except StaleEdit:
            form.add_error(None, "Something changed on this challenge meanwhile (a new "
                                 "response?). Read it again before closing.")
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Challenge closed with your judgement.")
            return redirect(challenge)
    return render(request, "boards/form_page.html", {
        "form": form, "title": "Close the challenge", "intro": challenge.question,
        "back": challenge.get_absolute_url(),
    })


def add_action(request, pk):
    challenge = challenge_for(request, pk, "challenges.manage")
    form = ActionFromItemForm(request.POST or None)
    if form.is_valid():
        try:
            services.action_from_challenge(challenge=challenge, created_by=request.user,
                                           **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Action added to the tracker.")
            return redirect(challenge)
    return render(request, "boards/form_page.html", {
        "form": form, "title": "Add an action arising from the challenge",
        "intro": challenge.question, "back": challenge.get_absolute_url(),
    })


def response_attachment(request, pk):
    response = get_object_or_404(ChallengeResponse, pk=pk, attachment__gt="")
    challenge_for(request, response.challenge_id)
    download = FileResponse(response.attachment.open("rb"), as_attachment=True,
                            filename=response.attachment_name,
                            content_type=response.attachment_type)
    download["X-Content-Type-Options"] = "nosniff"
    return download
