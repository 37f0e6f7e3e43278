"""`manage.py run_bench`: times the busiest pages against the `seed_scale` data set.

Each page is fetched with django.test.Client as the person who would use it (force_login),
straight from this command — no test runner, no test database. Two warm-up requests, then RUNS
timed ones: the server time (time.perf_counter round the request, in process, no network) and
the number of SQL queries (CaptureQueriesContext). A page whose URL name does not exist yet, or
which does not answer 200, is listed as NOT AVAILABLE with the reason.

The reminder run (actions.tasks.send_action_reminders) is timed once, with email to memory,
inside a transaction that is rolled back, so the data set stays as seeded and every bench run
measures the same first run.

The pages are listed in tooling.bench.pages, the indicator upload in tooling.bench.indicators.
Prints a table and writes it, with the machine and the data set sizes, to docs/benchmarks.md.
"""

import time

from django.core import mail
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import NoReverseMatch, reverse

from actions.models import Reminder
from boards.models import Board, Person
from tooling.bench import indicators as indicator_bench
from tooling.bench.pages import (
    LOGIN_BACKEND,
    NOT_AVAILABLE,
    RUNS,
    WARMUP,
    Result,
    pages,
    percentile,
)
from tooling.bench.report import DOC_PATH, keep_other_sections, markdown
from tooling.bench.sizes import data_set_sizes, machine_info, seed_timings
from tooling.scale import LARGE_BOARD_NAME, MANAGER_EMAIL

LOCMEM_EMAIL = "django.core.mail.backends.locmem.EmailBackend"


