"""The police partner's journey with their agency's actions, end to end in a real browser:
sign in → "My agency's actions" from the menu (overdue first) → update the overdue action in
place (htmx swaps its card) → reload → the action's page. The same update with JavaScript off:
an ordinary form post that comes back to the list. axe-core checks every page on the way.

The last test renders every page and email of the actions app for the business manager and
the partner through Django's test client, so a template error (a 500 with DEBUG off) shows."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.utils import timezone
from playwright.sync_api import expect

from actions.models import (
    Action,
    ActionPlan,
    ActionStatus,
    Export,
    ProgressUpdate,
    Reminder,
    ReminderKind,
)
from actions.reminders import send_action_reminders
from boards import history

from ..factories import PASSWORD, ActionFactory, AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db(transaction=True)

OVERDUE = "Audit the police response to children who go missing from care"
LATER = "Brief every response officer on the Graded Care Profile for neglect"
COUNCIL = "Re-audit the timeliness of strategy discussions with the council's front door"
UPDATE = "Dip sample of 26 missing episodes done: 19 had a return interview within 72 hours."


@pytest.fixture
def actions(cast):
    """Two police actions led by the partner, one overdue since 2017 and one due next year,
    and a council action on the same board that the partner sees but may not update."""
    next_year = timezone.localdate().year + 1
    overdue = ActionFactory(board=cast.board, lead_person=cast.partner, lead_agency=cast.police,
                            description=OVERDUE, number="2.1", due_on=date(2017, 7, 1),
                            status=ActionStatus.NOT_STARTED)
    later = ActionFactory(board=cast.board, lead_person=cast.partner, lead_agency=cast.police,
                          description=LATER, number="2.2", due_on=date(next_year, 3, 31))
    council = ActionFactory(board=cast.board, lead_person=cast.manager,
                            lead_agency=cast.council, description=COUNCIL, number="1.1",
                            due_on=date(next_year, 1, 31))
    return overdue, later, council


def sign_in(page, live_server, person):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # A partner who holds no office lands on their agency's actions (boards/adapters.py).
    expect(page.get_by_role("heading", level=1)).to_have_text("My agency's actions")


def update_inline(card, text):
    card.locator("summary").click()
    card.get_by_label("Status").select_option(label="In progress")
    card.get_by_label("Progress update").fill(text)
    card.get_by_role("button", name=re.compile("Save update")).click()


def test_partner_updates_their_overdue_action_in_place(cast, actions, page, live_server, axe):
    overdue, later, council = actions
    sign_in(page, live_server, cast.partner)
    page.get_by_role("link", name="My agency's actions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My agency's actions")
    expect(page.locator(".govuk-caption-l")).to_have_text("Merseyside Police")
    expect(page.locator(".app-tracker-summary")).to_contain_text(
        "0 of 2 actions complete, 0 of 2 with evidence of impact, 1 overdue")

    cards = page.locator(".app-action-card")
    expect(cards).to_have_count(2)  # not the council's action
    expect(cards.first).to_contain_text(OVERDUE)
    expect(cards.first).to_contain_text("Overdue")
    expect(cards.first).to_contain_text(re.compile(r"Red – overdue since 0?1 July 2017"))
    expect(cards.nth(1)).to_contain_text(LATER)
    expect(page.get_by_text(COUNCIL)).to_have_count(0)
    axe.check()

    list_url = page.url
    page.evaluate("window.stillTheSamePage = true")
    card = page.locator(f"#action-{overdue.pk}")
    update_inline(card, UPDATE)

    expect(card.get_by_text("Update saved")).to_be_visible()
    expect(card).to_contain_text(UPDATE)
    expect(card).to_contain_text("by Gareth Doyle")
    expect(card.get_by_text("In progress", exact=True).first).to_be_visible()
    assert page.url == list_url
    assert page.evaluate("window.stillTheSamePage") is True  # swapped, not reloaded
    expect(card.locator("[role=status]")).to_be_focused()
    axe.check()

    page.reload()
    card = page.locator(f"#action-{overdue.pk}")
    expect(card).to_contain_text(UPDATE)
    expect(card.get_by_text("Update saved")).to_have_count(0)
    update = ProgressUpdate.objects.get(action=overdue)
    assert update.written_by == cast.partner
    assert update.status_after == ActionStatus.IN_PROGRESS
    overdue.refresh_from_db()
    assert overdue.status == ActionStatus.IN_PROGRESS and overdue.latest_update == update

    card.get_by_role("link", name=re.compile(OVERDUE)).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Audit the police response")
    expect(page.get_by_text(UPDATE)).to_be_visible()
    axe.check()

    # The board's tracker: the partner sees the council's action but cannot update it.
    page.goto(f"{live_server.url}/actions/board/{cast.board.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Actions of")
    expect(page.locator(f"#action-{council.pk}")).to_contain_text(COUNCIL)
    update_row = "#action-{} + .app-tracker__update-row details"
    expect(page.locator(update_row.format(council.pk))).to_have_count(0)
    expect(page.locator(update_row.format(later.pk))).to_have_count(1)
    axe.check()

    # Export the agency's actions: built in the background (at once in the tests), then offered.
    page.get_by_role("link", name="My agency's actions").click()
    page.get_by_role("button", name="Export as CSV").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Export of actions")
    expect(page.get_by_role("link", name=re.compile("Download the CSV file"))).to_be_visible()
    axe.check()


def test_partner_updates_without_javascript(cast, actions, browser, live_server):
    overdue, _, _ = actions
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in(page, live_server, cast.partner)
        page.get_by_role("link", name="My agency's actions").click()
        list_url = page.url
        card = page.locator(f"#action-{overdue.pk}")
        update_inline(card, UPDATE)

        expect(page.get_by_role("heading", level=1)).to_have_text("My agency's actions")
        assert page.url == list_url
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
            "Update saved: In progress.")
        expect(page.locator(f"#action-{overdue.pk}")).to_contain_text(UPDATE)
        assert ProgressUpdate.objects.get(action=overdue).written_by == cast.partner
    finally:
        context.close()


def test_every_action_page_and_email_renders(cast, actions, client_for, settings):
    """Not a browser test: each page for the manager and the partner, and the error, conflict
    and htmx paths of the inline update, so a template mistake cannot hide."""
    overdue, later, council = actions
    meeting = MeetingFactory(board=cast.board)
    item = AgendaItemFactory(meeting=meeting, title="Missing children")
    arising = ActionFactory(board=cast.board, lead_person=cast.partner, lead_agency=cast.police,
                            agenda_item=item, source="minute_item", description="From a minute")
    plan = ActionPlan.objects.create(board=cast.board, title="Ofsted improvement plan",
                                     source="recommendation")
    Action.objects.filter(pk=later.pk).update(plan=plan)
    history.record(council, by=None, event="edited", changes={
        "lead_person": [{"id": 1, "name": "Someone"}, {"id": 2, "name": "Someone else"}],
        "status": ["not_started", "in_progress"], "due_on": [None, "2018-01-31"],
    })

    manager = client_for(cast.manager)
    pages = [
        "/actions/", f"/actions/board/{cast.board.pk}/", f"/actions/meeting/{meeting.pk}/",
        f"/actions/plan/{plan.pk}/", f"/actions/{council.pk}/", f"/actions/{arising.pk}/",
        f"/actions/board/{cast.board.pk}/?status=in_progress&apply=Apply+filters",
        "/actions/reminders/", f"/actions/board/{cast.board.pk}/reminders/",
        cast.board.get_absolute_url(), meeting.get_absolute_url(),
    ]
    for url in pages:
        assert manager.get(url).status_code == 200, url

    # The manager closes a completed action; its page then offers to reopen it.
    Action.objects.filter(pk=council.pk).update(status=ActionStatus.COMPLETE)
    page = manager.get(f"/actions/{council.pk}/").content.decode()
    assert "Close (accept as done)" in page and "Send back" in page
    council.refresh_from_db()
    manager.post(f"/actions/{council.pk}/close/", {"version": council.version})
    page = manager.get(f"/actions/{council.pk}/").content.decode()
    assert "Reopen" in page and "Closed" in page

    partner = client_for(cast.partner)
    for url in ["/actions/", f"/actions/{overdue.pk}/", f"/actions/board/{cast.board.pk}/",
                "/actions/reminders/"]:
        assert partner.get(url).status_code == 200, url
    page = partner.get("/actions/").content.decode()
    assert page.index(OVERDUE) < page.index(LATER)

    prefix = f"a{overdue.pk}"
    fields = {f"{prefix}-status": "in_progress", f"{prefix}-text": "", f"{prefix}-lead_rag": "",
              f"{prefix}-version": overdue.version, "next": "/actions/"}
    # Errors: the full page without JavaScript, the card with htmx.
    response = partner.post(f"/actions/{overdue.pk}/progress/", fields)
    assert response.status_code == 422 and b"There is a problem" in response.content
    response = partner.post(f"/actions/{overdue.pk}/progress/", fields, HTTP_HX_REQUEST="true")
    assert response.status_code == 422 and f'id="action-{overdue.pk}"'.encode() in response.content
    # Saved with htmx: the card, with its notice.
    fields[f"{prefix}-text"] = UPDATE
    response = partner.post(f"/actions/{overdue.pk}/progress/", fields, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and b"Update saved" in response.content
    assert b'name="next" value="/actions/"' in response.content
    # A second post at the old version is a conflict: the newer update shown, the text kept.
    fields[f"{prefix}-text"] = "My own words"
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        response = partner.post(f"/actions/{overdue.pk}/progress/", fields, **headers)
        assert response.status_code == 409
        assert b"Someone else updated this action" in response.content
        assert UPDATE.encode() in response.content and b"My own words" in response.content
    # The council's action is not the partner's to update.
    assert partner.post(f"/actions/{council.pk}/progress/", {}).status_code == 403

    # An export, built at once (Celery runs eagerly in the tests).
    response = partner.post("/actions/export/", {"scope": "mine", "query": "", "format": "csv"})
    assert response.status_code == 302
    export = Export.objects.get()
    assert partner.get(response.url).status_code == 200
    Export.objects.filter(pk=export.pk).update(status=Export.Status.RUNNING, rows_total=100000,
                                               rows_done=12000)
    assert b"Built 12,000 of 100,000 rows" in partner.get(response.url).content
    for status in (Export.Status.QUEUED, Export.Status.FAILED):
        Export.objects.filter(pk=export.pk).update(status=status)
        assert partner.get(response.url).status_code == 200

    # Reminders: the run sends them; the pages and both emails render.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Action.objects.filter(pk=council.pk).update(status=ActionStatus.IN_PROGRESS,
                                                due_on=timezone.localdate() - timedelta(days=9))
    send_action_reminders()
    assert Reminder.objects.filter(kind=ReminderKind.DIGEST).exists()
    assert any("You are receiving this because" in m.body for m in mail.outbox)
    for reminder in Reminder.objects.select_related("action__board", "board"):
        context = {"reminder": reminder, "site_url": "https://office.example",
                   "today": timezone.localdate(),
                   "action": reminder.action, "board": reminder.board, "overdue": [council],
                   "stale": [], "url": "https://office.example/actions/1/"}
        name = "digest" if reminder.kind == ReminderKind.DIGEST else "reminder"
        assert reminder.reason in render_to_string(f"actions/email/{name}.txt", context)
        assert reminder.reason in render_to_string(f"actions/email/{name}.html", context)
    assert partner.get("/actions/reminders/").status_code == 200
    manager = client_for(cast.manager)  # the same test client, signed in again
    page = manager.get(f"/actions/board/{cast.board.pk}/reminders/").content.decode()
    assert "Weekly digest" in page and "Gareth Doyle" in page and "Not yet sent" not in page
