"""The business manager's reminders page when mail could not be sent, in a real browser at a
phone's 320 px width: the failed notice and the failed reminder are both said, with who, how
many tries and the server's words, and never a confidential title. axe checks the page."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from actions.models import Reminder, ReminderKind
from boards.models import Notice, NoticeStatus

from ..factories import ActionFactory
from .pages import heading, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_manager_sees_what_could_not_be_sent_on_a_narrow_screen(cast, page, live_server,
                                                                     axe):
    now = timezone.now()
    action = ActionFactory(board=cast.board, lead_person=cast.partner, number="3.1",
                           description="Audit the police response to missing children",
                           due_on=timezone.localdate() - timedelta(days=3))
    Reminder.objects.create(kind=ReminderKind.OVERDUE, action=action,
                            period=action.due_on.isoformat(), recipient=cast.partner,
                            reason="you lead this action", attempts=6, failed_at=now,
                            last_error="SMTPRecipientsRefused: 550 mailbox unavailable")
    Notice.objects.create(kind="challenge_sent", key="challenge:1:x", recipient=cast.adviser,
                          board=cast.board, subject="Challenge: Case C, the secret title",
                          reason="your agency was challenged", status=NoticeStatus.FAILED,
                          attempts=6, failed_at=now, last_error="451 4.3.0 Try again later")

    # And one waiting for a mail server that is down: late, not lost.
    other = ActionFactory(board=cast.board, lead_person=cast.chair, number="3.2",
                          due_on=timezone.localdate() - timedelta(days=2))
    Reminder.objects.create(kind=ReminderKind.OVERDUE, action=other,
                            period=other.due_on.isoformat(), recipient=cast.chair,
                            reason="you lead this action", retry_at=now + timedelta(minutes=2),
                            last_error="SMTPServerDisconnected: Connection unexpectedly closed")

    page.set_viewport_size({"width": 320, "height": 800})
    sign_in(page, live_server, cast.manager, "My boards", exact=False)
    page.goto(f"{live_server.url}/actions/board/{cast.board.pk}/reminders/")
    expect(heading(page)).to_contain_text("Reminders sent for")
    axe.check()

    body = page.locator("main")
    expect(body).to_contain_text("1 email could not be sent")
    expect(body).to_contain_text("451 4.3.0 Try again later")
    expect(body).to_contain_text("1 reminder could not be sent after every try")
    expect(body).to_contain_text("550 mailbox unavailable")
    expect(body).not_to_contain_text("the secret title")
    expect(body.get_by_role("status")).to_contain_text("1 email is late and will be tried again")
    expect(body).to_contain_text("Waiting for the mail server")
    # Nothing is cut off or pushed sideways off a 320 px screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
