"""An indicator's charts: its trend with targets and benchmarks, and the dashboard's sparkline.
The geometry is safeguard/lib/charts.py's; the markup is in templates/performance/charts/.

The same chart appears in the browser, in a printed paper and in the annual report PDF. Each
has a text alternative (its <title> and <desc>) and the figures in a table beside it, and reads
without colour: the figures are a solid line with round markers, the target a long-dashed step
line with its tolerance band hatched, the benchmarks dotted and dash-dotted, each named in a key.
"""

from decimal import Decimal

from safeguard.lib.charts import Chart, Plot, Scale, Series, Spark, path_of, spark_points

from . import periods

__all__ = ["Chart", "Spark", "describe", "sparkline", "trend_chart"]


def trend_chart(indicator, values, targets=(), benchmarks=(), *, width=640, height=260):
    """values: [(period, value)] published totals in order; targets: Target rows;
    benchmarks: Benchmark rows. Missing periods leave a gap in the x axis, not in the line."""
    name = indicator.name
    chart = Chart(title=f"{name}: trend", desc="", width=width, height=height)
    if not values:
        chart.empty = True
        chart.desc = "No published figures yet."
        return chart
    frequency = indicator.frequency
    first, last = values[0][0], values[-1][0]
    axis = [first]
    while axis[-1] < last:
        axis.append(periods.step(axis[-1], frequency))
    index = {p: n for n, p in enumerate(axis)}
    years = {periods.financial_year(p) for p in axis}
    targets = [t for t in targets if t.year in years]
    benchmarks = [b for b in benchmarks if b.period in index]

    numbers = [float(v) for _, v in values]
    for t in targets:
        numbers += [float(t.target), float(t.target - t.tolerance), float(t.target + t.tolerance)]
    numbers += [float(b.value) for b in benchmarks]
    from_zero = indicator.unit in ("percentage", "count", "days", "rate_10k", "ratio")
    plot = Plot(chart, len(axis), Scale.fitted(numbers, from_zero=from_zero))

    def x_of(period):
        return plot.x(index[period])

    suffix = "%" if indicator.unit == "percentage" else ""
    chart.unit = {"rate_10k": "per 10,000 children", "days": "days"}.get(indicator.unit, "")
    chart.y_ticks = plot.y_ticks(suffix)
    chart.x_ticks = plot.x_ticks([periods.short_label(p, frequency) for p in axis])

    chart.series.append(Series("Figure", "value", [(x_of(p), plot.y(v)) for p, v in values],
                               markers=True))
    for kind, label, css in (("neighbours", "Statistical neighbours", "neighbours"),
                             ("england", "England", "england")):
        points = [(x_of(b.period), plot.y(b.value)) for b in benchmarks if b.kind == kind]
        if points:
            chart.series.append(Series(label, css, sorted(points)))
    for t in sorted(targets, key=lambda t: t.year):
        in_year = [index[p] for p in axis if periods.financial_year(p) == t.year]
        x1, x2 = plot.span(in_year[0], in_year[-1])
        chart.target_steps.append((x1, x2, plot.y(t.target)))
        if t.tolerance:
            if indicator.polarity == "higher":
                lo, hi = t.target - t.tolerance, t.target
            elif indicator.polarity == "lower":
                lo, hi = t.target, t.target + t.tolerance
            else:
                lo, hi = t.target - t.tolerance, t.target + t.tolerance
            chart.bands.append(plot.band(x1, x2, lo, hi))
    chart.desc = describe(indicator, values, targets)
    return chart


def describe(indicator, values, targets) -> str:
    first_p, first_v = values[0]
    last_p, last_v = values[-1]
    low_p, low_v = min(values, key=lambda pv: pv[1])
    high_p, high_v = max(values, key=lambda pv: pv[1])
    label = indicator.period_label
    words = (f"{len(values)} published figures from {label(first_p)} "
             f"({indicator.format(first_v)}) to {label(last_p)} ({indicator.format(last_v)}). "
             f"Lowest {indicator.format(low_v)} in {label(low_p)}; highest "
             f"{indicator.format(high_v)} in {label(high_p)}.")
    target = next((t for t in targets if t.year == periods.financial_year(last_p)), None)
    if target is not None:
        words += f" Target for {periods.year_label(target.year)}: {indicator.format(target.target)}"
        if target.tolerance:
            words += f", tolerance {indicator.format(target.tolerance)}"
        words += f" ({indicator.get_polarity_display().lower()})."
    return words


def sparkline(indicator, values, *, width=120, height=32) -> Spark | None:
    """A small trend line for the dashboard; its label says what it shows in words."""
    if len(values) < 2:
        return None
    numbers = [float(v) for _, v in values]
    low, high = min(numbers), max(numbers)
    points = spark_points(numbers, width=width, height=height)
    first_p, first_v = values[0]
    last_p, last_v = values[-1]
    label = (f"Trend over {len(values)} periods: {indicator.format(first_v)} in "
             f"{indicator.period_label(first_p)}, {indicator.format(last_v)} in "
             f"{indicator.period_label(last_p)}; lowest {indicator.format(Decimal(str(low)))}, "
             f"highest {indicator.format(Decimal(str(high)))}")
    return Spark(points=path_of(points), last=points[-1],
                 label=label, width=width, height=height)
