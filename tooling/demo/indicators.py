"""The demo's core dataset (the last part of `manage.py load_demo`): nine of the Wirral board's
indicators, with figures from the papers where they give them — repeat contacts down from 19.1%
at inspection to 5.1% in March 2017, sickness absence at 17.17 days, appraisals at 94%, early
help closing 56% of cases with needs met, 139 allegations a year — and plausible ones between.
Figures run from April 2016 to the last whole period; the latest are still going through
validation, so the workflow has something to show."""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from audits.models import Audit, AuditKind
from performance import periods, services
from performance.models import (
    Benchmark,
    BenchmarkKind,
    Commentary,
    Dimension,
    IndicatorValue,
    Theme,
    ValueStatus,
)

LONDON = ZoneInfo("Europe/London")
START = date(2016, 4, 1)
LOCALITIES = ("Wallasey", "Birkenhead", "South Wirral", "West Wirral")
AGE_BANDS = ("Under 1", "1 to 4", "5 to 9", "10 to 15", "16 to 17")

# code, theme, name, unit, polarity, frequency, owner, decimals, (target, tolerance),
# (first figure, settles at), breakdowns (dimension, labels), definition, source
INDICATORS = (
    ("CP1", "Front door", "Repeat contacts within a month", "percentage", "lower", "monthly",
     "council", 1, ("6", "1"), ("19.1", "5.5"), (Dimension.LOCALITY, LOCALITIES),
     "Children with more than one contact to the front door within a month, as a percentage "
     "of all children with a contact that month.", "Children's social care case records"),
    ("CP2", "Child protection", "Children subject to a child protection plan",
     "rate_10k", "neither", "monthly", "council", 1, ("45", "5"), ("56", "44"),
     (Dimension.AGE_BAND, AGE_BANDS),
     "Children subject to a plan at the month's end per 10,000 children aged under 18.",
     "Children's social care case records; ONS mid-year population estimates"),
    ("LAC1", "Looked after children", "Children looked after", "rate_10k", "neither",
     "monthly", "council", 1, ("100", "8"), ("118", "104"), None,
     "Children looked after at the month's end per 10,000 children aged under 18.",
     "Children's social care case records"),
    ("LAC2", "Looked after children", "Initial health assessments within 20 working days",
     "percentage", "higher", "monthly", "ccg", 0, ("90", "10"), ("58", "86"), None,
     "Initial health assessments of children newly looked after completed within 20 working "
     "days, as a percentage of those due.", "Looked after children's health team"),
    ("DA1", "Front door", "Domestic abuse notifications shared within 24 hours", "percentage",
     "higher", "monthly", "police", 0, ("95", "5"), ("81", "94"), None,
     "Police notifications of domestic abuse incidents where children were present that were "
     "shared with children's services within 24 hours.", "Merseyside Police Protecting "
                                                         "Vulnerable People unit"),
    ("EH1", "Early help", "Early help cases closed with needs met", "percentage", "higher",
     "quarterly", "council", 0, ("60", "5"), ("56", "63"), None,
     "Early help episodes closed in the quarter with the family's needs met, as a percentage "
     "of all closed.", "Early help module"),
    ("WF1", "Workforce", "Sickness absence", "days", "lower", "quarterly", "council", 2,
     ("10", "2"), ("17.17", "11.5"), None,
     "Working days lost to sickness per full-time equivalent in children's services, rolling "
     "12 months.", "HR Self-Serve"),
    ("WF2", "Workforce", "Staff receiving an appraisal", "percentage", "higher", "annual",
     "council", 0, ("95", "5"), ("94", "97"), None,
     "Children's social care staff who received an appraisal in the year.", "HR Self-Serve"),
    ("AL1", "Child protection", "Allegations against professionals", "count", "neither",
     "quarterly", "council", 0, ("35", "10"), ("35", "33"), None,
     "Allegations against people who work with children referred to the Local Authority "
     "Designated Officer in the quarter.", "LADO records"),
)


