"""Importing a source's recommendations and action plan from a spreadsheet: the Warrington LGA
peer review action plan (seed 003, Appendix 2) typed into a CSV, and its XLSX twin, go in
through upload → preview → confirm; a malformed file is refused row by row, whole."""

import csv
import io
import re
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actions.models import (
    Action,
    ActionPlan,
    ActionSource,
    ActionStatus,
    AreaForDevelopment,
    ProgressUpdate,
)
from boards.models import Role
from recommendations.imports import parse_status
from recommendations.models import Acceptance, Recommendation, RecommendationSource, SourceKind

from .factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db
WARRINGTON_CSV = Path(__file__).parent / "fixtures" / "warrington_action_plan.csv"
HEADER = ["Number", "Area for development", "Action", "Lead", "By when", "Progress", "Status"]
ACTION_NUMBERS = ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.1", "2.2", "3.1", "3.2", "4.1",
                  "4.2", "5.1"]
C, P, N = ActionStatus.COMPLETE, ActionStatus.IN_PROGRESS, ActionStatus.NOT_STARTED
# The plan's symbols: ● done, ⊙/◎/🟢 under way or on track, ○ not started.
STATUSES = {"1.1": C, "1.2": C, "1.3": P, "1.4": C, "1.5": P, "1.6": P, "2.1": P, "2.2": P,
            "3.1": C, "3.2": N, "4.1": C, "4.2": P, "5.1": N}
DUE = {"1.1": date(2015, 1, 31), "1.2": date(2015, 1, 31), "1.3": date(2015, 3, 31),
       "1.4": date(2015, 1, 31), "1.5": date(2015, 1, 31), "1.6": date(2015, 4, 30),
       "2.1": date(2015, 4, 30), "2.2": date(2015, 2, 28), "3.1": date(2015, 2, 28),
       "3.2": date(2016, 3, 31), "4.1": date(2015, 2, 28), "4.2": date(2015, 3, 31),
       "5.1": date(2016, 3, 31)}


@pytest.fixture
def fiona(cast):
    """The WSCB & Partnerships Manager, lead of every action in the Warrington plan."""
    return PersonFactory(full_name="Fiona Wetherall", agency=cast.council,
                         email="fiona.wetherall@example.org",
                         job_title="WSCB & Partnerships Manager")


@pytest.fixture
def source(cast):
    return RecommendationSource.objects.create(
        board=cast.board, kind=SourceKind.PEER_REVIEW, body="Local Government Association",
        title="LGA pilot peer review of the WSCB", made_on=date(2015, 1, 26))


