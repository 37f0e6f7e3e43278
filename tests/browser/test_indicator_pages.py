"""The rest of the indicator and audit pages in a real browser, each checked by axe-core: the
exception report the business manager takes to the meeting; adding an indicator (refused once
when empty), its target and a benchmark; the spreadsheet upload and its format; a challenge, an
action and an audit raised from an indicator and listed on its page ("triangulation"); and the
owning agency's commentary, written and then overtaken by a colleague's save.

test_indicator_journey.py follows the figures from the grid to the dashboard; this file visits
the pages that journey does not."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from actions.models import Action
from audits.models import Audit, AuditKind
from boards.models import Role
from challenges.models import Challenge, EvidenceKind
from performance import periods
from performance.models import (
    Benchmark,
    Commentary,
    Indicator,
    IndicatorValue,
    Polarity,
    Theme,
    Unit,
    ValueStatus,
)
from performance.services import commentary_save, indicator_create, target_set

from ..factories import MembershipFactory, PersonFactory
from .pages import banner, fill_date, heading, sign_in, summary_row

pytestmark = pytest.mark.django_db(transaction=True)

EARLY_HELP = "Early help assessments completed within 45 working days"
RE_REFERRALS = "Re-referrals to children's social care within 12 months"
REVIEWS = "Child protection plans reviewed within timescale"

# Published figures, oldest first: five quarters up to the last whole one. EH1 ends at 72.4%
# against 80% (tolerance 5): red. CP2, lower is better, ends at 21.6% against 20% (tolerance
# 3): amber. CP3 ends at 97.1% against 95%: green and improving.
HISTORY = {
    "EH1": ["78.0", "79.5", "81.2", "76.8", "72.4"],
    "CP2": ["24.3", "23.0", "22.5", "22.0", "21.6"],
    "CP3": ["91.0", "93.5", "94.2", "96.0", "97.1"],
}
DATA_SAYS = "72.4% of assessments were completed within 45 days, down from 76.8%."
WHY = "Two early help coordinators left in the autumn and the posts were vacant for ten weeks."
BEING_DONE = "Both posts are filled from January; a weekly tracker of assessments over 35 days."

NEW_CODE = "CIC4"
NEW_NAME = "Children in care with three or more placements in the year"
QUESTION = ("What is the council doing to bring early help assessments back within 45 working "
            "days, and when will the board see the effect?")
ACTION = "Report the recovery plan for early help assessments to the next board meeting."
AUDIT = "Multi-agency audit of early help assessments"
FINDINGS = ("26 assessments sampled: 19 completed in time, 4 late because of staffing, 3 late "
            "because the family could not be reached.")










def cited(page, kind):
    """The list under one heading of "What cites this indicator"."""
    return page.locator(f"h3:text-is('{kind}') + *")




def to_dashboard(page):
    page.get_by_role("link", name="Wirral Improvement Board").first.click()
    expect(heading(page)).to_have_text("Wirral Improvement Board")
    page.get_by_role("link", name=re.compile("^Performance dashboard")).click()
    expect(heading(page)).to_have_text("Performance dashboard")


@pytest.fixture
def dataset(cast):
    """Three quarterly indicators owned by the council, with targets and five published
    quarters up to the last whole one, two council performance officers, and the council's
    commentary on EH1 for that quarter (CP2's is not yet written)."""
    latest = periods.recent("quarterly", timezone.localdate(), 1)[0]
    history = [periods.step(latest, "quarterly", -n) for n in range(4, -1, -1)]
    officer = PersonFactory(full_name="Sam Ellis", agency=cast.council, email="sam@example.org")
    colleague = PersonFactory(full_name="Nadia Karim", agency=cast.council,
                              email="nadia@example.org")
    for person in (officer, colleague):
        MembershipFactory(person=person, board=cast.board, role=Role.PERFORMANCE_OFFICER)

    early_help = Theme.objects.create(board=cast.board, name="Early help", position=1)
    protection = Theme.objects.create(board=cast.board, name="Child protection", position=2)
    common = {"board": cast.board, "unit": Unit.PERCENTAGE, "frequency": "quarterly",
              "owning_agency": cast.council, "source": "Wirral Council children's services"}
    indicators = {
        "EH1": indicator_create(
            theme=early_help, code="EH1", name=EARLY_HELP, polarity=Polarity.HIGHER_IS_BETTER,
            definition="Assessments completed within 45 working days of the request, as a "
                       "percentage of all early help assessments completed.",
            breakdowns=[("age_band", "Under 1"), ("age_band", "1 to 4")], **common),
        "CP2": indicator_create(
            theme=protection, code="CP2", name=RE_REFERRALS, polarity=Polarity.LOWER_IS_BETTER,
            definition="Referrals within 12 months of a previous referral, as a percentage of "
                       "all referrals.", **common),
        "CP3": indicator_create(
            theme=protection, code="CP3", name=REVIEWS, polarity=Polarity.HIGHER_IS_BETTER,
            definition="Child protection plans reviewed within timescale, as a percentage of "
                       "all plans reviewed.", **common),
    }
    goals = {"EH1": ("80", "5"), "CP2": ("20", "3"), "CP3": ("95", "2")}
    years = {periods.financial_year(p) for p in history} | {
        periods.financial_year(timezone.localdate())}
    published_at = timezone.now() - timedelta(days=10)
    for code, indicator in indicators.items():
        target, tolerance = goals[code]
        for year in years:
            target_set(indicator=indicator, year=year, target=Decimal(target),
                       tolerance=Decimal(tolerance))
        IndicatorValue.objects.bulk_create(
            IndicatorValue(indicator=indicator, period=period, value=Decimal(value),
                           status=ValueStatus.PUBLISHED, submitted_by=officer,
                           submitted_at=published_at, validated_by=colleague,
                           validated_at=published_at, published_by=cast.manager,
                           published_at=published_at)
            for period, value in zip(history, HISTORY[code], strict=True))
    commentary_save(indicator=indicators["EH1"], period=latest, by=officer, version=0,
                    data_says=DATA_SAYS, why=WHY, actions_taken=BEING_DONE)
    return {"latest": latest, "label": periods.label(latest, "quarterly"), "officer": officer,
            "colleague": colleague, "indicators": indicators}


def test_the_exception_report_gives_the_councils_account_of_what_is_off_target(
        cast, dataset, page, live_server, axe):
    label = dataset["label"]

    # Given the business manager on the dashboard …
    sign_in(page, live_server, cast.manager, "My boards")
    to_dashboard(page)

    # … the exception report shows the red indicator with the council's three-part account …
    page.get_by_role("link", name=re.compile("^Exception report")).click()
    expect(heading(page)).to_have_text("Performance exception report")
    expect(page).to_have_title(re.compile("^Exception report: Wirral Improvement Board"))
    red = page.locator("section", has=page.get_by_role("heading", name=f"EH1 {EARLY_HELP}"))
    expect(red.locator(".app-rag-tag")).to_have_text("Red: off target")
    expect(summary_row(red, label)).to_contain_text("72.4%")
    expect(summary_row(red, "Target")).to_contain_text("80.0% (tolerance 5.0%)")
    expect(summary_row(red, "Owning agency")).to_have_text(re.compile("Wirral Council"))
    commentary = red.locator("dl.app-commentary")
    expect(commentary.locator("dt")).to_have_text(
        ["What the data says", "Why", "What is being done"])
    expect(commentary.locator("dd")).to_have_text([DATA_SAYS, WHY, BEING_DONE])
    # … and the amber one, whose commentary the council has still to write.
    amber = page.locator("section", has=page.get_by_role("heading", name=f"CP2 {RE_REFERRALS}"))
    expect(amber.locator(".app-rag-tag")).to_have_text("Amber: within tolerance of target")
    expect(amber).to_contain_text(f"Wirral Council has not yet written its commentary for {label}")
    expect(page.get_by_role("heading", name=f"CP3 {REVIEWS}")).to_have_count(0)
    axe.check()
    page.get_by_role("link", name="Back to the dashboard").click()
    expect(heading(page)).to_have_text("Performance dashboard")
    assert len(axe.checked) == 1


def test_an_england_benchmark_beside_an_indicator(cast, dataset, page, live_server, axe):
    label = dataset["label"]

    # Given the business manager on EH1's page, which has no benchmark yet …
    sign_in(page, live_server, cast.manager, "My boards")
    to_dashboard(page)
    page.get_by_role("link", name=f"EH1 {EARLY_HELP}").click()
    expect(heading(page)).to_have_text(f"EH1 {EARLY_HELP}")
    expect(page.get_by_text("definitions may differ")).to_have_count(0)

    # … when they add England's figure for the last quarter …
    page.get_by_role("button", name="Add a benchmark").click()
    expect(heading(page)).to_have_text(f"Add a benchmark for EH1 {EARLY_HELP}")
    expect(page.get_by_text("with a note that definitions may differ.")).to_be_visible()
    axe.check()
    period = page.get_by_label("Period")
    expect(period).to_be_visible()
    expect(page.locator("#id_period_hint")).to_contain_text("a quarter's first month")
    period.fill(f"{dataset['latest']:%Y-%m}")
    page.get_by_role("radio", name="England average").check()
    page.get_by_label("Figure").fill("83.1")
    page.get_by_label("Note").fill("DfE Children in Need census; counts calendar days.")
    page.get_by_role("button", name="Save the benchmark").click()

    # … their figure is shown beside the council's, with the caveat and their note.
    expect(banner(page)).to_contain_text("Benchmark saved.")
    expect(heading(page)).to_have_text(f"EH1 {EARLY_HELP}")
    expect(page.locator(".govuk-inset-text")).to_contain_text(
        "their definitions may differ from ours, so they may not be like for like. "
        "DfE Children in Need census; counts calendar days.")
    page.get_by_text(re.compile("^The figures behind the chart")).click()
    expect(page.locator("#figures tbody tr").first).to_contain_text(f"{label}72.4%80.0%")
    expect(page.locator("#figures tbody tr").first.locator("td").last).to_have_text("83.1%")
    axe.check()
    assert Benchmark.objects.get().entered_by == cast.manager
    assert len(axe.checked) == 2


def test_a_new_indicator_with_a_new_theme_breakdowns_and_its_target(cast, dataset, page,
                                                                     live_server, axe):
    # Given the business manager adding an indicator, with a new theme and breakdowns by
    # locality: it asks for the target next …
    sign_in(page, live_server, cast.manager, "My boards")
    to_dashboard(page)
    page.get_by_role("link", name="Add an indicator").click()
    expect(heading(page)).to_have_text(
        "Add an indicator to Wirral Improvement Board's dataset")
    axe.check()
    page.get_by_label("Or a new theme").fill("Children in care")
    page.get_by_label("Code").fill(NEW_CODE.lower())
    page.get_by_label("Name", exact=True).fill(NEW_NAME)
    page.get_by_label("Definition").fill(
        "Children looked after at the year's end who had three or more placements in it, as a "
        "percentage of all children looked after.")
    page.get_by_label("Source of the data").fill("Wirral Council, SSDA903 return")
    page.get_by_role("radio", name="Percentage").check()
    page.get_by_role("radio", name="Lower is better").check()
    page.get_by_role("radio", name="Quarterly").check()
    page.get_by_label("Owning agency").select_option(label="Wirral Council")
    page.get_by_label("Breakdowns (optional)").select_option(label="Locality")
    page.get_by_label("Breakdown categories, one per line").fill(
        "Birkenhead\nWallasey\nWest Wirral")
    page.get_by_role("button", name="Add the indicator").click()
    expect(banner(page)).to_contain_text(
        f"{NEW_CODE} {NEW_NAME} added. Set its target for the year next.")
    expect(heading(page)).to_have_text(f"Set a target for {NEW_CODE} {NEW_NAME}")
    expect(page.get_by_text("Lower is better. Targets are set per financial year.")).to_be_visible()
    year = periods.financial_year(timezone.localdate())
    expect(page.get_by_label("Financial year")).to_have_value(str(year))
    axe.check()
    indicator = Indicator.objects.get(board=cast.board, code=NEW_CODE)
    assert indicator.theme.name == "Children in care"
    assert list(indicator.breakdowns.values_list("dimension", "label")) == [
        ("locality", "Birkenhead"), ("locality", "Wallasey"), ("locality", "West Wirral")]

    # … then, the target set, the new indicator's page shows it.
    page.get_by_label("Target", exact=True).fill("10")
    page.get_by_label("Tolerance").fill("1.5")
    page.get_by_role("button", name="Save the target").click()
    expect(banner(page)).to_contain_text(
        f"Target for {periods.year_label(year)} saved: 10.0%.")
    expect(heading(page)).to_have_text(f"{NEW_CODE} {NEW_NAME}")
    expect(page.get_by_text("Wirral Improvement Board · Children in care · core indicator")
           ).to_be_visible()
    expect(summary_row(page, "Latest")).to_contain_text("No figures published yet")
    axe.check()
    expect(summary_row(page, "Target")).to_contain_text(
        "10.0%, tolerance 1.5% · Lower is better")
    assert len(axe.checked) == 3


def test_an_empty_indicator_form_is_refused_field_by_field(cast, dataset, page, live_server,
                                                            axe):
    sign_in(page, live_server, cast.manager, "My boards")
    to_dashboard(page)
    page.get_by_role("link", name="Add an indicator").click()
    expect(heading(page)).to_have_text(
        "Add an indicator to Wirral Improvement Board's dataset")

    # When the business manager sends the form empty …
    page.get_by_role("button", name="Add the indicator").click()

    # … each mistake is shown by its field and listed in the summary, nothing saved.
    expect(page).to_have_title(re.compile("^Error: Add an indicator"))
    expect(heading(page)).to_have_text(
        "Add an indicator to Wirral Improvement Board's dataset")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_be_focused()
    required = ["code", "name", "definition", "source", "unit", "polarity", "frequency",
                "owning_agency"]
    expect(summary.get_by_role("link")).to_have_count(1 + len(required))
    expect(summary.get_by_role("link", name="Choose a theme or name a new one")).to_have_attribute(
        "href", "#id_theme")
    for field in ["theme", *required]:
        group = page.locator(f"#div_id_{field}")
        expect(group).to_have_class(re.compile("govuk-form-group--error"))
        expect(group.locator(".govuk-error-message")).to_have_count(1)
        # A radio question's link goes to its first option (GOV.UK's pattern).
        target = f"id_{field}_1" if field in ("unit", "polarity", "frequency") else f"id_{field}"
        expect(summary.locator(f"a[href='#{target}']")).to_have_count(1)
    expect(page.locator("#div_id_theme .govuk-error-message")).to_have_text(
        "Error: Choose a theme or name a new one")
    for field in ["theme", "code", "name", "definition", "source", "owning_agency"]:
        box = page.locator(f"#id_{field}")
        expect(box).to_have_attribute("aria-invalid", "true")
        expect(box).to_have_attribute("aria-describedby", re.compile(f"id_{field}_1_error"))
    for legend in ("Unit", "Polarity", "Frequency"):
        fieldset = page.locator("fieldset", has=page.locator("legend", has_text=legend))
        expect(fieldset.locator(".govuk-error-message")).to_contain_text("Error: ")
    expect(page.locator(".govuk-error-message")).to_have_count(1 + len(required))
    expect(page.get_by_label("Decimal places")).to_have_value("1")  # the defaults kept
    assert not Indicator.objects.filter(board=cast.board).exclude(
        code__in=["EH1", "CP2", "CP3"]).exists()
    axe.check()

    # The summary's links take the person to the field: the theme first …
    summary.get_by_role("link", name="Choose a theme or name a new one").click()
    expect(page.get_by_label("Theme", exact=True)).to_be_focused()
    # … and every link leads to something on the page, the radio questions included.
    missing = page.evaluate("""() => [...document.querySelectorAll(
        '.govuk-error-summary a')].map(a => a.getAttribute('href'))
        .filter(href => !document.getElementById(href.slice(1)))""")
    assert missing == [], f"error summary links with no target on the page: {missing}"
    # The radio questions offer only real answers, no blank "---------" one.
    for name in ("unit", "polarity", "frequency"):
        expect(page.locator(f"input[type=radio][name={name}][value='']")).to_have_count(0)
    assert len(axe.checked) == 1


def test_the_spreadsheet_upload_and_its_format(cast, dataset, page, live_server, axe):
    sign_in(page, live_server, cast.manager, "My boards")
    to_dashboard(page)
    page.get_by_role("link", name="Upload figures from a spreadsheet").click()
    expect(heading(page)).to_have_text("Upload indicator figures from a spreadsheet")
    expect(page.get_by_label("Spreadsheet (CSV or XLSX)")).to_have_attribute(
        "accept", ".csv,.xlsx")
    expect(page.get_by_label("Reason for corrections (optional)")).to_be_visible()
    expect(page.get_by_role("button", name="Upload and submit the figures")).to_be_visible()
    expect(page.locator("table", has=page.locator("caption", has_text="Columns"))).to_be_visible()
    axe.check()

    page.get_by_role("link", name="See your indicators’ codes and breakdowns").click()
    expect(heading(page)).to_have_text("Spreadsheet format for indicator figures")
    yours = page.locator("table", has=page.locator(
        "caption", has_text="The indicators you may submit figures for"))
    rows = yours.locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.filter(has_text="EH1").locator("th, td")).to_have_text(
        ["EH1", EARLY_HELP, "Quarterly", "Percentage", "Wirral Council", "Under 1; 1 to 4"])
    expect(rows.filter(has_text="CP2").locator("td").last).to_have_text("–")
    expect(page.get_by_role("link", name="Download an example CSV file")).to_be_visible()
    axe.check()
    assert len(axe.checked) == 2


