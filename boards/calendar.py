"""iCalendar invitations and the personal calendar feed (RFC 5545, via `icalendar`)."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

LONDON = ZoneInfo("Europe/London")


def _calendar(name):
    cal = Calendar()
    cal.add("prodid", "-//Safeguarding partnership office//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/London")
    return cal


def _event(meeting):
    event = Event()
    event.add("uid", f"{meeting.uid}@safeguard")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(meeting.starts_at, LONDON))
    event.add("dtend", timezone.localtime(meeting.ends_at, LONDON))
    event.add("summary", f"{meeting.board}: {meeting.title or meeting.get_kind_display()}")
    event.add("location", meeting.venue)
    event.add(
        "description",
        f"Check the venue before you travel: it can change.\n"
        f"{settings.SITE_URL}{meeting.get_absolute_url()}",
    )
    event.add("url", f"{settings.SITE_URL}{meeting.get_absolute_url()}")
    return event


def meeting_ics(meeting) -> bytes:
    cal = _calendar(str(meeting.board))
    cal.add("method", "PUBLISH")
    cal.add_component(_event(meeting))
    cal.add_missing_timezones()
    return cal.to_ical()


def feed_ics(person, meetings) -> bytes:
    cal = _calendar(f"Board meetings – {person}")
    cal.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    for meeting in meetings:
        cal.add_component(_event(meeting))
    cal.add_missing_timezones()
    return cal.to_ical()
