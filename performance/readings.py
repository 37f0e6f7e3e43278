"""Reading what people type or a spreadsheet holds: a period ("March 2017", "Mar-17",
01/03/2017, an Excel serial), a figure ("1,116", "5.1%"), and which of a board's indicators and
breakdowns a code and a label name. Shared by the figures import, the entry grid and the API,
with messages fit for whoever typed it."""

import calendar
import re
from datetime import date
from decimal import Decimal, InvalidOperation

from safeguard.lib.imports import and_list

from . import periods
from .models import Breakdown, Indicator

MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_name) if n}
MONTHS.update({name.lower(): n for n, name in enumerate(calendar.month_abbr) if n})
MONTHS["sept"] = 9
MONTH_YEAR = re.compile(r"^([a-z]+)\.?[\s/-]*('?\d{2}|\d{4})$")
UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
NUMBER = re.compile(r"^[+-]?(\d+|\d{1,3}(,\d{3})+)?(\.\d+)?$")
EXCEL_2000, EXCEL_2100 = 36526, 73415  # Excel's serial numbers of 1 Jan 2000, 31 Dec 2100


def _decimal(number) -> Decimal:
    """A spreadsheet's number as the spreadsheet shows it: to 15 significant digits, so a
    float's noise (0.15299999999999997 for 15.3%) does not count as decimal places."""
    if isinstance(number, int):
        return Decimal(number)
    return Decimal(format(number, ".15g"))


def parse_period(text) -> date | None:
    """2017-03, 2017-03-01, "March 2017", "Mar-17", 01/03/2017 or an Excel serial number of a
    first of the month → 1 March 2017; anything else → None. Whether it is the start of one of
    an indicator's periods is for services.check_entry to say."""
    text = " ".join(str(text).split()).lower()
    if re.fullmatch(r"\d{4}/\d{1,2}(/01)?", text):
        text = text.replace("/", "-")
    found = periods.parse(text)
    if found:
        return found
    year = month = None
    if match := MONTH_YEAR.match(text):
        month = MONTHS.get(match[1])
        year = int(match[2].lstrip("'"))
        year += 2000 if year < 100 else 0
    elif match := UK_DATE.match(text):
        if int(match[1]) != 1:
            return None
        month, year = int(match[2]), int(match[3])
    elif re.fullmatch(r"\d{5}", text) and EXCEL_2000 <= int(text) <= EXCEL_2100:
        from openpyxl.utils.datetime import from_excel

        day = from_excel(int(text)).date()  # a date cell that lost its format
        return day if day.day == 1 else None
    if month is None or year is None:
        return None
    return periods.parse(f"{year}-{month}")


def parse_number(text, *, percentage_ok) -> Decimal:
    """5.1, "1,116", -3, "5.1%" (when percentage_ok) → Decimal. Raises ValueError with a
    message fit for the person who typed it. A comma must separate thousands: "5,1" is refused
    rather than read as 51."""
    raw = str(text).strip()
    cleaned = "".join(raw.split()).replace("−", "-")
    percent = cleaned.endswith("%")
    if percent:
        cleaned = cleaned[:-1]
    if not cleaned or cleaned in "+-." or not NUMBER.match(cleaned):
        if re.fullmatch(r"[+-]?\d+,\d{1,2}", cleaned):
            raise ValueError(f"“{raw}” is not a number: use a point before the decimals, "
                             f"like 5.1")
        raise ValueError(f"“{raw}” is not a number: write it like 5.1 or 1,116")
    if percent and not percentage_ok:
        raise ValueError(f"“{raw}” is a percentage, but this indicator is not: leave out "
                         f"the %")
    try:
        return Decimal(cleaned.replace(",", ""))
    except InvalidOperation as error:  # the pattern should not let one through
        raise ValueError(f"“{raw}” is not a number") from error


class Catalogue:
    """The indicators and breakdowns of some boards, read in two queries, found by code and
    label without regard to case."""

    def __init__(self, board_ids):
        indicators = list(Indicator.objects.filter(board_id__in=board_ids)
                          .select_related("board", "owning_agency"))
        self._codes = {}
        for indicator in indicators:
            self._codes.setdefault((indicator.board_id, indicator.code.lower()),
                                   []).append(indicator)
        self._breakdowns = {}
        for breakdown in Breakdown.objects.filter(indicator__in=indicators).order_by(
                "indicator_id", "dimension", "position", "label"):
            self._breakdowns.setdefault(breakdown.indicator_id, []).append(breakdown)

    def indicator(self, board_id, code) -> Indicator | None:
        found = self._codes.get((board_id, code.strip().lower()), [])
        if len(found) > 1:  # codes differing only in case: the exact one
            found = [i for i in found if i.code == code.strip()]
        return found[0] if len(found) == 1 else None

    def breakdown(self, indicator, label) -> Breakdown | None:
        """The indicator's breakdown with that label; raises ValueError if it has none."""
        label = " ".join(label.split())
        if not label:
            return None
        own = self._breakdowns.get(indicator.pk, [])
        for breakdown in own:
            if " ".join(breakdown.label.split()).lower() == label.lower():
                return breakdown
        if not own:
            raise ValueError(f"{indicator.code} has no breakdowns: leave Breakdown blank for "
                             f"the total")
        labels = [f"“{b.label}”" for b in own]
        shown = (", ".join(labels[:12]) + " …" if len(labels) > 12
                 else and_list(labels, "or"))
        raise ValueError(f"“{label}” is not a breakdown of {indicator.code}: use {shown}, or "
                         f"leave it blank for the total")
