"""Every action view for every role. A police action on the Improvement Board: the police
(lead, agency colleagues — even those on other boards) update it; other members only read;
the business manager and chair hold the second key; a confidential action is only ever seen
by the board's members."""

from datetime import date

import pytest
from django.urls import reverse

from actions.models import Action, ActionStatus

from .conftest import ROLES
from .factories import ActionFactory, MeetingFactory

pytestmark = pytest.mark.django_db

LOGIN = "login"
MEMBERS = {"manager", "chair", "partner", "lay_member", "adviser"}


@pytest.fixture
def police_action(cast):
    return ActionFactory(board=cast.board, lead_person=cast.partner, lead_agency=cast.police,
                         created_by=cast.manager, due_on=date(2017, 7, 31),
                         status=ActionStatus.COMPLETE)


def expect(role, allowed, seen_by=MEMBERS | {"outsider"}, ok=200):
    if role == "anonymous":
        return LOGIN
    if role in allowed:
        return ok
    return 403 if role in seen_by else 404


VIEW = {"manager", "chair", "partner", "lay_member", "adviser", "outsider"}
UPDATE = {"manager", "chair", "partner", "outsider"}  # outsider: police, on another board
SECOND_KEY = {"manager", "chair"}

CASES = [
    ("action page", "actions:detail", "get", lambda r: expect(r, VIEW)),
    ("progress", "actions:progress", "post", lambda r: expect(r, UPDATE, ok=422)),
    ("impact", "actions:impact", "get", lambda r: expect(r, UPDATE)),
    ("delegate", "actions:delegate", "get", lambda r: expect(r, {"manager", "partner"})),
    ("close", "actions:close", "post", lambda r: expect(r, SECOND_KEY, ok=302)),
    ("send back", "actions:send_back", "get", lambda r: expect(r, SECOND_KEY)),
    ("withdraw", "actions:withdraw", "get", lambda r: expect(r, SECOND_KEY)),
    ("reopen", "actions:reopen", "get", lambda r: expect(r, SECOND_KEY)),
    ("edit", "actions:edit", "get", lambda r: expect(r, {"manager"})),
]


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
@pytest.mark.parametrize(("name", "url_name", "method", "expected"), CASES,
                         ids=[c[0] for c in CASES])
def test_action_views_for_every_role(cast, police_action, client_for, role, name, url_name,
                                     method, expected):
    person = None if role == "anonymous" else cast.by_role(role)
    url = reverse(url_name, args=[police_action.pk])
    response = getattr(client_for(person), method)(url)
    want = expected(role)
    if want == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == want, f"{name} as {role}"


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_board_and_meeting_trackers_are_for_members(cast, client_for, role):
    meeting = MeetingFactory(board=cast.board)
    person = None if role == "anonymous" else cast.by_role(role)
    client = client_for(person)
    for url in (reverse("actions:board_tracker", args=[cast.board.pk]),
                reverse("actions:meeting_tracker", args=[meeting.pk])):
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302
        else:
            assert response.status_code == (200 if role in MEMBERS else 404), role


def test_only_members_see_a_confidential_action_even_of_their_own_agency(
    cast, police_action, client_for
):
    Action.objects.filter(pk=police_action.pk).update(is_confidential=True)
    url = reverse("actions:detail", args=[police_action.pk])
    assert client_for(cast.partner).get(url).status_code == 200
    assert client_for(cast.outsider).get(url).status_code == 404
    mine = client_for(cast.outsider).get(reverse("actions:mine"))
    assert police_action.description not in mine.content.decode()


def test_a_status_change_by_someone_not_allowed_changes_nothing(cast, police_action,
                                                               client_for):
    response = client_for(cast.lay_member).post(
        reverse("actions:progress", args=[police_action.pk]),
        {f"a{police_action.pk}-status": "in_progress", f"a{police_action.pk}-text": "x",
         f"a{police_action.pk}-version": police_action.version},
    )
    assert response.status_code == 403
    police_action.refresh_from_db()
    assert police_action.status == ActionStatus.COMPLETE
    assert not police_action.updates.exists()
