"""Server-rendered SVG charts: the geometry here, the markup in templates/performance/charts/.

The same chart appears in the browser, in a printed paper and in the annual report PDF. Each
has a text alternative (its <title> and <desc>) and the figures in a table beside it, and reads
without colour: the figures are a solid line with round markers, the target a long-dashed step
line with its tolerance band hatched, the benchmarks dotted and dash-dotted, each named in a key.
"""

import math
from dataclasses import dataclass, field
from decimal import Decimal

from . import periods


def _nice_step(span: float, ticks: int = 4) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about `ticks` intervals."""
    raw = span / ticks if span > 0 else 1.0
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


@dataclass
class Series:
    name: str
    css: str  # chart-line--value, --england, --neighbours
    points: list  # [(x, y)]
    markers: bool = False

    @property
    def path(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in self.points)


@dataclass
class Chart:
    title: str
    desc: str
    width: int = 640
    height: int = 260
    left: int = 56
    right: int = 16
    top: int = 16
    bottom: int = 40
    series: list = field(default_factory=list)
    target_steps: list = field(default_factory=list)  # [(x1, x2, y)] one per financial year
    bands: list = field(default_factory=list)  # [(x, y, w, h)]
    y_ticks: list = field(default_factory=list)  # [(y, label)]
    unit: str = ""  # said once above the axis when the tick labels leave it out
    x_ticks: list = field(default_factory=list)  # [(x, label)]
    empty: bool = False

    @property
    def plot_bottom(self):
        return self.height - self.bottom

    @property
    def plot_right(self):
        return self.width - self.right

    @property
    def target_path(self) -> str:
        return " ".join(f"M{x1:.1f},{y:.1f} H{x2:.1f}" for x1, x2, y in self.target_steps)


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
    low, high = min(numbers), max(numbers)
    if indicator.unit in ("percentage", "count", "days", "rate_10k", "ratio") and low >= 0:
        low = 0.0
    if high == low:
        high = low + 1
    step = _nice_step(high - low)
    low = step * int(low // step)
    top = step * (int(high // step) + (0 if high % step == 0 else 1))
    plot_w = chart.plot_right - chart.left
    plot_h = chart.plot_bottom - chart.top

    def x_of(period):
        if len(axis) == 1:
            return chart.left + plot_w / 2
        return chart.left + index[period] * plot_w / (len(axis) - 1)

    def y_of(number):
        return chart.plot_bottom - (float(number) - low) / (top - low) * plot_h

    decimals = 0 if step >= 1 else len(f"{step:g}".split(".")[1])
    suffix = "%" if indicator.unit == "percentage" else ""
    chart.unit = {"rate_10k": "per 10,000 children", "days": "days"}.get(indicator.unit, "")
    tick = low
    while tick <= top + step / 1000:
        chart.y_ticks.append((y_of(tick), f"{tick:,.{decimals}f}{suffix}"))
        tick += step
    every = max(1, round(len(axis) / 8))
    chart.x_ticks = [(x_of(p), periods.short_label(p, frequency))
                     for n, p in enumerate(axis) if n % every == 0 or p == last]
    if len(chart.x_ticks) > 1 and chart.x_ticks[-1][0] - chart.x_ticks[-2][0] < 40:
        del chart.x_ticks[-2]

    chart.series.append(Series("Figure", "value", [(x_of(p), y_of(v)) for p, v in values],
                               markers=True))
    for kind, label, css in (("neighbours", "Statistical neighbours", "neighbours"),
                             ("england", "England", "england")):
        points = [(x_of(b.period), y_of(b.value)) for b in benchmarks if b.kind == kind]
        if points:
            chart.series.append(Series(label, css, sorted(points)))
    half = plot_w / (len(axis) - 1) / 2 if len(axis) > 1 else plot_w / 2
    for t in sorted(targets, key=lambda t: t.year):
        in_year = [p for p in axis if periods.financial_year(p) == t.year]
        x1 = max(chart.left, x_of(in_year[0]) - half)
        x2 = min(chart.plot_right, x_of(in_year[-1]) + half)
        chart.target_steps.append((x1, x2, y_of(t.target)))
        if t.tolerance:
            if indicator.polarity == "higher":
                lo, hi = t.target - t.tolerance, t.target
            elif indicator.polarity == "lower":
                lo, hi = t.target, t.target + t.tolerance
            else:
                lo, hi = t.target - t.tolerance, t.target + t.tolerance
            chart.bands.append((x1, y_of(hi), x2 - x1, y_of(lo) - y_of(hi)))
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


@dataclass
class Spark:
    points: str
    last: tuple
    label: str
    width: int = 120
    height: int = 32


def sparkline(indicator, values, *, width=120, height=32) -> Spark | None:
    """A small trend line for the dashboard; its label says what it shows in words."""
    if len(values) < 2:
        return None
    numbers = [float(v) for _, v in values]
    low, high = min(numbers), max(numbers)
    span = (high - low) or 1.0
    pad = 3
    step = (width - 2 * pad) / (len(values) - 1)
    points = [(pad + n * step, height - pad - (v - low) / span * (height - 2 * pad))
              for n, v in enumerate(numbers)]
    first_p, first_v = values[0]
    last_p, last_v = values[-1]
    label = (f"Trend over {len(values)} periods: {indicator.format(first_v)} in "
             f"{indicator.period_label(first_p)}, {indicator.format(last_v)} in "
             f"{indicator.period_label(last_p)}; lowest {indicator.format(Decimal(str(low)))}, "
             f"highest {indicator.format(Decimal(str(high)))}")
    return Spark(points=" ".join(f"{x:.1f},{y:.1f}" for x, y in points), last=points[-1],
                 label=label, width=width, height=height)
