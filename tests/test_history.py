"""One history for every record a user can change (boards.History): each service writes who,
when, what happened and each field before → after, in the same transaction as the change; the
record's own page shows it; the database refuses to rewrite it. A guard lists every model a
user can change (those with a form or written by a service) and fails for one whose history no
test here proves."""

import importlib
import pkgutil
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.forms import ModelForm
from django.urls import reverse
from django.utils import timezone

from actions import services as action_services
from audits import services as audit_services
from boards import history, services, signin
from boards.models import (
    Agency,
    AgendaItem,
    AttendanceStatus,
    History,
    Meeting,
    Membership,
    Role,
)
from performance import services as indicator_services
from performance.models import Theme
from recommendations import services as recommendation_services
from safeguard.lib.versioning import StaleEdit

from .factories import ActionFactory, AgendaItemFactory, MeetingFactory, PersonFactory, aware

pytestmark = pytest.mark.django_db

PROVEN = set()


def proves(*labels):
    """Marks a test as proving that these models' changes are written to the history."""
    PROVEN.update(labels)
    return lambda test: test


def only(record):
    """The record's one line of history (the newest, when there are several)."""
    return history.of(record).first()


def shown(client, record):
    return client.get(record.get_absolute_url()).content.decode()


# Boards, sub-groups, reporting lines, memberships ------------------------------------------

@proves("boards.Board", "boards.Membership", "boards.ReportingLine")
def test_a_board_made_edited_and_moved_keeps_its_history(cast, client_for):
    group = services.board_create(created_by=cast.manager, parent=cast.board,
                                  name="Neglect task and finish", kind="task_and_finish",
                                  sunset_on=date(2030, 3, 31))
    made = only(group)
    assert (made.event, made.changed_by, made.board) == ("Created", cast.manager, group)
    assert made.changes["name"] == [None, "Neglect task and finish"]
    assert made.changes["kind"] == [None, "Task-and-finish group"]  # a choice by its label
    assert made.changes["sunset_on"] == [None, "2030-03-31"]
    assert made.changes["reports_to"] == [None, {"id": cast.board.pk, "name": str(cast.board)}]
    membership = Membership.objects.get(board=group)
    assert only(membership).changes["role"] == [None, "Business manager"]

    group.refresh_from_db()
    services.board_edit(board=group, version=group.version, by=cast.chair,
                        purpose="Find the neglected")
    edited = only(group)
    assert (edited.event, edited.changed_by) == ("Edited", cast.chair)
    assert edited.changes == {"purpose": ["", "Find the neglected"]}

    services.reporting_line_move(board=group, reports_to=cast.other_board,
                                 starts_on=timezone.localdate() + timedelta(days=1),
                                 by=cast.manager)
    moved = only(group)
    assert moved.event == "Reporting line moved"
    assert moved.changes["reports_to"] == [
        {"id": cast.board.pk, "name": str(cast.board)},
        {"id": cast.other_board.pk, "name": str(cast.other_board)}]

    page = shown(client_for(cast.manager), group)
    assert "Every change to this board, newest first" in page
    assert "Find the neglected" in page and "Reporting line moved" in page
    assert '<span class="govuk-visually-hidden">changed to</span>' in page


def test_a_membership_added_and_ended_is_in_its_history(cast):
    person = PersonFactory(full_name="Ann Lee")
    membership = services.membership_save(
        membership=Membership(person=person, board=cast.board, role=Role.PARTNER_MEMBER,
                              starts_on=date(2016, 1, 1)), by=cast.manager)
    assert only(membership).changes["person"] == [None, {"id": person.pk, "name": "Ann Lee"}]
    services.membership_edit(membership=membership, version=membership.version,
                             by=cast.manager, ends_on=date(2017, 1, 1))
    ended = only(membership)
    assert (ended.event, ended.board) == ("Edited", cast.board)
    assert ended.changes == {"ends_on": [None, "2017-01-01"]}


