"""Loading a board's indicator figures from a spreadsheet (CSV or XLSX).

An agency (or the business manager) uploads one file of figures for one board. Every row is
read and checked first; a file with any problem is refused as a whole, with the problems row by
row, and nothing is saved. A good file goes to `services.values_submit` in one call, so the
figures start their way through validation exactly as if typed into the entry grid: submitted,
signed by the person uploading, marked as uploaded.

The format
----------
One row per figure under a header row. Header names are matched without regard to case or
spacing; other columns are ignored; the header may sit below a title row or two (the first row
with an "Indicator" cell is the header).

======================  =====================================================================
Indicator               The indicator's code on this board, e.g. CP3 (capitals do not
                        matter).
Period                  The month the period starts: 2017-03 or 2017-03-01, "March 2017",
                        "Mar-17", 01/03/2017, or an Excel date cell. Monthly indicators take
                        any month; quarterly ones a financial quarter's first month (April,
                        July, October, January: 2017-01 is Q4 2016-17); annual ones April
                        (2016-04 is 2016-17).
Breakdown               Optional. Blank for the total; otherwise one of the indicator's
                        breakdown labels, e.g. "Under 1" (capitals do not matter).
Value                   The figure: 5.1, 1,116 (commas between thousands), -3. For a
                        percentage, "5.1%" or an Excel percentage cell (5.1%, not 0.051) too.
                        A point, never a comma, before the decimals; up to 4 decimal places.
Statistical neighbours  Optional, on total rows: the statistical neighbours' average for the
                        period, saved as the indicator's benchmark.
England                 Optional, on total rows: the England average, likewise.
======================  =====================================================================

Rows that are entirely blank are skipped. Row numbers in messages are the spreadsheet's own
(the header is usually row 1). Up to 20,000 rows and 5 MB.

What is refused, row by row: an indicator code the board does not have; a breakdown the
indicator does not have; a period that is not a date, not the start of one of the indicator's
periods, or not yet begun; a value that is not a number (or is out of range for its unit); the
same indicator, period and breakdown twice (both rows are named); an indicator the person may not
submit figures for (those of their own agency, or all of them for the business manager);
benchmarks on a breakdown row, or from someone who may not enter benchmarks (the board's
performance officers and business manager); and a change to a published figure when no reason
for corrections is given. A figure equal to the one waiting or published is left alone.

Speed: the board's indicators and breakdowns are read once, `values_submit` reads the live
figures in one query and writes in batches, so the number of queries does not grow with the
rows. Benchmarks are saved one by one through `services.benchmark_set`, but only the new and
changed ones.
"""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from safeguard.lib.imports import (
    Column,
    ImportRejected,
    Problem,
    SpreadsheetFormat,
    in_row_order,
)

from . import services
from .models import Benchmark, BenchmarkKind, Indicator, SubmittedVia, Unit
from .readings import Catalogue, _decimal, parse_number, parse_period

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 50
MAX_CELLS = 250_000  # 20,000 rows of a dozen columns: openpyxl reads them in about 4 s
HEADER_SEARCH_ROWS = 10
REASON_COLUMN = "Reason for corrections"

COLUMNS = {
    "indicator": Column("Indicator", True, "The indicator’s code on this board, e.g. CP3."),
    "period": Column("Period", True,
               "The month the period starts: 2017-03, 2017-03-01, “March 2017” or an Excel "
               "date. Quarterly indicators take a financial quarter’s first month (April, "
               "July, October, January: 2017-01 is Q4 2016-17); annual ones April (2016-04 is "
               "2016-17)."),
    "breakdown": Column("Breakdown", False,
                  "Blank for the total; otherwise one of the indicator’s breakdowns, e.g. "
                  "“Under 1”."),
    "value": Column("Value", True,
              "The figure: 5.1, 1,116 or, for a percentage, 5.1%. A point before the "
              "decimals, at most 4 decimal places."),
    "neighbours": Column("Statistical neighbours", False,
                   "On total rows: the statistical neighbours’ average for the period, saved "
                   "as a benchmark (performance officers and the business manager only)."),
    "england": Column("England", False, "On total rows: the England average, likewise."),
}
HEADER_ALIASES = {
    "indicatorcode": "indicator", "code": "indicator",
    "month": "period", "periodstart": "period",
    "figure": "value",
    "statisticalneighbour": "neighbours", "statisticalneighboursaverage": "neighbours",
    "statneighbours": "neighbours",
    "englandaverage": "england",
}
BENCHMARK_COLUMNS = {"neighbours": BenchmarkKind.STATISTICAL_NEIGHBOURS,
                     "england": BenchmarkKind.ENGLAND}
