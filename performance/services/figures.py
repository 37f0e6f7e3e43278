"""Writing a board's indicator figures: one path for the grid, the spreadsheet and the API.

`values_submit` checks a whole batch before writing any of it: a batch with any problem is
refused whole, each problem tied to its entry (a grid cell, a spreadsheet row, an API item).
Nothing is updated in place: a new figure supersedes the row it replaces, so every figure ever
submitted stays with who sent it and when. Validating, sending back and publishing move the
submitted figures on, the whole choice or none of it.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from .. import periods
from ..models import (
    PENDING_STATUSES,
    Breakdown,
    Indicator,
    IndicatorValue,
    SubmittedVia,
    ValueStatus,
)

MAX_VALUE = Decimal("9999999999")  # the column holds 10 digits before the point
MAX_REASON = 2000


@dataclass
class Entry:
    """One figure to submit. `seen` is, for the grid, the id of the pending value the form
    showed (0 for none), so a figure someone else sent meanwhile is not silently replaced."""

    indicator: Indicator
    period: date
    breakdown: Breakdown | None
    value: Decimal
    seen: int | None = None
    ref: object = None  # what problems point at: a grid field name, a row number, an index


@dataclass
class Problem:
    ref: object
    message: str


class SubmissionRejected(Exception):
    def __init__(self, problems):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass
class Submitted:
    created: int = 0
    corrections: int = 0
    unchanged: int = 0
    replaced: int = 0
    values: list = field(default_factory=list)

    @property
    def words(self) -> str:
        parts = [f"{self.created:,} value{'s' if self.created != 1 else ''} submitted for "
                 f"validation"]
        if self.corrections:
            parts.append(f"{self.corrections:,} of them correcting published figures")
        if self.unchanged:
            parts.append(f"{self.unchanged:,} unchanged")
        return "; ".join(parts)


def _key(indicator_id, period, breakdown_id):
    return (indicator_id, period, breakdown_id)


def check_entry(entry: Entry, today: date) -> str | None:
    """What is wrong with one entry on its own, if anything."""
    indicator = entry.indicator
    if not periods.is_start(entry.period, indicator.frequency):
        return (f"{indicator.code} is {indicator.get_frequency_display().lower()}: the period "
                f"must be {periods.start_error(indicator.frequency)}")
    if entry.period > today:
        return f"{indicator.period_label(entry.period)} has not started yet"
    if entry.breakdown is not None and entry.breakdown.indicator_id != indicator.pk:
        return f"“{entry.breakdown}” is not a breakdown of {indicator.code}"
    if not entry.value.is_finite() or abs(entry.value) > MAX_VALUE:
        return "Enter a number smaller than 10,000,000,000"
    if entry.value != entry.value.quantize(Decimal("0.0001")):
        return "Enter a number with no more than 4 decimal places"
    if indicator.unit == "percentage" and not (0 <= entry.value <= 100):
        return "A percentage is between 0 and 100"
    if indicator.unit in ("count", "days", "rate_10k", "ratio") and entry.value < 0:
        return "Enter a number of 0 or more"
    return None


@transaction.atomic
def values_submit(*, by, entries, via=SubmittedVia.BROWSER, correction_reason="",
                  today=None) -> Submitted:
    today = today or timezone.localdate()
    correction_reason = (correction_reason or "").strip()
    problems = []
    if len(correction_reason) > MAX_REASON:
        problems.append(Problem("correction_reason",
                                f"The reason must be {MAX_REASON:,} characters or fewer"))
    allowed = {}
    first_ref = {}
    for entry in entries:
        indicator = entry.indicator
        if indicator.pk not in allowed:
            allowed[indicator.pk] = by.has_perm("performance.submit_values", indicator)
        if not allowed[indicator.pk]:
            problems.append(Problem(entry.ref, f"You may not submit figures for {indicator.code}"
                                               f": it belongs to {indicator.owning_agency}"))
            continue
        message = check_entry(entry, today)
        if message:
            problems.append(Problem(entry.ref, message))
            continue
        key = _key(indicator.pk, entry.period, entry.breakdown.pk if entry.breakdown else None)
        if key in first_ref:
            what = (f"{indicator.code} {indicator.period_label(entry.period)}"
                    f"{_breakdown_words(entry.breakdown)}")
            problems.append(Problem(entry.ref, f"{what} is given twice (also {first_ref[key]})"))
            continue
        first_ref[key] = entry.ref
    if problems:
        raise SubmissionRejected(problems)

    live = _live_values(entries)
    now = timezone.now()
    result = Submitted()
    new_rows, superseded_ids = [], []
    for entry in entries:
        key = _key(entry.indicator.pk, entry.period,
                   entry.breakdown.pk if entry.breakdown else None)
        pending, published = live.get(key, (None, None))
        if entry.seen is not None and (pending.pk if pending else 0) != entry.seen:
            problems.append(Problem(entry.ref, _changed_meanwhile(entry, pending)))
            continue
        if pending is not None and pending.value == entry.value:
            result.unchanged += 1
            continue
        if published is not None and published.value == entry.value:
            if pending is not None:  # back to the published figure: the correction is dropped
                superseded_ids.append(pending.pk)
                result.replaced += 1
            result.unchanged += 1
            continue
        corrects = published
        reason = ""
        if corrects is not None:
            reason = correction_reason or (pending.correction_reason if pending else "")
            if not reason:
                problems.append(Problem(
                    entry.ref, f"{entry.indicator.format(published.value)} is already published "
                               f"for {entry.indicator.period_label(entry.period)}: give a reason "
                               f"for the correction"))
                continue
            result.corrections += 1
        if pending is not None:
            superseded_ids.append(pending.pk)
            result.replaced += 1
        new_rows.append(IndicatorValue(
            indicator=entry.indicator, period=entry.period, breakdown=entry.breakdown,
            value=entry.value, status=ValueStatus.SUBMITTED, via=via, submitted_by=by,
            submitted_at=now, corrects=corrects, correction_reason=reason))
    if problems:
        raise SubmissionRejected(problems)
    try:
        with transaction.atomic():
            if superseded_ids:
                IndicatorValue.objects.filter(pk__in=superseded_ids).update(
                    status=ValueStatus.SUPERSEDED, superseded_at=now)
            result.values = IndicatorValue.objects.bulk_create(new_rows, batch_size=2000)
    except IntegrityError as error:
        # Someone submitted a first figure for the same period at the same moment (there was
        # no row to lock): nothing of this batch is saved, and they are asked to look again.
        raise SubmissionRejected([Problem(None, "Someone else submitted figures for the same "
                                                "period at the same moment: check them and "
                                                "submit again")]) from error
    result.created = len(result.values)
    return result


def _breakdown_words(breakdown):
    return f" ({breakdown})" if breakdown else ""


def _changed_meanwhile(entry, pending):
    if pending is None:
        return "The figure you saw was sent back or withdrawn meanwhile: check and save again"
    when = timezone.localtime(pending.submitted_at)
    return (f"Changed meanwhile: {pending.submitted_by} submitted "
            f"{entry.indicator.format(pending.value)} at {when:%H:%M on %d %B}. "
            f"Your figure is kept below: save again to replace it")


def _live_values(entries):
    """{key: (pending, published)} for the entries' indicators and periods, rows locked."""
    if not entries:
        return {}
    indicator_ids = {e.indicator.pk for e in entries}
    period_list = {e.period for e in entries}
    rows = (IndicatorValue.objects.select_for_update(of=("self",))
            .select_related("submitted_by")
            .filter(indicator_id__in=indicator_ids, period__in=period_list)
            .filter(Q(status__in=PENDING_STATUSES) | Q(status=ValueStatus.PUBLISHED)))
    live = {}
    for row in rows:
        key = _key(row.indicator_id, row.period, row.breakdown_id)
        pending, published = live.get(key, (None, None))
        if row.status == ValueStatus.PUBLISHED:
            published = row
        else:
            pending = row
        live[key] = (pending, published)
    return live