def test_a_membership_s_history_is_shown_on_its_board_s_page_and_its_edit_page(cast,
                                                                                client_for):
    person = PersonFactory(full_name="Ann Lee")
    membership = services.membership_save(
        membership=Membership(person=person, board=cast.board, role=Role.PARTNER_MEMBER,
                              starts_on=date(2016, 1, 1)), by=cast.manager)
    services.membership_edit(membership=membership, version=membership.version,
                             by=cast.chair, ends_on=date(2017, 1, 1))
    client = client_for(cast.partner)  # a member of the board, not its manager
    page = shown(client, cast.board).split("Membership history</h2>")[1].split("</table>")[0]
    assert "Every change to the memberships of this board, newest first" in page
    edited = page.split("Ann Lee")[1].split("</tr>")[0]  # the newest line first
    assert "Helen Marsh" in edited and "Edited" in edited  # who: the chair
    assert ('Ends on: <span class="app-secondary-text">(none)</span> <span aria-hidden="true">'
            '→</span><span class="govuk-visually-hidden">changed to</span> 2017-01-01'
            in " ".join(edited.split()))
    assert "Priya Nolan" in page and "Added" in page  # the manager added her

    edit_page = client_for(cast.manager).get(
        reverse("boards:membership_edit", args=[membership.pk])).content.decode()
    assert "Every change to this membership, newest first" in edit_page
    assert "2017-01-01" in edit_page.split("History</h2>")[1]

    outsider = client_for(cast.outsider)  # a member of another board only
    for url in (cast.board.get_absolute_url(),
                reverse("boards:membership_edit", args=[membership.pk])):
        response = outsider.get(url)
        assert response.status_code in (403, 404)
        assert "Ann Lee" not in response.content.decode()


# The directory -----------------------------------------------------------------------------

@proves("boards.Agency", "boards.Person")
def test_agencies_and_people_keep_their_history(cast, client_for):
    agency = services.agency_create(by=cast.manager, name="Wirral Hospice",
                                    short_name="", sector="voluntary")
    assert only(agency).changes["name"] == [None, "Wirral Hospice"]
    services.agency_edit(agency=agency, version=agency.version, by=cast.manager,
                         short_name="Hospice")
    assert only(agency).changes == {"short_name": ["", "Hospice"]}

    person = signin.person_add(added_by=cast.manager, full_name="Bea Hart",
                               email="bea@example.org", agency=agency)
    assert only(person).event == "Added"
    services.person_edit(person=person, version=person.version, by=cast.manager,
                         job_title="Nurse")
    assert only(person).changes == {"job_title": ["", "Nurse"]}
    signin.email_change(person=person, email="bea.hart@example.org", by=cast.manager)
    assert only(person).changes == {"email": ["bea@example.org", "bea.hart@example.org"]}

    client = client_for(cast.manager)
    assert "Hospice" in shown(client, agency).split("<h2 class=\"govuk-heading-m\">History")[1]
    assert "bea.hart@example.org" in shown(client, person).split("History</h2>")[1]


def test_an_agency_added_through_its_form_is_in_its_history(cast, client_for):
    client = client_for(cast.manager)
    client.post("/agencies/new/", {"name": "Wirral Youth Service", "sector": "voluntary"})
    agency = Agency.objects.get(name="Wirral Youth Service")
    assert (only(agency).event, only(agency).changed_by) == ("Added", cast.manager)


# Meetings, agenda, minutes, attendance, papers ----------------------------------------------

