"""Reading a board's dataset: the dashboard, the exception report and one indicator's page.

Only published figures are read here, so nothing unvalidated reaches a reader, a printed paper
or a report. Each page is a fixed handful of queries, however many periods and breakdowns.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils import timezone

from . import charts, periods
from .models import (
    Benchmark,
    Commentary,
    Frequency,
    Indicator,
    IndicatorValue,
    Target,
)
from .rag import Rating, Travel, rag, travel

# How far back the dashboard reads, per frequency: enough for the trend line and for the same
# period last year.
TREND_POINTS = {Frequency.MONTHLY: 13, Frequency.QUARTERLY: 9, Frequency.ANNUAL: 6}
LOOK_BACK_MONTHS = {Frequency.MONTHLY: 30, Frequency.QUARTERLY: 48, Frequency.ANNUAL: 96}
RATING_ORDER = {Rating.RED: 0, Rating.AMBER: 1, Rating.NONE: 2, Rating.GREEN: 3}


@dataclass
class Row:
    indicator: Indicator
    period: date | None = None
    value: object = None
    target: Target | None = None
    rating: str = Rating.NONE
    since_previous: Travel | None = None
    since_last_year: Travel | None = None
    spark: object = None
    commentary: Commentary | None = None
    trend: list = field(default_factory=list)
    targets: dict = field(default_factory=dict)  # {financial year: Target}

    def chart(self):
        """The trend line as a full chart, with the targets of its years."""
        return charts.trend_chart(self.indicator, self.trend, self.targets.values(),
                                  width=560, height=200)

    @property
    def display(self):
        return self.indicator.format(self.value)

    @property
    def period_label(self):
        return self.indicator.period_label(self.period) if self.period else ""

    @property
    def target_display(self):
        return self.indicator.format(self.target.target) if self.target else "–"

    @property
    def tolerance_display(self):
        return self.indicator.format(self.target.tolerance) if self.target else ""

    @property
    def rating_label(self):
        return Rating.LABELS[self.rating]

    @property
    def worsening(self):
        return bool(self.since_previous and self.since_previous.judgement == "worsening")

    @property
    def evidence_words(self):
        """The figure as evidence for a challenge or an action: "CP1 Repeat contacts within a
        month: 7.5% in October 2026 against a target of 6.0% (red); up since …"."""
        indicator = self.indicator
        if self.value is None:
            return f"{indicator.code} {indicator.name}"
        words = f"{indicator.code} {indicator.name}: {self.display} in {self.period_label}"
        if self.target:
            words += f" against a target of {indicator.format(self.target.target)}"
        if self.rating:
            words += f" ({self.rating_label.split(':')[0].lower()})"
        if self.since_previous and self.since_previous.arrow:
            travel_words = self.since_previous.words
            words += f"; {travel_words[0].lower()}{travel_words[1:]}"
        return words + "."

    @property
    def is_exception(self):
        """Off target (red or amber) or worsening since the last period."""
        return self.rating in (Rating.RED, Rating.AMBER) or self.worsening

    @property
    def exception_reasons(self):
        reasons = []
        if self.rating in (Rating.RED, Rating.AMBER):
            reasons.append(self.rating_label)
        if self.worsening:
            reasons.append("Worsening")
        return reasons


def _targets_by_indicator(indicator_ids):
    targets = defaultdict(dict)
    for t in Target.objects.filter(indicator_id__in=indicator_ids):
        targets[t.indicator_id][t.year] = t
    return targets


def board_dashboard(board, today=None) -> list[Row]:
    """Every indicator of the board with its latest published figure, exceptions first."""
    today = today or timezone.localdate()
    indicators = list(Indicator.objects.filter(board=board)
                      .select_related("theme", "owning_agency"))
    ids = [i.pk for i in indicators]
    window = Q()
    for frequency, months in LOOK_BACK_MONTHS.items():
        window |= Q(indicator__frequency=frequency,
                    period__gte=periods.add_months(date(today.year, today.month, 1), -months))
    series = defaultdict(list)
    for indicator_id, period, value in (
            IndicatorValue.objects.published().totals().filter(indicator_id__in=ids)
            .filter(window)
            .order_by("indicator_id", "period").values_list("indicator_id", "period", "value")):
        series[indicator_id].append((period, value))
    targets = _targets_by_indicator(ids)
    latest = {i: points[-1][0] for i, points in series.items()}
    commentary = {
        c.indicator_id: c
        for c in Commentary.objects.filter(indicator_id__in=list(latest),
                                           period__in=set(latest.values()))
        if latest.get(c.indicator_id) == c.period
    }
    rows = [summarise(i, series.get(i.pk, []), targets.get(i.pk, {}), commentary.get(i.pk))
            for i in indicators]
    rows.sort(key=lambda r: (not r.is_exception, RATING_ORDER[r.rating] if r.is_exception else 0,
                             r.indicator.theme.position, r.indicator.theme.name,
                             r.indicator.position, r.indicator.code))
    return rows


