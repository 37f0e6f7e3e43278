"""People see the reminders sent to them; a business manager sees what went to whom."""

from datetime import date

import pytest
from django.urls import reverse

from actions.reminders import send_action_reminders

from .factories import ActionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reminded(cast):
    action = ActionFactory(board=cast.board, lead_person=cast.partner, lead_agency=cast.police,
                           created_by=cast.manager, due_on=date(2017, 5, 1),
                           description="Refresh the neglect strategy")
    send_action_reminders(date(2017, 5, 8))
    return action


def test_a_partner_sees_their_own_reminders_and_why(cast, reminded, client_for):
    page = client_for(cast.partner).get(reverse("actions:my_reminders")).content.decode()
    assert "Refresh the neglect strategy" in page
    assert "became overdue" in page.lower()
    chair_page = client_for(cast.chair).get(reverse("actions:my_reminders")).content.decode()
    assert "Refresh the neglect strategy" not in chair_page  # the chair got the digest only
    assert "Weekly digest" in chair_page


def test_the_business_manager_sees_what_went_to_whom(cast, reminded, client_for):
    url = reverse("actions:board_reminders", args=[cast.board.pk])
    page = client_for(cast.manager).get(url).content.decode()
    assert "Gareth Doyle" in page and "Helen Marsh" in page
    assert client_for(cast.partner).get(url).status_code == 403
    assert client_for(cast.outsider).get(url).status_code == 404
