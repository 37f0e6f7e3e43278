"""The agency API: a police system reads Merseyside Police's actions and posts progress as the
officer its token acts as, under the browser's rules (actions/rules.py)."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from actions import services
from actions.authentication import _digest, issue_token
from actions.models import Action, ActionStatus, AgencyToken, ProgressUpdate

from .factories import ActionFactory, PersonFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/actions/"


def detail(action):
    return f"/api/v1/actions/{action.pk}/"


def progress(action):
    return f"/api/v1/actions/{action.pk}/progress/"


def client_with(key):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


@pytest.fixture
def police_key(cast):
    _, key = issue_token(agency=cast.police, person=cast.partner, name="Niche RMS")
    return key


@pytest.fixture
def police(police_key):
    return client_with(police_key)


@pytest.fixture
def world(cast):
    """Police actions on both boards (one confidential, on the board the partner is not on) and
    council actions on both."""
    council_officer = PersonFactory(full_name="Dana Reid", agency=cast.council)
    today = timezone.localdate()
    return {
        "late": ActionFactory(board=cast.board, lead_person=cast.partner, number="2.1",
                              description="Audit the police response to missing children",
                              due_on=today - timedelta(days=10)),
        "on_time": ActionFactory(board=cast.board, lead_person=cast.partner, number="2.2",
                                 description="Train custody officers in the protocol",
                                 due_on=today + timedelta(days=30),
                                 status=ActionStatus.NOT_STARTED),
        "elsewhere": ActionFactory(board=cast.other_board, lead_person=cast.outsider,
                                   description="Join the Warrington MASH",
                                   due_on=today + timedelta(days=60)),
        "confidential": ActionFactory(board=cast.other_board, lead_person=cast.outsider,
                                      is_confidential=True,
                                      description="Review the police part in case C",
                                      due_on=today + timedelta(days=5)),
        "council_here": ActionFactory(board=cast.board, lead_person=cast.manager,
                                      description="Recruit social workers",
                                      due_on=today + timedelta(days=20)),
        "council_elsewhere": ActionFactory(board=cast.other_board, lead_person=council_officer,
                                           description="Refresh the Warrington threshold",
                                           due_on=today + timedelta(days=20)),
    }


# --- Authentication -----------------------------------------------------------------------


def test_no_token_is_401_and_says_how_to_authenticate(cast):
    response = APIClient().get(LIST)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_signed_in_browser_session_is_not_enough(cast, client_for):
    """The API takes tokens only, so no session (and no CSRF question) reaches it."""
    response = client_for(cast.partner).get(LIST)
    assert response.status_code == 401


def test_unknown_and_revoked_tokens_are_401(cast, police_key):
    assert client_with("not-a-key").get(LIST).status_code == 401
    assert client_with(police_key + "x").get(LIST).status_code == 401
    assert client_with(police_key).get(LIST).status_code == 200
    AgencyToken.objects.update(revoked_at=timezone.now())
    response = client_with(police_key).get(LIST)
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid or revoked token."}


def test_only_the_hash_of_the_key_is_stored(cast):
    token, key = issue_token(agency=cast.police, person=cast.partner, name="Niche RMS")
    token.refresh_from_db()
    assert len(key) >= 43
    assert key not in token.key_hash
    assert token.key_hash == _digest(key) and len(token.key_hash) == 64
    assert (token.agency, token.person, token.name) == (cast.police, cast.partner, "Niche RMS")


def test_a_token_acts_only_for_an_officer_of_its_agency(cast):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        issue_token(agency=cast.council, person=cast.partner, name="Wrong agency")
    assert not AgencyToken.objects.exists()


def test_a_person_who_left_the_agency_loses_the_token(cast, police_key):
    cast.partner.agency = cast.council
    cast.partner.save()
    assert client_with(police_key).get(LIST).status_code == 401


def test_the_command_prints_a_working_key_once(cast):
    out, err = StringIO(), StringIO()
    call_command("create_agency_token", "--agency-id", str(cast.police.pk),
                 "--person-email", "Gareth@example.org", "--name", "Niche RMS",
                 stdout=out, stderr=err)
    key = out.getvalue().strip()
    token = AgencyToken.objects.get()
    assert (token.person, token.agency, token.name) == (cast.partner, cast.police, "Niche RMS")
    assert token.key_hash == _digest(key)
    assert "cannot be shown again" in err.getvalue()
    assert client_with(key).get(LIST).status_code == 200


# --- Reading ------------------------------------------------------------------------------


def test_the_list_is_the_agencys_actions_across_boards_overdue_first(cast, world, police):
    response = police.get(LIST)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert [row["description"] for row in body["results"]] == [
        "Audit the police response to missing children",  # overdue first
        "Train custody officers in the protocol",
        "Join the Warrington MASH",  # another board, led by another police officer
    ]
    late = body["results"][0]
    action = world["late"]
    assert late == {
        "id": action.pk,
        "url": f"http://testserver/api/v1/actions/{action.pk}/",
        "board": "Wirral Improvement Board",
        "description": "Audit the police response to missing children",
        "number": "2.1",
        "lead_person": "Gareth Doyle",
        "lead_agency": "Merseyside Police",
        "due_on": action.due_on.isoformat(),
        "status": "in_progress",
        "rag": "red",
        "rag_reason": f"overdue since {action.due_on.day} {action.due_on:%B %Y}",
        "lead_rag": "",
        "has_impact": False,
        "impact_evidence": "",
        "version": 1,
        "latest_update": None,
        "is_overdue": True,
    }
    ids = {row["id"] for row in body["results"]}
    assert world["council_here"].pk not in ids  # on the partner's board, but not theirs
    # Police, but confidential to a board the partner is not on:
    assert world["confidential"].pk not in ids


def test_the_list_filters_by_status_and_overdue(cast, world, police):
    only = police.get(LIST, {"status": "not_started"}).json()["results"]
    assert [row["id"] for row in only] == [world["on_time"].pk]
    late = police.get(LIST, {"overdue": "true"}).json()["results"]
    assert [row["id"] for row in late] == [world["late"].pk]
    not_late = police.get(LIST, {"overdue": "false"}).json()["results"]
    assert [row["id"] for row in not_late] == [world["on_time"].pk, world["elsewhere"].pk]
    bad = police.get(LIST, {"status": "finished"})
    assert bad.status_code == 400 and "status" in bad.json()


def test_the_lists_query_count_does_not_grow_with_its_rows(cast, police):
    def count():
        with CaptureQueriesContext(connection) as captured:
            response = police.get(LIST)
        assert response.status_code == 200
        return len(captured), response.json()["count"]

    def add(n):
        for _ in range(n):
            action = ActionFactory(board=cast.board, lead_person=cast.partner)
            services.progress_add(action=action, by=cast.partner, text="Under way",
                                  status=ActionStatus.IN_PROGRESS, version=action.version)

    add(3)
    few, rows = count()
    assert rows == 3
    add(27)
    many, rows = count()
    assert rows == 30
    assert few == many


def test_detail_has_the_progress_log(cast, world, police):
    action = world["late"]
    services.progress_add(action=action, by=cast.partner, text="Audit fieldwork begun",
                          status=ActionStatus.IN_PROGRESS, version=1)
    body = police.get(detail(action)).json()
    assert body["version"] == 2
    assert body["latest_update"]["text"] == "Audit fieldwork begun"
    assert body["latest_update"]["written_by"] == "Gareth Doyle"
    assert [(u["text"], u["written_by"], u["status"]) for u in body["updates"]] == [
        ("Audit fieldwork begun", "Gareth Doyle", "in_progress"),
    ]


def test_detail_is_404_for_what_the_person_may_not_see(cast, world, police):
    for hidden in (world["council_elsewhere"], world["confidential"]):
        response = police.get(detail(hidden))
        assert response.status_code == 404
        assert "description" not in response.json()
    assert police.get("/api/v1/actions/999999/").status_code == 404
    # Their board's tracker is theirs to see, as in the browser.
    assert police.get(detail(world["council_here"])).json()["lead_agency"] == "Wirral Council"


# --- Posting progress ---------------------------------------------------------------------


def test_posting_progress_signs_it_changes_the_status_and_keeps_history(cast, world, police):
    action = world["on_time"]
    response = police.post(progress(action), {
        "text": "Two sessions booked for June", "status": "in_progress", "version": 1,
        "lead_rag": "green",
    }, format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["id"], body["status"], body["version"], body["lead_rag"]) == (
        action.pk, "in_progress", 2, "green")
    assert body["latest_update"]["text"] == "Two sessions booked for June"
    assert body["latest_update"]["written_by"] == "Gareth Doyle"

    update = ProgressUpdate.objects.get(action=action)
    assert (update.text, update.written_by, update.status_after) == (
        "Two sessions booked for June", cast.partner, ActionStatus.IN_PROGRESS)
    action.refresh_from_db()
    assert (action.status, action.latest_update, action.version) == (
        ActionStatus.IN_PROGRESS, update, 2)
    history = action.history.get(event="progress")
    assert history.changed_by == cast.partner
    assert history.changes["status"] == ["not_started", "in_progress"]
    assert history.changes["lead_rag"] == ["", "green"]


def test_marking_complete_records_what_was_done(cast, world, police):
    action = world["late"]
    response = police.post(progress(action), {
        "text": "Audit done: report to the June board", "status": "complete", "version": 1,
    }, format="json")
    assert response.status_code == 201
    assert response.json()["rag"] == "amber"  # complete without evidence of impact
    action.refresh_from_db()
    assert action.completed_by == cast.partner
    assert action.completion_note == "Audit done: report to the June board"


def test_a_stale_version_is_409_and_nothing_changes(cast, world, police):
    action = world["on_time"]
    services.progress_add(action=action, by=cast.manager, text="Chased at the May meeting",
                          status=ActionStatus.NOT_STARTED, version=1)
    response = police.post(progress(action), {
        "text": "Sessions booked", "status": "in_progress", "version": 1,
    }, format="json")
    assert response.status_code == 409
    body = response.json()
    assert "changed meanwhile" in body["detail"]
    assert body["current"]["id"] == action.pk
    assert body["current"]["version"] == 2
    assert body["current"]["status"] == "not_started"
    assert body["current"]["latest_update"]["text"] == "Chased at the May meeting"
    assert body["current"]["latest_update"]["written_by"] == "Priya Nolan"
    assert list(ProgressUpdate.objects.filter(action=action).values_list("text", flat=True)) == [
        "Chased at the May meeting"]
    action.refresh_from_db()
    assert (action.status, action.version) == (ActionStatus.NOT_STARTED, 2)


@pytest.mark.parametrize("body, field", [
    ({"text": "Closed it myself", "status": "closed", "version": 1}, "status"),
    ({"text": "Withdrawn", "status": "withdrawn", "version": 1}, "status"),
    ({"text": "x" * 100_000, "status": "in_progress", "version": 1}, "text"),
    ({"text": "   ", "status": "in_progress", "version": 1}, "text"),
    ({"text": "Update", "status": "in_progress"}, "version"),
    ({"text": "Update", "status": "in_progress", "version": 1, "lead_rag": "purple"},
     "lead_rag"),
])
def test_bad_input_is_400_with_field_errors_and_nothing_changes(cast, world, police, body,
                                                                  field):
    action = world["on_time"]
    response = police.post(progress(action), body, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert list(errors) == [field]
    assert isinstance(errors[field], list) and errors[field]
    assert not ProgressUpdate.objects.filter(action=action).exists()
    action.refresh_from_db()
    assert (action.status, action.version) == (ActionStatus.NOT_STARTED, 1)


def test_a_closed_action_refuses_progress_with_the_services_reason(cast, world, police):
    action = world["late"]
    Action.objects.filter(pk=action.pk).update(status=ActionStatus.CLOSED,
                                               closed_by=cast.manager)
    response = police.post(progress(action), {
        "text": "One more thing", "status": "in_progress", "version": 1}, format="json")
    assert response.status_code == 400
    assert "ask the business manager to reopen it" in response.json()["status"][0]
    assert not ProgressUpdate.objects.filter(action=action).exists()


def test_seeing_is_not_updating_403_and_not_seeing_is_404(cast, world, police):
    visible = world["council_here"]  # on the partner's board, but the council's to update
    response = police.post(progress(visible), {
        "text": "Not mine", "status": "complete", "version": 1}, format="json")
    assert response.status_code == 403
    hidden = world["confidential"]
    response = police.post(progress(hidden), {
        "text": "Not mine", "status": "complete", "version": 1}, format="json")
    assert response.status_code == 404
    assert not ProgressUpdate.objects.exists()
    assert Action.objects.get(pk=visible.pk).status == ActionStatus.IN_PROGRESS


# --- The schema ---------------------------------------------------------------------------


def test_the_openapi_schema_documents_the_paths_bodies_and_token(cast):
    response = APIClient().get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/actions/", "/api/v1/actions/{id}/",
            "/api/v1/actions/{id}/progress/"} <= set(schema["paths"])
    assert schema["components"]["securitySchemes"]["AgencyToken"] == {
        "type": "apiKey", "in": "header", "name": "Authorization",
        "description": 'Token-based authentication with required prefix "Token"',
    }
    post = schema["paths"]["/api/v1/actions/{id}/progress/"]["post"]
    assert {"AgencyToken": []} in post["security"]
    assert {"201", "400", "403", "404", "409"} <= set(post["responses"])
    progress_body = post["requestBody"]["content"]["application/json"]["schema"]
    assert set(progress_body["required"]) == {"text", "status", "version"}
    assert progress_body["properties"]["text"]["maxLength"] == 10000
    assert progress_body["properties"]["status"]["enum"] == [
        "not_started", "in_progress", "complete"]
    created = post["responses"]["201"]["content"]["application/json"]["schema"]["$ref"]
    action = schema["components"]["schemas"][created.rsplit("/", 1)[1]]
    assert {"id", "status", "rag", "version", "latest_update", "updates"} <= set(
        action["properties"])
    listed = schema["paths"]["/api/v1/actions/"]["get"]
    assert {p["name"] for p in listed["parameters"]} >= {"page", "status", "overdue"}

