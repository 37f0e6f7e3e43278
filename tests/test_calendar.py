"""Meetings as iCalendar invitations, and each member's personal calendar feed."""

import pytest
from django.urls import reverse
from icalendar import Calendar

from .factories import MeetingFactory, aware

pytestmark = pytest.mark.django_db


def test_a_meeting_downloads_as_a_valid_invitation_in_london_time(cast, client_for):
    meeting = MeetingFactory(board=cast.board, starts_at=aware(2017, 5, 10, 14),
                             ends_at=aware(2017, 5, 10, 16), venue="Birkenhead Town Hall")
    response = client_for(cast.partner).get(reverse("boards:meeting_ics", args=[meeting.pk]))

    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"{meeting.uid}@safeguard"
    assert str(event["LOCATION"]) == "Birkenhead Town Hall"
    start = event.decoded("DTSTART")
    assert (start.hour, str(start.tzinfo)) == (14, "Europe/London")
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert calendar.walk("VTIMEZONE"), "the invitation carries its time zone"
    assert "Wirral Improvement Board" in str(event["SUMMARY"])


def test_the_feed_lists_only_the_meetings_of_the_members_boards(cast, client):
    mine = MeetingFactory(board=cast.board, starts_at=aware(2027, 1, 20),
                          ends_at=aware(2027, 1, 20, 16))
    MeetingFactory(board=cast.other_board, starts_at=aware(2027, 2, 20),
                   ends_at=aware(2027, 2, 20, 16))
    response = client.get(reverse("boards:calendar_feed", args=[cast.partner.calendar_token]))

    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [f"{mine.uid}@safeguard"]


def test_an_unknown_feed_token_is_not_found(client):
    import uuid

    response = client.get(reverse("boards:calendar_feed", args=[uuid.uuid4()]))
    assert response.status_code == 404
