"""The entry grid: one cell per indicator and breakdown for a period, with what is pending,
published or returned in it, and what the person typed. The entry page draws it; `read()`
turns what was posted into the entries the submission service takes."""

from django.utils import timezone

from . import periods, rules, services
from .models import Frequency, IndicatorValue, ValueStatus
from .readings import parse_number

RECENT_PERIODS = 8


def period_options(indicators, today):
    frequencies = [f for f in Frequency.values if any(i.frequency == f for i in indicators)]
    return [(f"{frequency}:{start:%Y-%m}",
             f"{periods.label(start, frequency)} ({Frequency(frequency).label.lower()})")
            for frequency in frequencies
            for start in periods.recent(frequency, today, RECENT_PERIODS)]


def chosen(choice, options):
    values = [value for value, _ in options]
    if choice not in values:
        choice = values[0] if values else None
    if choice is None:
        return None, None, None
    frequency, month = choice.split(":")
    return choice, frequency, periods.parse(month)


class Cell:
    def __init__(self, indicator, breakdown):
        self.indicator = indicator
        self.breakdown = breakdown
        suffix = f"{indicator.pk}_{breakdown.pk if breakdown else 0}"
        self.name = f"v_{suffix}"
        self.seen_name = f"seen_{suffix}"
        self.pending = self.published = self.returned = None
        self.entered = ""
        self.error = ""

    @property
    def seen(self):
        return self.pending.pk if self.pending else 0

    @property
    def initial(self):
        if self.pending:
            return f"{self.pending.value.normalize():f}"
        return ""


def cells_of(indicators, period):
    cells, by_key = [], {}
    for indicator in indicators:
        for breakdown in [None, *indicator.breakdowns.all()]:
            cell = Cell(indicator, breakdown)
            cells.append(cell)
            by_key[indicator.pk, breakdown.pk if breakdown else None] = cell
    rows = (IndicatorValue.objects.filter(indicator__in=indicators, period=period)
            .exclude(status=ValueStatus.SUPERSEDED).select_related("submitted_by")
            .order_by("submitted_at", "pk"))
    for row in rows:
        cell = by_key.get((row.indicator_id, row.breakdown_id))
        if cell is None:
            continue
        row.indicator = cell.indicator  # already read: saves a query per cell
        if row.status == ValueStatus.PUBLISHED:
            cell.published = row
        elif row.status == ValueStatus.RETURNED:
            cell.returned = row
        else:
            cell.pending = row
    for cell in cells:  # a returned figure that was submitted again is history, not news
        if (cell.returned and cell.pending
                and cell.pending.submitted_at > cell.returned.submitted_at):
            cell.returned = None
    return cells


class Grid:
    """The grid of one board's submittable indicators for the period chosen (of those of the
    periods it offers)."""

    def __init__(self, board, person, choice):
        indicators = rules.submittable(person, board)
        self.options = period_options(indicators, timezone.localdate())
        self.choice, self.frequency, self.period = chosen(choice, self.options)
        shown = [i for i in indicators if i.frequency == self.frequency]
        self.cells = cells_of(shown, self.period) if self.period else []
        self.correction_reason = ""

    def read(self, data) -> list:
        """The entries typed in; a cell that cannot be read keeps its error instead."""
        self.correction_reason = data.get("correction_reason", "")
        entries = []
        for cell in self.cells:
            cell.entered = data.get(cell.name, "").strip()
            if not cell.entered:
                continue
            try:
                number = parse_number(cell.entered,
                                      percentage_ok=cell.indicator.unit == "percentage")
            except ValueError as error:
                cell.error = str(error)
                continue
            try:
                seen = int(data.get(cell.seen_name, "0"))
            except ValueError:
                seen = -1
            entries.append(services.Entry(indicator=cell.indicator, period=self.period,
                                          breakdown=cell.breakdown, value=number, seen=seen,
                                          ref=cell.name))
        return entries

    def unreadable(self) -> bool:
        return any(cell.error for cell in self.cells)

    def refused(self, problems) -> list:
        """The service's problems on their cells; the rest for the error summary."""
        by_name = {cell.name: cell for cell in self.cells}
        errors = []
        for problem in problems:
            if problem.ref in by_name:
                by_name[problem.ref].error = problem.message
            else:
                errors.append({"text": problem.message,
                               "href": "#correction_reason" if self.has_published else "#grid"})
        return errors

    def cell_errors(self) -> list:
        return [{"text": f"{c.indicator.code}{f' {c.breakdown}' if c.breakdown else ''}: "
                         f"{c.error}", "href": f"#{c.name}"}
                for c in self.cells if c.error]

    def show_as_stored(self):
        for cell in self.cells:
            cell.entered = cell.initial

    @property
    def has_published(self):
        return any(c.published for c in self.cells)

    def context(self):
        return {"options": self.options, "choice": self.choice, "cells": self.cells,
                "period_label": (periods.label(self.period, self.frequency)
                                 if self.period else ""),
                "correction_reason": self.correction_reason,
                "has_published": self.has_published}