class Command(BaseCommand):
    help = "Time the tracker, action and admin pages on the seed_scale data set."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=RUNS, help="Timed requests per page.")
        parser.add_argument("--skip-reminders", action="store_true",
                            help="Do not time the reminder run.")
        parser.add_argument("--no-write", action="store_true",
                            help=f"Print only; leave {DOC_PATH.name} alone.")

    def handle(self, *args, runs, skip_reminders, no_write, **options):
        board = Board.objects.filter(name=LARGE_BOARD_NAME).first()
        if board is None:
            raise CommandError("No bench data: run `manage.py seed_scale` first (or `make bench`).")
        self.runs = runs
        machine = machine_info()
        sizes = data_set_sizes(board)
        self.print_pairs("Machine", machine)
        self.print_pairs("Data set", sizes)

        results = [self.measure(page) for page in pages(board)]
        self.print_table(results)
        reminders = ["skipped (--skip-reminders)"] if skip_reminders else self.time_reminders()
        imports = self.time_indicator_import(board)
        if not no_write:
            previous = DOC_PATH.read_text() if DOC_PATH.exists() else ""
            DOC_PATH.write_text(keep_other_sections(
                markdown(machine, sizes, seed_timings(), results, reminders, runs, imports),
                previous))
            self.stdout.write(f"Written to {DOC_PATH}")

    def measure(self, page):
        result = Result(page.label)
        try:
            result.url = reverse(page.url_name, args=page.args)
        except NoReverseMatch:
            result.note = f"{NOT_AVAILABLE}: no URL named {page.url_name}"
            return self.report(result)
        if page.query:
            result.url += f"?{page.query}"
        client = Client()
        client.force_login(Person.objects.get(email=page.email), backend=LOGIN_BACKEND)
        try:
            for _ in range(WARMUP):
                response = client.get(result.url)
            if response.status_code != 200:
                where = f" → {response['Location']}" if response.has_header("Location") else ""
                result.note = f"{NOT_AVAILABLE}: status {response.status_code}{where}"
                return self.report(result)
            timings, sql_times, counts = [], [], []
            for _ in range(self.runs):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    client.get(result.url)
                    timings.append((time.perf_counter() - started) * 1000)
                counts.append(len(queries))
                sql_times.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
        except Exception as error:  # noqa: BLE001 – a broken view is a result, not a crash
            result.note = f"{NOT_AVAILABLE}: {type(error).__name__}: {error}"[:200]
            return self.report(result)
        result.p50, result.p95 = percentile(timings, 50), percentile(timings, 95)
        result.sql_p50 = percentile(sql_times, 50)
        low, high = min(counts), max(counts)
        result.queries = str(high) if low == high else f"{low}–{high}"
        return self.report(result)

    def report(self, result):
        if result.note:
            self.stdout.write(f"  {result.label}: {result.note}")
        else:
            self.stdout.write(f"  {result.label}: p50 {result.p50:.0f} ms, "
                              f"p95 {result.p95:.0f} ms, {result.queries} queries")
        return result

    def time_reminders(self):
        """The first run over the data set (an empty ledger: everything due or overdue is
        sent), then a second run the same day (the ledger full: the daily cost), both inside
        one transaction that is rolled back."""
        try:
            from actions.tasks import send_action_reminders
        except ImportError as error:
            return [f"{NOT_AVAILABLE}: actions.tasks.send_action_reminders ({error})"]
        self.stdout.write("Timing the reminder run (rolled back afterwards; minutes) …")
        vacuum_reminders()
        runs = []
        with override_settings(EMAIL_BACKEND=LOCMEM_EMAIL), transaction.atomic():
            try:
                for label in ("first run, empty ledger", "second run, same day"):
                    mail.outbox = []
                    started = time.perf_counter()
                    sent = send_action_reminders()
                    runs.append(f"{label}: {time.perf_counter() - started:.1f} s, "
                                f"{len(mail.outbox):,} emails ({describe(sent)})")
                    self.stdout.write(f"  {runs[-1]}")
            except Exception as error:  # noqa: BLE001
                runs.append(f"{NOT_AVAILABLE}: {type(error).__name__}: {error}"[:200])
            finally:
                transaction.set_rollback(True)
                mail.outbox = []
        return runs

    def time_indicator_import(self, board):
        if not board.indicators.exists():
            return [f"{NOT_AVAILABLE}: no indicators (run `manage.py seed_scale_indicators`)"]
        self.stdout.write("Timing a 10,000-row indicator upload (rolled back afterwards) …")
        try:
            lines = [indicator_bench.time_import(board,
                                                 Person.objects.get(email=MANAGER_EMAIL)),
                     indicator_bench.time_reminders()]
        except Exception as error:  # noqa: BLE001
            lines = [f"{NOT_AVAILABLE}: {type(error).__name__}: {error}"[:300]]
        for line in lines:
            self.stdout.write(f"  {line}")
        return lines

    # --- Output ------------------------------------------------------------------------------

    def print_pairs(self, title, pairs):
        self.stdout.write(f"\n{title}")
        for key, value in pairs.items():
            self.stdout.write(f"  {key}: {value}")

    def print_table(self, results):
        width = max(len(r.label) for r in results)
        self.stdout.write(f"\n{'page':<{width}} | p50 ms | p95 ms | queries | SQL ms (p50)")
        self.stdout.write(f"{'-' * width}-|--------|--------|---------|-------------")
        for r in results:
            if r.note:
                self.stdout.write(f"{r.label:<{width}} | {r.note}")
            else:
                self.stdout.write(f"{r.label:<{width}} | {r.p50:>6.0f} | {r.p95:>6.0f} | "
                                  f"{r.queries:>7} | {r.sql_p50:>8.0f}")


def vacuum_reminders():
    """Each bench's rolled-back reminder runs leave ~190,000 dead rows in the ledger, which
    only VACUUM clears (and autovacuum may be off where the bench runs): without this, every
    bench would time its first run through the leftovers of all the benches before it."""
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM {connection.ops.quote_name(Reminder._meta.db_table)}")


def describe(sent):
    if isinstance(sent, dict):
        return ", ".join(f"{kind} {count:,}" for kind, count in sent.items())
    return repr(sent)


