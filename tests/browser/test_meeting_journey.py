"""The business manager's meeting journey, end to end in a real browser:
sign in → the board → schedule a meeting → add an agenda item → record attendance →
write the minute → circulate the minutes. axe-core checks every page on the way."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from boards.models import Meeting, MinutesStatus

from ..factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def press(page, name):
    """GOV.UK start-style links are role=button: find a link or a button by its name, and
    wait for the page it leads to (axe run on a page still being left finds no document)."""
    pattern = re.compile(name)
    link_or_button = page.get_by_role("link", name=pattern).or_(
        page.get_by_role("button", name=pattern)
    )
    with page.expect_navigation():
        link_or_button.first.click()


def test_business_manager_runs_a_meeting(cast, page, live_server, axe):
    page.goto(f"{live_server.url}/accounts/login/")
    axe.check()
    page.get_by_label("Email").fill(cast.manager.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("My boards")
    axe.check()
    page.get_by_role("link", name="Wirral Improvement Board").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wirral Improvement Board")
    axe.check()

    press(page, "Schedule a meeting")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Schedule a meeting")
    axe.check()
    page.get_by_role("button", name="Save").click()  # nothing filled in
    expect(page.locator(".govuk-error-summary")).to_contain_text("There is a problem")
    axe.check()
    next_year = timezone.localdate().year + 1
    page.get_by_label("Ordinary", exact=True).check()
    page.get_by_role("textbox", name="Day").fill("10")
    page.get_by_role("textbox", name="Month").fill("5")
    page.get_by_role("textbox", name="Year").fill(str(next_year))
    page.get_by_label("Start time").fill("14:00")
    page.get_by_label("End time").fill("16:00")
    page.get_by_label("Venue").fill("Birkenhead Town Hall")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("Meeting scheduled")).to_be_visible()
    expect(page.get_by_text("Minutes of the previous meeting")).to_be_visible()
    expect(page.get_by_text("Birkenhead Town Hall").first).to_be_visible()
    axe.check()
    meeting = Meeting.objects.get()

    press(page, "Add an agenda item")
    page.get_by_label("Title").fill("Progress against Ofsted recommendations")
    page.get_by_role("button", name="Add item").click()
    expect(page.get_by_text("Item 3 added")).to_be_visible()

    press(page, "Record attendance")
    axe.check()
    page.get_by_label(re.compile("Attendance of Helen Marsh")).select_option("present")
    page.get_by_label(re.compile("Attendance of Gareth Doyle")).select_option("apologies")
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("Attendance saved")).to_be_visible()
    axe.check()

    page.get_by_role("link", name="Progress against Ofsted recommendations").click()
    axe.check()
    press(page, "Write the minute")
    page.get_by_label("Discussion").fill(
        "23 out of 25 actions completed, 5 out of 25 show evidence of impact."
    )
    page.get_by_label("Decisions").fill("The board noted the progress.")
    page.get_by_role("button", name="Save minute").click()
    # The minute as saved (the item's history below repeats it).
    expect(page.get_by_text("5 out of 25 show evidence of impact").first).to_be_visible()
    axe.check()

    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    page.get_by_role("button", name="Circulate minutes").click()
    expect(page.get_by_text("Minutes circulated to the members")).to_be_visible()
    axe.check()
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.CIRCULATED
    assert meeting.attendances.count() == 2
