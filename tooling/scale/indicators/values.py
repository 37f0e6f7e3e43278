"""Every main board's indicator values, ten years of a total and 8 breakdowns a month, with
the quarterly benchmarks and the commentary on months off target: PostgreSQL COPY in chunks,
written by threads while the next chunk is generated."""

import random
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from datetime import time as dtime

from django.core.management.base import CommandError
from django.db import connection, transaction

from performance import periods
from performance.models import (
    Benchmark,
    BenchmarkKind,
    Commentary,
    Frequency,
    IndicatorValue,
    ValueStatus,
)
from tooling.scale.copying import copy_lines, reserve_ids

from .definitions import (
    ACTIONS_TAKEN,
    BENCHMARK_NOTES,
    BREAKDOWN_NOISE,
    CHUNK_ROWS,
    COMMENTARY_MONTHS,
    CORRECTION_REASONS,
    DEFINITIONS,
    HI,
    LO,
    NE,
    PHI,
    SEASON,
    SEED,
    STEP,
    WHY,
    C,
    D,
    P,
    R,
)


class ValueSeeding:
    """Mixed into the `seed_scale_indicators` command, which holds the random generator
    (self.rng), the moment (self.now), the months seeded (self.months) and the row counts
    (self.counts)."""

    def create_values(self, boards, series, count, writers):
        self.next_id = first = reserve_ids(IndicatorValue, count)
        self.england = self.england_averages()
        self.month_ends = [datetime.combine(periods.end(m, Frequency.MONTHLY), dtime(9),
                                            tzinfo=UTC) for m in self.months]
        self.counts.update(values=0, corrections=0, pipeline=0, benchmarks=0, commentary=0)
        batch = Batch(writers)
        for board, board_series in zip(boards, series, strict=True):
            for s in board_series:
                self.indicator_rows(board, s, batch)
            if batch.rows >= CHUNK_ROWS:
                batch.flush()
                self.stdout.write(f" {self.next_id - first:,}", ending="")
                self.stdout.flush()
        batch.flush()
        batch.close()
        if self.next_id - first != count:
            raise CommandError(f"Reserved {count} value ids but used {self.next_id - first}.")
        spent = ", ".join(f"{k} {v:.0f} s" for k, v in batch.seconds.items())
        self.stdout.write(f" (summed over the writers: {spent})", ending="")

    def england_averages(self):
        """England's figure per indicator and month: the same for every board (for counts,
        per average partnership), from its own random numbers."""
        rng = random.Random(SEED + 1)  # noqa: S311 – test data, not secrets
        averages = {}
        for spec in DEFINITIONS:
            level, figures = spec.target, []
            for _ in self.months:
                level += rng.gauss(0, spec.tolerance * 0.05)
                figures.append(level)
            averages[spec.code] = figures
        return averages

    def indicator_rows(self, board, s, batch):
        """One board's indicator: every month's total and breakdowns, its benchmarks each
        quarter and its commentary in the last year when off target."""
        rng, spec, gauss = self.rng, s.spec, self.rng.gauss
        fmt = f".{spec.decimals}f"
        ceiling = 100.0 if spec.unit == P else float("inf")
        sign = -1 if spec.polarity == LO else 1
        is_count = spec.unit == C
        last = len(self.months) - 1
        ind = s.indicator_id
        z = gauss(0, STEP / (1 - PHI * PHI) ** 0.5)
        totals = []
        values = batch.values
        for m, period in enumerate(self.months):
            z = PHI * z + gauss(0, STEP)
            target, tolerance = s.targets[periods.financial_year(period)]
            x = s.bias + s.trend * (1 - m / max(last, 1)) + z
            value = target + sign * x * tolerance
            if is_count:
                value *= SEASON.get(period.month, 1.0)
            value = min(max(value, 0.0), ceiling)
            total = format(value, fmt)
            totals.append(float(total))
            status = s.pipeline if m == last else ValueStatus.PUBLISHED
            meta = self.month_meta(board, s, m, status)
            if m in s.corrected:
                wrong = format(min(max(value * rng.choice((0.85, 0.9, 1.1, 1.2)), 0.0), ceiling),
                               fmt)
                values.append(self.correction_rows(board, s, m, period, wrong, total, meta))
            else:
                values.append(f"{self.next_id}\t{ind}\t{period}\t\\N\t{total}\t{meta}")
                self.next_id += 1
            for breakdown_id, figure in self.breakdown_values(s, value, fmt, ceiling):
                values.append(f"{self.next_id}\t{ind}\t{period}\t{breakdown_id}\t{figure}\t{meta}")
                self.next_id += 1
            if period.month in (1, 4, 7, 10):
                self.benchmarks(board, s, m, period, target, tolerance, batch)
        batch.rows += len(self.months) * (1 + len(s.breakdowns)) + len(s.corrected)
        self.counts["values"] += len(self.months) * (1 + len(s.breakdowns)) + len(s.corrected)
        self.counts["corrections"] += len(s.corrected)
        self.counts["pipeline"] += (1 + len(s.breakdowns)) if s.pipeline else 0
        self.commentary(board, s, totals, batch)

    def breakdown_values(self, s, total, fmt, ceiling):
        gauss = self.rng.gauss
        if s.spec.unit != C:
            for breakdown_id, _, factor in s.breakdowns:
                figure = min(max(total * factor * (1 + gauss(0, BREAKDOWN_NOISE)), 0.0), ceiling)
                yield breakdown_id, format(figure, fmt)
            return
        # Counts: each group (age bands, localities) shares out the total.
        whole = round(total)
        for members in s.groups:
            left = whole
            for n, (breakdown_id, share) in enumerate(members):
                if n == len(members) - 1:
                    figure = max(left, 0)
                else:
                    figure = min(max(round(whole * share * (1 + gauss(0, BREAKDOWN_NOISE))), 0),
                                 max(left, 0))
                    left -= figure
                yield breakdown_id, figure

    def month_meta(self, board, s, m, status, later=timedelta(0)):
        """The columns after the value: who submitted, validated and published it, when.
        Data is due ten days after the month ends, validated and published within days."""
        rng = self.rng
        submitter = rng.choice(s.submitters)
        submitted = self.month_ends[m] + later + timedelta(
            days=rng.randint(5, 12), minutes=rng.randint(0, 480))
        validated = submitted + timedelta(days=rng.randint(1, 4), minutes=rng.randint(0, 240))
        published = validated + timedelta(days=rng.randint(1, 4), minutes=rng.randint(0, 240))
        if published > self.now:  # the last month, early in this one: squeeze into the past
            published = self.now - timedelta(hours=1)
            validated = min(validated, published - timedelta(hours=20))
            submitted = min(submitted, validated - timedelta(hours=20))
        if status == ValueStatus.SUBMITTED:
            return (f"submitted\t{s.via}\t{submitter}\t{submitted.isoformat()}"
                    "\t\\N\t\\N\t\\N\t\\N\t\t\\N\t\t\\N")
        if status == ValueStatus.VALIDATED:
            return (f"validated\t{s.via}\t{submitter}\t{submitted.isoformat()}"
                    f"\t{board.manager_id}\t{validated.isoformat()}\t\\N\t\\N\t\t\\N\t\t\\N")
        return (f"published\t{s.via}\t{submitter}\t{submitted.isoformat()}"
                f"\t{board.manager_id}\t{validated.isoformat()}"
                f"\t{board.chair_id}\t{published.isoformat()}\t\t\\N\t\t\\N")

    def correction_rows(self, board, s, m, period, wrong, right, meta):
        """The figure first published (now superseded) and the correction that names it."""
        original_id, correction_id = self.next_id, self.next_id + 1
        self.next_id += 2
        published_at = datetime.fromisoformat(meta.split("\t")[7])
        fix = self.month_meta(board, s, m, ValueStatus.PUBLISHED,
                              later=timedelta(days=self.rng.randint(25, 60))).split("\t")
        fix_published = fix[7]
        if datetime.fromisoformat(fix_published) <= published_at:
            fix_published = (published_at + timedelta(days=1)).isoformat()
            fix[7] = fix_published
        reason = self.rng.choice(CORRECTION_REASONS)
        old = meta.split("\t")
        old[0], old[-1] = ValueStatus.SUPERSEDED, fix_published
        fix[-3], fix[-2] = str(original_id), reason
        ind = s.indicator_id
        return (f"{original_id}\t{ind}\t{period}\t\\N\t{wrong}\t" + "\t".join(old) + "\n"
                f"{correction_id}\t{ind}\t{period}\t\\N\t{right}\t" + "\t".join(fix))

    def benchmarks(self, board, s, m, period, target, tolerance, batch):
        spec = s.spec
        england = self.england[spec.code][m] * (s.scale if spec.unit == C else 1)
        neighbours = target + self.rng.gauss(0, 0.6) * tolerance
        ceiling = 100.0 if spec.unit == P else float("inf")
        entered = min(self.month_ends[m] + timedelta(days=self.rng.randint(60, 120)),
                      self.now).isoformat()
        for kind, figure in ((BenchmarkKind.STATISTICAL_NEIGHBOURS, neighbours),
                             (BenchmarkKind.ENGLAND, england)):
            figure = format(min(max(figure, 0.0), ceiling), f".{spec.decimals}f")
            batch.benchmarks.append(f"{s.indicator_id}\t{period}\t{kind}\t{figure}"
                                    f"\t{BENCHMARK_NOTES[kind]}\t{board.manager_id}\t{entered}")
        self.counts["benchmarks"] += 2

    def commentary(self, board, s, totals, batch):
        """The owning agency's account of each of the last year's published months that was
        off target (red or amber), as the exception report asks."""
        spec = s.spec
        last = len(self.months) - 1
        first = max(0, last - COMMENTARY_MONTHS + 1)
        for m in range(first, last + 1):
            if m == last and s.pipeline:
                continue
            period = self.months[m]
            target, tolerance = s.targets[periods.financial_year(period)]
            rating = rate(totals[m], target, tolerance, spec.polarity)
            if rating == "green":
                continue
            label = periods.label(period, Frequency.MONTHLY)
            off = ("beyond the tolerance: red" if rating == "red"
                   else "within the tolerance: amber" if spec.polarity != NE
                   else "outside the expected range: amber")
            says = (f"{label}: {show(totals[m], spec)} against a target of "
                    f"{show(target, spec)}, {off}.")
            if m > 0:
                says += f" {show(totals[m - 1], spec)} the month before"
                says += (f", {show(totals[m - 12], spec)} a year earlier." if m >= 12 else ".")
            written = min(self.month_ends[m] + timedelta(days=self.rng.randint(12, 20)),
                          self.now).isoformat()
            batch.commentary.append(
                f"{s.indicator_id}\t{period}\t{says}\t{self.rng.choice(WHY[spec.theme])}"
                f"\t{self.rng.choice(ACTIONS_TAKEN)}\t{self.rng.choice(s.submitters)}"
                f"\t{written}\t1")
            self.counts["commentary"] += 1



