"""The geometry of server-rendered SVG charts, for any app: round axis steps, where a value or
a slot falls on the plot, tick labels, and a sparkline's points. What the figures mean (whose
trend, which target) is the calling app's; the markup is in its templates.

A chart is a `Chart` of `Series` (a polyline each) with, optionally, horizontal steps (a target
per year, say) and hatched bands; `Plot` places things on it: `slots` evenly spaced positions
along x (one per period) and a `Scale` of round numbers along y.
"""

import math
from dataclasses import dataclass, field


def nice_step(span: float, ticks: int = 4) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about `ticks` intervals."""
    raw = span / ticks if span > 0 else 1.0
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def path_of(points) -> str:
    """Points as an SVG polyline's `points`: "x,y x,y …" to a tenth of a pixel."""
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


@dataclass
class Series:
    name: str
    css: str  # the line's modifier class, e.g. chart-line--value
    points: list  # [(x, y)]
    markers: bool = False

    @property
    def path(self) -> str:
        return path_of(self.points)


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
    target_steps: list = field(default_factory=list)  # [(x1, x2, y)] horizontal steps
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


@dataclass(frozen=True)
class Scale:
    """A y axis from `low` to `top` in round steps."""

    low: float
    top: float
    step: float

    @classmethod
    def fitted(cls, numbers, *, from_zero=False) -> "Scale":
        """The round-stepped range holding every number; from nought when `from_zero` and
        none is below it."""
        low, high = min(numbers), max(numbers)
        if from_zero and low >= 0:
            low = 0.0
        if high == low:
            high = low + 1
        step = nice_step(high - low)
        low = step * int(low // step)
        top = step * (int(high // step) + (0 if high % step == 0 else 1))
        return cls(low, top, step)

    @property
    def decimals(self) -> int:
        return 0 if self.step >= 1 else len(f"{self.step:g}".split(".")[1])

    def ticks(self):
        tick = self.low
        while tick <= self.top + self.step / 1000:
            yield tick
            tick += self.step


class Plot:
    """Where things fall on `chart`'s plot area: `slots` evenly spaced x positions (a lone
    slot in the middle) and `scale` up the y axis."""

    def __init__(self, chart: Chart, slots: int, scale: Scale):
        self.chart, self.slots, self.scale = chart, slots, scale
        self.width = chart.plot_right - chart.left
        self.height = chart.plot_bottom - chart.top

    def x(self, slot) -> float:
        if self.slots == 1:
            return self.chart.left + self.width / 2
        return self.chart.left + slot * self.width / (self.slots - 1)

    def y(self, number) -> float:
        scale = self.scale
        return self.chart.plot_bottom - (float(number) - scale.low) / (
            scale.top - scale.low) * self.height

    @property
    def half_slot(self) -> float:
        """Half the distance between slots: how far a slot's step reaches either side."""
        return self.width / (self.slots - 1) / 2 if self.slots > 1 else self.width / 2

    def span(self, first_slot, last_slot) -> tuple[float, float]:
        """(x1, x2) covering the slots from first to last, half a slot either side, kept
        within the plot."""
        return (max(self.chart.left, self.x(first_slot) - self.half_slot),
                min(self.chart.plot_right, self.x(last_slot) + self.half_slot))

    def band(self, x1, x2, low, high) -> tuple:
        """(x, y, w, h) of the band between the values `low` and `high`, from x1 to x2."""
        return (x1, self.y(high), x2 - x1, self.y(low) - self.y(high))

    def y_ticks(self, suffix="") -> list:
        decimals = self.scale.decimals
        return [(self.y(tick), f"{tick:,.{decimals}f}{suffix}") for tick in self.scale.ticks()]

    def x_ticks(self, labels, *, most=8, gap=40) -> list:
        """[(x, label)] for about `most` of the slots' labels (one per slot), always the last;
        the one before it is dropped if closer than `gap` pixels."""
        every = max(1, round(len(labels) / most))
        ticks = [(self.x(n), label) for n, label in enumerate(labels)
                 if n % every == 0 or n == len(labels) - 1]
        if len(ticks) > 1 and ticks[-1][0] - ticks[-2][0] < gap:
            del ticks[-2]
        return ticks


@dataclass
class Spark:
    points: str
    last: tuple
    label: str
    width: int = 120
    height: int = 32


def spark_points(numbers, *, width=120, height=32, pad=3) -> list:
    """[(x, y)] of a small line through two or more numbers, filling the box but for `pad`."""
    low, high = min(numbers), max(numbers)
    span = (high - low) or 1.0
    step = (width - 2 * pad) / (len(numbers) - 1)
    return [(pad + n * step, height - pad - (v - low) / span * (height - 2 * pad))
            for n, v in enumerate(numbers)]