@proves("boards.Meeting", "boards.Attendance")
def test_a_meeting_keeps_its_schedule_minutes_and_attendance_in_its_history(cast, client_for):
    start = aware(2016, 3, 10)
    meeting = services.meeting_schedule(board=cast.board, created_by=cast.manager,
                                        starts_at=start, ends_at=start + timedelta(hours=2),
                                        venue="Wallasey Town Hall")
    scheduled = only(meeting)
    assert (scheduled.event, scheduled.changed_by) == ("Scheduled", cast.manager)
    assert scheduled.changes["venue"] == [None, "Wallasey Town Hall"]

    services.meeting_edit(meeting=meeting, version=meeting.version, by=cast.manager,
                          venue="Birkenhead Town Hall")
    assert only(meeting).changes == {"venue": ["Wallasey Town Hall", "Birkenhead Town Hall"]}

    services.attendance_record(meeting=meeting, by=cast.manager, rows=[
        (cast.chair, AttendanceStatus.PRESENT, None, ""),
        (cast.partner, AttendanceStatus.APOLOGIES, cast.outsider, ""),
    ])
    services.attendance_record(meeting=meeting, by=cast.manager, rows=[
        (cast.chair, AttendanceStatus.PRESENT, None, ""),
        (cast.partner, "", None, ""),
    ])
    recorded = only(meeting)
    assert recorded.event == "Attendance recorded"
    assert recorded.changes == {  # the chair's unchanged record is not repeated
        str(cast.partner): [f"Apologies (deputy: {cast.outsider})", None]}

    later = MeetingFactory(board=cast.board, starts_at=aware(2016, 5, 10),
                           ends_at=aware(2016, 5, 10, 16))
    services.minutes_circulate(meeting=meeting, by=cast.manager)
    services.minutes_approve(meeting=meeting, at_meeting=later, amendments="", by=cast.chair)
    services.minutes_publish(meeting=meeting, by=cast.chair)
    events = list(history.of(meeting).values_list("event", flat=True))
    assert events[:3] == ["Minutes published", "Minutes approved", "Minutes circulated"]
    approved = history.of(meeting)[1]
    assert approved.changed_by == cast.chair
    assert approved.changes["minutes_status"] == ["Circulated", "Approved"]
    assert approved.changes["minutes_approved_at_meeting"][1]["id"] == later.pk

    page = shown(client_for(cast.manager), meeting)
    assert "Every change to this meeting, newest first" in page
    assert "Minutes published" in page and "Birkenhead Town Hall" in page


@proves("boards.AgendaItem", "boards.Paper", "boards.ForwardedItem")
def test_an_agenda_item_keeps_its_minute_papers_and_forwarding_in_its_history(cast,
                                                                             client_for):
    meeting = MeetingFactory(board=cast.board)
    item = services.agenda_item_add(meeting=meeting, by=cast.manager, title="Neglect strategy",
                                    presenter=cast.adviser, is_confidential=False)
    added = only(item)
    assert (added.event, added.changed_by, added.board) == ("Added", cast.manager, cast.board)
    assert added.changes["presenter"] == [None, {"id": cast.adviser.pk,
                                                 "name": str(cast.adviser)}]

    services.minute_save(item=item, discussion="Discussed at length", decisions="Agreed",
                         version=item.version, by=cast.chair)
    minuted = only(item)
    assert (minuted.event, minuted.changed_by) == ("Minute edited", cast.chair)
    assert minuted.changes == {"discussion": ["", "Discussed at length"],
                               "decisions": ["", "Agreed"]}

    services.paper_add(item=item, title="Strategy draft", by=cast.manager,
                       upload=SimpleUploadedFile("draft.pdf", b"%PDF-1.4 x",
                                                 content_type="application/pdf"))
    assert only(item).changes == {"papers": [None, "Strategy draft"]}

    group = services.board_create(created_by=cast.manager, parent=cast.board,
                                  name="Early help sub-group", kind="sub_committee")
    sub_item = AgendaItemFactory(meeting=MeetingFactory(board=group), title="For the board")
    services.item_forward(item=sub_item, forwarded_by=cast.manager)
    assert only(sub_item).changes == {"forwarded_to": [None, {"id": cast.board.pk,
                                                              "name": str(cast.board)}]}

    page = shown(client_for(cast.manager), item)
    assert "Every change to this agenda item, newest first" in page
    assert "Strategy draft" in page and "Discussed at length" in page