def test_a_challenge_an_action_and_an_audit_cite_an_indicator(cast, dataset, page, live_server,
                                                              axe):
    eh1 = dataset["indicators"]["EH1"]
    label = dataset["label"]
    previous = periods.label(periods.previous(dataset["latest"], "quarterly"), "quarterly")
    evidence = (f"EH1 {EARLY_HELP}: 72.4% in {label} against a target of 80.0% (red); down "
                f"since {previous}: worsening.")
    due = timezone.localdate() + timedelta(days=28)

    # Given the business manager on EH1's page, where nothing cites it yet …
    sign_in(page, live_server, cast.manager, "My boards")
    to_dashboard(page)
    page.get_by_role("link", name=f"EH1 {EARLY_HELP}").click()
    expect(heading(page)).to_have_text(f"EH1 {EARLY_HELP}")
    for kind in ("Audits", "Challenges", "Actions"):
        expect(cited(page, kind)).to_have_text("None.")

    # … they raise a challenge from it, the evidence already written in …
    page.get_by_role("button", name="Raise a challenge").click()
    expect(heading(page)).to_have_text(f"Raise a challenge about EH1 {EARLY_HELP}")
    expect(page.get_by_label("Why: the evidence that prompted it")).to_have_value(evidence)
    expect(page.get_by_label("Kind of evidence")).to_have_value(EvidenceKind.INDICATOR)
    expect(page.get_by_label("Wirral Council", exact=True)).to_be_checked()
    axe.check()
    page.get_by_label("What is the board asking?").fill(QUESTION)
    fill_date(page, due)
    page.get_by_role("button", name="Raise the challenge").click()
    expect(banner(page)).to_contain_text(
        "Challenge raised and sent to Wirral Council. It is linked to EH1.")
    expect(heading(page)).to_have_text(re.compile("^What is the council doing"))
    expect(page.locator(".govuk-summary-list")).to_contain_text(evidence)
    axe.check()
    challenge = Challenge.objects.get()
    assert challenge.response_due_on == due and list(challenge.indicators.all()) == [eh1]

    # … and add an action from it …
    page.goto(f"{live_server.url}{eh1.get_absolute_url()}")
    page.get_by_role("button", name="Add an action").click()
    expect(heading(page)).to_have_text(f"Add an action about EH1 {EARLY_HELP}")
    description = page.get_by_label("What must be done")
    expect(description).to_have_value(f"In response to {evidence} ")
    expect(page.get_by_label("Lead agency")).to_have_value(str(cast.council.pk))
    axe.check()
    description.press("Control+End")
    description.press_sequentially(ACTION)
    page.get_by_label("Lead", exact=True).select_option(label="Priya Nolan")
    fill_date(page, due)
    page.get_by_role("button", name="Create action").click()
    expect(banner(page)).to_contain_text("Action added to the tracker and linked to EH1.")
    expect(heading(page)).to_have_text(re.compile("^In response to EH1"))
    axe.check()
    action = Action.objects.get()
    assert action.description == f"In response to {evidence} {ACTION}"
    assert action.lead_agency == cast.council and list(action.indicators.all()) == [eh1]

    # … then the indicator's page lists both under "What cites this indicator".
    page.goto(f"{live_server.url}{eh1.get_absolute_url()}")
    expect(page.get_by_role("heading", name="What cites this indicator")).to_be_visible()
    expect(cited(page, "Challenges").get_by_role("link")).to_have_text(
        re.compile("^What is the council doing"))
    expect(cited(page, "Challenges")).to_contain_text("(awaiting response, raised ")
    expect(cited(page, "Actions").get_by_role("link")).to_have_text(
        re.compile("^In response to EH1"))
    expect(cited(page, "Actions")).to_contain_text(
        f"(Wirral Council, not started, by {due:%-d %B %Y})")
    expect(cited(page, "Audits")).to_have_text("None.")
    axe.check()

    # The board's audits: none yet; one recorded, citing EH1.
    page.get_by_role("link", name="Back to the dashboard").click()
    page.get_by_role("link", name="Back to Wirral Improvement Board").click()
    page.get_by_role("link", name=re.compile("^Audits")).click()
    expect(heading(page)).to_have_text("Audits")
    expect(page.get_by_text("No audits recorded yet.")).to_be_visible()
    axe.check()
    page.get_by_role("button", name="Record an audit").click()
    expect(heading(page)).to_have_text("Record an audit for Wirral Improvement Board")
    axe.check()
    completed = timezone.localdate() - timedelta(days=14)
    page.get_by_label("Title").fill(AUDIT)
    page.get_by_role("radio", name="Multi-agency case audit").check()
    fill_date(page, completed, within=page.locator("fieldset", has_text="Completed on"))
    page.get_by_label("Findings").fill(FINDINGS)
    page.get_by_label(f"EH1 {EARLY_HELP}").check()
    page.get_by_role("button", name="Record the audit").click()
    expect(banner(page)).to_contain_text(f"Audit “{AUDIT}” recorded.")
    expect(heading(page)).to_have_text(AUDIT)
    expect(page.get_by_text(f"Completed on {completed:%-d %B %Y}; recorded by Priya Nolan.")
           ).to_be_visible()
    expect(page.get_by_text(FINDINGS, exact=True)).to_be_visible()  # not the history's line
    expect(page.locator("h2:text-is('Indicators it cites') + ul").get_by_role("link")).to_have_text(
        f"EH1 {EARLY_HELP}")
    axe.check()
    audit = Audit.objects.get()
    assert audit.kind == AuditKind.CASE_AUDIT and audit.created_by == cast.manager

    page.get_by_role("link", name="All audits of Wirral Improvement Board").click()
    expect(page.get_by_role("link", name=AUDIT)).to_be_visible()
    expect(page.locator("li", has_text=AUDIT)).to_contain_text(
        f"(multi-agency case audit, {completed:%-d %B %Y})")
    axe.check()
    page.goto(f"{live_server.url}{eh1.get_absolute_url()}")
    expect(cited(page, "Audits").get_by_role("link")).to_have_text(AUDIT)
    expect(cited(page, "Audits")).to_contain_text(
        f"(multi-agency case audit, {completed:%B %Y})")
    axe.check()
    assert len(axe.checked) == 10


