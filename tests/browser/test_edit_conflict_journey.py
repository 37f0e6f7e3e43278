"""Two business managers at work on one meeting, in a real browser: Bob has the meeting's edit
page open while Alice (Priya) moves the venue and renames it; Bob's save is refused, he sees
her version beside his own typing, and saves again. The same for the attendance page. axe-core
checks every page on the way."""

import pytest
from playwright.sync_api import expect

from boards import services
from boards.models import AttendanceStatus, Meeting, Role

from ..factories import MeetingFactory, MembershipFactory, PersonFactory
from .pages import heading, sign_in, summary_row

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def bob(cast):
    person = PersonFactory(full_name="Bob Hale", agency=cast.council, email="bob@example.org")
    MembershipFactory(person=person, board=cast.board, role=Role.BUSINESS_MANAGER)
    return person


def test_bob_is_told_alice_changed_the_meeting_and_keeps_his_own_typing(
        cast, bob, page, live_server, axe):
    meeting = MeetingFactory(board=cast.board, venue="Birkenhead Town Hall")
    sign_in(page, live_server, bob, "My boards", exact=False)
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/edit/")
    axe.check()
    page.get_by_label("Venue").fill("Birkenhead Central Library")

    services.meeting_edit(meeting=Meeting.objects.get(pk=meeting.pk), version=1,
                          venue="Wallasey Town Hall", title="Neglect strategy")
    page.get_by_role("button", name="Save").click()

    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Someone else changed this while you were editing")
    their = page.locator("#newer-version")
    expect(summary_row(their, "Venue")).to_contain_text("Wallasey Town Hall")
    expect(summary_row(their, "Venue")).to_contain_text("Not what your form has")
    expect(summary_row(their, r"Theme or title \(optional\)")).to_contain_text(
        "Neglect strategy")
    expect(page.get_by_label("Venue")).to_have_value("Birkenhead Central Library")
    axe.check()

    page.get_by_label("Theme or title (optional)").fill("Neglect strategy")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Meeting saved")).to_be_visible()
    axe.check()
    meeting.refresh_from_db()
    assert (meeting.venue, meeting.title) == ("Birkenhead Central Library", "Neglect strategy")


def test_bob_is_shown_the_attendance_alice_recorded_while_he_was_recording_it(
        cast, bob, page, live_server, axe):
    meeting = MeetingFactory(board=cast.board)
    sign_in(page, live_server, bob, "My boards", exact=False)
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/attendance/")
    axe.check()
    page.get_by_label(f"Attendance of {cast.chair}").select_option(label="Apologies")

    services.attendance_record(meeting=meeting, version=1, rows=[
        (cast.chair, AttendanceStatus.PRESENT, None, "")])
    page.get_by_role("button", name="Save attendance").click()

    expect(heading(page)).to_have_text("Record attendance")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Someone else changed this while you were editing")
    expect(summary_row(page.locator("#newer-version"), str(cast.chair))).to_contain_text(
        "Present")
    expect(page.get_by_label(f"Attendance of {cast.chair}")).to_have_value(
        AttendanceStatus.APOLOGIES)
    axe.check()

    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("Attendance saved")).to_be_visible()
    assert meeting.attendances.get().status == AttendanceStatus.APOLOGIES