def test_edits_made_through_their_pages_record_what_was_there_before(cast, client_for):
    """A ModelForm writes its input onto the record before the service runs: the values before
    come from the database, not from the record the view holds."""
    client = client_for(cast.manager)
    agency = services.agency_create(by=cast.manager, name="Wirral Hospice", short_name="",
                                    sector="voluntary")
    client.post(f"/agencies/{agency.pk}/edit/", {"name": "Wirral Hospice",
                                                 "short_name": "Hospice",
                                                 "sector": "voluntary", "version": 1})
    assert only(agency).changes == {"short_name": ["", "Hospice"]}

    item = AgendaItemFactory(meeting=MeetingFactory(board=cast.board), discussion="Before")
    client.post(f"/items/{item.pk}/minute/", {"discussion": "After", "decisions": "",
                                              "version": item.version})
    minuted = only(item)
    assert (minuted.changed_by, minuted.changes["discussion"]) == (cast.manager,
                                                                   ["Before", "After"])

    source = recommendation_services.source_create(
        board=cast.board, by=cast.manager, kind="inspection", title="Ofsted 2016",
        body="Ofsted", made_on=date(2016, 6, 1), summary="", is_confidential=False)
    recommendation = recommendation_services.recommendation_create(
        source=source, by=cast.manager, number="1", text="Audit neglect cases",
        acceptance="accepted", acceptance_reason="", evidence="")
    client.post(f"/recommendations/{recommendation.pk}/edit/", {
        "number": "1", "text": "Audit every neglect case", "acceptance": "accepted",
        "acceptance_reason": "", "evidence": "", "version": 1})
    assert only(recommendation).changes == {
        "text": ["Audit neglect cases", "Audit every neglect case"]}


def test_a_stale_edit_writes_no_history(cast):
    meeting = MeetingFactory(board=cast.board)
    item = AgendaItemFactory(meeting=meeting)
    services.minute_save(item=AgendaItem.objects.get(pk=item.pk), discussion="First",
                         decisions="", version=item.version, by=cast.chair)
    with pytest.raises(StaleEdit):
        services.minute_save(item=item, discussion="Second", decisions="",
                             version=item.version, by=cast.manager)
    assert [h.changed_by for h in history.of(item)] == [cast.chair]


def test_the_history_is_written_in_the_changes_transaction(cast):
    meeting = MeetingFactory(board=cast.board)

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        services.meeting_edit(meeting=meeting, version=meeting.version, by=cast.manager,
                              venue="Elsewhere")
        raise Boom
    meeting.refresh_from_db()
    assert meeting.venue != "Elsewhere"
    assert not history.of(meeting).exists()


# Recommendations, sources, audits, indicators -----------------------------------------------

@proves("recommendations.RecommendationSource", "recommendations.Recommendation")
def test_recommendations_and_their_sources_keep_their_history(cast, client_for):
    source = recommendation_services.source_create(
        board=cast.board, by=cast.manager, kind="inspection", title="Ofsted 2016",
        body="Ofsted", made_on=date(2016, 6, 1), summary="", is_confidential=False)
    assert only(source).changes["title"] == [None, "Ofsted 2016"]
    recommendation = recommendation_services.recommendation_create(
        source=source, by=cast.manager, number="1", text="Audit neglect cases",
        acceptance="accepted", acceptance_reason="", evidence="")
    assert only(recommendation).changes["text"] == [None, "Audit neglect cases"]
    # Its area for development in the source's action plan, made with it, is in its history;
    # the plan, made for the first recommendation, is in the source's.
    assert only(recommendation).changes["area"] == [None, "1. Audit neglect cases"]
    started = history.of(source).first()
    assert (started.event, started.changes) == ("Action plan started",
                                                {"plan": [None, "Ofsted 2016: action plan"]})

    recommendation.refresh_from_db()
    recommendation_services.recommendation_edit(recommendation=recommendation,
                                                version=recommendation.version, by=cast.chair,
                                                evidence="Audit done")
    edited = only(recommendation)
    assert (edited.event, edited.changed_by) == ("Edited", cast.chair)
    assert edited.changes == {"evidence": ["", "Audit done"]}

    action = ActionFactory(board=cast.board, created_by=cast.manager)
    recommendation_services.recommendation_action_link(recommendation=recommendation,
                                                       action=action, by=cast.manager)
    assert only(recommendation).changes == {"actions": [None, {"id": action.pk,
                                                               "name": str(action)}]}

    client = client_for(cast.manager)
    assert "Every change to this recommendation" in shown(client, recommendation)
    assert "Audit done" in shown(client, recommendation)
    assert "Every change to this source" in shown(client, source)


