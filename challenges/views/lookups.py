from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from ..models import Challenge


def challenge_for(request, pk, perm=None) -> Challenge:
    """Outsiders get 404; those who may see but not do get 403."""
    challenge = get_object_or_404(Challenge.objects.for_log(), pk=pk)
    if not request.user.has_perm("challenges.view_challenge", challenge):
        raise Http404("Not found")
    if perm and not request.user.has_perm(perm, challenge):
        raise PermissionDenied("Your role does not allow that.")
    return challenge
