"""The filtered tracker exports as CSV and XLSX, built in the background with progress, so a
100,000-row export never holds a request open."""

import csv
import io
from datetime import date

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions import exports, services
from actions.models import ActionStatus, Export

from .factories import ActionFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _run_queued_tasks(monkeypatch):
    """The export is queued when the request commits; the test's transaction never commits,
    so run what would be queued at once (the task itself is eager in tests)."""
    monkeypatch.setattr(services.transaction, "on_commit", lambda callback: callback())


@pytest.fixture
def tracker(cast):
    council_lead = PersonFactory(agency=cast.council, full_name="Amira Shah")
    ActionFactory(board=cast.board, lead_person=cast.partner, lead_agency=cast.police,
                  description="Audit the use of the Graded Care Profile", number="1.1",
                  due_on=date(2017, 6, 30), status=ActionStatus.IN_PROGRESS,
                  created_by=cast.manager)
    ActionFactory(board=cast.board, lead_person=council_lead, lead_agency=cast.council,
                  description="Show sickness absence over time", number="1.2",
                  due_on=date(2017, 6, 28), status=ActionStatus.COMPLETE,
                  impact_evidence="Sickness down from 5.2% to 3.9%", created_by=cast.manager)
    return cast


def start(client, board, file_format, query=""):
    return client.post(reverse("actions:export"), {
        "scope": f"board:{board.pk}", "format": file_format, "query": query,
    })


def download(client, response):
    export = Export.objects.get()
    assert response["Location"] == reverse("actions:export_status", args=[export.code])
    page = client.get(response["Location"]).content.decode()
    assert "Ready" in page or "Download" in page
    file = client.get(reverse("actions:export_download", args=[export.code]))
    return b"".join(file.streaming_content)


def test_csv_export_of_the_filtered_tracker(tracker, client_for):
    client = client_for(tracker.manager)
    response = start(client, tracker.board, "csv", query=f"lead_agency={tracker.council.pk}")
    rows = list(csv.DictReader(io.StringIO(download(client, response).decode("utf-8-sig"))))
    assert rows == [{
        "Board": "Wirral Improvement Board", "Number": "1.2",
        "Action": "Show sickness absence over time", "Lead": "Amira Shah",
        "Lead agency": "Wirral Council", "By when": "2017-06-28", "Status": "Complete",
        "RAG (system)": "Green", "RAG (lead's own)": "", "Latest progress update": "",
        "Updated on": "", "Evidence of impact": "Sickness down from 5.2% to 3.9%",
        "Source": "Entered directly",
    }]


def test_xlsx_export_in_plan_order(tracker, client_for):
    client = client_for(tracker.chair)
    content = download(client, start(client, tracker.board, "xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    values = list(sheet.values)
    assert values[0][:3] == ("Board", "Number", "Action")
    assert [row[1] for row in values[1:]] == ["1.1", "1.2"]
    assert values[1][2] == "Audit the use of the Graded Care Profile"


def test_exports_are_built_in_chunks_with_progress(tracker, settings):
    settings.EXPORT_CHUNK_ROWS = 10
    for i in range(33):
        ActionFactory(board=tracker.board, lead_person=tracker.partner,
                      lead_agency=tracker.police, created_by=tracker.manager,
                      description=f"Dip sample {i}")
    export = services.export_request(person=tracker.manager, board=tracker.board,
                                    scope=f"board:{tracker.board.pk}", query="",
                                    file_format="xlsx")
    with CaptureQueriesContext(connection) as queries:
        exports.build(export.pk)
    progress = [q["sql"] for q in queries.captured_queries
                if q["sql"].startswith('UPDATE "actions_export" SET "rows_done"')]
    assert len(progress) == 4  # 35 rows in chunks of 10
    export.refresh_from_db()
    assert (export.status, export.rows_done, export.rows_total) == ("done", 35, 35)


def test_only_whoever_asked_can_download(tracker, client_for):
    client = client_for(tracker.manager)
    start(client, tracker.board, "csv")
    export = Export.objects.get()
    other = client_for(tracker.chair)
    assert other.get(reverse("actions:export_status", args=[export.code])).status_code == 404
    assert other.get(reverse("actions:export_download", args=[export.code])).status_code == 404


def test_an_outsider_cannot_export_a_board(tracker, client_for):
    response = start(client_for(tracker.outsider), tracker.board, "csv")
    assert response.status_code == 404
    assert not Export.objects.exists()


def test_confidential_actions_leave_the_export_for_non_members(tracker, client_for):
    ActionFactory(board=tracker.board, lead_person=tracker.outsider, lead_agency=tracker.police,
                  created_by=tracker.manager, description="Case complexity follow-up",
                  is_confidential=True)
    client = client_for(tracker.outsider)
    client.post(reverse("actions:export"), {"scope": "mine", "format": "csv", "query": ""})
    content = download_any(client)
    assert "Case complexity follow-up" not in content
    assert "Audit the use of the Graded Care Profile" in content  # police, not confidential


def download_any(client):
    export = Export.objects.get()
    file = client.get(reverse("actions:export_download", args=[export.code]))
    return b"".join(file.streaming_content).decode("utf-8-sig")