@proves("audits.Audit")
def test_an_audit_keeps_its_history(cast, client_for):
    audit = audit_services.audit_record(board=cast.board, by=cast.manager,
                                        title="Neglect case audit", kind="case_audit",
                                        completed_on=date(2017, 2, 15), findings="Drift",
                                        is_confidential=False)
    recorded = only(audit)
    assert (recorded.event, recorded.changed_by) == ("Recorded", cast.manager)
    assert recorded.changes["findings"] == [None, "Drift"]
    assert "Every change to this audit" in shown(client_for(cast.manager), audit)


@proves("performance.Indicator", "performance.Target", "performance.Benchmark",
        "performance.Commentary", "performance.Breakdown")
def test_an_indicator_keeps_its_definition_targets_and_benchmarks_in_its_history(
        cast, client_for):
    theme = Theme.objects.create(board=cast.board, name="Front door")
    indicator = indicator_services.indicator_create(
        board=cast.board, theme=theme, by=cast.manager, code="CP1", name="Repeat contacts",
        definition="Contacts.", source="Case records", unit="percentage", polarity="lower",
        frequency="monthly", owning_agency=cast.council,
        breakdowns=[("locality", "Wallasey")])
    added = only(indicator)
    assert (added.event, added.changed_by) == ("Added", cast.manager)
    assert added.changes["theme"] == [None, {"id": theme.pk, "name": "Front door"}]
    assert added.changes["breakdowns"] == [None, ["locality: Wallasey"]]

    indicator_services.target_set(indicator=indicator, year=2016, target=Decimal("6"),
                                  by=cast.manager)
    indicator_services.target_set(indicator=indicator, year=2016, target=Decimal("5.5"),
                                  tolerance=Decimal("1"), by=cast.chair)
    target = only(indicator)
    assert (target.event, target.changed_by) == ("Target set", cast.chair)
    assert target.changes == {"Target 2016-17": ["6.0%", "5.5%"],
                              "Tolerance 2016-17": ["0.0%", "1.0%"]}

    indicator_services.benchmark_set(indicator=indicator, period=date(2016, 4, 1),
                                     kind="england", value=Decimal("4.2"), by=cast.manager)
    benchmark = only(indicator)
    assert benchmark.event == "Benchmark set"
    assert [None, "4.2%"] in benchmark.changes.values()

    indicator_services.commentary_save(indicator=indicator, period=date(2016, 4, 1),
                                       by=cast.manager, version=0, data_says="Fewer",
                                       why="Early help", actions_taken="Visits")
    assert only(indicator).changes == {"data_says": ["", "Fewer"], "why": ["", "Early help"],
                                       "actions_taken": ["", "Visits"]}

    page = shown(client_for(cast.manager), indicator)
    assert "Every change to this indicator" in page and "Target set" in page
    assert "locality: Wallasey" in page and "[" not in page.split("History</h2>")[1]


