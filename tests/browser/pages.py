"""What the browser tests do on every page: sign in and out, find the heading, the success
banner, a summary list's row, and fill a GOV.UK date."""

import re

from playwright.sync_api import expect

from ..factories import PASSWORD


def sign_in(page, live_server, person, lands_on, *, exact=True):
    """Through the real sign-in page; `lands_on` is the heading of the page it leads to (the
    whole heading, or with exact=False a part of it)."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    landed = expect(page.get_by_role("heading", level=1))
    (landed.to_have_text if exact else landed.to_contain_text)(lands_on)


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()


def heading(page):
    return page.get_by_role("heading", level=1)


def banner(page):
    return page.locator(".govuk-notification-banner--success")


def summary_row(scope, key):
    """A summary list's row by its key, on the page or within a part of it."""
    page = getattr(scope, "page", scope)
    return scope.locator(".govuk-summary-list__row").filter(
        has=page.locator("dt", has_text=re.compile(f"^{key}$")))


def fill_date(page, day, within=None):
    """The three boxes of a GOV.UK date input."""
    scope = within or page
    scope.get_by_role("textbox", name="Day").fill(str(day.day))
    scope.get_by_role("textbox", name="Month").fill(str(day.month))
    scope.get_by_role("textbox", name="Year").fill(str(day.year))
