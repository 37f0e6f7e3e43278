"""The indicator API: Merseyside Police's system lists the indicators the force reports to the
Improvement Board, reads their figures and submits a month's figures, signed by the officer its
token acts as, under the browser's rules (performance/rules.py)."""

import json
from datetime import date
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from actions.authentication import issue_token
from performance import services
from performance.models import IndicatorValue, SubmittedVia, ValueStatus

from .factories import BoardFactory, MembershipFactory
from .test_indicator_import import build_dataset, publish

pytestmark = pytest.mark.django_db

INDICATORS = "/api/v1/indicators/"
SUBMIT = "/api/v1/indicators/values/"


def values_of(indicator):
    return f"/api/v1/indicators/{indicator.pk}/values/"


def client_for_token(person, agency=None):
    _, key = issue_token(agency=agency or person.agency, person=person, name="Niche RMS")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


@pytest.fixture
def data(cast):
    return build_dataset(cast)


@pytest.fixture
def police(cast, data):
    return client_for_token(cast.partner)


def batch(cast, *items, reason=None):
    body = {"values": [{"board": cast.board.pk, "breakdown": "", **item} for item in items]}
    if reason is not None:
        body["correction_reason"] = reason
    return body


# --- Authentication -----------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path"), [
    ("get", INDICATORS), ("get", "/api/v1/indicators/1/values/"), ("post", SUBMIT)])
