"""Safe redirects: a page's `next` is followed only when it stays on this site."""

from django.utils.http import url_has_allowed_host_and_scheme


def next_or(request, default):
    """The posted (or asked-for) `next` address if it is on this site, else `default`: a link
    that sends someone elsewhere after a save is not followed."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return default
