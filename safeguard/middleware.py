"""Project-wide response headers."""

from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    """Nothing the app renders is kept by a browser or a proxy: every page, export, PDF, feed
    and API answer is `Cache-Control: no-store`. Deciding page by page which ones show
    confidential content would be a rule to forget on the next page; static files, served
    before this by WhiteNoise, still cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response