EXAMPLE = [
    ["Indicator", "Period", "Breakdown", "Value", "Statistical neighbours", "England"],
    ["CP3", "2017-03", "", "5.1%", "4.8", "5.3"],
    ["CP3", "2017-03", "Under 1", "7.2%", "", ""],
    ["CP3", "2017-03", "1 to 4", "4.9%", "", ""],
    ["EH1", "2017-01", "", "1,116", "", ""],
    ["WF2", "2016-04", "", "17.5", "", ""],
]

class RowRef(int):
    """A row number as `values_submit` names it in a message ("… twice (also row 5)")."""

    def __str__(self):
        return f"row {int(self)}"


class ItemRef(int):
    """An API item's index, likewise ("… twice (also item 0)")."""

    def __str__(self):
        return f"item {int(self)}"


@dataclass
class Loaded:
    submitted: services.Submitted
    benchmarks: int = 0

    @property
    def words(self) -> str:
        text = self.submitted.words
        if self.benchmarks:
            text += (f"; {self.benchmarks:,} benchmark{'s' if self.benchmarks != 1 else ''} "
                     f"saved")
        return text


# Reading the file ----------------------------------------------------------------------------

def _xlsx_value(cell):
    """A cell's value; a number shown as a percentage comes back as text: 0.051 → "5.1%"."""
    value = cell.value
    if (isinstance(value, (int, float)) and not isinstance(value, bool)
            and "%" in (cell.number_format or "")):
        return f"{_decimal(value) * 100:f}%"
    return value


class FiguresFormat(SpreadsheetFormat):
    columns = COLUMNS
    header_column = "indicator"
    aliases = HEADER_ALIASES
    # The module's limits, read when used (so that a test may lower one).
    max_bytes = property(lambda self: MAX_BYTES)
    max_rows = property(lambda self: MAX_ROWS)
    max_columns = property(lambda self: MAX_COLUMNS)
    max_cells = property(lambda self: MAX_CELLS)
    header_search_rows = property(lambda self: HEADER_SEARCH_ROWS)

    def header_text(self, value) -> str:
        return re.sub(r"[\s_]+", "", self.cell_text(value).lower()).rstrip(":*")

    def cell_text(self, value, key=None) -> str:
        """As the skeleton's, but a number as the spreadsheet shows it (never 1e-05)."""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return f"{_decimal(value):f}"
        return super().cell_text(value, key)

    def xlsx_value(self, cell):
        return _xlsx_value(cell)


FORMAT = FiguresFormat()
COLUMN_HELP = FORMAT.column_help
check_file = FORMAT.check_file  # the upload form's first look at the file


def read(upload) -> list[dict]:
    """The file's rows as text keyed by column, each with its spreadsheet row number:
    [{"row": 2, "indicator": "CP3", "period": "2017-03", "breakdown": "", "value": "5.1"}, …].
    Raises ImportRejected when the file cannot be read or lacks a required column."""
    return FORMAT.read(upload)


# Checking and saving -------------------------------------------------------------------------

@dataclass
class BenchmarkRow:
    row: int
    indicator: Indicator
    period: date
    kind: str
    value: Decimal


def load(board, rows, *, by, correction_reason="", today=None) -> Loaded:
    """Check every row, then submit the figures (and save the benchmarks) in one transaction.
    Raises ImportRejected, having saved nothing, with every problem found."""
    catalogue = Catalogue([board.pk])
    entries, benchmarks, problems = [], [], []
    may_benchmark = {}
    today = today or timezone.localdate()
    for r in rows:
        row = r["row"]
        indicator, entry = _entry(board, catalogue, r, problems)
        if entry is not None:
            entries.append(entry)
        for key, kind in BENCHMARK_COLUMNS.items():
            if not r.get(key):
                continue
            column = COLUMNS[key][0]
            try:
                value = parse_number(r[key], percentage_ok=indicator is None
                                     or indicator.unit == Unit.PERCENTAGE)
            except ValueError as error:
                problems.append(Problem(row, column, str(error)))
                continue
            if entry is None:
                continue
            if entry.breakdown is not None:
                problems.append(Problem(row, column, f"Benchmarks are for the total: leave "
                                                     f"{column} blank on breakdown rows"))
                continue
            if indicator.pk not in may_benchmark:
                may_benchmark[indicator.pk] = by.has_perm("performance.enter_benchmarks",
                                                          indicator)
            if not may_benchmark[indicator.pk]:
                problems.append(Problem(row, column, f"Only the board’s performance officers "
                                                     f"and business manager enter benchmarks: "
                                                     f"leave {column} blank"))
                continue
            message = services.check_entry(
                services.Entry(indicator=indicator, period=entry.period, breakdown=None,
                               value=value), today)
            if message:
                problems.append(Problem(row, column, message))
                continue
            benchmarks.append(BenchmarkRow(row, indicator, entry.period, kind, value))

    def save_benchmarks():
        return _save_benchmarks(benchmarks, by)

    submitted, saved, service_problems = submit(
        by=by, entries=entries, problems_so_far=bool(problems), via=SubmittedVia.UPLOAD,
        correction_reason=correction_reason, today=today, then=save_benchmarks)
    for problem in service_problems:
        if problem.ref == "correction_reason":
            problems.append(Problem(None, REASON_COLUMN, problem.message))
        elif isinstance(problem.ref, int):
            problems.append(Problem(int(problem.ref), _column_of(problem.message),
                                    problem.message))
        else:
            problems.append(Problem(None, "", problem.message))
    if problems:
        raise ImportRejected(in_row_order(  # each message once per row: a period wrong for the
            problems, columns=[c.name for c in COLUMNS.values()], once=True))  # figure and
            # its benchmark is one problem
    return Loaded(submitted, saved)