def warrington_rows():
    with WARRINGTON_CSV.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def csv_bytes(rows, encoding="utf-8"):
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows, title=None):
    """The spreadsheet as a business manager would keep it: a title above the header, area
    numbers as numbers, and real date cells where the plan has a day."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
    sheet.append(rows[0])
    for row in rows[1:]:
        cells = list(row)
        number = cells[0]
        cells[0] = int(number) if number.isdigit() else float(number)
        if re.fullmatch(r"\d{4}-\d\d-\d\d", cells[4]):
            cells[4] = datetime.fromisoformat(cells[4])
        elif re.fullmatch(r"\d\d/\d\d/\d{4}", cells[4]):
            cells[4] = datetime.strptime(cells[4], "%d/%m/%Y")  # noqa: DTZ007 (a date cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, source, name, content):
    return client.post(reverse("recommendations:import", args=[source.pk]),
                       {"file": SimpleUploadedFile(name, content)})


def problems_of(response):
    return [(p.row, p.column, p.message) for p in response.context["problems"]]


def flash(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def nothing_created():
    return (Recommendation.objects.count(), Action.objects.count(), ActionPlan.objects.count(),
            AreaForDevelopment.objects.count(), ProgressUpdate.objects.count()) == (0, 0, 0, 0, 0)


def import_through_the_views(client, source, name, content):
    response = upload(client, source, name, content)
    assert response.status_code == 302, problems_of(response)
    preview_url = response.url
    assert preview_url.startswith(reverse("recommendations:import", args=[source.pk]))

    preview = client.get(preview_url)
    assert preview.status_code == 200
    assert "5 recommendations and 13 actions" in preview.content.decode()
    assert "Create them" in preview.content.decode()
    assert nothing_created(), "the preview writes nothing"

    done = client.post(preview_url)
    assert done.status_code == 302 and done.url == source.get_absolute_url()
    assert "Imported 5 recommendations and 13 actions" in flash(done)
    return preview_url


def assert_warrington_imported(cast, source, fiona):
    recommendations = list(source.recommendations.all())
    assert [r.number for r in recommendations] == ["1", "2", "3", "4", "5"]
    assert all(r.acceptance == Acceptance.ACCEPTED for r in recommendations)
    assert recommendations[1].text == ("Ensure that lay members are given focused tasks in "
                                       "relation to their role.")
    assert recommendations[3].text.endswith("as part of its performance management framework.")

    plan = ActionPlan.objects.get()
    assert plan.board == cast.board and plan.source == ActionSource.RECOMMENDATION
    assert plan.title == "LGA pilot peer review of the WSCB: action plan"
    areas = list(plan.areas.all())
    assert [a.number for a in areas] == [1, 2, 3, 4, 5]
    assert areas[0].title.startswith("To strengthen WSCB sub-group structure")
    assert len(areas[3].title) <= 300 and areas[3].title.endswith("…")  # long text shortened

    actions = list(Action.objects.filter(plan=plan).order_by("sort_key"))
    assert [a.number for a in actions] == ACTION_NUMBERS
    assert Action.objects.count() == 13
    for action in actions:
        assert action.lead_person == fiona and action.lead_agency == cast.council
        assert action.board == cast.board and action.created_by == cast.manager
        assert action.source == ActionSource.RECOMMENDATION and not action.is_confidential
        assert action.area.number == int(action.number.split(".")[0])
        assert action.due_on == DUE[action.number], action.number
        assert action.status == STATUSES[action.number], action.number
        [update] = action.updates.all()  # the plan's February 2015 progress, signed
        assert update.written_by == cast.manager and update.status_after == action.status
        assert action.latest_update == update
        assert list(action.recommendations.all()) == [
            recommendations[int(action.number.split(".")[0]) - 1]]
        assert action.history.filter(event="imported").exists()
    by_number = {a.number: a for a in actions}
    assert by_number["1.3"].latest_update.text == "To be completed in March."
    assert by_number["1.1"].completed_by == cast.manager
    assert by_number["1.1"].description == "Review membership of WSCB and its sub groups"
    assert [a.number for a in recommendations[0].actions.order_by("sort_key")] == [
        "1.1", "1.2", "1.3", "1.4", "1.5", "1.6"]
    assert [a.number for a in recommendations[4].actions.all()] == ["5.1"]


def test_upload_page_documents_the_format(cast, source, client_for):
    page = client_for(cast.manager).get(reverse("recommendations:import", args=[source.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    for column in HEADER:
        assert column in html
    assert "January 2015" in html and "●" in html and 'enctype="multipart/form-data"' in html


def test_warrington_csv_imports_through_upload_preview_and_confirm(cast, source, fiona,
                                                                    client_for):
    client = client_for(cast.manager)
    preview_url = import_through_the_views(client, source, "warrington_action_plan.csv",
                                           WARRINGTON_CSV.read_bytes())
    assert_warrington_imported(cast, source, fiona)
    page = client.get(source.get_absolute_url())
    assert page.status_code == 200
    assert "Imported 5 recommendations and 13 actions" in page.content.decode()

    again = client.post(preview_url)  # the same confirmation twice creates nothing more
    assert again.status_code == 302 and again.url == reverse("recommendations:import",
                                                             args=[source.pk])
    assert Action.objects.count() == 13 and Recommendation.objects.count() == 5


def test_the_xlsx_twin_imports_the_same(cast, source, fiona, client_for):
    content = xlsx_bytes(warrington_rows(), title="Warrington Safeguarding Children Board: "
                                                  "LGA Peer Review Response – Action Plan")
    import_through_the_views(client_for(cast.manager), source, "Warrington plan.xlsx", content)
    assert_warrington_imported(cast, source, fiona)


def test_a_utf8_bom_and_a_windows_1252_csv_are_read(cast, source, fiona, client_for):
    client = client_for(cast.manager)
    rows = [HEADER, ["1", "Strengthen the Board’s approach to risk management – café", "", "",
                     "", "", ""],
            ["1.1", "", "Identify changes", "FIONA WETHERALL", "31 March 2016", "", "not started"]]
    response = upload(client, source, "plan.csv", csv_bytes(rows, "cp1252"))
    assert response.status_code == 302, problems_of(response)
    response = upload(client, source, "plan.csv", b"\xef\xbb\xbf" + csv_bytes(rows))
    assert response.status_code == 302, problems_of(response)
    client.post(response.url)
    [recommendation] = source.recommendations.all()
    assert recommendation.text == "Strengthen the Board’s approach to risk management – café"
    [action] = recommendation.actions.all()
    assert action.lead_person == fiona and action.status == ActionStatus.NOT_STARTED
    assert action.latest_update.text == "Imported from spreadsheet"


def test_a_malformed_file_is_refused_row_by_row_and_nothing_is_written(cast, source, fiona,
                                                                        client_for):
    rows = [
        HEADER,
        ["1", "Strengthen the sub-group structure", "", "", "", "", ""],         # row 2
        ["1.1", "", "Review membership", "Nobody Known", "January 2015", "", ""],  # 3
        ["1.2", "", "Improve links", "Fiona Wetherall", "soon", "", ""],           # 4
        ["one.3", "", "Review the third sector", "Fiona Wetherall", "March 2015", "", ""],
        ["6.1", "", "An action without its area", "Fiona Wetherall", "March 2015", "", ""],
        ["1.4", "", "Far too late", "Fiona Wetherall", "31/01/2215", "", ""],      # 7
        ["1.5", "", "", "Fiona Wetherall", "March 2015", "", ""],                 # 8
        ["1.6", "", "Agree lead roles", "fiona.wetherall@example.org", "2015-02-30", "",
         "nearly there"],                                                           # 9
        ["", "", "", "", "", "", ""],                                             # 10, blank
        ["1.7", "", "A valid row among the bad", "Fiona Wetherall", "April 2015", "", "●"],
    ]
    response = upload(client_for(cast.manager), source, "bad.csv", csv_bytes(rows))
    assert response.status_code == 200
    problems = problems_of(response)
    assert [(row, column) for row, column, _ in problems] == [
        (3, "Lead"), (4, "By when"), (5, "Number"), (6, "Number"), (7, "By when"),
        (8, "Action"), (9, "By when"), (9, "Status")]
    messages = dict(((row, column), message) for row, column, message in problems)
    assert "Nobody Known" in messages[3, "Lead"]
    assert "“soon” is not a date" in messages[4, "By when"]
    assert "“one.3” is not a number" in messages[5, "Number"]
    assert "Action 6.1 has no row for its recommendation: add a row numbered 6" == \
        messages[6, "Number"]
    assert "between 2000 and 2100" in messages[7, "By when"]
    assert "“2015-02-30” is not a real date" == messages[9, "By when"]
    assert "“nearly there” is not a status" in messages[9, "Status"]
    html = response.content.decode()
    assert html.count('class="govuk-error-summary"') == 1
    assert "The file has 8 problems: nothing has been imported" in html
    assert "Row 6, Number: Action 6.1 has no row for its recommendation" in html
    assert "<title>Error:" in html
    assert nothing_created()
    assert not [k for k in response.wsgi_request.session.keys() if "import" in k]


def test_missing_columns_are_named_in_one_error(cast, source, client_for):
    response = upload(client_for(cast.manager), source, "plan.csv",
                      csv_bytes([["number", "ACTION", "notes"], ["1", "x", "y"]]))
    assert response.status_code == 200
    html = response.content.decode()
    assert ("The header row (row 1) must have the columns Area for development, Lead and By "
            "when: they are missing") in html
    assert nothing_created()


@pytest.mark.parametrize("name, content, message", [
    ("plan.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "save it as"),
    ("plan.pdf", b"%PDF-1.4", "must be a CSV or XLSX"),
    ("plan.xlsx", b"Number,Action\n", "not an XLSX spreadsheet"),
    ("plan.xlsx", b"PK\x03\x04 not really a zip", "could not be read as an XLSX"),
    ("plan.csv", b"", "The submitted file is empty"),  # Django's own check
    ("plan.csv", b"\n,,,\n", "The selected file is empty"),
    ("plan.csv", csv_bytes([HEADER]), "no rows under its header"),
])
def test_unreadable_files_are_refused(cast, source, client_for, name, content, message):
    response = upload(client_for(cast.manager), source, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert nothing_created()


def test_the_same_number_twice_is_refused_naming_both_rows(cast, source, fiona, client_for):
    rows = warrington_rows()
    rows.append(["1.2", "", "Improve links with the early years sector again", "Fiona Wetherall",
                 "March 2015", "", ""])  # row 20; the first 1.2 is row 4
    response = upload(client_for(cast.manager), source, "plan.csv", csv_bytes(rows))
    assert response.status_code == 200
    assert problems_of(response) == [(20, "Number", "Number 1.2 appears twice: rows 4 and 20")]
    assert nothing_created()


def test_importing_the_same_file_twice_is_refused_the_second_time(cast, source, fiona,
                                                                  client_for):
    client = client_for(cast.manager)
    import_through_the_views(client, source, "plan.csv", WARRINGTON_CSV.read_bytes())
    response = upload(client, source, "plan.csv", WARRINGTON_CSV.read_bytes())
    assert response.status_code == 200
    problems = problems_of(response)
    assert len(problems) == 18  # 5 recommendations and 13 actions exist already
    assert (2, "Number", "Recommendation 1 already exists in this source") in problems
    assert (3, "Number", "Action 1.1 already exists in this source’s action plan") in problems
    assert (Recommendation.objects.count(), Action.objects.count()) == (5, 13)
    assert ActionPlan.objects.count() == 1


def test_the_confirmation_checks_again_and_writes_nothing_if_a_row_now_fails(
        cast, source, fiona, client_for):
    client = client_for(cast.manager)
    response = upload(client, source, "plan.csv", WARRINGTON_CSV.read_bytes())
    preview_url = response.url
    # Meanwhile someone adds recommendation 3 by hand.
    Recommendation.objects.create(source=source, number="3", text="Added by hand")
    response = client.post(preview_url)
    assert response.status_code == 200
    assert problems_of(response) == [
        (12, "Number", "Recommendation 3 already exists in this source")]
    assert "The file has 1 problem: nothing has been imported" in response.content.decode()
    assert (Recommendation.objects.count(), Action.objects.count(),
            ActionPlan.objects.count()) == (1, 0, 0)
    assert client.get(preview_url).status_code == 302  # the pending import is gone


def test_a_lead_renamed_since_the_upload_fails_at_the_preview(cast, source, fiona, client_for):
    client = client_for(cast.manager)
    preview_url = upload(client, source, "plan.csv", WARRINGTON_CSV.read_bytes()).url
    fiona.full_name = "Fiona Wetherall-Jones"
    fiona.save()
    response = client.get(preview_url)
    assert response.status_code == 200
    assert len(problems_of(response)) == 13 and nothing_created()


def test_ambiguous_leads_and_leads_without_an_agency_are_refused(cast, source, fiona,
                                                                 client_for):
    PersonFactory(full_name="Fiona Wetherall", agency=cast.police, email="fw2@example.org")
    PersonFactory(full_name="Ann McCormack", agency=None, email="ann@example.org")
    rows = [HEADER, ["1", "Area", "", "", "", "", ""],
            ["1.1", "", "One", "fiona wetherall", "March 2015", "", ""],
            ["1.2", "", "Two", "Ann McCormack", "March 2015", "", ""],
            ["1.3", "", "Three", "Fiona.Wetherall@Example.org", "March 2015", "", ""]]
    response = upload(client_for(cast.manager), source, "plan.csv", csv_bytes(rows))
    problems = problems_of(response)
    assert [(row, column) for row, column, _ in problems] == [(3, "Lead"), (4, "Lead")]
    assert "2 people in the directory are called" in problems[0][2]
    assert "has no agency" in problems[1][2]


def test_a_confidential_source_gives_confidential_actions(cast, source, fiona, client_for):
    source.is_confidential = True
    source.save()
    MembershipFactory(person=fiona, board=cast.board, role=Role.BUSINESS_MANAGER)
    import_through_the_views(client_for(cast.manager), source, "plan.csv",
                             WARRINGTON_CSV.read_bytes())
    assert Action.objects.filter(is_confidential=True).count() == 13


def test_a_confidential_source_refuses_a_lead_who_is_not_on_the_board(cast, source, fiona,
                                                                      client_for):
    source.is_confidential = True
    source.save()
    response = upload(client_for(cast.manager), source, "plan.csv", WARRINGTON_CSV.read_bytes())
    assert response.status_code == 200
    refusal = ("Fiona Wetherall is not a member of Wirral Improvement Board and cannot see a "
               "confidential action; choose a member of the board")
    assert {(column, message) for _, column, message in problems_of(response)} == {
        ("Lead", refusal)}
    assert nothing_created()


def test_status_words_and_symbols():
    assert [parse_status(s) for s in ["●", "⊙", "◎", "🟢", "○", "", "Done", "COMPLETED",
                                      "in-progress", "Not started"]] == [
        C, P, P, P, N, "", C, C, P, N]


@pytest.mark.parametrize("role, status", [("partner", 403), ("outsider", 404),
                                          ("lay_member", 403)])
def test_only_the_business_manager_imports(cast, source, fiona, client_for, role, status):
    client = client_for(cast.manager)
    preview_url = upload(client, source, "plan.csv", WARRINGTON_CSV.read_bytes()).url
    client = client_for(cast.by_role(role))
    assert client.get(reverse("recommendations:import", args=[source.pk])).status_code == status
    assert upload(client, source, "plan.csv", WARRINGTON_CSV.read_bytes()).status_code == status
    assert client.get(preview_url).status_code == status
    assert client.post(preview_url).status_code == status
    assert nothing_created()


def test_a_second_file_goes_into_the_plan_the_source_holds_whatever_either_is_called(
        cast, source, fiona, client_for):
    """The source holds its plan by key: renamed after the first import, its second file's
    actions still join the same plan, and a plan of the board that merely has the title the
    import would give is never taken for it."""
    client = client_for(cast.manager)
    import_through_the_views(client, source, "plan.csv", WARRINGTON_CSV.read_bytes())
    plan = ActionPlan.objects.get()
    decoy = ActionPlan.objects.create(board=cast.board, source=ActionSource.RECOMMENDATION,
                                      title="Ofsted 2016: action plan")
    RecommendationSource.objects.filter(pk=source.pk).update(title="Ofsted 2016")

    rows = [HEADER, ["6", "Hear the voice of the child in every audit", "", "", "", "", ""],
            ["6.1", "", "Add the child's voice to the audit tool", "Fiona Wetherall",
             "March 2016", "", ""]]
    response = upload(client, source, "more.csv", csv_bytes(rows))
    assert response.status_code == 302, problems_of(response)
    assert client.post(response.url).status_code == 302

    source.refresh_from_db()
    six = source.recommendations.get(number="6")
    [action] = six.actions.all()
    assert source.plan == plan and action.plan == plan and action.number == "6.1"
    assert six.area.plan == plan and action.area == six.area and six.area.number == 6
    assert not decoy.actions.exists() and not decoy.areas.exists()
    assert ActionPlan.objects.count() == 2


def test_an_action_added_to_a_recommendation_is_numbered_under_it_in_the_plan(
        cast, source, fiona, client_for):
    client = client_for(cast.manager)
    import_through_the_views(client, source, "plan.csv", WARRINGTON_CSV.read_bytes())
    two = source.recommendations.get(number="2")  # holds 2.1 and 2.2
    add_url = reverse("recommendations:recommendation_add_action", args=[two.pk])
    response = client.post(add_url, {
        "description": "Brief lay members on the challenge log", "lead_person": fiona.pk,
        "lead_agency": cast.council.pk, "due_on_0": "31", "due_on_1": "3", "due_on_2": "2016"})
    assert response.status_code == 302, response.context["form"].errors
    added = two.actions.get(description="Brief lay members on the challenge log")
    assert (added.plan, added.area, added.number) == (two.area.plan, two.area, "2.3")
    assert [a.number for a in Action.objects.filter(plan=two.area.plan, area=two.area)
            .order_by("sort_key")] == ["2.1", "2.2", "2.3"]
