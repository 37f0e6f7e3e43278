"""Documents as PDF with WeasyPrint: HTML from a template, fetched resources limited to the
app's own static files (nothing from the network, nothing from the file system beyond them).

`render_pdf` gives the bytes, so a Celery task can build a long document and store or mail it;
`pdf_response` wraps them as a download for a view."""

from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string

BASE_URL = "https://safeguard.invalid/"


def _static_only_fetcher():
    """WeasyPrint's fetcher, held to the app's static files. WeasyPrint 70 (pinned) takes a
    URLFetcher: the plain function this used to be crashed the rendering at the first
    stylesheet or image a document linked to."""
    from weasyprint.urls import URLFetcher

    class StaticOnly(URLFetcher):
        def fetch(self, url, headers=None):
            path = urlparse(url).path
            if (url.startswith(BASE_URL) and path.startswith(settings.STATIC_URL)
                    and ".." not in path.split("/")):
                found = finders.find(path.removeprefix(settings.STATIC_URL))
                if found:
                    return super().fetch(Path(found).as_uri(), headers)
            raise ValueError(f"Not fetched: {url}")

    return StaticOnly(allowed_protocols={"file"})


def render_pdf(template, context) -> bytes:
    """The template rendered with the context, as a tagged PDF (PDF/UA-1)."""
    from weasyprint import HTML

    html = render_to_string(template, context)
    return HTML(string=html, base_url=BASE_URL, url_fetcher=_static_only_fetcher()).write_pdf(
        pdf_variant="pdf/ua-1")


def pdf_response(template, context, *, filename) -> HttpResponse:
    """The PDF as a download named `filename`."""
    response = HttpResponse(render_pdf(template, context), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