def _pending_of(by, values, perm, status_from):
    """The values still in `status_from` that `by` may act on, locked; the rest explained."""
    ids = [v.pk for v in values]
    rows = list(IndicatorValue.objects.select_for_update(of=("self",))
                .select_related("indicator", "breakdown").filter(pk__in=ids))
    problems, ok = [], []
    for row in rows:
        if row.status != status_from:
            problems.append(Problem(row.pk, f"{row} is no longer "
                                            f"{ValueStatus(status_from).label.split(',')[0].lower()}"))
        elif not by.has_perm(perm, row.indicator):
            problems.append(Problem(row.pk, f"You may not do that to {row.indicator.code}"))
        else:
            ok.append(row)
    return ok, problems


@transaction.atomic
def values_validate(*, by, values) -> int:
    """Validates the submitted values given; refuses the lot if any is the validator's own."""
    rows, problems = _pending_of(by, values, "performance.validate_values",
                                 ValueStatus.SUBMITTED)
    own = [r for r in rows if r.submitted_by_id == by.pk]
    problems += [Problem(r.pk, f"You submitted {r}: someone else must validate it") for r in own]
    if problems:
        raise SubmissionRejected(problems)
    return IndicatorValue.objects.filter(pk__in=[r.pk for r in rows],
                                         status=ValueStatus.SUBMITTED).update(
        status=ValueStatus.VALIDATED, validated_by=by, validated_at=timezone.now())


@transaction.atomic
def values_return(*, by, values, reason) -> int:
    """Sends submitted values back to the agency with a reason; they must submit again."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the figures are sent back"})
    if len(reason) > MAX_REASON:
        raise ValidationError({"reason": f"The reason must be {MAX_REASON:,} characters or fewer"})
    rows, problems = _pending_of(by, values, "performance.validate_values",
                                 ValueStatus.SUBMITTED)
    if problems:
        raise SubmissionRejected(problems)
    return IndicatorValue.objects.filter(pk__in=[r.pk for r in rows]).update(
        status=ValueStatus.RETURNED, returned_reason=reason)


@transaction.atomic
def values_publish(*, by, values) -> int:
    """Publishes validated values. A correction supersedes the figure it corrects, which
    stays in the history."""
    rows, problems = _pending_of(by, values, "performance.publish_values",
                                 ValueStatus.VALIDATED)
    if problems:
        raise SubmissionRejected(problems)
    now = timezone.now()
    corrected = [r.corrects_id for r in rows if r.corrects_id]
    if corrected:
        IndicatorValue.objects.filter(pk__in=corrected, status=ValueStatus.PUBLISHED).update(
            status=ValueStatus.SUPERSEDED, superseded_at=now)
    return IndicatorValue.objects.filter(pk__in=[r.pk for r in rows]).update(
        status=ValueStatus.PUBLISHED, published_by=by, published_at=now)