def _walk(rng, first, settle, n, wobble, settle_after=None):
    """A figure that moves from `first` to around `settle` (by default over a third of the
    span), wobbling."""
    settle_after = settle_after or max(1, n / 3)
    values = []
    for k in range(n):
        share = min(1.0, k / settle_after)
        level = first + (settle - first) * share
        values.append(max(0.0, level + rng.uniform(-wobble, wobble)))
    return values


def load(*, board, agencies, submitters, validator, manager, today=None):
    """Builds the dataset on `board`. `submitters` maps an agency key to the person who enters
    its figures; `validator` (the council's performance officer) validates them all."""
    today = today or timezone.localdate()
    rng = random.Random(2017)  # noqa: S311 (demo figures, not secrets)
    themes = {}
    indicators = {}
    for position, row in enumerate(INDICATORS):
        (code, theme, name, unit, polarity, frequency, owner, decimals, (target, tolerance),
         (first, settle), breakdowns, definition, source) = row
        if theme not in themes:
            themes[theme] = Theme.objects.create(board=board, name=theme, position=len(themes))
        dimension, labels = breakdowns or (None, ())
        indicator = services.indicator_create(
            board=board, theme=themes[theme], code=code, name=name, definition=definition,
            source=source, unit=unit, polarity=polarity, frequency=frequency,
            owning_agency=agencies[owner], decimal_places=decimals, position=position,
            breakdowns=[(dimension, label) for label in labels])
        indicators[code] = indicator
        for year in range(2016, periods.financial_year(today) + 1):
            services.target_set(indicator=indicator, year=year, target=Decimal(target),
                                tolerance=Decimal(tolerance))
        span = [START]
        last = periods.recent(frequency, today, 1)[0]
        while span[-1] < last:
            span.append(periods.step(span[-1], frequency))
        wobble = float(tolerance) * 0.9 if unit != "count" else 6
        # Repeat contacts fell from 19.1% at inspection to 5.1% in March 2017.
        figures = _walk(rng, float(first), float(settle), len(span), wobble,
                        settle_after=11 if code == "CP1" else None)
        if code == "CP1":
            figures[span.index(date(2017, 3, 1))] = 5.1
        rows = []
        breakdown_rows = list(indicator.breakdowns.all())
        for n, (period, figure) in enumerate(zip(span, figures, strict=True)):
            status = ValueStatus.PUBLISHED
            if period == last:
                status = (ValueStatus.SUBMITTED if code in ("DA1", "LAC2")
                          else ValueStatus.VALIDATED if code == "CP2" else ValueStatus.PUBLISHED)
            by = submitters[owner]
            submitted_at = datetime.combine(periods.end(period, frequency) + timedelta(days=9),
                                            time(10), LONDON)
            stamp = {"submitted_by": by, "submitted_at": submitted_at,
                     "via": "upload" if n % 3 else "browser"}
            if status != ValueStatus.SUBMITTED:
                stamp.update(validated_by=validator,
                             validated_at=submitted_at + timedelta(days=3))
            if status == ValueStatus.PUBLISHED:
                stamp.update(published_by=manager, published_at=submitted_at + timedelta(days=5))
            total = Decimal(f"{figure:.{decimals}f}") if unit != "count" else Decimal(
                round(figure))
            rows.append(IndicatorValue(indicator=indicator, period=period, value=total,
                                       status=status, **stamp))
            for k, breakdown in enumerate(breakdown_rows):
                spread = 1 + (k - len(breakdown_rows) / 2) * 0.12
                rows.append(IndicatorValue(
                    indicator=indicator, period=period, breakdown=breakdown, status=status,
                    value=Decimal(f"{figure * spread:.{decimals}f}"), **stamp))
        IndicatorValue.objects.bulk_create(rows)
    _correction(indicators["CP1"], submitters["council"], validator, manager)
    _benchmarks(indicators["CP2"], manager, today)
    _benchmarks(indicators["CP1"], manager, today)
    _commentary(indicators, submitters, agencies)
    _audits(board, indicators, manager)
    return indicators


