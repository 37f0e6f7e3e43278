"""One action: its page, its progress log and history, and every change to it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from boards.rules import is_member_of
from boards.views.editing import versioned_edit
from boards.views.lookups import agenda_item_for, board_for
from safeguard.lib.forms import add_service_error
from safeguard.lib.redirects import next_or
from safeguard.lib.versioning import StaleEdit

from .. import presenters, services
from ..forms import (
    ActionEditForm,
    ActionForm,
    ActionFromItemForm,
    DelegateForm,
    ImpactForm,
    ProgressForm,
    ReasonForm,
    VersionForm,
)
from ..models import ActionSource
from .lookups import action_for


def action_detail(request, pk):
    action = action_for(request, pk)
    user = request.user
    return render(request, "actions/action_detail.html", {
        "action": action,
        "updates": action.updates.select_related("written_by"),
        "history": action.history.select_related("changed_by")[:200],
        "supporting": action.supporting_agencies.all(),
        "can_update": user.has_perm("actions.update_progress", action),
        "can_close": user.has_perm("actions.close_action", action),
        "can_edit": user.has_perm("actions.edit_action", action),
        "can_delegate": user.has_perm("actions.delegate_action", action),
        "is_member": is_member_of(user, action.board_id),
        "progress_form": ProgressForm(action=action),
        "impact_form": ImpactForm(initial={
            "evidence": action.impact_evidence, "evidenced_on": action.impact_evidenced_on,
            "version": action.version,
        }),
    })


@require_POST
def progress_add(request, pk):
    """The inline update from a tracker row (htmx swaps the row) or the action page.
    Without JavaScript it is an ordinary form post that comes back to the list."""
    action = action_for(request, pk, "actions.update_progress")
    form = ProgressForm(request.POST, action=action)
    conflict = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                action = services.progress_add(
                    action=action, by=request.user, text=data["text"], status=data["status"],
                    version=data["version"], lead_rag=data["lead_rag"])
        except StaleEdit as stale:
            conflict = action = stale.current
            form = ProgressForm.kept_after_conflict(request.POST, action)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return _progress_saved(request, action)
    status = 409 if conflict else 422
    if request.htmx:
        return _row(request, action, form, status=status, conflict=conflict)
    return render(request, "actions/progress_form.html", {
        "action": _fresh(action), "form": form, "conflict": conflict,
        "next": next_or(request, ""),
    }, status=status)


def _progress_saved(request, action):
    if request.htmx:
        return _row(request, action, ProgressForm(action=action), saved=True)
    messages.success(request, f"Update saved: {action.get_status_display()}.")
    return redirect(next_or(request, action.get_absolute_url()))


def _row(request, action, form, status=200, **context):
    """The tracker row again (htmx swaps it in), with the form as it now is."""
    return render(request, "actions/_row.html", {
        "row": presenters.card({"action": _fresh(action), "can_update": True, "form": form}),
        **context,
    }, status=status)


def _fresh(action):
    from ..models import Action

    return Action.objects.for_tracker().get(pk=action.pk)


def _versioned_step(request, pk, *, perm, form_class, step, title, success, **form_kwargs):
    action = action_for(request, pk, perm)
    form = form_class(request.POST or None, initial={"version": action.version}, **form_kwargs)
    if form.is_valid():
        try:
            with transaction.atomic():
                step(action=action, by=request.user, **form.cleaned_data)
        except StaleEdit as stale:
            form.add_error(None, f"Someone else changed this action meanwhile (it is now "
                                 f"{stale.current.get_status_display().lower()}). "
                                 f"Check it and try again.")
            data = request.POST.copy()
            data["version"] = stale.current.version
            form = form_class(data, **form_kwargs)
            form.is_valid()
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, success)
            return redirect(action)
    return render(request, "boards/form_page.html", {
        "form": form, "title": title, "back": action.get_absolute_url(),
        "intro": action.description,
    })


def impact_record(request, pk):
    return _versioned_step(
        request, pk, perm="actions.update_progress", form_class=ImpactForm,
        step=services.impact_record, title="Record evidence of impact",
        success="Evidence of impact saved.",
    )


def delegate(request, pk):
    action = action_for(request, pk, "actions.delegate_action")
    return _versioned_step(
        request, pk, perm="actions.delegate_action", form_class=DelegateForm,
        step=services.action_delegate, title="Delegate to an officer of the same agency",
        success="Action delegated. You still see it among your actions.", action=action,
    )


def send_back(request, pk):
    return _versioned_step(
        request, pk, perm="actions.close_action", form_class=ReasonForm,
        step=services.action_send_back, title="Send back to the lead",
        success="Sent back to the lead.", submit_label="Send back",
    )


def reopen(request, pk):
    return _versioned_step(
        request, pk, perm="actions.close_action", form_class=ReasonForm,
        step=services.action_reopen, title="Reopen the action", success="Action reopened.",
        submit_label="Reopen",
    )


def withdraw(request, pk):
    return _versioned_step(
        request, pk, perm="actions.close_action", form_class=ReasonForm,
        step=services.action_withdraw, title="Withdraw the action",
        success="Action withdrawn. It stays on the record, marked withdrawn.",
        submit_label="Withdraw",
    )


@require_POST
def close(request, pk):
    action = action_for(request, pk, "actions.close_action")
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The page was incomplete, so nothing was changed: close the "
                                "action again from its page.")
        return redirect(action)
    try:
        with transaction.atomic():
            services.action_close(action=action, by=request.user,
                                  version=form.cleaned_data["version"])
    except StaleEdit:
        messages.error(request, "Someone else changed this action meanwhile: check it first.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Action closed.")
    return redirect(action)


def edit(request, pk):
    action = action_for(request, pk, "actions.edit_action")
    return versioned_edit(
        request, action, ActionEditForm, title="Edit the action",
        back=action.get_absolute_url(), save=lambda form: services.action_edit(
            action=action, by=request.user, version=form.cleaned_data["version"],
            supporting_agencies=form.cleaned_data["supporting_agencies"],
            **{f: form.cleaned_data[f] for f in ("number", "description", "lead_person",
                                                 "lead_agency", "due_on")}),
        success="Action saved.",
    )


def create(request, board_pk):
    board = board_for(request, board_pk, "boards.manage_board")
    form = ActionForm(request.POST or None, initial={"source": ActionSource.DIRECT})
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            with transaction.atomic():
                action = services.action_create(board=board, created_by=request.user, **data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Action added.")
            return redirect(action)
    return render(request, "boards/form_page.html", {
        "form": form, "title": f"Add an action to {board}", "back": board.get_absolute_url(),
    })


def create_from_item(request, item_pk):
    item = agenda_item_for(request, item_pk, "boards.manage_board")
    form = ActionFromItemForm(request.POST or None)
    if form.is_valid():
        try:
            services.action_create_from_item(item=item, created_by=request.user,
                                             **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Action added.")
            return redirect(item)
    return render(request, "boards/form_page.html", {
        "form": form, "title": f"Add an action arising from item {item.position}: {item.title}",
        "back": item.get_absolute_url(),
    })
