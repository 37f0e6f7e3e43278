"""`manage.py seed_scale_indicators`: the core dataset of every partnership in the
national-scale data set of `seed_scale` (run that first), for `make bench`: 40 monthly
indicators a main board with ten years of figures (tooling.scale.indicators says how).

Runs once: if the large board has indicators it says "already seeded" and stops. While it runs,
the large board's themes carry SEEDING_SUFFIX; a run that died half way leaves them so, and the
next run asks for the performance tables to be emptied rather than build on half a data set.
"""

import json
import random
import time
from contextlib import contextmanager

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from boards.models import Board
from performance import periods
from performance.models import (
    Benchmark,
    Breakdown,
    Commentary,
    Indicator,
    IndicatorValue,
    Target,
    Theme,
)
from tooling.scale import LARGE_BOARD_NAME, SEEDING_SUFFIX
from tooling.scale.indicators.boards import DefinitionSeeding
from tooling.scale.indicators.definitions import (
    CORRECTIONS_PER_BOARD,
    SEED,
    TIMINGS_PATH,
    WRITERS,
    YEARS,
)
from tooling.scale.indicators.values import ValueSeeding


class Command(DefinitionSeeding, ValueSeeding, BaseCommand):
    help = "Add the core performance dataset of every partnership to the seed_scale data set."

    def add_arguments(self, parser):
        parser.add_argument("--partnerships", type=int, default=None,
                            help="Only the first N main boards, the large board first "
                                 "(for trying it out).")
        parser.add_argument("--years", type=int, default=YEARS)
        parser.add_argument("--writers", type=int, default=WRITERS,
                            help="Threads writing chunks; 0 writes on this connection (tests).")

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("seed_scale_indicators uses PostgreSQL COPY: "
                               "set DATABASE_URL to PostgreSQL.")
        large = Board.objects.filter(name=LARGE_BOARD_NAME).first()
        if large is None:
            raise CommandError("Run `manage.py seed_scale` first.")
        if Theme.objects.filter(board=large, name__endswith=SEEDING_SUFFIX).exists():
            tables = ", ".join(m._meta.db_table for m in (Theme, Indicator, Breakdown, Target,
                                                           IndicatorValue, Benchmark, Commentary))
            raise CommandError(
                "A previous seed_scale_indicators stopped half way. Empty the performance tables "
                f"and run again: TRUNCATE {tables} CASCADE")
        if Indicator.objects.filter(board=large).exists():
            self.stdout.write("Indicators already seeded")
            return
        self.rng = random.Random(SEED)  # noqa: S311 – test data, not secrets
        self.now = timezone.now()
        last = periods.add_months(timezone.localdate().replace(day=1), -1)
        self.months = [periods.add_months(last, n - options["years"] * 12 + 1)
                       for n in range(options["years"] * 12)]
        self.years = sorted({periods.financial_year(m) for m in self.months})
        self.timings = {}
        self.counts = {}
        started = time.perf_counter()

        boards = self.main_boards(large, options["partnerships"])
        with self.step(f"themes, indicators, breakdowns and targets of {len(boards)} boards"):
            with transaction.atomic():
                series = self.create_definitions(boards, large)
        values = sum(len(s) for s in series) * len(self.months) * (1 + 8)
        values += CORRECTIONS_PER_BOARD * len(boards)
        with self.step(f"{values:,} values, benchmarks and commentary (COPY)"):
            self.create_values(boards, series, values, options["writers"])
        with self.step("ANALYZE"):
            with connection.cursor() as cursor:
                for model in (Theme, Indicator, Breakdown, Target, IndicatorValue, Benchmark,
                              Commentary):
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        for theme in Theme.objects.filter(board=large):
            Theme.objects.filter(pk=theme.pk).update(name=theme.name.removesuffix(SEEDING_SUFFIX))
        self.timings["total"] = time.perf_counter() - started
        self.save_timings()
        ids = list(Indicator.objects.filter(board=large).order_by("pk")
                   .values_list("pk", flat=True))
        self.stdout.write(self.style.SUCCESS(
            f"Seeded in {self.timings['total']:.0f} s: "
            + ", ".join(f"{n:,} {label}" for label, n in self.counts.items())
            + f". Large board {large.pk}: indicators {ids[0]}–{ids[-1]}"))

    def save_timings(self):
        TIMINGS_PATH.parent.mkdir(parents=True, exist_ok=True)
        TIMINGS_PATH.write_text(json.dumps({
            "seeded_at": timezone.localtime().isoformat(timespec="minutes"),
            "seconds": {label: round(seconds, 1) for label, seconds in self.timings.items()},
            "rows": self.counts,
        }, indent=2))

    @contextmanager
    def step(self, label):
        self.stdout.write(f"{label} …", ending="")
        self.stdout.flush()
        started = time.perf_counter()
        yield
        self.timings[label] = time.perf_counter() - started
        self.stdout.write(f" {self.timings[label]:.1f} s")