def test_a_token_is_required(cast, data, method, path):
    response = getattr(APIClient(), method)(path, {}, format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_signed_in_browser_session_is_not_enough(cast, data, client_for):
    assert client_for(cast.partner).get(INDICATORS).status_code == 401
    response = client_for(cast.partner).post(SUBMIT, json.dumps(batch(
        cast, {"indicator": "PP1", "period": "2017-03", "value": "97"})),
        content_type="application/json")
    assert response.status_code == 401
    assert not IndicatorValue.objects.exists()


# --- Listing --------------------------------------------------------------------------------


def test_the_police_see_only_the_indicators_the_force_reports(cast, data, police):
    response = police.get(INDICATORS)
    assert response.status_code == 200
    listed = response.json()["results"]
    assert [i["code"] for i in listed] == ["PP1", "PP2"]
    pp1 = listed[0]
    assert pp1 == {
        "id": data.pp1.pk, "code": "PP1", "name": "Missing episodes reported to the police",
        "board": {"id": cast.board.pk, "name": "Wirral Improvement Board"},
        "theme": "Child protection", "owning_agency": "Merseyside Police", "unit": "count",
        "frequency": "monthly", "polarity": "lower", "decimal_places": 1, "breakdowns": [],
        "values_url": f"http://testserver{values_of(data.pp1)}",
    }


def test_the_business_manager_sees_the_whole_dataset_with_breakdowns(cast, data):
    listed = client_for_token(cast.manager).get(INDICATORS).json()["results"]
    assert [i["code"] for i in listed] == ["CP3", "EH1", "PP1", "PP2", "WF2"]
    assert listed[0]["breakdowns"] == ["Under 1", "1 to 4", "5 to 9", "10 to 15", "16 to 17"]
    assert listed[0]["unit"] == "percentage"


def test_an_officer_of_the_force_on_another_board_only_sees_nothing_here(cast, data):
    assert client_for_token(cast.outsider).get(INDICATORS).json()["results"] == []


def test_the_list_follows_the_board_membership_of_today(cast, data):
    """An officer who joins another board sees its police indicators too; a council member
    without the business manager's role sees only the council's."""
    other = build_other_board_indicator(cast)
    MembershipFactory(person=cast.partner, board=other.board)
    listed = client_for_token(cast.partner).get(INDICATORS).json()["results"]
    assert {(i["board"]["id"], i["code"]) for i in listed} == {
        (cast.board.pk, "PP1"), (cast.board.pk, "PP2"), (other.board.pk, "PP1")}
    chair = client_for_token(cast.chair).get(INDICATORS).json()["results"]
    assert [i["code"] for i in chair] == ["CP3", "EH1", "WF2"]


def build_other_board_indicator(cast):
    from performance.models import Frequency, Polarity, Theme, Unit

    board = BoardFactory(name="Wirral Safeguarding Adults Board")
    theme = Theme.objects.create(board=board, name="Missing")
    return services.indicator_create(
        board=board, theme=theme, code="PP1", name="Missing adults", definition="Episodes.",
        source="Niche", unit=Unit.COUNT, polarity=Polarity.LOWER_IS_BETTER,
        frequency=Frequency.MONTHLY, owning_agency=cast.police)


# --- Reading figures ------------------------------------------------------------------------


def test_the_force_reads_its_figures_with_their_place_in_the_pipeline(cast, data, police):
    published = publish(cast, data.pp1, date(2017, 1, 1), "112", by=cast.partner)
    services.values_submit(by=cast.partner, entries=[services.Entry(
        indicator=data.pp1, period=date(2017, 2, 1), breakdown=None, value=Decimal("1116"))])

    response = police.get(values_of(data.pp1))
    assert response.status_code == 200
    results = response.json()["results"]
    assert [(v["period"], v["period_label"], v["breakdown"], v["value"], v["status"])
            for v in results] == [
        ("2017-02-01", "February 2017", None, "1116", "submitted"),
        ("2017-01-01", "January 2017", None, "112", "published"),
    ]
    assert results[1]["id"] == published.pk and results[1]["submitted_by"] == "Gareth Doyle"
    assert results[1]["via"] == "browser"

    only = police.get(values_of(data.pp1), {"status": "published"}).json()["results"]
    assert [v["id"] for v in only] == [published.pk]
    assert police.get(values_of(data.pp1), {"status": "lost"}).status_code == 400


def test_breakdowns_are_named_and_come_after_their_total(cast, data):
    cp3 = data.cp3
    under_one = cp3.breakdowns.get(label="Under 1")
    services.values_submit(by=cast.manager, entries=[
        services.Entry(indicator=cp3, period=date(2017, 3, 1), breakdown=under_one,
                       value=Decimal("7.2")),
        services.Entry(indicator=cp3, period=date(2017, 3, 1), breakdown=None,
                       value=Decimal("5.1"))])
    results = client_for_token(cast.manager).get(values_of(cp3)).json()["results"]
    assert [(v["breakdown"], v["value"]) for v in results] == [(None, "5.1"),
                                                                ("Under 1", "7.2")]


def test_other_members_read_only_published_figures_and_outsiders_nothing(cast, data):
    published = publish(cast, data.cp3, date(2017, 1, 1), "5.1", by=cast.chair)
    services.values_submit(by=cast.chair, entries=[services.Entry(
        indicator=data.cp3, period=date(2017, 2, 1), breakdown=None, value=Decimal("5.3"))])

    police = client_for_token(cast.partner)  # on the board, not the council's figures
    assert [v["id"] for v in police.get(values_of(data.cp3)).json()["results"]] == [
        published.pk]
    assert police.get(values_of(data.cp3), {"status": "submitted"}).json()["results"] == []

    outsider = client_for_token(cast.outsider)
    assert outsider.get(values_of(data.cp3)).status_code == 404
    assert outsider.get(values_of(data.pp1)).status_code == 404  # the force's, another board
    assert police.get("/api/v1/indicators/999999/values/").status_code == 404


# --- Submitting -----------------------------------------------------------------------------


def test_a_good_batch_is_submitted_signed_by_the_tokens_officer(cast, data, police):
    response = police.post(SUBMIT, batch(
        cast,
        {"indicator": "PP1", "period": "2017-01", "value": 112},
        {"indicator": "pp1", "period": "2017-02-01", "value": "1,116"},
        {"indicator": "PP2", "period": "2017-01", "value": 4.5, "breakdown": None},
    ), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert {k: body[k] for k in ("created", "corrections", "unchanged", "summary")} == {
        "created": 3, "corrections": 0, "unchanged": 0,
        "summary": "3 values submitted for validation"}
    values = IndicatorValue.objects.select_related("indicator").order_by("pk")
    assert [v.pk for v in values] == body["ids"]
    assert [(v.indicator.code, v.period, v.value) for v in values] == [
        ("PP1", date(2017, 1, 1), Decimal("112")), ("PP1", date(2017, 2, 1), Decimal("1116")),
        ("PP2", date(2017, 1, 1), Decimal("4.5"))]
    for value in values:
        assert value.status == ValueStatus.SUBMITTED
        assert value.via == SubmittedVia.API
        assert value.submitted_by == cast.partner

    again = police.post(SUBMIT, batch(cast, {"indicator": "PP1", "period": "2017-01",
                                              "value": "112"}), format="json")
    assert again.status_code == 201 and again.json()["unchanged"] == 1
    assert IndicatorValue.objects.count() == 3


def test_a_bad_batch_is_refused_whole_with_every_problem(cast, data):
    manager = client_for_token(cast.manager)
    response = manager.post(SUBMIT, batch(
        cast,
        {"indicator": "CP3", "period": "2017-03", "value": "5.1"},                # 0: fine
        {"indicator": "CP9", "period": "2017-03", "value": "5"},                  # 1
        {"indicator": "EH1", "period": "2017-02", "value": "1116"},               # 2
        {"indicator": "CP3", "period": "2017-02", "value": "about five"},         # 3
        {"indicator": "CP3", "period": "2017-02", "value": "3", "breakdown": "Over 18"},
        {"indicator": "CP3", "period": "2017-03", "value": "5.2"},                # 5
        {"indicator": "CP3", "period": "2017-03", "breakdown": "Under 1"},        # 6
        {"indicator": "EH1", "period": "soon", "value": "7"},                     # 7
    ), format="json")

    # A malformed item is answered first, as the request's shape is.
    assert response.status_code == 400
    assert response.json() == {"problems": [
        {"item": 6, "message": "value: This field is required."},
    ]}

    response = manager.post(SUBMIT, batch(
        cast,
        {"indicator": "CP3", "period": "2017-03", "value": "5.1"},
        {"indicator": "CP9", "period": "2017-03", "value": "5"},
        {"indicator": "EH1", "period": "2017-02", "value": "1116"},
        {"indicator": "CP3", "period": "2017-02", "value": "about five"},
        {"indicator": "CP3", "period": "2017-02", "value": "3", "breakdown": "Over 18"},
        {"indicator": "CP3", "period": "2017-03", "value": "5.2"},
        {"indicator": "CP3", "period": "2017-04", "value": "101"},
        {"indicator": "EH1", "period": "soon", "value": "7"},
    ), format="json")
    assert response.status_code == 400
    problems = response.json()["problems"]
    assert [p["item"] for p in problems] == [1, 2, 3, 4, 5, 6, 7]
    messages = {p["item"]: p["message"] for p in problems}
    assert messages[1] == f"Board {cast.board.pk} has no indicator “CP9” that you can see"
    assert messages[2].startswith("EH1 is quarterly: the period must be a quarter's first "
                                  "month")
    assert messages[3] == "“about five” is not a number: write it like 5.1 or 1,116"
    assert messages[4].startswith("“Over 18” is not a breakdown of CP3")
    assert messages[5] == "CP3 March 2017 is given twice (also item 0)"
    assert messages[6] == "A percentage is between 0 and 100"
    assert messages[7] == "“soon” is not a period: give the month it starts, like 2017-03"
    assert not IndicatorValue.objects.exists()


def test_another_agencys_indicator_is_refused_and_nothing_is_saved(cast, data, police):
    response = police.post(SUBMIT, batch(
        cast,
        {"indicator": "PP1", "period": "2017-03", "value": "97"},
        {"indicator": "CP3", "period": "2017-03", "value": "5.1"}), format="json")
    assert response.status_code == 400
    assert response.json() == {"problems": [
        {"item": 1, "message": "You may not submit figures for CP3: it belongs to Wirral "
                               "Council"}]}
    assert not IndicatorValue.objects.exists()


def test_a_board_the_officer_does_not_sit_on_is_not_disclosed(cast, data):
    outsider = client_for_token(cast.outsider)
    response = outsider.post(SUBMIT, batch(
        cast, {"indicator": "PP1", "period": "2017-03", "value": "97"}), format="json")
    assert response.status_code == 400
    assert response.json()["problems"] == [
        {"item": 0, "message": f"Board {cast.board.pk} has no indicator “PP1” that you can "
                               f"see"}]
    assert not IndicatorValue.objects.exists()


def test_a_correction_needs_a_reason_and_names_the_published_figure(cast, data, police):
    published = publish(cast, data.pp1, date(2017, 3, 1), "97", by=cast.partner)
    item = {"indicator": "PP1", "period": "2017-03", "value": "99"}

    refused = police.post(SUBMIT, batch(cast, item), format="json")
    assert refused.status_code == 400
    assert refused.json()["problems"] == [
        {"item": 0, "message": "97.0 is already published for March 2017: give a reason for "
                               "the correction"}]

    accepted = police.post(SUBMIT, batch(cast, item, reason="Two episodes recorded late."),
                           format="json")
    assert accepted.status_code == 201
    assert accepted.json()["corrections"] == 1
    correction = IndicatorValue.objects.get(pk=accepted.json()["ids"][0])
    assert correction.corrects == published and correction.via == SubmittedVia.API
    assert correction.correction_reason == "Two episodes recorded late."


@pytest.mark.parametrize(("body", "problem"), [
    ({}, {"item": None, "message": "values: This field is required."}),
    ({"values": []}, {"item": None, "message": "values: Ensure this field has at least 1 "
                                               "elements."}),
    ({"values": "PP1"}, {"item": None, "message": 'values: Expected a list of items but got '
                                                  'type "str".'}),
    ({"values": [{"indicator": "PP1", "board": "x", "period": "2017-03", "value": 1}]},
     {"item": 0, "message": "board: A valid integer is required."}),
    ({"values": [{"indicator": "PP1", "board": 1, "period": "2017-03", "value": 1}] * 5001},
     {"item": None, "message": "Send at most 5,000 values in one request"}),
    ({"correction_reason": "x" * 2001, "values": [
        {"indicator": "PP1", "board": 1, "period": "2017-03", "value": 1}]},
     {"item": None, "message": "correction_reason: Ensure this field has no more than 2000 "
                               "characters."}),
])
def test_a_malformed_body_is_answered_in_the_same_shape(cast, data, police, body, problem):
    response = police.post(SUBMIT, body, format="json")
    assert response.status_code == 400
    assert response.json() == {"problems": [problem]}
    assert not IndicatorValue.objects.exists()


def test_five_thousand_items_go_in_one_request(cast, data, police):
    months = [date(2000 + m // 12, m % 12 + 1, 1) for m in range(3, 203)]
    items = [{"indicator": "PP1", "period": f"{m:%Y-%m}", "value": n}
             for n, m in enumerate(months)]
    response = police.post(SUBMIT, batch(cast, *items), format="json")
    assert response.status_code == 201
    assert response.json()["created"] == 200


# --- The schema ---------------------------------------------------------------------------


def test_the_schema_documents_the_indicator_paths(cast):
    response = APIClient().get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = json.loads(response.content)
    paths = schema["paths"]
    assert {"/api/v1/indicators/", "/api/v1/indicators/{id}/values/",
            "/api/v1/indicators/values/"} <= set(paths)
    submit = paths["/api/v1/indicators/values/"]["post"]
    assert {"AgencyToken": []} in submit["security"]
    assert {"201", "400"} <= set(submit["responses"])
    listed = paths["/api/v1/indicators/{id}/values/"]["get"]
    assert {p["name"] for p in listed["parameters"]} >= {"id", "page", "status"}
    body_ref = submit["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    body = schema["components"]["schemas"][body_ref.rsplit("/", 1)[1]]
    assert set(body["required"]) == {"values"}
    assert body["properties"]["values"]["maxItems"] == 5000