def _correction(indicator, submitter, validator, manager):
    """March 2017 was first published as 5.3%; a late recording corrected it to 5.1%."""
    march = IndicatorValue.objects.get(indicator=indicator, period=date(2017, 3, 1),
                                       breakdown__isnull=True)
    published_at = march.published_at
    IndicatorValue.objects.filter(pk=march.pk).update(status=ValueStatus.SUPERSEDED,
                                                      value=Decimal("5.3"),
                                                      superseded_at=published_at
                                                      + timedelta(days=30))
    IndicatorValue.objects.create(
        indicator=indicator, period=march.period, value=Decimal("5.1"),
        status=ValueStatus.PUBLISHED, submitted_by=submitter,
        submitted_at=published_at + timedelta(days=25), validated_by=validator,
        validated_at=published_at + timedelta(days=27), published_by=manager,
        published_at=published_at + timedelta(days=30), corrects=march,
        correction_reason="Contacts taken by the out-of-hours service in March were recorded "
                          "late and had been counted twice.")


def _benchmarks(indicator, manager, today):
    england = {"CP1": 4.8, "CP2": 43.7}[indicator.code]
    neighbours = {"CP1": 5.9, "CP2": 59.5}[indicator.code]
    period = START
    while period < today:
        if period.month in (4, 7, 10, 1):
            for kind, base in ((BenchmarkKind.ENGLAND, england),
                               (BenchmarkKind.STATISTICAL_NEIGHBOURS, neighbours)):
                Benchmark.objects.create(
                    indicator=indicator, period=period, kind=kind, entered_by=manager,
                    value=Decimal(f"{base + (period.year - 2016) * 0.1:.1f}"),
                    note="From the DfE's Children in Need census; local definitions of a "
                         "contact differ." if indicator.code == "CP1" else "")
        period = periods.add_months(period, 1)


COMMENTARY = {
    "CP1": ("Repeat contacts rose again in the period, mostly from schools in Birkenhead.",
            "A change of duty manager at the front door; some contacts were not linked to "
            "earlier ones.",
            "Weekly audit of repeat contacts; the front door's linking guidance is being "
            "re-issued and schools are reminded of the early help route."),
    "DA1": ("Most notifications were shared within 24 hours, but weekends are slower.",
            "Weekend notifications wait for the Monday triage.",
            "A weekend triage rota starts next month; the PVP unit will report weekly."),
    "LAC2": ("Fewer initial health assessments were on time this month.",
             "Notifications from social care reach the health team late, after placement.",
             "A shared tracker between social care and the health team; escalation after "
             "10 working days."),
    "WF1": ("Sickness absence is falling but is still above target.",
            "Long-term sickness accounts for three quarters of the days lost; mental health is "
            "the largest cause.",
            "HR support for managers on long-term cases; a focus on short-term absence in the "
            "teams."),
}


def _commentary(indicators, submitters, agencies):
    owner_of = {agency.pk: key for key, agency in agencies.items()}
    for code, (data_says, why, actions_taken) in COMMENTARY.items():
        indicator = indicators[code]
        latest = (IndicatorValue.objects.filter(indicator=indicator, breakdown__isnull=True,
                                                status=ValueStatus.PUBLISHED)
                  .order_by("-period").first())
        if latest is None:
            continue
        Commentary.objects.create(
            indicator=indicator, period=latest.period, data_says=data_says, why=why,
            actions_taken=actions_taken,
            written_by=submitters[owner_of[indicator.owning_agency_id]])


def _audits(board, indicators, manager):
    dip = Audit.objects.create(
        board=board, title="Dip sample of assessments at the front door",
        kind=AuditKind.DIP_SAMPLE, completed_on=date(2017, 4, 20),
        findings="26 assessments sampled: 19 appropriate, 4 unclear, 1 disagreed. Repeat "
                 "contacts were mostly linked correctly.", created_by=manager)
    indicators["CP1"].audits.add(dip)
    neglect = Audit.objects.create(
        board=board, title="Multi-agency case audit: neglect", kind=AuditKind.CASE_AUDIT,
        completed_on=date(2017, 2, 15),
        findings="Eight cases audited by police, health, education and social care. Chronologies "
                 "were inconsistent; the voice of the child was clear in five of eight.",
        created_by=manager)
    indicators["CP2"].audits.add(neglect)
