from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from ..models import Indicator


def indicator_for(request, pk, perm=None) -> Indicator:
    """Outsiders get 404; members who may read but not do get 403."""
    indicator = get_object_or_404(
        Indicator.objects.select_related("board", "theme", "owning_agency"), pk=pk)
    if not request.user.has_perm("performance.view_indicator", indicator):
        raise Http404("Not found")
    if perm and not request.user.has_perm(perm, indicator):
        raise PermissionDenied("Your role does not allow that.")
    return indicator
