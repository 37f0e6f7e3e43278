"""Core performance indicators: the judgements (RAG with both polarities and the tolerance
edges, direction of travel), the submitted → validated → published workflow, corrections,
permissions by agency, the dashboard and an indicator's page (published figures only, a
fixed number of queries), commentary, benchmarks and triangulation."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from boards.models import Role
from challenges.models import Challenge, EvidenceKind
from performance import periods, services
from performance.dashboard import board_dashboard, summarise
from performance.models import (
    Benchmark,
    Commentary,
    IndicatorValue,
    Polarity,
    Target,
    Theme,
    ValueStatus,
)
from performance.rag import Rating, rag, travel

from .factories import MembershipFactory, PersonFactory

D = Decimal
TODAY = timezone.localdate()
LAST_MONTH = periods.recent("monthly", TODAY, 1)[0]
LAST_QUARTER = periods.recent("quarterly", TODAY, 1)[0]


# --- The judgements -----------------------------------------------------------------------

def _target(target, tolerance):
    return Target(target=D(target), tolerance=D(tolerance))


@pytest.mark.parametrize(("value", "expected"), [
    ("95", Rating.GREEN),   # above the target
    ("90", Rating.GREEN),   # exactly on it
    ("89.9", Rating.AMBER),  # just below, within tolerance
    ("85", Rating.AMBER),   # on the tolerance edge: still amber
    ("84.9", Rating.RED),   # beyond it
])
def test_rag_when_higher_is_better(value, expected):
    assert rag(D(value), _target("90", "5"), Polarity.HIGHER_IS_BETTER) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("4.0", Rating.GREEN),
    ("6.0", Rating.GREEN),   # on target
    ("6.1", Rating.AMBER),
    ("7.0", Rating.AMBER),   # the tolerance edge
    ("7.01", Rating.RED),
])
def test_rag_when_lower_is_better(value, expected):
    assert rag(D(value), _target("6", "1"), Polarity.LOWER_IS_BETTER) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("45", Rating.GREEN), ("40", Rating.GREEN), ("50", Rating.GREEN),
    ("39.9", Rating.AMBER), ("50.1", Rating.AMBER), ("200", Rating.AMBER),
])
def test_rag_when_a_range_is_best_is_never_red(value, expected):
    assert rag(D(value), _target("45", "5"), Polarity.NEITHER) == expected


def test_no_target_or_no_value_means_no_rating_and_zero_tolerance_has_no_amber():
    assert rag(D("5"), None, Polarity.HIGHER_IS_BETTER) == Rating.NONE
    assert rag(None, _target("5", "1"), Polarity.HIGHER_IS_BETTER) == Rating.NONE
    assert rag(D("4.99"), _target("5", "0"), Polarity.HIGHER_IS_BETTER) == Rating.RED


def test_direction_of_travel_depends_on_polarity():
    up_good = travel(D("6"), D("5"), Polarity.HIGHER_IS_BETTER, "since May 2026")
    assert (up_good.arrow, up_good.judgement) == ("up", "improving")
    assert up_good.words == "Up since May 2026: improving"
    up_bad = travel(D("6"), D("5"), Polarity.LOWER_IS_BETTER, "since May 2026")
    assert (up_bad.arrow, up_bad.judgement) == ("up", "worsening")
    down_bad = travel(D("4"), D("5"), Polarity.HIGHER_IS_BETTER, "since May 2026")
    assert (down_bad.arrow, down_bad.judgement) == ("down", "worsening")
    assert travel(D("5"), D("5"), Polarity.LOWER_IS_BETTER, "x").judgement == "no change"
    assert travel(D("6"), D("5"), Polarity.NEITHER, "x").judgement == "changed"
    assert travel(D("6"), None, Polarity.NEITHER, "since May 2026").words == (
        "No figure to compare since May 2026")


def test_periods_read_in_the_boards_terms():
    assert periods.label(date(2017, 3, 1), "monthly") == "March 2017"
    assert periods.label(date(2017, 1, 1), "quarterly") == "Q4 2016-17"
    assert periods.label(date(2016, 4, 1), "quarterly") == "Q1 2016-17"
    assert periods.label(date(2016, 4, 1), "annual") == "2016-17"
    assert periods.containing(date(2017, 2, 14), "quarterly") == date(2017, 1, 1)
    assert periods.containing(date(2017, 2, 14), "annual") == date(2016, 4, 1)
    assert not periods.is_start(date(2017, 2, 1), "quarterly")
    assert periods.is_start(date(2017, 7, 1), "quarterly")
    assert periods.recent("quarterly", date(2017, 5, 10), 2) == [date(2017, 1, 1),
                                                                date(2016, 10, 1)]


# --- A dataset on the Improvement Board -----------------------------------------------------

@dataclass
class Dataset:
    repeat_contacts: object  # council, monthly, lower is better, by locality
    notifications: object  # police, monthly, higher is better
    analyst: object  # council performance officer: submits
    officer: object  # council performance officer: validates


@pytest.fixture
def data(cast):
    analyst = PersonFactory(full_name="Stuart Penn", agency=cast.council,
                            email="stuart@example.org")
    officer = PersonFactory(full_name="Claire Bradley", agency=cast.council,
                            email="claire@example.org")
    for person in (analyst, officer):
        MembershipFactory(person=person, board=cast.board, role=Role.PERFORMANCE_OFFICER)
    theme = Theme.objects.create(board=cast.board, name="Front door")
    contacts = services.indicator_create(
        board=cast.board, theme=theme, code="CP1", name="Repeat contacts within a month",
        definition="Children with more than one contact in a month.", source="Case records",
        unit="percentage", polarity="lower", frequency="monthly", owning_agency=cast.council,
        breakdowns=[("locality", "Wallasey"), ("locality", "Birkenhead")])
    notifications = services.indicator_create(
        board=cast.board, theme=theme, code="DA1",
        name="Domestic abuse notifications shared within 24 hours", definition="Shared in 24h.",
        source="Police PVP unit", unit="percentage", polarity="higher", frequency="monthly",
        owning_agency=cast.police, decimal_places=0)
    for year in range(periods.financial_year(TODAY) - 3, periods.financial_year(TODAY) + 1):
        services.target_set(indicator=contacts, year=year, target=D("6"), tolerance=D("1"))
        services.target_set(indicator=notifications, year=year, target=D("95"),
                            tolerance=D("5"))
    return Dataset(contacts, notifications, analyst, officer)


def publish(indicator, period, value, *, by, validator, publisher, breakdown=None):
    """A figure straight through the workflow, as the services do it."""
    result = services.values_submit(by=by, entries=[services.Entry(
        indicator=indicator, period=period, breakdown=breakdown, value=D(value))])
    services.values_validate(by=validator, values=result.values)
    services.values_publish(by=publisher, values=result.values)
    return IndicatorValue.objects.get(pk=result.values[0].pk)


def entry(indicator, period, value, breakdown=None, **extra):
    return services.Entry(indicator=indicator, period=period, breakdown=breakdown,
                          value=D(value), **extra)


# --- The workflow ------------------------------------------------------------------------------

def test_a_figure_goes_submitted_validated_published_by_different_people(cast, data):
    result = services.values_submit(by=data.analyst,
                                    entries=[entry(data.repeat_contacts, LAST_MONTH, "5.1")])
    value = result.values[0]
    assert (value.status, value.submitted_by, value.via) == (
        ValueStatus.SUBMITTED, data.analyst, "browser")
    with pytest.raises(services.SubmissionRejected) as refused:
        services.values_validate(by=data.analyst, values=[value])
    assert "someone else must validate it" in refused.value.problems[0].message
    assert services.values_validate(by=data.officer, values=[value]) == 1
    value.refresh_from_db()
    assert (value.status, value.validated_by) == (ValueStatus.VALIDATED, data.officer)
    # Only the business manager publishes; a performance officer may not.
    with pytest.raises(services.SubmissionRejected):
        services.values_publish(by=data.officer, values=[value])
    assert services.values_publish(by=cast.manager, values=[value]) == 1
    value.refresh_from_db()
    assert (value.status, value.published_by) == (ValueStatus.PUBLISHED, cast.manager)


def test_the_database_itself_refuses_a_figure_validated_by_its_submitter(data):
    value = services.values_submit(by=data.analyst, entries=[
        entry(data.repeat_contacts, LAST_MONTH, "5.1")]).values[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.filter(pk=value.pk).update(validated_by=data.analyst)


def test_a_validator_sends_figures_back_with_a_reason_and_the_agency_submits_again(data):
    value = services.values_submit(by=data.analyst, entries=[
        entry(data.repeat_contacts, LAST_MONTH, "51")]).values[0]
    with pytest.raises(Exception, match="Say why"):
        services.values_return(by=data.officer, values=[value], reason=" ")
    services.values_return(by=data.officer, values=[value], reason="51% cannot be right")
    value.refresh_from_db()
    assert (value.status, value.returned_reason) == (ValueStatus.RETURNED,
                                                     "51% cannot be right")
    again = services.values_submit(by=data.analyst, entries=[
        entry(data.repeat_contacts, LAST_MONTH, "5.1")]).values[0]
    assert again.status == ValueStatus.SUBMITTED


def test_a_correction_after_publication_needs_a_reason_and_keeps_the_history(cast, data,
                                                                          client_for):
    first = publish(data.repeat_contacts, LAST_MONTH, "5.3", by=data.analyst,
                    validator=data.officer, publisher=cast.manager)
    with pytest.raises(services.SubmissionRejected) as refused:
        services.values_submit(by=data.analyst, entries=[
            entry(data.repeat_contacts, LAST_MONTH, "5.1")])
    assert "is already published" in refused.value.problems[0].message
    result = services.values_submit(
        by=data.analyst, entries=[entry(data.repeat_contacts, LAST_MONTH, "5.1")],
        correction_reason="Out-of-hours contacts were counted twice")
    correction = result.values[0]
    assert (correction.corrects, result.corrections) == (first, 1)
    # Until the correction is published, the published figure still stands.
    rows = {r.indicator.code: r for r in board_dashboard(cast.board)}
    assert rows["CP1"].value == D("5.3")
    services.values_validate(by=data.officer, values=[correction])
    services.values_publish(by=cast.manager, values=[correction])
    first.refresh_from_db()
    assert first.status == ValueStatus.SUPERSEDED
    rows = {r.indicator.code: r for r in board_dashboard(cast.board)}
    assert rows["CP1"].value == D("5.1")
    page = client_for(cast.manager).get(
        data.repeat_contacts.get_absolute_url()).content.decode()
    assert "corrected from 5.3% to 5.1%" in page
    assert "Out-of-hours contacts were counted twice" in page


def test_a_new_figure_supersedes_the_pending_one_and_nothing_is_changed_in_place(data):
    first = services.values_submit(by=data.analyst, entries=[
        entry(data.repeat_contacts, LAST_MONTH, "5.0")]).values[0]
    second = services.values_submit(by=data.officer, entries=[
        entry(data.repeat_contacts, LAST_MONTH, "5.2")]).values[0]
    first.refresh_from_db()
    assert (first.value, first.status) == (D("5.0"), ValueStatus.SUPERSEDED)
    assert (second.value, second.status, second.submitted_by) == (
        D("5.2"), ValueStatus.SUBMITTED, data.officer)
    # The same figure again is not a new submission.
    again = services.values_submit(by=data.analyst, entries=[
        entry(data.repeat_contacts, LAST_MONTH, "5.2")])
    assert (again.created, again.unchanged) == (0, 1)


def test_a_batch_with_any_problem_is_refused_whole(data):
    with pytest.raises(services.SubmissionRejected) as refused:
        services.values_submit(by=data.analyst, entries=[
            entry(data.repeat_contacts, LAST_MONTH, "5.1", ref="row 2"),
            entry(data.repeat_contacts, date(2017, 2, 14), "5.1", ref="row 3"),
            entry(data.repeat_contacts, LAST_MONTH, "130", ref="row 4",
                  breakdown=data.repeat_contacts.breakdowns.get(label="Wallasey")),
            entry(data.repeat_contacts, LAST_MONTH, "5.4", ref="row 5"),
            entry(data.repeat_contacts, periods.step(LAST_MONTH, "monthly", 2), "5", ref="r6"),
        ])
    problems = {p.ref: p.message for p in refused.value.problems}
    assert "must be a month" in problems["row 3"]
    assert "between 0 and 100" in problems["row 4"]
    assert "given twice (also row 2)" in problems["row 5"]
    assert "has not started yet" in problems["r6"]
    assert not IndicatorValue.objects.exists()


def test_an_agency_submits_only_its_own_indicators(cast, data):
    with pytest.raises(services.SubmissionRejected) as refused:
        services.values_submit(by=cast.partner, entries=[
            entry(data.repeat_contacts, LAST_MONTH, "5.1")])
    assert "belongs to Wirral Council" in refused.value.problems[0].message
    ok = services.values_submit(by=cast.partner, entries=[
        entry(data.notifications, LAST_MONTH, "93")])
    assert ok.created == 1
    # The business manager may submit for any agency.
    assert services.values_submit(by=cast.manager, entries=[
        entry(data.repeat_contacts, LAST_MONTH, "5.1")]).created == 1


# --- Pages and permissions ---------------------------------------------------------------------

def _urls(cast, data):
    board, indicator = cast.board.pk, data.repeat_contacts.pk
    return {
        "dashboard": reverse("performance:dashboard", args=[board]),
        "exceptions": reverse("performance:exceptions", args=[board]),
        "indicator": reverse("performance:indicator", args=[indicator]),
        "enter": reverse("performance:enter", args=[board]),
        "validate": reverse("performance:validate", args=[board]),
        "publish": reverse("performance:publish", args=[board]),
        "define": reverse("performance:indicator_create", args=[board]),
        "target": reverse("performance:target_set", args=[indicator]),
        "benchmark": reverse("performance:benchmark_set", args=[indicator]),
        "commentary": reverse("performance:commentary",
                              args=[indicator, LAST_MONTH.strftime("%Y-%m")]),
        "challenge": reverse("challenges:raise_about_indicator", args=[indicator]),
        "action": reverse("performance:raise_action", args=[indicator]),
    }


# role → the pages it may open (200); members get 403 elsewhere, outsiders 404 everywhere.
ALLOWED = {
    "manager": {"dashboard", "exceptions", "indicator", "enter", "validate", "publish",
                "define", "target", "benchmark", "commentary", "challenge", "action"},
    # The chair here is of Wirral Council, which owns CP1: they may enter and explain its figures.
    "chair": {"dashboard", "exceptions", "indicator", "challenge", "enter", "commentary"},
    "partner": {"dashboard", "exceptions", "indicator", "enter"},  # police: enters DA1
    "lay_member": {"dashboard", "exceptions", "indicator"},
    "adviser": {"dashboard", "exceptions", "indicator"},
    "analyst": {"dashboard", "exceptions", "indicator", "enter", "validate", "benchmark",
                "commentary"},
}


@pytest.mark.parametrize("role", [*ALLOWED, "outsider", "reader"])
def test_every_page_checks_the_role_on_the_server(cast, data, client_for, role):
    person = data.analyst if role == "analyst" else cast.by_role(role)
    client = client_for(person)
    for name, url in _urls(cast, data).items():
        status = client.get(url).status_code
        if role in ("outsider", "reader"):
            assert status == 404, (role, name)
        else:
            assert status == (200 if name in ALLOWED[role] else 403), (role, name, status)


def test_anonymous_visitors_are_sent_to_sign_in(cast, data, client_for):
    client = client_for(None)
    for url in _urls(cast, data).values():
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_unpublished_figures_appear_nowhere_a_reader_looks(cast, data, client_for):
    publish(data.repeat_contacts, periods.previous(LAST_MONTH, "monthly"), "6.4",
            by=data.analyst, validator=data.officer, publisher=cast.manager)
    submitted = services.values_submit(by=data.analyst, entries=[
        entry(data.repeat_contacts, LAST_MONTH, "9.9")]).values
    validated = services.values_submit(by=cast.partner, entries=[
        entry(data.notifications, LAST_MONTH, "77")]).values
    services.values_validate(by=data.officer, values=validated)
    urls = _urls(cast, data)
    client = client_for(cast.lay_member)
    pages = [client.get(urls[name]).content.decode()
             for name in ("dashboard", "exceptions", "indicator")]
    pages.append(client.get(data.notifications.get_absolute_url()).content.decode())
    for page in pages:
        assert "9.9%" not in page and "77%" not in page
    assert "6.4%" in pages[0]
    assert submitted[0].status == ValueStatus.SUBMITTED


def test_the_dashboard_shows_rag_travel_and_exceptions_first(cast, data, client_for):
    two_back = periods.step(LAST_MONTH, "monthly", -2)
    previous = periods.previous(LAST_MONTH, "monthly")
    for period, figure in ((two_back, "5.0"), (previous, "5.5"), (LAST_MONTH, "7.5")):
        publish(data.repeat_contacts, period, figure, by=data.analyst,
                validator=data.officer, publisher=cast.manager)
    for period, figure in ((previous, "90"), (LAST_MONTH, "97")):
        publish(data.notifications, period, figure, by=cast.partner, validator=data.officer,
                publisher=cast.manager)
    rows = board_dashboard(cast.board)
    assert [r.indicator.code for r in rows] == ["CP1", "DA1"]
    contacts, notifications = rows
    assert (contacts.rating, contacts.since_previous.judgement) == (Rating.RED, "worsening")
    assert contacts.is_exception and not notifications.is_exception
    assert (notifications.rating, notifications.since_previous.judgement) == (
        Rating.GREEN, "improving")
    page = client_for(cast.lay_member).get(
        reverse("performance:dashboard", args=[cast.board.pk])).content.decode()
    exceptions, rest = page.split('id="on-track"')
    assert "CP1 Repeat contacts" in exceptions and "DA1 Domestic" in rest
    assert "Red<span" in exceptions and "7.5%" in exceptions
    assert f"Up since {periods.label(previous, 'monthly')}: worsening" in exceptions
    assert 'role="img"' in page  # the sparklines


def test_the_dashboard_reads_a_fixed_number_of_queries(cast, data, client_for,
                                                       django_assert_num_queries):
    url = reverse("performance:dashboard", args=[cast.board.pk])
    client = client_for(cast.lay_member)
    publish(data.repeat_contacts, LAST_MONTH, "5", by=data.analyst, validator=data.officer,
            publisher=cast.manager)
    client.get(url)
    with django_assert_num_queries(10) as few:
        client.get(url)
    # Twelve more months, breakdowns, commentary and a third indicator: the same count.
    _more_history(cast, data, months=12)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


def _more_history(cast, data, months):
    rows = []
    breakdowns = list(data.repeat_contacts.breakdowns.all())
    for n in range(1, months + 1):
        period = periods.step(LAST_MONTH, "monthly", -n)
        for indicator in (data.repeat_contacts, data.notifications):
            for breakdown in [None, *(breakdowns if indicator == data.repeat_contacts else [])]:
                rows.append(IndicatorValue(
                    indicator=indicator, period=period, breakdown=breakdown, value=D(5 + n % 3),
                    status=ValueStatus.PUBLISHED, submitted_by=data.analyst,
                    validated_by=data.officer, published_by=cast.manager))
        Benchmark.objects.create(indicator=data.repeat_contacts, period=period,
                                 kind="england", value=D("4.8"), entered_by=cast.manager)
        Commentary.objects.create(indicator=data.repeat_contacts, period=period,
                                  data_says="Up", why="Staff", actions_taken="Audit",
                                  written_by=data.analyst)
    IndicatorValue.objects.bulk_create(rows)
    services.indicator_create(
        board=cast.board, theme=data.repeat_contacts.theme, code="LAC1",
        name="Children looked after", definition="Rate.", source="Records", unit="rate_10k",
        polarity="neither", frequency="quarterly", owning_agency=cast.council)


def test_an_indicator_page_reads_a_fixed_number_of_queries(cast, data, client_for,
                                                           django_assert_num_queries):
    url = data.repeat_contacts.get_absolute_url()
    client = client_for(cast.manager)
    publish(data.repeat_contacts, LAST_MONTH, "5", by=data.analyst, validator=data.officer,
            publisher=cast.manager)
    client.get(url)
    with django_assert_num_queries(18) as few:  # 18: one for the history table
        client.get(url)
    _more_history(cast, data, months=24)
    challenge = Challenge.objects.create(board=cast.board, question="Why?",
                                         raised_by=cast.chair, raised_on=TODAY)
    data.repeat_contacts.challenges.add(challenge)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("<tr class=\"govuk-table__row\">") > 24


def test_the_indicator_page_has_an_accessible_chart_breakdowns_and_benchmarks(cast, data,
                                                                              client_for):
    _more_history(cast, data, months=6)
    wallasey = data.repeat_contacts.breakdowns.get(label="Wallasey")
    publish(data.repeat_contacts, LAST_MONTH, "5.9", by=data.analyst, validator=data.officer,
            publisher=cast.manager)
    publish(data.repeat_contacts, LAST_MONTH, "4.4", breakdown=wallasey, by=data.analyst,
            validator=data.officer, publisher=cast.manager)
    page = client_for(cast.lay_member).get(data.repeat_contacts.get_absolute_url())
    html = page.content.decode()
    assert '<svg class="app-chart__svg"' in html
    assert 'aria-labelledby="trend-chart-title trend-chart-desc"' in html
    assert f"to {periods.label(LAST_MONTH, 'monthly')} (5.9%)" in html  # the <desc>
    assert "Target for" in html and "tolerance 1.0%" in html
    assert "The figures behind the chart (7 periods)" in html
    assert "The data behind the data" in html and "4.4%" in html
    assert "their definitions may differ" in html
    assert "England" in html


def test_commentary_is_written_by_the_owning_agency_and_a_stale_save_keeps_both(cast, data,
                                                                               client_for):
    url = _urls(cast, data)["commentary"]
    form = {"data_says": "Repeat contacts rose", "why": "Staff changes",
            "actions_taken": "Weekly audit", "version": "0"}
    response = client_for(data.analyst).post(url, form)
    assert response.status_code == 302
    note = Commentary.objects.get()
    assert (note.written_by, note.version) == (data.analyst, 1)
    # Someone else saves from a form opened before that save: told, nothing overwritten.
    stale = {**form, "why": "Late recording", "version": "0"}
    response = client_for(cast.manager).post(url, stale)
    assert response.status_code == 409
    html = response.content.decode()
    assert "changed this commentary while you were writing" in html
    assert "Staff changes" in html and "Late recording" in html
    assert Commentary.objects.get().why == "Staff changes"
    # The police may not write the council's commentary.
    assert client_for(cast.partner).post(url, form).status_code == 403


def _date(name, day):
    """GOV.UK date inputs come as day, month and year boxes."""
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def test_a_challenge_is_raised_from_an_indicator_in_one_step_and_cited_on_its_page(
        cast, data, client_for):
    publish(data.repeat_contacts, LAST_MONTH, "7.5", by=data.analyst, validator=data.officer,
            publisher=cast.manager)
    client = client_for(cast.chair)
    url = _urls(cast, data)["challenge"]
    form_page = client.get(url).content.decode()
    assert "CP1 Repeat contacts within a month: 7.5%" in form_page  # the evidence, prefilled
    response = client.post(url, {
        "question": "Why have repeat contacts risen?",
        "why": "CP1 is red: 7.5% against a target of 6.0%.",
        "evidence_kind": EvidenceKind.INDICATOR, "to_agencies": [cast.council.pk],
        **_date("response_due_on", TODAY + timedelta(days=28)),
    })
    challenge = Challenge.objects.get()
    assert response.status_code == 302
    assert list(challenge.indicators.all()) == [data.repeat_contacts]
    assert challenge.evidence_kind == EvidenceKind.INDICATOR
    page = client.get(data.repeat_contacts.get_absolute_url()).content.decode()
    assert "Why have repeat contacts risen?" in page


def test_an_action_is_raised_from_an_indicator_and_cited_on_its_page(cast, data, client_for):
    client = client_for(cast.manager)
    response = client.post(_urls(cast, data)["action"], {
        "description": "Re-issue the front door's linking guidance",
        "lead_person": data.analyst.pk, "lead_agency": cast.council.pk,
        **_date("due_on", TODAY + timedelta(days=60)),
    })
    assert response.status_code == 302
    action = Action.objects.get()
    assert list(action.indicators.all()) == [data.repeat_contacts]
    page = client.get(data.repeat_contacts.get_absolute_url()).content.decode()
    assert "Re-issue the front door" in page


def test_a_confidential_challenge_citing_an_indicator_is_hidden_from_other_boards(
        cast, data, client_for):
    secret = Challenge.objects.create(board=cast.other_board, question="Confidential matter",
                                      raised_by=cast.outsider, raised_on=TODAY,
                                      is_confidential=True)
    data.repeat_contacts.challenges.add(secret)
    page = client_for(cast.lay_member).get(data.repeat_contacts.get_absolute_url())
    assert "Confidential matter" not in page.content.decode()


def test_summarise_compares_with_the_same_period_last_year(data):
    year_ago = periods.year_before(LAST_MONTH)
    points = [(year_ago, D("8")), (periods.previous(LAST_MONTH, "monthly"), D("5")),
              (LAST_MONTH, D("6"))]
    row = summarise(data.repeat_contacts, points, {})
    assert row.since_previous.judgement == "worsening"
    assert row.since_last_year.judgement == "improving"
    assert row.rating == Rating.NONE  # no targets passed


def test_a_recommendation_links_to_the_indicators_that_show_its_impact_both_ways(
        cast, data, client_for):
    from recommendations.models import Recommendation, RecommendationSource

    source = RecommendationSource.objects.create(
        board=cast.board, kind="inspection", title="Ofsted inspection 2016", body="Ofsted",
        made_on=date(2016, 9, 1))
    recommendation = Recommendation.objects.create(
        source=source, number="6", text="Ensure accuracy of performance data")
    client = client_for(cast.manager)
    edit_url = reverse("recommendations:recommendation_edit", args=[recommendation.pk])
    response = client.post(edit_url, {
        "number": "6", "text": "Ensure accuracy of performance data", "acceptance": "accepted",
        "indicators": [data.repeat_contacts.pk], "version": recommendation.version,
    })
    assert response.status_code == 302
    assert list(recommendation.indicators.all()) == [data.repeat_contacts]
    page = client.get(recommendation.get_absolute_url()).content.decode()
    assert "CP1 Repeat contacts within a month" in page
    indicator_page = client.get(data.repeat_contacts.get_absolute_url()).content.decode()
    assert recommendation.get_absolute_url() in indicator_page
    # Only the board's own indicators are offered.
    services.indicator_create(
        board=cast.other_board, theme=Theme.objects.create(board=cast.other_board, name="T"),
        code="ZZ9", name="Another board's indicator", definition="-", source="-",
        unit="count", polarity="neither", frequency="annual", owning_agency=cast.police)
    form_page = client.get(reverse("recommendations:recommendation_edit",
                                   args=[recommendation.pk])).content.decode()
    assert "DA1" in form_page and "ZZ9" not in form_page


def test_the_entry_grid_and_validation_queue_read_a_fixed_number_of_queries(
        cast, data, client_for):
    enter = reverse("performance:enter", args=[cast.board.pk])
    validate = reverse("performance:validate", args=[cast.board.pk])
    client = client_for(cast.manager)

    def counts():
        client.get(enter), client.get(validate)
        with CaptureQueriesContext(connection) as grid:
            assert client.get(enter).status_code == 200
        with CaptureQueriesContext(connection) as queue:
            assert client.get(validate).status_code == 200
        return len(grid), len(queue)

    services.values_submit(by=data.analyst, entries=[entry(data.repeat_contacts, LAST_MONTH,
                                                           "5")])
    few = counts()
    # Every cell of the month filled, published or pending, and more figures waiting.
    breakdowns = list(data.repeat_contacts.breakdowns.all())
    services.values_submit(by=data.analyst, entries=[
        entry(data.repeat_contacts, LAST_MONTH, "4", breakdown=b) for b in breakdowns])
    services.values_submit(by=cast.partner, entries=[entry(data.notifications, LAST_MONTH,
                                                           "96")])
    publish(data.notifications, periods.previous(LAST_MONTH, "monthly"), "90",
            by=cast.partner, validator=data.officer, publisher=cast.manager)
    assert counts() == few


def _indicator_form(**changes):
    form = {"new_theme": "Workforce", "code": "wf1", "name": "Sickness absence",
            "definition": "Days lost per FTE, rolling 12 months.", "source": "HR Self-Serve",
            "unit": "days", "polarity": "lower", "frequency": "quarterly",
            "owning_agency": "", "is_core": "on", "decimal_places": "2",
            "submission_days": "20", "breakdown_dimension": "locality",
            "breakdown_labels": "Wallasey\nBirkenhead\n\n"}
    form.update(changes)
    return form


def test_the_business_manager_defines_an_indicator_with_a_new_theme_and_breakdowns(
        cast, client_for):
    client = client_for(cast.manager)
    url = reverse("performance:indicator_create", args=[cast.board.pk])
    response = client.post(url, _indicator_form(owning_agency=cast.council.pk))
    indicator = cast.board.indicators.get(code="WF1")
    assert response.status_code == 302
    assert response["Location"] == reverse("performance:target_set", args=[indicator.pk])
    assert (indicator.theme.name, indicator.polarity, indicator.decimal_places) == (
        "Workforce", "lower", 2)
    assert [b.label for b in indicator.breakdowns.all()] == ["Wallasey", "Birkenhead"]
    response = client.post(response["Location"], {
        "year": periods.financial_year(TODAY), "target": "10", "tolerance": "2"})
    assert response.status_code == 302
    assert indicator.targets.get().tolerance == D("2")
    assert indicator.format(D("17.171")) == "17.17 days"


def test_a_target_set_meanwhile_is_not_silently_replaced(cast, client_for):
    """Alice and Bob both open "set a target" for this year; Alice saves 10 days. Bob's 12 is
    refused next to the new tick box, with Alice's target said and his figures kept; ticked,
    his replaces hers."""
    client = client_for(cast.manager)
    client.post(reverse("performance:indicator_create", args=[cast.board.pk]),
                _indicator_form(owning_agency=cast.council.pk))
    indicator = cast.board.indicators.get(code="WF1")
    url = reverse("performance:target_set", args=[indicator.pk])
    year = periods.financial_year(TODAY)
    assert client.post(url, {"year": year, "target": "10", "tolerance": "2"}).status_code == 302

    response = client.post(url, {"year": year, "target": "12", "tolerance": "1"})

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["replace"] == [
        f"{periods.year_label(year)} already has a target of 10.00 days (tolerance 2.00 days). "
        f"Tick “Replace the target already set” to replace it"]
    assert form["target"].value() == "12"
    assert (indicator.targets.get().target, indicator.targets.get().tolerance) == (D(10), D(2))
    response = client.post(url, {"year": year, "target": "12", "tolerance": "1",
                                 "replace": "on"})
    assert response.status_code == 302
    assert indicator.targets.get().target == D(12)


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"new_theme": ""}, "theme", "Choose a theme or name a new one"),
    ({"breakdown_dimension": ""}, "breakdown_dimension", "Choose what the categories are"),
    ({"breakdown_labels": "Wallasey\nwallasey"}, "breakdown_labels", "Each category once"),
    ({"decimal_places": "9"}, "decimal_places", "less than or equal to 4"),
    ({"code": "CP1"}, "code", "already has an indicator CP1"),
    ({"polarity": "sideways"}, "polarity", "Select a valid choice"),
])
def test_a_bad_indicator_definition_is_answered_next_to_the_field_and_nothing_saved(
        cast, data, client_for, changes, field, message):
    client = client_for(cast.manager)
    before = cast.board.indicators.count()
    response = client.post(reverse("performance:indicator_create", args=[cast.board.pk]),
                           _indicator_form(owning_agency=cast.council.pk, **changes))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors.get(field, []))
    assert "There is a problem" in response.content.decode()
    assert cast.board.indicators.count() == before
    assert not Theme.objects.filter(name="Workforce").exists()


def test_the_entry_grid_answers_each_bad_cell_and_saves_nothing(cast, data, client_for):
    client = client_for(data.analyst)
    url = reverse("performance:enter", args=[cast.board.pk])
    choice = f"monthly:{LAST_MONTH:%Y-%m}"
    page = client.get(url, {"period": choice})
    cells = {c.breakdown.label if c.breakdown else "total": c for c in page.context["cells"]}
    assert set(cells) == {"total", "Wallasey", "Birkenhead"}  # police DA1 is not offered
    form = {"period": choice, cells["total"].name: "5.1", cells["Wallasey"].name: "lots",
            cells["Birkenhead"].name: "5,1"}
    form.update({c.seen_name: "0" for c in cells.values()})
    response = client.post(url, form)
    html = response.content.decode()
    assert response.status_code == 200
    assert "“lots” is not a number" in html and "use a point before the decimals" in html
    assert 'value="lots"' in html  # what was typed is kept
    assert not IndicatorValue.objects.exists()
    form[cells["Wallasey"].name], form[cells["Birkenhead"].name] = "4.4", "5.6"
    response = client.post(url, form)
    assert response.status_code == 302
    assert IndicatorValue.objects.filter(status=ValueStatus.SUBMITTED).count() == 3


def test_the_entry_grid_keeps_your_figure_when_someone_else_submitted_meanwhile(
        cast, data, client_for):
    client = client_for(data.analyst)
    url = reverse("performance:enter", args=[cast.board.pk])
    choice = f"monthly:{LAST_MONTH:%Y-%m}"
    total = next(c for c in client.get(url, {"period": choice}).context["cells"]
                 if c.breakdown is None)
    services.values_submit(by=data.officer, entries=[entry(data.repeat_contacts, LAST_MONTH,
                                                           "6.0")])
    response = client.post(url, {"period": choice, total.name: "5.1", total.seen_name: "0"})
    html = response.content.decode()
    assert "Changed meanwhile: Claire Bradley submitted 6.0%" in html
    assert 'value="5.1"' in html
    assert IndicatorValue.objects.get(status=ValueStatus.SUBMITTED).value == D("6.0")


def test_the_exception_report_is_a_paper_of_exceptions_with_their_commentary(
        cast, data, client_for):
    publish(data.repeat_contacts, LAST_MONTH, "7.5", by=data.analyst, validator=data.officer,
            publisher=cast.manager)
    publish(data.notifications, LAST_MONTH, "97", by=cast.partner, validator=data.officer,
            publisher=cast.manager)
    services.commentary_save(indicator=data.repeat_contacts, period=LAST_MONTH,
                             by=data.analyst, version=0, data_says="Up to 7.5%",
                             why="A new duty team", actions_taken="Weekly audit")
    page = client_for(cast.chair).get(
        reverse("performance:exceptions", args=[cast.board.pk])).content.decode()
    assert "CP1 Repeat contacts within a month" in page
    assert "DA1" not in page  # on target and improving: not an exception
    for words in ("What the data says", "Up to 7.5%", "A new duty team", "Weekly audit"):
        assert words in page


def test_a_benchmark_entered_again_says_what_it_replaced(cast, data, client_for):
    client = client_for(data.officer)
    url = reverse("performance:benchmark_set", args=[data.repeat_contacts.pk])
    form = {"period": f"{LAST_MONTH:%Y-%m}", "kind": "england", "value": "4.8", "note": ""}
    assert client.post(url, form).status_code == 302
    response = client.post(url, {**form, "value": "4.9"}, follow=True)
    assert "It replaces 4.8%, entered by Claire Bradley." in response.content.decode()
    assert Benchmark.objects.get().value == D("4.9")
    bad = client.post(url, {**form, "period": "2017-13"})
    assert "Enter the period as a month" in bad.content.decode()


def test_the_exception_report_downloads_as_a_pdf_with_its_charts_and_commentary(
        cast, data, client_for, tmp_path):
    import subprocess

    for n, figure in enumerate(("5.0", "5.6", "7.5")):
        publish(data.repeat_contacts, periods.step(LAST_MONTH, "monthly", n - 2), figure,
                by=data.analyst, validator=data.officer, publisher=cast.manager)
    services.commentary_save(indicator=data.repeat_contacts, period=LAST_MONTH,
                             by=data.analyst, version=0, data_says="Up to 7.5%",
                             why="A new duty team", actions_taken="Weekly audit")
    response = client_for(cast.lay_member).get(
        reverse("performance:exceptions_pdf", args=[cast.board.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="exception-report-')
    assert response.content.startswith(b"%PDF-")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    for words in ("Performance exception report", "CP1 Repeat contacts within a month",
                  "Red: off target", "What the data says", "Up to 7.5%", "Weekly audit",
                  "The figures behind the chart", "Our figure", "Target"):
        assert words in text, words
    assert "DA1" not in text
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    assert "Tagged:          yes" in info  # PDF/UA: readable by screen readers
    # Outsiders are not told it exists.
    assert client_for(cast.outsider).get(
        reverse("performance:exceptions_pdf", args=[cast.board.pk])).status_code == 404
