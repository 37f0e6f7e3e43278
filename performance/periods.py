"""Reporting periods in the board's terms. A period is stored as the date of its first day.

- monthly: any first of the month, read "March 2017";
- quarterly: financial quarters starting in April, July, October and January, read
  "Q4 2016-17" (January–March 2017);
- annual: financial years starting on 1 April, read "2016-17".
"""

import re
from datetime import date, timedelta

from safeguard.lib.dates import is_sensible_year

MONTHS_IN = {"monthly": 1, "quarterly": 3, "annual": 12}
QUARTER_STARTS = (4, 7, 10, 1)


def add_months(start: date, months: int) -> date:
    index = start.year * 12 + start.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def financial_year(day: date) -> int:
    """The first year of the financial year the day falls in: 2016 for 2016-17."""
    return day.year if day.month >= 4 else day.year - 1


def year_label(year: int) -> str:
    return f"{year}-{(year + 1) % 100:02d}"


def is_start(start: date, frequency: str) -> bool:
    if start.day != 1:
        return False
    if frequency == "quarterly":
        return start.month in QUARTER_STARTS
    if frequency == "annual":
        return start.month == 4
    return True


def start_error(frequency: str) -> str:
    return {
        "monthly": "a month, e.g. 2017-03",
        "quarterly": "a quarter's first month (April, July, October or January), e.g. 2017-01 "
                     "for Q4 2016-17",
        "annual": "a financial year's first month, April, e.g. 2016-04 for 2016-17",
    }[frequency]


def containing(day: date, frequency: str) -> date:
    """The start of the period that contains the day."""
    if frequency == "annual":
        return date(financial_year(day), 4, 1)
    if frequency == "quarterly":
        offset = (day.month - 4) % 3
        return add_months(date(day.year, day.month, 1), -offset)
    return date(day.year, day.month, 1)


def end(start: date, frequency: str) -> date:
    return add_months(start, MONTHS_IN[frequency]) - timedelta(days=1)


def step(start: date, frequency: str, n: int = 1) -> date:
    return add_months(start, n * MONTHS_IN[frequency])


def previous(start: date, frequency: str) -> date:
    return step(start, frequency, -1)


def year_before(start: date) -> date:
    return date(start.year - 1, start.month, 1)


def label(start: date, frequency: str) -> str:
    if frequency == "annual":
        return year_label(financial_year(start))
    if frequency == "quarterly":
        quarter = (start.month - 4) % 12 // 3 + 1
        return f"Q{quarter} {year_label(financial_year(start))}"
    return f"{start:%B %Y}"


def short_label(start: date, frequency: str) -> str:
    """For chart axes: Mar 17, Q4 16-17, 16-17."""
    if frequency == "annual":
        return year_label(financial_year(start))[2:]
    if frequency == "quarterly":
        return label(start, frequency).replace(" 20", " ")
    return f"{start:%b %y}"


def recent(frequency: str, today: date, count: int) -> list[date]:
    """The last `count` whole periods before the one containing today, newest first."""
    current = containing(today, frequency)
    return [step(current, frequency, -n) for n in range(1, count + 1)]


PERIOD = re.compile(r"^\s*(\d{4})-(\d{1,2})(?:-01)?\s*$")


def parse(text: str) -> date | None:
    """"2017-03" or "2017-03-01" → 1 March 2017; anything else → None."""
    match = PERIOD.match(str(text))
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not (is_sensible_year(year) and 1 <= month <= 12):
        return None
    return date(year, month, 1)
