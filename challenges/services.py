"""Every move of a challenge's lifecycle, each in one transaction with its dated, reasoned
event. Illegal moves (see models.TRANSITIONS) raise ValidationError and change nothing."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from actions import services as action_services
from actions.models import ActionSource
from safeguard.lib.uploads import validate_paper
from safeguard.lib.versioning import StaleEdit

from . import reminders
from .models import (
    Challenge,
    ChallengeEvent,
    ChallengeResponse,
    ChallengeStatus,
    Outcome,
    add_working_days,
)

__all__ = ["StaleEdit"]


def _move(challenge, to, *, by, reason="", version=None, level=None, due_on=None, **changes):
    locked = Challenge.objects.select_for_update().get(pk=challenge.pk)
    if version is not None and locked.version != version:
        raise StaleEdit(locked)
    if not locked.can_move_to(to):
        raise ValidationError(
            f"A challenge that is {locked.get_status_display().lower()} cannot become "
            f"{ChallengeStatus(to).label.lower()}."
        )
    ChallengeEvent.objects.create(challenge=locked, from_status=locked.status, to_status=to,
                                  by=by, reason=reason, level=level, due_on=due_on)
    for field, value in changes.items():
        setattr(locked, field, value)
    locked.status = to
    locked.status_changed_at = timezone.now()
    locked.version += 1
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def challenge_raise(*, board, by, question, to_agencies=(), to_board=None, send=True,
                    **fields) -> Challenge:
    """The board raises a challenge (at a meeting, or the chair between meetings) and, unless
    it is kept as a draft, sends it to the agencies or board challenged."""
    if not to_agencies and to_board is None:
        raise ValidationError({"to_agencies": "Choose the agencies or the board challenged"})
    if to_board is not None and to_board.pk == board.pk:
        raise ValidationError({"to_board": "A board cannot challenge itself"})
    challenge = Challenge(board=board, raised_by=by, question=question, to_board=to_board,
                          **fields)
    challenge.full_clean()
    challenge.save()
    challenge.to_agencies.set(to_agencies)
    ChallengeEvent.objects.create(challenge=challenge, to_status=ChallengeStatus.RAISED, by=by,
                                  reason="Raised")
    if send:
        challenge = challenge_send(challenge=challenge, by=by)
    return challenge


@transaction.atomic
def challenge_raise_about(indicator, *, board, by, **fields) -> Challenge:
    """A challenge raised from an indicator's page, linked to the indicator it is about."""
    challenge = challenge_raise(board=board, by=by, **fields)
    challenge.indicators.add(indicator)
    return challenge


@transaction.atomic
def challenge_send(*, challenge, by) -> Challenge:
    if not challenge.response_due_on:
        raise ValidationError({"response_due_on": "Set the date the response is due"})
    challenge = _move(challenge, ChallengeStatus.AWAITING_RESPONSE, by=by,
                      reason="Sent for a response")
    reminders.notify_challenged(challenge)
    return challenge


@transaction.atomic
def challenge_respond(*, challenge, by, text, attachment=None) -> Challenge:
    """The challenged agency answers, in the browser, with an optional document."""
    if not text.strip():
        raise ValidationError({"text": "Enter the response"})
    response = ChallengeResponse(challenge=challenge, text=text.strip(), responded_by=by,
                                 agency=by.agency)
    if attachment:
        response.attachment_type = validate_paper(attachment, field="attachment")
        response.attachment = attachment
        response.attachment_name = attachment.name[:255]
    challenge = _move(challenge, ChallengeStatus.RESPONSE_RECEIVED, by=by,
                      reason=f"Response from {by.agency or by}")
    response.challenge = challenge
    response.full_clean()
    response.save()
    return challenge


@transaction.atomic
def challenge_review(*, challenge, by) -> Challenge:
    return _move(challenge, ChallengeStatus.UNDER_REVIEW, by=by, reason="Review begun")


@transaction.atomic
def challenge_ask_again(*, challenge, by, reason, response_due_on) -> Challenge:
    """The response was not enough: ask again, with a new date."""
    if not reason.strip():
        raise ValidationError({"reason": "Say what more is needed"})
    return _move(challenge, ChallengeStatus.AWAITING_RESPONSE, by=by, reason=reason.strip(),
                 response_due_on=response_due_on)


@transaction.atomic
def challenge_escalate(*, challenge, by, reason) -> Challenge:
    """Up one step of the board's escalation pathway, dated, reasoned, with the date by which
    that level must act (its timescale in working days)."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why it is escalated"})
    challenge = Challenge.objects.select_for_update(of=("self",)).select_related(
        "board", "current_level").get(pk=challenge.pk)  # the level as it is now, not as read
    levels = list(challenge.board.escalation_levels.order_by("level"))
    if not levels:
        raise ValidationError(f"{challenge.board} has no escalation pathway yet.")
    current = challenge.current_level.level if challenge.current_level_id else 0
    higher = [level for level in levels if level.level > current]
    if not higher:
        raise ValidationError("This challenge is already at the top of the escalation pathway.")
    level = higher[0]
    due_on = add_working_days(timezone.localdate(), level.working_days)
    return _move(challenge, ChallengeStatus.ESCALATED, by=by, reason=reason.strip(),
                 level=level, due_on=due_on, current_level=level, response_due_on=due_on)


@transaction.atomic
def challenge_close(*, challenge, by, outcome, outcome_note, closing_evidence="",
                    version=None) -> Challenge:
    """Closing needs the chair's judgement: resolved with impact, resolved without change,
    or not resolved — and why."""
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": "Choose the outcome"})
    if not outcome_note.strip():
        message = ("Say why it was not resolved" if outcome == Outcome.NOT_RESOLVED
                   else "Say what changed as a result")
        raise ValidationError({"outcome_note": message})
    return _move(challenge, ChallengeStatus.RESOLVED, by=by, version=version,
                 reason=Outcome(outcome).label, outcome=outcome,
                 outcome_note=outcome_note.strip(), closing_evidence=closing_evidence.strip(),
                 closed_by=by, closed_at=timezone.now())


@transaction.atomic
def action_from_challenge(*, challenge, created_by, **fields):
    """A challenge can spawn actions on the tracker; the challenge holds the link."""
    action = action_services.action_create(
        board=challenge.board, created_by=created_by, source=ActionSource.CHALLENGE,
        is_confidential=challenge.is_confidential, **fields,
    )
    challenge.actions.add(action)
    return action
