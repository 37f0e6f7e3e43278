"""The core performance indicators end to end in a real browser: a council performance officer
enters the last quarter's figures in the grid (one bad entry first, refused whole), a second
performance officer validates them (the submitter may not), the business manager publishes
them, and the dashboard shows each figure against its target — red and amber first, as
exceptions — with its trend, down to one indicator's chart and the figures behind it.
axe-core checks every page on the way."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from boards.models import Role
from performance import periods
from performance.models import IndicatorValue, Polarity, Theme, Unit, ValueStatus
from performance.services import indicator_create, target_set

from ..factories import MembershipFactory, PersonFactory
from .pages import banner, sign_in, sign_out, summary_row

pytestmark = pytest.mark.django_db(transaction=True)

EARLY_HELP = "Early help assessments completed within 45 working days"
RE_REFERRALS = "Re-referrals to children's social care within 12 months"
REVIEWS = "Child protection plans reviewed within timescale"
NOT_A_NUMBER = "“lots” is not a number: write it like 5.1 or 1,116"
SUBMITTED = "Submitted, waiting for validation"
YOURS = "Yours: someone else validates it"

# Published history, oldest first: the same quarter last year, then the three quarters since.
HISTORY = {
    "EH1": ["78.0", "79.5", "81.2", "76.8"],
    "CP2": ["24.3", "23.0", "22.5", "22.0"],
    "CP3": ["91.0", "93.5", "94.2", "96.0"],
}
# The last quarter's figures, as the officer types them. EH1 is 72.4% against 80% (tolerance
# 5): red. CP2, lower is better, is 21.6% against 20% (tolerance 3): amber. CP3 is 97.1%
# against 95%: green, and improving, so not an exception.
ENTERED = {"EH1": "72.4", "EH1 Under 1": "65", "EH1 1 to 4": "74.1", "CP2": "21.6",
           "CP3": "97.1"}








def table_captioned(page, caption):
    return page.locator("table", has=page.locator("caption", has_text=caption))




@pytest.fixture
def dataset(cast):
    """Three quarterly indicators owned by the council, each with targets for this financial
    year and last, four published quarters behind the one to enter, and two council
    performance officers: one to submit, one to validate."""
    quarter = periods.recent("quarterly", timezone.localdate(), 1)[0]
    history = [periods.step(quarter, "quarterly", -n) for n in range(4, 0, -1)]
    submitter = PersonFactory(full_name="Sam Ellis", agency=cast.council,
                              email="sam@example.org")
    validator = PersonFactory(full_name="Nadia Karim", agency=cast.council,
                              email="nadia@example.org")
    for person in (submitter, validator):
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
            breakdowns=[("age_band", "Under 1"), ("age_band", "1 to 4"),
                        ("age_band", "5 to 9")], **common),
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
    years = {periods.financial_year(p) for p in [*history, quarter]}
    published_at = timezone.now() - timedelta(days=30)
    for code, indicator in indicators.items():
        target, tolerance = goals[code]
        for year in years:
            target_set(indicator=indicator, year=year, target=Decimal(target),
                       tolerance=Decimal(tolerance))
        IndicatorValue.objects.bulk_create(
            IndicatorValue(indicator=indicator, period=period, value=Decimal(value),
                           status=ValueStatus.PUBLISHED, submitted_by=submitter,
                           submitted_at=published_at, validated_by=validator,
                           validated_at=published_at, published_by=cast.manager,
                           published_at=published_at)
            for period, value in zip(history, HISTORY[code], strict=True))
    return {"quarter": quarter, "history": history, "submitter": submitter,
            "validator": validator, "indicators": indicators}


def test_quarterly_figures_from_the_grid_to_the_dashboard(cast, dataset, page, live_server,
                                                          axe):
    quarter, history = dataset["quarter"], dataset["history"]
    submitter, validator = dataset["submitter"], dataset["validator"]
    eh1, cp2, cp3 = (dataset["indicators"][code] for code in ("EH1", "CP2", "CP3"))
    label = periods.label(quarter, "quarterly")  # e.g. "Q2 2026-27"
    previous = periods.label(history[-1], "quarterly")
    year_ago = periods.label(history[0], "quarterly")
    under_1, one_to_4, _ = eh1.breakdowns.order_by("position")
    cell = {"EH1": f"v_{eh1.pk}_0", "EH1 Under 1": f"v_{eh1.pk}_{under_1.pk}",
            "EH1 1 to 4": f"v_{eh1.pk}_{one_to_4.pk}", "CP2": f"v_{cp2.pk}_0",
            "CP3": f"v_{cp3.pk}_0"}

    # Given a council performance officer, signed in through the sign-in page …
    page.goto(f"{live_server.url}/accounts/login/")
    axe.check()
    sign_in(page, live_server, submitter, "My agency's actions")
    axe.check()
    page.get_by_role("link", name="My boards").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My boards")
    axe.check()
    page.get_by_role("link", name="Wirral Improvement Board").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wirral Improvement Board")
    axe.check()

    # … who goes from the board to the dashboard, where only last year's figures show yet …
    page.get_by_role("link", name=re.compile("^Performance dashboard")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Performance dashboard")
    expect(page.locator("body")).to_contain_text(previous)
    expect(page.locator("body")).not_to_contain_text(label)
    axe.check()

    # … when they choose the last whole quarter in the grid …
    page.get_by_role("link", name="Enter figures").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Enter figures for")
    axe.check()
    page.get_by_label("Period", exact=True).select_option(label=f"{label} (quarterly)")
    page.get_by_role("button", name="Show this period").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Enter figures for {label}")
    expect(page.locator("#grid caption")).to_have_text(f"Figures for {label}")
    for name in cell.values():
        expect(page.locator(f"#{name}-state")).to_have_text("Not yet entered.")
    axe.check()

    # … and enter the quarter's figures with one that is not a number …
    for key, value in ENTERED.items():
        page.locator(f"#{cell[key]}").fill(value)
    page.get_by_label(f"EH1 {EARLY_HELP}, Under 1, {label}").fill("lots")
    page.get_by_role("button", name="Submit for validation").click()

    # … then the batch is refused whole, the mistake shown by its box and in the summary …
    expect(page).to_have_title(re.compile("^Error: Enter figures"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary.get_by_role("link", name=f"EH1 Under 1: {NOT_A_NUMBER}")).to_have_attribute(
        "href", f"#{cell['EH1 Under 1']}")
    bad = page.locator(f"#{cell['EH1 Under 1']}")
    expect(page.locator(f"#{cell['EH1 Under 1']}-error")).to_have_text(f"Error: {NOT_A_NUMBER}")
    expect(bad).to_have_value("lots")
    expect(bad).to_have_class(re.compile("govuk-input--error"))
    expect(bad).to_have_attribute("aria-describedby", re.compile(f"{cell['EH1 Under 1']}-error"))
    expect(page.locator(".govuk-error-message")).to_have_count(1)
    expect(page.locator(f"#{cell['CP2']}")).to_have_value(ENTERED["CP2"])  # the rest kept
    assert not IndicatorValue.objects.filter(period=quarter).exists()
    axe.check()

    # … and once it is corrected, every figure goes for validation.
    summary.get_by_role("link").click()
    expect(bad).to_be_focused()
    bad.fill(ENTERED["EH1 Under 1"])
    page.get_by_role("button", name="Submit for validation").click()
    expect(banner(page)).to_contain_text("5 values submitted for validation.")
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Enter figures for {label}")
    for key, name in cell.items():
        state = page.locator(f"#{name}-state")
        expect(state).to_contain_text(f"{SUBMITTED}: {ENTERED[key]}")
        expect(state).to_contain_text("from Sam Ellis")
    expect(page.locator(f"#v_{eh1.pk}_{eh1.breakdowns.get(label='5 to 9').pk}-state")).to_have_text(
        "Not yet entered.")
    axe.check()
    submitted = IndicatorValue.objects.filter(period=quarter)
    assert submitted.count() == 5
    assert set(submitted.values_list("status", "submitted_by")) == {
        (ValueStatus.SUBMITTED, submitter.pk)}
    assert submitted.get(indicator=eh1, breakdown=under_1).value == Decimal("65")

    # The submitter, a performance officer too, may not validate their own figures.
    page.get_by_role("link", name="Back to the dashboard").click()
    expect(page.get_by_role("listitem").filter(has_text="Validate figures")).to_contain_text(
        "(5 waiting)")
    page.get_by_role("link", name="Validate figures").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Validate figures")
    queue = page.locator("#values tbody tr")
    expect(queue).to_have_count(5)
    expect(page.get_by_text(YOURS)).to_have_count(5)
    expect(page.locator("#values").get_by_role("checkbox")).to_have_count(0)
    axe.check()
    sign_out(page)

    # Another performance officer of the board validates them.
    sign_in(page, live_server, validator, "My agency's actions")
    page.get_by_role("link", name="My boards").click()
    page.get_by_role("link", name="Wirral Improvement Board").first.click()
    page.get_by_role("link", name=re.compile("^Performance dashboard")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Performance dashboard")
    axe.check()
    page.get_by_role("link", name="Validate figures").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Validate figures")
    expect(queue).to_have_count(5)
    expect(page.get_by_text(YOURS)).to_have_count(0)
    total = queue.filter(has_text=f"EH1 {EARLY_HELP}").filter(has_not_text="Under 1").filter(
        has_not_text="1 to 4")
    expect(total).to_contain_text(label)
    expect(total).to_contain_text("72.4%")
    expect(total).to_contain_text("Sam Ellis")
    expect(queue.filter(has_text="Under 1")).to_contain_text("65.0%")
    expect(queue.filter(has_text="CP2")).to_contain_text("21.6%")
    axe.check()
    for value in submitted:
        page.locator(f"#value-{value.pk}").check()
    page.get_by_role("button", name="Validate the chosen figures").click()
    expect(banner(page)).to_contain_text(
        "5 figure(s) validated: the business manager can now publish them.")
    expect(page.get_by_text("No figures are waiting for validation.")).to_be_visible()
    axe.check()
    assert set(submitted.values_list("status", "validated_by")) == {
        (ValueStatus.VALIDATED, validator.pk)}
    sign_out(page)

    # The business manager publishes them.
    sign_in(page, live_server, cast.manager, "My boards")
    axe.check()
    page.get_by_role("link", name="Wirral Improvement Board").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wirral Improvement Board")
    axe.check()
    page.get_by_role("link", name=re.compile("^Performance dashboard")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Performance dashboard")
    axe.check()
    page.get_by_role("link", name="Publish validated figures").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publish validated figures")
    expect(page.locator("#values tbody tr")).to_have_count(5)
    expect(page.locator("#values tbody tr").first).to_contain_text("Nadia Karim")
    axe.check()
    for value in submitted:
        page.locator(f"#value-{value.pk}").check()
    page.get_by_role("button", name="Publish the chosen figures").click()
    expect(banner(page)).to_contain_text("5 figure(s) published: they are on the dashboard now.")
    expect(page.get_by_text("No validated figures are waiting.")).to_be_visible()
    axe.check()
    assert set(submitted.values_list("status", "published_by")) == {
        (ValueStatus.PUBLISHED, cast.manager.pk)}

    # The dashboard: exceptions first, red before amber; the green one with its theme.
    page.get_by_role("link", name="Back to the dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Performance dashboard")
    headings = page.get_by_role("heading", level=2)
    expect(headings).to_have_text(["Exceptions", "Everything else, by theme"])
    exceptions = table_captioned(page, "Off target or worsening").locator("tbody tr")
    expect(exceptions).to_have_count(2)
    red, amber = exceptions.first, exceptions.last
    expect(red.get_by_role("link")).to_have_text(f"EH1 {EARLY_HELP}")
    expect(red.locator(".app-rag-tag")).to_have_text("Red: off target")
    expect(red).to_contain_text(f"72.4%{label}")
    expect(red).to_contain_text("80.0%tolerance 5.0%")
    expect(red).to_contain_text(f"Down since {previous}: worsening")
    expect(red).to_contain_text(f"Down since {year_ago}: worsening")
    expect(red).to_contain_text(f"No commentary yet for {label}")
    expect(amber.get_by_role("link")).to_have_text(f"CP2 {RE_REFERRALS}")
    expect(amber).to_contain_text("lower is better")
    expect(amber.locator(".app-rag-tag")).to_have_text("Amber: within tolerance of target")
    expect(amber).to_contain_text(f"21.6%{label}")
    expect(amber).to_contain_text(f"Down since {previous}: improving")
    on_track = table_captioned(page, "Child protection").locator("tbody tr")
    expect(on_track).to_have_count(1)
    expect(on_track.get_by_role("link")).to_have_text(f"CP3 {REVIEWS}")
    expect(on_track.locator(".app-rag-tag")).to_have_text("Green: on target")
    expect(on_track).to_contain_text(f"Up since {previous}: improving")
    expect(table_captioned(page, "Early help")).to_have_count(0)  # EH1 is an exception
    expect(page.locator(".app-rag-tag")).to_have_count(3)

    sparks = page.locator("svg.app-spark")
    expect(sparks).to_have_count(3)
    expect(red.get_by_role("img")).to_have_attribute(
        "aria-label", f"Trend over 5 periods: 78.0% in {year_ago}, 72.4% in {label}; "
                      f"lowest 72.4%, highest 81.2%")
    expect(red.locator("svg.app-spark title")).to_have_text(re.compile("^Trend over 5 periods"))
    expect(amber.get_by_role("img")).to_have_attribute(
        "aria-label", f"Trend over 5 periods: 24.3% in {year_ago}, 21.6% in {label}; "
                      f"lowest 21.6%, highest 24.3%")
    expect(on_track.get_by_role("img")).to_have_attribute(
        "aria-label", re.compile(f"97.1% in {label}; lowest 91.0%, highest 97.1%$"))
    axe.check()

    # One indicator's page: its trend chart, described in words, and the figures behind it.
    red.get_by_role("link", name=f"EH1 {EARLY_HELP}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"EH1 {EARLY_HELP}")
    latest = summary_row(page, "Latest")
    expect(latest).to_contain_text(f"72.4% for {label}")
    expect(latest.locator(".app-rag-tag")).to_have_text("Red: off target")
    expect(summary_row(page, "Target")).to_contain_text(
        "80.0%, tolerance 5.0% · Higher is better")
    year = periods.year_label(periods.financial_year(quarter))
    desc = (f"5 published figures from {year_ago} (78.0%) to {label} (72.4%). "
            f"Lowest 72.4% in {label}; highest 81.2% in {periods.label(history[2], 'quarterly')}."
            f" Target for {year}: 80.0%, tolerance 5.0% (higher is better).")
    chart = page.get_by_role("img", name=f"{EARLY_HELP}: trend")
    expect(chart).to_be_visible()
    expect(chart).to_have_attribute("aria-labelledby", "trend-chart-title trend-chart-desc")
    expect(chart.locator("title")).to_have_text(f"{EARLY_HELP}: trend")
    expect(chart.locator("desc")).to_have_text(desc)
    expect(chart.locator("circle")).to_have_count(5)  # a marker for each figure
    expect(page.locator(".app-chart__key")).to_contain_text(
        "Target, with the tolerance band hatched")

    figures = page.locator("#figures")
    table = figures.locator("table")
    expect(table).not_to_be_visible()
    figures.get_by_text("The figures behind the chart (5 periods)").click()
    expect(table).to_be_visible()
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(5)
    expect(rows.first).to_contain_text(f"{label}72.4%80.0%Red: off target")
    expect(rows.nth(1)).to_contain_text(f"{previous}76.8%80.0%Amber: within tolerance of target")
    expect(rows.nth(2)).to_contain_text("81.2%80.0%Green: on target")
    expect(rows.last).to_contain_text(f"{year_ago}78.0%")

    by_age = table_captioned(page, "By age band")
    expect(by_age.locator("tbody tr", has_text="Under 1")).to_contain_text("65.0%")
    expect(by_age.locator("tbody tr", has_text="1 to 4")).to_contain_text("74.1%")
    axe.check()
    assert len(axe.checked) == 20  # every page on the way, each person's view of it