@proves("performance.Theme")
def test_a_theme_named_on_the_indicator_form_is_in_its_history(cast, client_for):
    response = client_for(cast.manager).post(
        reverse("performance:indicator_create", args=[cast.board.pk]), {
            "new_theme": " Workforce ", "code": "WF1", "name": "Sickness absence",
            "definition": "Days lost per FTE.", "source": "HR", "unit": "days",
            "polarity": "lower", "frequency": "quarterly", "decimal_places": "1",
            "submission_days": "20", "owning_agency": cast.council.pk})
    assert response.status_code == 302
    theme = Theme.objects.get(board=cast.board, name="Workforce")
    added = only(theme)
    assert (added.event, added.changed_by, added.board) == ("Added", cast.manager, cast.board)
    assert added.changes == {"name": [None, "Workforce"]}
    again = indicator_services.theme_for(board=cast.board, name="Workforce", by=cast.chair)
    assert again == theme and history.of(theme).count() == 1  # an existing theme is not new


@proves("actions.Action")
def test_an_action_writes_the_one_history_and_its_page_shows_it(cast, client_for):
    action = action_services.action_create(
        board=cast.board, created_by=cast.manager, description="Audit neglect cases",
        lead_person=cast.partner, lead_agency=cast.police, due_on=date(2017, 9, 30))
    action_services.action_edit(action=action, by=cast.manager, version=action.version,
                                due_on=date(2017, 12, 31))
    edited = only(action)
    assert (edited.event, edited.changed_by, edited.board) == ("edited", cast.manager,
                                                                cast.board)
    assert edited.changes == {"due_on": ["2017-09-30", "2017-12-31"]}
    assert list(action.history.all()) == list(history.of(action))
    page = shown(client_for(cast.manager), action)
    assert "Every change to this action, newest first" in page and "2017-12-31" in page


# The table itself ---------------------------------------------------------------------------

@pytest.mark.skipif("postgresql" not in settings.DATABASES["default"]["ENGINE"],
                    reason="the trigger is PostgreSQL's")
def test_the_history_cannot_be_changed_or_deleted_in_the_database(cast):
    meeting = MeetingFactory(board=cast.board)
    services.meeting_edit(meeting=meeting, version=meeting.version, by=cast.manager,
                          venue="Elsewhere")
    entry = only(meeting)
    assert connection.vendor == "postgresql"
    with pytest.raises(Exception, match="cannot be changed or deleted"), transaction.atomic():
        History.objects.filter(pk=entry.pk).update(event="forged")
    with pytest.raises(Exception, match="cannot be changed or deleted"), transaction.atomic():
        History.objects.filter(pk=entry.pk).delete()


def test_the_history_is_not_an_api_export_or_search_of_its_own():
    """Shown only on the record's own page: no URL, API route or export names it."""
    from django.urls import get_resolver

    def routes(resolver, prefix=""):
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern)
            if hasattr(pattern, "url_patterns"):
                yield from routes(pattern, route)
            else:
                yield route

    for route in routes(get_resolver()):
        if route.startswith("admin/"):  # superusers' support work: read-only there
            continue
        assert "history" not in route, route
    for app in ("actions", "challenges", "performance", "boards", "audits"):
        try:
            module = importlib.import_module(f"{app}.resources")
        except ImportError:
            continue
        assert "History" not in {type(v).__name__ for v in vars(module).values()}


# The guard ------------------------------------------------------------------------------------

# Models a user can change whose history lives elsewhere, and where.
ELSEWHERE = {
    "actions.ProgressUpdate": "is itself a dated, signed line of the action's log",
    "actions.Export": "a request for a file, not a record of the board",
    "challenges.Challenge": "its lifecycle log, challenges.ChallengeEvent",
    "challenges.ChallengeEvent": "is the challenge's log",
    "challenges.ChallengeResponse": "is itself a dated, signed line of the challenge's log",
    "actions.ActionPlan": "made once, never edited: the source (or business plan) it answers "
                          "records its making in its own history",
    "actions.AreaForDevelopment": "made once with its recommendation, never edited: the "
                                  "recommendation's history records it",
    "performance.IndicatorValue": "figures keep their own lifecycle: who submitted, validated "
                                  "and published each, and corrections supersede, never edit",
}