def test_the_council_writes_its_commentary_and_a_colleague_overtakes_it(
        cast, dataset, page, live_server, axe, browser):
    label = dataset["label"]
    officer, colleague = dataset["officer"], dataset["colleague"]
    cp2 = dataset["indicators"]["CP2"]

    # Given a council performance officer on CP2's page, with no commentary for the quarter …
    sign_in(page, live_server, officer, "My agency's actions")
    page.goto(f"{live_server.url}{cp2.get_absolute_url()}")
    expect(heading(page)).to_have_text(f"CP2 {RE_REFERRALS}")
    expect(page.get_by_text("No commentary yet.")).to_be_visible()
    page.get_by_role("button", name=f"Write the commentary for {label}").click()
    expect(heading(page)).to_have_text(f"Commentary on {RE_REFERRALS} for {label}")
    axe.check()

    # … when they write it, the indicator's page shows it in three parts.
    page.get_by_label("What the data says").fill("21.6% of referrals were re-referrals.")
    page.get_by_label("Why").fill("Cases closed early at the front door in the summer.")
    page.get_by_label("What is being done").fill("Step-down to early help is checked by a "
                                                 "team manager before closure.")
    page.get_by_role("button", name="Save the commentary").click()
    expect(banner(page)).to_contain_text("Commentary saved.")
    note = page.locator("section", has=page.get_by_role("heading", name=label, exact=True))
    expect(note.locator("dd")).to_have_text([
        "21.6% of referrals were re-referrals.",
        "Cases closed early at the front door in the summer.",
        "Step-down to early help is checked by a team manager before closure."])
    expect(note).to_contain_text("Sam Ellis")
    axe.check()

    # Both officers open the form; the colleague saves first …
    page.get_by_role("button", name=f"Edit the commentary for {label}").click()
    expect(page.get_by_label("Why")).to_have_value(
        "Cases closed early at the front door in the summer.")
    other = browser.new_context(base_url=live_server.url)
    try:
        theirs = other.new_page()
        sign_in(theirs, live_server, colleague, "My agency's actions")
        theirs.goto(page.url)
        theirs.get_by_label("Why").fill("Closures without a step-down plan in July and August.")
        theirs.get_by_role("button", name="Save the commentary").click()
        expect(banner(theirs)).to_contain_text("Commentary saved.")
    finally:
        other.close()

    # … so the officer's save is refused, with both versions in front of them.
    page.get_by_label("Why").fill("Cases closed early at the front door over the summer.")
    page.get_by_role("button", name="Save the commentary").click()
    expect(page).to_have_title(re.compile("^Error: Commentary on"))
    stale = ("Nadia Karim changed this commentary while you were writing. Their version is "
             "shown below; yours is kept in the form. Save again to replace theirs.")
    expect(page.locator(".govuk-error-summary")).to_contain_text(stale)
    theirs_shown = page.locator(".govuk-inset-text")
    expect(theirs_shown.get_by_role("heading", level=2)).to_contain_text(
        "The version saved by Nadia Karim at")
    expect(theirs_shown).to_contain_text("Closures without a step-down plan in July and August.")
    expect(page.get_by_label("Why")).to_have_value(
        "Cases closed early at the front door over the summer.")
    axe.check()
    assert Commentary.objects.get(indicator=cp2).written_by == colleague

    # Saving again replaces theirs.
    page.get_by_role("button", name="Save the commentary").click()
    expect(banner(page)).to_contain_text("Commentary saved.")
    expect(note.locator("dd").nth(1)).to_have_text(
        "Cases closed early at the front door over the summer.")
    saved = Commentary.objects.get(indicator=cp2)
    assert (saved.written_by, saved.version) == (officer, 3)
    assert len(axe.checked) == 3
