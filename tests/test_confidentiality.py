"""Confidentiality is per item: confidential items are seen only by members of the board,
on every page, in the public minutes, in the calendar and in actions arising."""

import pytest
from django.urls import reverse

from actions.models import Action
from actions.services import action_create_from_item
from boards import services

from .factories import AgendaItemFactory, MeetingFactory, aware

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Case complexity report"
SECRET_TEXT = "Three families named in the case complexity report"


@pytest.fixture
def published_meeting(cast):
    may = MeetingFactory(board=cast.board, starts_at=aware(2017, 5, 10),
                         ends_at=aware(2017, 5, 10, 16))
    july = MeetingFactory(board=cast.board, starts_at=aware(2017, 7, 12),
                          ends_at=aware(2017, 7, 12, 16))
    AgendaItemFactory(meeting=may, position=3, title="Core performance indicators",
                      discussion="Repeat contacts down from 19.1% to 5.1%.")
    AgendaItemFactory(meeting=may, position=4, title=SECRET_TITLE, is_confidential=True,
                      discussion=SECRET_TEXT, decisions="Noted in private")
    services.minutes_circulate(meeting=may, by=cast.manager)
    services.minutes_approve(meeting=may, at_meeting=july, amendments="", by=cast.chair)
    services.minutes_publish(meeting=may, by=cast.chair)
    return may


def test_public_minutes_leave_out_confidential_items_saying_one_was_taken_in_private(
    published_meeting, client
):
    page = client.get(reverse("boards:public_minutes", args=[published_meeting.uid]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Repeat contacts down from 19.1% to 5.1%." in text
    assert "Item 4 was taken in private." in text
    assert SECRET_TITLE not in text
    assert SECRET_TEXT not in text
    assert "Noted in private" not in text


def test_members_see_confidential_items_in_full(published_meeting, cast, client_for):
    for url in (published_meeting.get_absolute_url(),
                reverse("boards:minutes", args=[published_meeting.pk])):
        text = client_for(cast.lay_member).get(url).content.decode()
        assert SECRET_TITLE in text


def test_unpublished_minutes_have_no_public_page(cast, client):
    draft = MeetingFactory(board=cast.board)
    assert client.get(reverse("boards:public_minutes", args=[draft.uid])).status_code == 404
    board_page = client.get(reverse("boards:public_board", args=[cast.board.pk]))
    assert reverse("boards:public_minutes", args=[draft.uid]) not in board_page.content.decode()


def test_actions_arising_from_a_confidential_item_are_confidential(cast, published_meeting):
    secret = published_meeting.agenda_items.get(is_confidential=True)
    action = action_create_from_item(
        item=secret, created_by=cast.manager, description="Review the three cases",
        lead_person=cast.partner, lead_agency=cast.police, due_on=aware(2017, 6, 30).date(),
    )
    assert action.is_confidential
    assert action in Action.objects.visible_to(cast.partner)
    # The outsider is police too, but not on this board.
    assert action not in Action.objects.visible_to(cast.outsider)
    assert action not in Action.objects.visible_to(cast.reader)


def test_the_calendar_feed_carries_no_agenda(cast, client):
    meeting = MeetingFactory(board=cast.board, starts_at=aware(2027, 1, 20),
                             ends_at=aware(2027, 1, 20, 16))
    AgendaItemFactory(meeting=meeting, title=SECRET_TITLE, is_confidential=True)
    feed = client.get(reverse("boards:calendar_feed", args=[cast.partner.calendar_token]))
    assert SECRET_TITLE.encode() not in feed.content
