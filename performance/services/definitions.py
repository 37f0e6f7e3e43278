"""Defining a board's dataset and what is said about it: themes, indicators and their
breakdowns, targets, benchmarks, the owning agency's commentary, and the actions linked to an
indicator. Each change is written to the indicator's history (a theme to its own) in the same
transaction.
"""

from collections import Counter
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from boards import history
from safeguard.lib.versioning import StaleEdit

from .. import periods
from ..models import Benchmark, Breakdown, Commentary, Indicator, Target, Theme


@transaction.atomic
def theme_for(*, board, name, by=None) -> Theme:
    """The board's theme of this name, added (and written to its history) if it is new."""
    theme, made = Theme.objects.get_or_create(board=board, name=name.strip())
    if made:
        history.record(theme, by=by, event="Added", board=board,
                       changes=history.created(theme, ["name"]))
    return theme


def indicator_create(*, board, breakdowns=(), by=None, **fields) -> Indicator:
    """A new indicator of the board's dataset, with its breakdowns as [(dimension, label)]."""
    with transaction.atomic():
        indicator = Indicator(board=board, **fields)
        indicator.full_clean()
        indicator.save()
        labels = Counter(label for _dimension, label in breakdowns)
        repeated = [label for label, n in labels.items() if n > 1]
        if repeated:
            raise ValidationError({"breakdowns": f"“{repeated[0]}” is given twice"})
        Breakdown.objects.bulk_create(
            Breakdown(indicator=indicator, dimension=dimension, label=label, position=n)
            for n, (dimension, label) in enumerate(breakdowns))
        changes = history.created(indicator, fields)
        if breakdowns:
            changes["breakdowns"] = [None, [f"{dimension}: {label}"
                                            for dimension, label in breakdowns]]
        history.record(indicator, by=by, event="Added", board=board, changes=changes)
    return indicator


@transaction.atomic
def target_set(*, indicator, year, target, tolerance=Decimal(0), replace=True,
               by=None) -> Target:
    """Sets a year's target. With `replace` False (the form's default) a target already set
    for the year, perhaps by someone else since the form was opened, is not silently
    overwritten: the refusal says what it is."""
    if tolerance is None or tolerance < 0:
        raise ValidationError({"tolerance": "The tolerance is 0 or more"})
    current = Target.objects.select_for_update().filter(indicator=indicator, year=year).first()
    if (current is not None and not replace
            and (current.target, current.tolerance) != (target, tolerance)):
        raise ValidationError({"replace": (
            f"{periods.year_label(year)} already has a target of "
            f"{indicator.format(current.target)} (tolerance {indicator.format(current.tolerance)})"
            f". Tick “Replace the target already set” to replace it")})
    row, _ = Target.objects.update_or_create(
        indicator=indicator, year=year, defaults={"target": target, "tolerance": tolerance})
    label = periods.year_label(year)
    changes = history.changed(
        {f"Target {label}": _figure(indicator, current, "target"),
         f"Tolerance {label}": _figure(indicator, current, "tolerance")},
        {f"Target {label}": _figure(indicator, row, "target"),
         f"Tolerance {label}": _figure(indicator, row, "tolerance")})
    history.record(indicator, by=by, event="Target set", changes=changes, board=indicator.board_id)
    return row


def _figure(indicator, row, field):
    """A target's or benchmark's figure as the history keeps it: as the indicator shows it."""
    value = getattr(row, field, None) if row is not None else None
    return None if value is None else indicator.format(value)


@transaction.atomic
def benchmark_set(*, indicator, period, kind, value, by, note=None) -> Benchmark:
    """Sets a benchmark figure; a note of None keeps the one already there."""
    if not periods.is_start(period, indicator.frequency):
        raise ValidationError({"period": f"The period must be "
                                         f"{periods.start_error(indicator.frequency)}"})
    defaults = {"value": value, "entered_by": by, "entered_at": timezone.now()}
    if note is not None:
        defaults["note"] = note
    current = Benchmark.objects.filter(indicator=indicator, period=period, kind=kind).first()
    row, _ = Benchmark.objects.update_or_create(indicator=indicator, period=period, kind=kind,
                                                defaults=defaults)
    name = f"{row.get_kind_display()} {indicator.period_label(period)}"
    changes = history.changed(
        {name: _figure(indicator, current, "value"),
         f"{name} note": current.note if current is not None else None},
        {name: _figure(indicator, row, "value"), f"{name} note": row.note})
    history.record(indicator, by=by, event="Benchmark set", changes=changes,
                   board=indicator.board_id)
    return row


@transaction.atomic
def commentary_save(*, indicator, period, by, version, data_says, why,
                    actions_taken) -> Commentary:
    """Creates or updates a period's commentary; `version` is what the form showed (0 for a
    new one). Someone else's save in between raises StaleEdit with the newer text."""
    fields = {"data_says": data_says.strip(), "why": why.strip(),
              "actions_taken": actions_taken.strip()}
    current = (Commentary.objects.select_for_update().select_related("written_by")
               .filter(indicator=indicator, period=period).first())
    if (current.version if current else 0) != version:
        raise StaleEdit(current)
    if not periods.is_start(period, indicator.frequency):
        raise ValidationError({"period": "Choose one of the indicator's periods"})
    row = current or Commentary(indicator=indicator, period=period, version=0)
    before = history.snapshot(row, fields)
    for name, value in fields.items():
        setattr(row, name, value)
    row.written_by = by
    row.written_at = timezone.now()
    row.version += 1
    row.full_clean()
    row.save()
    history.record(indicator, by=by, board=indicator.board_id,
                   event=f"Commentary for {indicator.period_label(period)} saved",
                   changes=history.diff(before, row))
    return row


@transaction.atomic
def indicator_action_link(*, indicator, action, by) -> None:
    """An action raised about an indicator, linked to it."""
    indicator.actions.add(action)
    history.record(indicator, by=by, event="Action linked", board=indicator.board_id,
                   changes={"actions": [None, history.plain(action)]})
