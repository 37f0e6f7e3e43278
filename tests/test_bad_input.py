"""Bad input gets a clear message next to the field, and nothing is saved half-way."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actions.models import ActionStatus, Export, sort_key_for
from boards.models import AgendaItem, Board, Meeting, Membership, Paper

from .factories import ActionFactory, AgendaItemFactory, MeetingFactory

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


# --- Found by tests/test_no_server_errors.py ----------------------------------------------

def test_closing_an_action_with_a_damaged_version_changes_nothing_and_says_so(cast, client_for):
    action = ActionFactory(board=cast.board, lead_person=cast.partner,
                           status=ActionStatus.COMPLETE)
    client = client_for(cast.manager)
    response = client.post(reverse("actions:close", args=[action.pk]), {"version": "abc"},
                           follow=True)
    assert response.status_code == 200
    assert "The page was incomplete, so nothing was changed" in response.content.decode()
    action.refresh_from_db()
    assert action.status == ActionStatus.COMPLETE
    client.post(reverse("actions:close", args=[action.pk]), {"version": action.version})
    action.refresh_from_db()
    assert action.status == ActionStatus.CLOSED


@pytest.mark.parametrize("year", ["99999", "99999999999999999999", "1999", "-1", "abc", "\x00"])
def test_attendance_for_a_year_out_of_range_shows_the_latest_year_with_a_message(
        cast, client_for, year):
    MeetingFactory(board=cast.board)  # 2017
    response = client_for(cast.manager).get(
        reverse("boards:attendance_by_agency", args=[cast.board.pk]), {"year": year})
    assert response.status_code == 200
    assert response.context["year"] == 2017
    assert "Enter a year between 2000 and 2100: showing 2017 instead." in (
        response.content.decode())


@pytest.mark.parametrize("year", ["99999", "99999999999999999999", "-1", "1e309", "NaN"])
def test_the_meeting_list_refuses_a_year_out_of_range_next_to_the_filter(cast, client_for, year):
    MeetingFactory(board=cast.board)
    response = client_for(cast.manager).get(
        reverse("boards:meeting_list", args=[cast.board.pk]), {"year": year})
    assert response.status_code == 200
    assert response.context["filter"].form.errors["year"] == [
        "Enter a year between 2000 and 2100"]
    assert len(response.context["page"].object_list) == 1  # the filter is left off, not failed


def test_a_twenty_digit_year_in_a_date_is_refused_next_to_the_date(cast, client_for):
    membership = cast.board.memberships.get(person=cast.partner)
    response = client_for(cast.manager).post(
        reverse("boards:membership_edit", args=[membership.pk]),
        {"role": "partner_member", "starts_on_0": "1", "starts_on_1": "1",
         "starts_on_2": "99999999999999999999"})
    assert field_errors(response, "starts_on") == ["Enter a date between 2000 and 2100"]
    membership.refresh_from_db()
    assert membership.starts_on == date(2013, 1, 1)


def test_a_tampered_row_count_on_the_attendance_form_is_refused_and_saves_nothing(
        cast, client_for):
    meeting = MeetingFactory(board=cast.board)
    response = client_for(cast.manager).post(
        reverse("boards:attendance_edit", args=[meeting.pk]),
        {"form-TOTAL_FORMS": "abc", "form-INITIAL_FORMS": "0",
         "form-0-person": cast.chair.pk, "form-0-status": "present"})
    assert response.status_code == 200
    assert "ManagementForm data is missing or has been tampered with" in (
        response.content.decode())
    assert not meeting.attendances.exists()


@pytest.mark.parametrize("scope", ["board:\x00", "x" * 5000, "board:abc", "board:1\x00"])
def test_a_damaged_export_button_is_refused_with_a_message(cast, client_for, scope):
    response = client_for(cast.manager).post(reverse("actions:export"),
                                             {"scope": scope, "format": "csv", "query": ""})
    assert response.status_code == 400
    assert "The export was not started" in response.content.decode()
    assert not Export.objects.exists()


def test_a_superscript_in_an_action_number_is_kept_as_text_not_read_as_a_number():
    assert sort_key_for("1.10") == "00001.00010"
    assert sort_key_for("1.²") == "00001.²"  # "²".isdigit() is true, but int("²") fails


@pytest.mark.parametrize("ticked", ["²", "9" * 5000, "abc", "\x00"])
def test_a_ticked_figure_that_is_not_an_id_is_left_out(cast, client_for, ticked):
    response = client_for(cast.manager).post(
        reverse("performance:publish", args=[cast.board.pk]), {"value": ticked})
    assert response.status_code == 200
    assert "Choose the figures to publish" in response.content.decode()
