"""Pages, exports, feeds and API answers that may hold confidential text are never kept by a
browser or a proxy (Cache-Control: no-store)."""

import pytest
from django.urls import reverse

from .factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def test_a_confidential_item_page_is_no_store(cast, client_for):
    item = AgendaItemFactory(meeting=MeetingFactory(board=cast.board), is_confidential=True,
                             title="Case C: the police response")
    response = client_for(cast.partner).get(reverse("boards:agenda_item_detail",
                                                    args=[item.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("name", ["boards:home", "actions:mine", "boards:board_list"])
def test_every_signed_in_page_is_no_store(cast, client_for, name):
    response = client_for(cast.manager).get(reverse(name))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_the_calendar_feed_and_the_api_are_no_store(cast, client):
    feed = client.get(reverse("boards:calendar_feed", args=[cast.partner.calendar_token]))
    assert "no-store" in feed["Cache-Control"]
    api = client.get("/api/v1/actions/")
    assert api.status_code == 401 and "no-store" in api["Cache-Control"]