def _names_in(module):
    """What a module holds; for a package (performance.services), what each of its modules
    holds too."""
    modules = [module] + [importlib.import_module(f"{module.__name__}.{info.name}")
                          for info in pkgutil.iter_modules(getattr(module, "__path__", []))]
    return [value for each in modules for value in vars(each).values()]


def _user_changeable():
    """Models with a form or written by a service of one of the project's apps."""
    labels = set()
    ours = [c for c in apps.get_app_configs() if c.path.startswith(str(settings.BASE_DIR))
            and ".venv" not in c.path]
    for config in ours:
        for name in ("forms", "services"):
            try:
                module = importlib.import_module(f"{config.name}.{name}")
            except ImportError:
                continue
            for value in _names_in(module):
                if isinstance(value, type) and issubclass(value, ModelForm):
                    model = getattr(getattr(value, "_meta", None), "model", None)
                    if model is not None:
                        labels.add(model._meta.label)
                elif (name == "services" and isinstance(value, type)
                      and hasattr(value, "_meta") and value.__module__.startswith(
                          tuple(c.name for c in ours))
                      and not value._meta.abstract and hasattr(value, "objects")):
                    labels.add(value._meta.label)
    return labels - {"boards.History"}


def test_every_model_a_user_can_change_has_its_history_proven():
    changeable = _user_changeable()
    assert {"boards.Board", "boards.Meeting", "audits.Audit",
            "performance.Indicator"} <= changeable  # the guard sees forms and services
    missing = changeable - PROVEN - set(ELSEWHERE)
    assert not missing, ("write these models' history in their services (boards.history) and "
                         f"prove it in tests/test_history.py, or say where it is kept: "
                         f"{sorted(missing)}")


def test_a_meeting_with_a_long_history_is_one_query_to_read(cast, django_assert_max_num_queries):
    meeting = MeetingFactory(board=cast.board)
    for n in range(5):
        meeting = Meeting.objects.get(pk=meeting.pk)
        services.meeting_edit(meeting=meeting, version=meeting.version, by=cast.manager,
                              venue=f"Room {n}")
    history.of(meeting).first()  # the content type is cached after its first use
    with django_assert_max_num_queries(1):
        rows = [(h.changed_by.full_name, h.label("venue")) for h in history.of(meeting)]
    assert rows[0] == (cast.manager.full_name, "Venue")


@pytest.mark.django_db(transaction=True)
def test_the_action_history_is_copied_into_the_one_history_by_its_migration():
    """actions 0011 moves every ActionHistory row into boards.History in SQL, with the action's
    board; undone and done again, nothing is lost or doubled."""
    from django.db.migrations.executor import MigrationExecutor

    from boards.models import Board

    action = ActionFactory(board=Board.objects.create(name="Wirral", kind="lscb"))
    before = [("actions", "0010_reminder_sweep_schedule")]
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    MigrationExecutor(connection).migrate(before)
    old = MigrationExecutor(connection).loader.project_state(before).apps.get_model(
        "actions", "ActionHistory")
    old.objects.create(action_id=action.pk, changed_by_id=action.created_by_id, event="edited",
                       changes={"due_on": ["2017-09-30", "2017-12-31"]})
    for targets in (latest, before, latest):  # done, undone, done again
        MigrationExecutor(connection).migrate(targets)
    [copied] = History.objects.filter(action=action)
    assert (copied.event, copied.changed_by_id, copied.board_id) == (
        "edited", action.created_by_id, action.board_id)
    assert copied.changes == {"due_on": ["2017-09-30", "2017-12-31"]}
    assert list(action.history.all()) == [copied]