def summarise(indicator, points, targets_by_year, commentary=None, today=None) -> Row:
    """The dashboard's judgement of one indicator from its published totals (in order). With
    no figures yet, the target shown is this year's."""
    row = Row(indicator=indicator, commentary=commentary, targets=targets_by_year)
    if not points:
        today = today or timezone.localdate()
        row.target = targets_by_year.get(periods.financial_year(today))
        return row
    by_period = dict(points)
    row.period, row.value = points[-1]
    row.target = targets_by_year.get(periods.financial_year(row.period))
    row.rating = rag(row.value, row.target, indicator.polarity)
    previous = periods.previous(row.period, indicator.frequency)
    row.since_previous = travel(row.value, by_period.get(previous), indicator.polarity,
                                f"since {indicator.period_label(previous)}")
    if indicator.frequency == Frequency.ANNUAL:
        row.since_last_year = row.since_previous
    else:
        year_ago = periods.year_before(row.period)
        row.since_last_year = travel(row.value, by_period.get(year_ago), indicator.polarity,
                                     f"since {indicator.period_label(year_ago)}")
    row.trend = points[-TREND_POINTS[indicator.frequency]:]
    row.spark = charts.sparkline(indicator, row.trend)
    return row


def indicator_summary(indicator) -> Row:
    """One indicator's latest published figure and its judgements, from the last 13 periods
    (enough for the same period last year) and its targets: two queries."""
    points = list(IndicatorValue.objects.published().totals().filter(indicator=indicator)
                  .order_by("-period").values_list("period", "value")[:13])
    targets = {t.year: t for t in indicator.targets.all()}
    return summarise(indicator, points[::-1], targets)


def exceptions(rows):
    return [r for r in rows if r.is_exception]


@dataclass
class IndicatorPage:
    indicator: Indicator
    row: Row
    values: list  # [(period, value)] every published total, in order
    chart: charts.Chart
    table: list  # [{period, label, value, target, neighbours, england, rating}] newest first
    breakdown_periods: list
    breakdown_rows: list  # [(breakdown, [display per period])]
    commentary: list
    corrections: list
    benchmark_notes: list


BREAKDOWN_PERIODS = 6


def indicator_page(indicator) -> IndicatorPage:
    values = list(IndicatorValue.objects.published().totals().filter(indicator=indicator)
                  .order_by("period").values_list("period", "value"))
    targets = list(indicator.targets.all())
    by_year = {t.year: t for t in targets}
    benchmarks = list(Benchmark.objects.filter(indicator=indicator))
    bench = defaultdict(dict)
    for b in benchmarks:
        bench[b.period][b.kind] = b
    commentary = list(Commentary.objects.filter(indicator=indicator)
                      .select_related("indicator", "written_by").order_by("-period"))
    row = summarise(indicator, values, by_year,
                    next((c for c in commentary if values and c.period == values[-1][0]), None))
    table = []
    for period, value in reversed(values):
        target = by_year.get(periods.financial_year(period))
        table.append({
            "period": period, "label": indicator.period_label(period),
            "value": indicator.format(value),
            "target": indicator.format(target.target) if target else "–",
            "rating": Rating.LABELS[rag(value, target, indicator.polarity)],
            "neighbours": _fmt(indicator, bench[period].get("neighbours")),
            "england": _fmt(indicator, bench[period].get("england")),
        })
    recent = [p for p, _ in values[-BREAKDOWN_PERIODS:]]
    breakdowns = list(indicator.breakdowns.all())
    cells = {}
    if breakdowns and recent:
        for breakdown_id, period, value in (
                IndicatorValue.objects.published().filter(indicator=indicator,
                                                          breakdown__isnull=False,
                                                          period__in=recent)
                .values_list("breakdown_id", "period", "value")):
            cells[breakdown_id, period] = value
    breakdown_rows = [(b, [indicator.format(cells.get((b.pk, p))) for p in recent])
                      for b in breakdowns]
    corrections = list(
        IndicatorValue.objects.published().filter(indicator=indicator, corrects__isnull=False)
        .select_related("indicator", "corrects__indicator", "breakdown", "published_by")
        .order_by("-published_at"))
    notes = sorted({b.note for b in benchmarks if b.note})
    return IndicatorPage(
        indicator=indicator, row=row, values=values,
        chart=charts.trend_chart(indicator, values, targets, benchmarks),
        table=table, breakdown_periods=[indicator.period_label(p) for p in recent],
        breakdown_rows=breakdown_rows, commentary=commentary, corrections=corrections,
        benchmark_notes=notes,
    )


def _fmt(indicator, benchmark):
    return indicator.format(benchmark.value) if benchmark else "–"
