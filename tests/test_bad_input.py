"""Bad input gets a clear message next to the field, and nothing is saved half-way."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from boards.models import AgendaItem, Board, Meeting, Membership, Paper

from .factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def field_errors(response, field):
    return response.context["form"].errors.get(field, [])


def test_a_meeting_without_a_date_is_refused_next_to_the_date(cast, client_for):
    response = client_for(cast.manager).post(
        reverse("boards:meeting_create", args=[cast.board.pk]),
        {"kind": "ordinary", "start_time": "14:00", "end_time": "16:00", "venue": "Town Hall"},
    )
    assert response.status_code == 200
    assert field_errors(response, "day")
    assert "There is a problem" in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_meeting_ending_before_it_starts_is_refused(cast, client_for):
    response = client_for(cast.manager).post(
        reverse("boards:meeting_create", args=[cast.board.pk]),
        {"kind": "ordinary", "day_0": "10", "day_1": "5", "day_2": "2027",
         "start_time": "14:00", "end_time": "13:00", "venue": "Birkenhead Town Hall"},
    )
    assert field_errors(response, "end_time") == ["The end time must be after the start time"]
    assert not Meeting.objects.exists()


def test_a_meeting_is_scheduled_with_its_opening_items(cast, client_for):
    response = client_for(cast.manager).post(
        reverse("boards:meeting_create", args=[cast.board.pk]),
        {"kind": "ordinary", "day_0": "20", "day_1": "1", "day_2": "2027",
         "start_time": "14:00", "end_time": "16:00", "venue": "Birkenhead Town Hall"},
    )
    meeting = Meeting.objects.get()
    assert response["Location"] == meeting.get_absolute_url()
    assert meeting.agenda_items.count() == 2


def test_a_membership_ending_before_it_starts_is_refused_next_to_the_end_date(cast, client_for):
    response = client_for(cast.manager).post(
        reverse("boards:membership_create", args=[cast.board.pk]),
        {"person": cast.reader.pk, "role": "partner_member",
         "starts_on_0": "1", "starts_on_1": "6", "starts_on_2": "2017",
         "ends_on_0": "1", "ends_on_1": "5", "ends_on_2": "2017"},
    )
    assert field_errors(response, "ends_on") == ["The end date must be on or after the start date."]
    assert not Membership.objects.filter(person=cast.reader).exists()


def test_a_membership_overlapping_another_of_the_same_person_is_refused(cast, client_for):
    response = client_for(cast.manager).post(
        reverse("boards:membership_create", args=[cast.board.pk]),
        {"person": cast.partner.pk, "role": "vice_chair",
         "starts_on_0": "1", "starts_on_1": "6", "starts_on_2": "2017"},
    )
    assert response.status_code == 200
    assert "overlap" in " ".join(field_errors(response, "starts_on")) + " ".join(
        response.context["form"].non_field_errors()
    )
    assert cast.board.memberships.filter(person=cast.partner).count() == 1


def test_a_task_and_finish_group_without_sunset_date_is_refused(cast, client_for):
    response = client_for(cast.manager).post(
        reverse("boards:subgroup_create", args=[cast.board.pk]),
        {"name": "Neglect task and finish group", "kind": "task_and_finish",
         "quorum_minimum": 1},
    )
    assert field_errors(response, "sunset_on") == ["A task-and-finish group needs a sunset date."]
    assert not Board.objects.filter(name__startswith="Neglect").exists()


def test_a_five_megabyte_title_is_refused_next_to_the_title(cast, client_for):
    meeting = MeetingFactory(board=cast.board)
    response = client_for(cast.manager).post(
        reverse("boards:agenda_item_create", args=[meeting.pk]), {"title": "x" * 5_000_000},
    )
    assert response.status_code == 200
    assert "at most 200 characters" in field_errors(response, "title")[0]
    assert not AgendaItem.objects.filter(meeting=meeting).exists()


@pytest.mark.parametrize(("name", "content"), [
    ("minutes.html", b"<html><script>alert(1)</script></html>"),
    ("minutes.pdf", b"<html><script>alert(1)</script></html>"),  # a web page renamed
    ("report.docx", b"PK\x03\x04 not really a zip"),
    ("notes.txt", b"<script>alert(1)</script>"),
    ("empty.pdf", b""),
])
def test_an_upload_that_is_not_a_document_is_refused(cast, client_for, name, content):
    item = AgendaItemFactory(meeting=MeetingFactory(board=cast.board))
    response = client_for(cast.manager).post(
        reverse("boards:paper_upload", args=[item.pk]),
        {"title": "Paper", "file": SimpleUploadedFile(name, content, content_type="text/html")},
    )
    assert response.status_code == 200
    errors = " ".join(field_errors(response, "file"))
    assert "must be a PDF" in errors or "is empty" in errors
    assert not Paper.objects.exists()


def test_a_pdf_is_stored_and_always_sent_back_as_a_download(cast, client_for):
    item = AgendaItemFactory(meeting=MeetingFactory(board=cast.board))
    client = client_for(cast.manager)
    client.post(reverse("boards:paper_upload", args=[item.pk]), {
        "title": "Ofsted recommendations progress",
        "file": SimpleUploadedFile("progress.pdf", b"%PDF-1.4\n...", content_type="text/html"),
    })
    paper = Paper.objects.get()
    assert paper.content_type == "application/pdf"  # from the content, not what was claimed
    response = client.get(reverse("boards:paper_download", args=[paper.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"%PDF-1.4\n..."
