from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from boards.rules import is_member_of
from boards.views.lookups import agenda_item_for

from . import services
from .forms import ActionForm
from .models import Action


def action_create_from_item(request, item_pk):
    item = agenda_item_for(request, item_pk, "boards.manage_board")
    form = ActionForm(request.POST or None)
    if form.is_valid():
        services.action_create_from_item(item=item, created_by=request.user, **form.cleaned_data)
        messages.success(request, "Action added.")
        return redirect(item)
    return render(request, "boards/form_page.html", {
        "form": form, "title": f"Add an action arising from item {item.position}: {item.title}",
        "back": item.get_absolute_url(),
    })


def action_detail(request, pk):
    action = get_object_or_404(
        Action.objects.for_tracker().select_related("created_by"), pk=pk
    )
    if not is_member_of(request.user, action.board):
        raise Http404("Not found")
    return render(request, "actions/action_detail.html", {"action": action})
