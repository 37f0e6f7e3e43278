"""The judgements the dashboard makes of a figure, in one place.

RAG against the year's target and tolerance, by polarity:
- higher is better: at or above the target green; below it but within the tolerance amber;
  further below red;
- lower is better: the mirror image;
- neither (a range is best): within the tolerance either side of the target green, outside it
  amber (worth a question, but no direction is "worse"); never red.
No target for the year, no RAG.

Direction of travel compares with an earlier figure: up, down or the same, and — where the
polarity says which way is better — improving or worsening.
"""

from dataclasses import dataclass
from decimal import Decimal

from .models import Polarity


class Rating:
    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    NONE = ""

    LABELS = {RED: "Red: off target", AMBER: "Amber: within tolerance of target",
              GREEN: "Green: on target", NONE: "No target"}


def rag(value: Decimal | None, target, polarity: str) -> str:
    if value is None or target is None:
        return Rating.NONE
    goal, tolerance = target.target, target.tolerance
    if polarity == Polarity.HIGHER_IS_BETTER:
        if value >= goal:
            return Rating.GREEN
        return Rating.AMBER if value >= goal - tolerance else Rating.RED
    if polarity == Polarity.LOWER_IS_BETTER:
        if value <= goal:
            return Rating.GREEN
        return Rating.AMBER if value <= goal + tolerance else Rating.RED
    return Rating.GREEN if abs(value - goal) <= tolerance else Rating.AMBER


@dataclass(frozen=True)
class Travel:
    arrow: str  # "up", "down", "same", or "" when there is nothing to compare with
    judgement: str  # "improving", "worsening", "no change", "changed" or ""
    since: str  # "since February 2017"

    @property
    def words(self) -> str:
        if not self.arrow:
            return f"No figure to compare {self.since}"
        moved = {"up": "Up", "down": "Down", "same": "No change"}[self.arrow]
        if self.judgement in ("improving", "worsening"):
            return f"{moved} {self.since}: {self.judgement}"
        return f"{moved} {self.since}"

    @property
    def symbol(self) -> str:
        return {"up": "▲", "down": "▼", "same": "▬"}.get(self.arrow, "")


def travel(current: Decimal | None, earlier: Decimal | None, polarity: str, since: str) -> Travel:
    if current is None or earlier is None:
        return Travel("", "", since)
    if current == earlier:
        return Travel("same", "no change", since)
    arrow = "up" if current > earlier else "down"
    if polarity == Polarity.NEITHER:
        return Travel(arrow, "changed", since)
    better = (arrow == "up") == (polarity == Polarity.HIGHER_IS_BETTER)
    return Travel(arrow, "improving" if better else "worsening", since)