def rate(value, target, tolerance, polarity):
    """rag.rag() on floats."""
    if polarity == HI:
        return "green" if value >= target else "amber" if value >= target - tolerance else "red"
    if polarity == LO:
        return "green" if value <= target else "amber" if value <= target + tolerance else "red"
    return "green" if abs(value - target) <= tolerance else "amber"


def show(value, spec):
    number = f"{value:,.{spec.decimals}f}"
    return {P: f"{number}%", R: f"{number} per 10,000", D: f"{number} days"}.get(spec.unit,
                                                                                   number)


# --- COPY ------------------------------------------------------------------------------------

VALUE_FIELDS = (
    "id", "indicator_id", "period", "breakdown_id", "value", "status", "via", "submitted_by_id",
    "submitted_at", "validated_by_id", "validated_at", "published_by_id", "published_at",
    "returned_reason", "corrects_id", "correction_reason", "superseded_at",
)
BENCHMARK_FIELDS = ("indicator_id", "period", "kind", "value", "note", "entered_by_id",
                    "entered_at")
COMMENTARY_FIELDS = ("indicator_id", "period", "data_says", "why", "actions_taken",
                     "written_by_id", "written_at", "version")


class Batch:
    """Lines of COPY text waiting to be written. flush() hands them to one of the writer
    threads, each with its own connection, and returns at once, so the next chunk is generated
    while PostgreSQL takes the last; each chunk is one transaction. With no writers, flush()
    writes on the caller's connection (the tests' transaction)."""

    def __init__(self, writers):
        self.values, self.benchmarks, self.commentary = [], [], []
        self.rows = 0
        self.writers = ThreadPoolExecutor(max_workers=writers) if writers else None
        self.limit = writers
        self.pending = []
        self.seconds = {"COPY": 0.0, "commit (deferred foreign key checks)": 0.0}

    def flush(self):
        lines = (self.values, self.benchmarks, self.commentary)
        self.values, self.benchmarks, self.commentary = [], [], []
        self.rows = 0
        if not self.writers:
            self.write(*lines, own_connection=False)
            return
        while len(self.pending) >= self.limit:
            self.pending.pop(0).result()  # raises here what went wrong in a writer
        self.pending.append(self.writers.submit(self.write, *lines))

    def close(self):
        for future in self.pending:
            future.result()
        if self.writers:
            self.writers.shutdown()

    def write(self, values, benchmarks, commentary, own_connection=True):
        started = time.perf_counter()
        try:
            with transaction.atomic():
                copy_lines(IndicatorValue, VALUE_FIELDS, values)
                copy_lines(Benchmark, BENCHMARK_FIELDS, benchmarks)
                copy_lines(Commentary, COMMENTARY_FIELDS, commentary)
                copied = time.perf_counter()
        finally:
            if own_connection:
                connection.close()  # this thread's connection; the next chunk opens another
        self.seconds["COPY"] += copied - started
        self.seconds["commit (deferred foreign key checks)"] += time.perf_counter() - copied


