"""PDF rendering (safeguard/lib/pdf.py): bytes first, a download beside, and nothing fetched
but the app's own static files."""

import pytest

from safeguard.lib import pdf


@pytest.fixture
def template(settings, tmp_path):
    (tmp_path / "letter.html").write_text(
        '<html lang="en"><head><title>{{ title }}</title>'
        '<link rel="stylesheet" href="/static/css/app.css"></head>'
        "<body><h1>{{ title }}</h1></body></html>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0],
                           "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    return "letter.html"


def test_a_long_document_renders_to_bytes_for_a_task(template):
    content = pdf.render_pdf(template, {"title": "Annual report"})
    assert isinstance(content, bytes) and content.startswith(b"%PDF-")


def test_the_download_wraps_the_same_bytes(template):
    response = pdf.pdf_response(template, {"title": "Minutes"}, filename="minutes.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="minutes.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content.startswith(b"%PDF-")


@pytest.mark.parametrize("url", ["https://example.org/x.css", "file:///etc/passwd",
                                 f"{pdf.BASE_URL}static/../../settings.py",
                                 f"{pdf.BASE_URL}media/secret.pdf"])
def test_nothing_is_fetched_but_the_apps_static_files(url):
    with pytest.raises(ValueError, match="Not fetched"):
        pdf._static_only_fetcher().fetch(url)


def test_the_apps_static_files_are_fetched_and_used(settings, tmp_path):
    (tmp_path / "print.css").write_text("h1 { color: rgb(1, 2, 3) }")
    settings.STATICFILES_DIRS = [tmp_path]
    response = pdf._static_only_fetcher().fetch(f"{pdf.BASE_URL}static/print.css")
    try:
        assert b"rgb(1, 2, 3)" in response.read()
    finally:
        response.close()
