"""Meetings as iCalendar invitations, and each member's personal calendar feed."""

import pytest
from django.test import Client
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


def test_a_person_renews_their_calendar_address_and_the_old_one_stops_working(cast, client_for):
    partner = client_for(cast.partner)
    old = cast.partner.calendar_token
    home = partner.get(reverse("boards:home")).content.decode()
    assert f"/calendar/{old}.ics" in home
    assert "Get a new calendar address" in home

    response = partner.post(reverse("boards:calendar_renew"), follow=True)

    page = response.content.decode()
    assert "Your calendar has a new address" in page
    cast.partner.refresh_from_db()
    new = cast.partner.calendar_token
    assert new != old
    assert f"/calendar/{new}.ics" in page and f"/calendar/{old}.ics" not in page
    assert partner.get(reverse("boards:calendar_feed", args=[old])).status_code == 404
    assert partner.get(reverse("boards:calendar_feed", args=[new])).status_code == 200


def test_renewing_is_a_post_only_for_the_signed_in_person(cast, client_for):
    old = cast.partner.calendar_token
    assert client_for(cast.partner).get(reverse("boards:calendar_renew")).status_code == 405
    response = Client().post(reverse("boards:calendar_renew"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    cast.partner.refresh_from_db()
    assert cast.partner.calendar_token == old
