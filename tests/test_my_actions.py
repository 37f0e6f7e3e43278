"""A partner's "my agency's actions": everything assigned to them or their agency across all
boards, overdue first, updated in the page itself — with or without JavaScript — and never
silently overwriting someone else's update."""

import itertools
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actions import services
from actions.models import ActionStatus, ProgressUpdate

from .factories import ActionFactory, BoardFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db
serial = itertools.count()


def action(cast, board=None, agency=None, lead=None, **fields):
    lead = lead or cast.partner
    return ActionFactory(board=board or cast.board, lead_person=lead,
                         lead_agency=agency or lead.agency, created_by=cast.manager,
                         description=fields.pop("description", f"Action {next(serial)}"),
                         **fields)


def form_data(act, **values):
    data = {"status": "in_progress", "text": "Audit booked for June", "version": act.version,
            "lead_rag": ""}
    data.update(values)
    return {f"a{act.pk}-{k}": v for k, v in data.items()}


def test_overdue_first_across_boards_and_nothing_of_other_agencies(cast, client_for):
    today = timezone.localdate()
    csp_board = BoardFactory(name="Child Sexual Exploitation Sub-committee")
    later = action(cast, due_on=today + timedelta(days=40), description="Later")
    overdue = action(cast, board=csp_board, due_on=today - timedelta(days=3),
                     description="Overdue on another board")
    colleague = PersonFactory(agency=cast.police, full_name="DS Kim Rhodes")
    by_colleague = action(cast, lead=colleague, due_on=today + timedelta(days=10),
                          description="Led by a colleague")
    action(cast, lead=cast.manager, agency=cast.council, description="The council's")
    response = client_for(cast.partner).get(reverse("actions:mine"))
    listed = [row["action"] for row in response.context["rows"]]
    assert listed == [overdue, by_colleague, later]


def test_an_inline_update_without_javascript_comes_back_to_the_list(cast, client_for):
    act = action(cast)
    data = {**form_data(act), "next": reverse("actions:mine")}
    response = client_for(cast.partner).post(reverse("actions:progress", args=[act.pk]), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("actions:mine")
    update = ProgressUpdate.objects.get()
    assert (update.text, update.written_by, update.status_after) == (
        "Audit booked for June", cast.partner, ActionStatus.IN_PROGRESS)
    page = client_for(cast.partner).get(reverse("actions:mine")).content.decode()
    assert "Audit booked for June" in page


def test_an_inline_update_with_htmx_returns_just_the_row(cast, client_for):
    act = action(cast)
    response = client_for(cast.partner).post(
        reverse("actions:progress", args=[act.pk]), form_data(act), HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert f'id="action-{act.pk}"' in html
    assert "Update saved" in html and "Audit booked for June" in html


def test_a_blank_update_is_refused_next_to_the_field(cast, client_for):
    act = action(cast)
    response = client_for(cast.partner).post(
        reverse("actions:progress", args=[act.pk]), form_data(act, text=""),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert "Enter what has happened since the last update" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_the_second_to_save_sees_the_newer_values_and_keeps_their_text(cast, client_for):
    act = action(cast)
    opened = form_data(act)
    client_for(cast.manager).post(reverse("actions:progress", args=[act.pk]),
                                  form_data(act, text="Chair asked for the audit plan"))
    response = client_for(cast.partner).post(
        reverse("actions:progress", args=[act.pk]),
        {**opened, f"a{act.pk}-text": "My own careful update"}, HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Chair asked for the audit plan" in html  # the newer values
    assert "My own careful update" in html  # theirs, kept in the form
    assert ProgressUpdate.objects.count() == 1


def test_delegated_actions_show_for_the_lead_and_the_officer(cast, client_for):
    officer = PersonFactory(agency=cast.police, full_name="PC Lee Archer")
    MembershipFactory(person=officer, board=cast.other_board)
    act = action(cast, delegate=officer)
    for person in (cast.partner, officer):
        rows = client_for(person).get(reverse("actions:mine")).context["rows"]
        assert act in [row["action"] for row in rows]


@pytest.mark.parametrize("url_name", ["actions:mine", "actions:board_tracker"])
def test_tracker_queries_do_not_grow_with_rows(cast, client_for, url_name):
    args = [] if url_name == "actions:mine" else [cast.board.pk]
    url = reverse(url_name, args=args)
    client = client_for(cast.partner)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    for _ in range(2):
        act = action(cast, due_on=date(2017, 1, 1))
        services.progress_add(action=act, by=cast.partner, text="x", status="in_progress",
                              version=act.version)
    before = count()
    for _ in range(12):
        action(cast, delegate=PersonFactory(agency=cast.police))
    assert count() == before
