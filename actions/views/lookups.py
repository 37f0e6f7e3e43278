from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from ..models import Action


def action_for(request, pk, perm=None, for_update=False) -> Action:
    """Outsiders get 404; those who may see but not do get 403."""
    action = get_object_or_404(Action.objects.for_tracker(), pk=pk)
    if not request.user.has_perm("actions.view_action", action):
        raise Http404("Not found")
    if perm and not request.user.has_perm(perm, action):
        raise PermissionDenied("Your role does not allow that.")
    return action