def _entry(board, catalogue, r, problems):
    """(the row's indicator, its figure as an Entry); the Entry is None, and the problems are
    added, when the row cannot be read."""
    row = r["row"]
    before = len(problems)
    code = r.get("indicator", "")
    indicator = catalogue.indicator(board.pk, code) if code else None
    if not code:
        problems.append(Problem(row, "Indicator", "Enter the indicator’s code, e.g. CP3"))
    elif indicator is None:
        problems.append(Problem(row, "Indicator", f"“{code}” is not an indicator of {board}: "
                                                  f"check the code"))
    period = None
    if not r.get("period"):
        problems.append(Problem(row, "Period", "Enter the period, e.g. 2017-03"))
    else:
        period = parse_period(r["period"])
        if period is None:
            problems.append(Problem(row, "Period", f"“{r['period']}” is not a period: write "
                                                   f"the month it starts, like 2017-03"))
    breakdown = None
    if indicator is not None:
        try:
            breakdown = catalogue.breakdown(indicator, r.get("breakdown", ""))
        except ValueError as error:
            problems.append(Problem(row, "Breakdown", str(error)))
    value = None
    if not r.get("value"):
        problems.append(Problem(row, "Value", "Enter the figure, or delete the row"))
    else:
        try:
            value = parse_number(r["value"], percentage_ok=indicator is None
                                 or indicator.unit == Unit.PERCENTAGE)
        except ValueError as error:
            problems.append(Problem(row, "Value", str(error)))
    if len(problems) > before:
        return indicator, None
    return indicator, services.Entry(indicator=indicator, period=period, breakdown=breakdown,
                                     value=value, ref=RowRef(row))


def submit(*, by, entries, problems_so_far, via, correction_reason, today=None, then=None):
    """`values_submit` for the entries, and `then()` in the same transaction.

    When other problems were already found (entries that could not even be read), the batch is
    still given to `values_submit`, so that every problem is reported at once, and then rolled
    back: nothing is saved. Returns (Submitted or None, then()'s result, [services.Problem])."""
    try:
        with transaction.atomic():
            submitted = services.values_submit(by=by, entries=entries, via=via,
                                               correction_reason=correction_reason,
                                               today=today)
            if problems_so_far:
                raise _RollBack()
            extra = then() if then else None
    except _RollBack:
        return None, None, []
    except services.SubmissionRejected as rejected:
        return None, None, rejected.problems
    except IntegrityError:  # someone submitted the same figure between the check and the write
        return None, None, [services.Problem(
            None, "Someone submitted some of these figures while the file was being loaded: "
                  "nothing was saved. Upload the file again.")]
    return submitted, extra, []


class _RollBack(Exception):
    pass


def _save_benchmarks(benchmarks, by) -> int:
    """The new and changed benchmarks, through services.benchmark_set; a note is kept."""
    if not benchmarks:
        return 0
    existing = {(b.indicator_id, b.period, b.kind): b for b in Benchmark.objects.filter(
        indicator__in={b.indicator.pk for b in benchmarks},
        period__in={b.period for b in benchmarks})}
    saved = 0
    for b in benchmarks:
        current = existing.get((b.indicator.pk, b.period, b.kind))
        if current is not None and current.value == b.value:
            continue
        services.benchmark_set(indicator=b.indicator, period=b.period, kind=b.kind,
                               value=b.value, by=by, note=current.note if current else "")
        saved += 1
    return saved


def _column_of(message) -> str:
    """Which column a message of values_submit is about (it knows entries, not columns)."""
    lowered = message.lower()
    if "may not submit" in lowered:
        return "Indicator"
    if "twice" in lowered:
        return ""
    if "breakdown" in lowered:
        return "Breakdown"
    if "period" in lowered or "not started" in lowered:
        return "Period"
    if "number" in lowered or "percentage" in lowered or "published" in lowered:
        return "Value"
    return ""


def example_csv() -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(EXAMPLE)
    return out.getvalue()
