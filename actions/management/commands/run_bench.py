"""`manage.py run_bench`: times the busiest pages against the `seed_scale` data set.

Each page is fetched with django.test.Client as the person who would use it (force_login),
straight from this command — no test runner, no test database. Two warm-up requests, then RUNS
timed ones: the server time (time.perf_counter round the request, in process, no network) and
the number of SQL queries (CaptureQueriesContext). A page whose URL name does not exist yet, or
which does not answer 200, is listed as NOT AVAILABLE with the reason.

The reminder run (actions.tasks.send_action_reminders) is timed once, with email to memory,
inside a transaction that is rolled back, so the data set stays as seeded and every bench run
measures the same first run.

Prints a table and writes it, with the machine and the data set sizes, to docs/benchmarks.md.
"""

import json
import os
import platform
import statistics
import time
from dataclasses import dataclass

import django
from django.conf import settings
from django.core import mail
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from actions.models import OPEN_STATUSES, Action, ActionStatus, ProgressUpdate, Reminder
from boards.models import Agency, AgendaItem, Board, Meeting, Membership, Person, ReportingLine
from performance import bench as indicator_bench

from .seed_scale import (
    ADMIN_EMAIL,
    LARGE_BOARD_NAME,
    MANAGER_EMAIL,
    PARTNER_EMAIL,
    TIMINGS_PATH,
)

WARMUP = 2
RUNS = 30
TRACKER_DEEP_PAGE = 200  # 50 rows a page: rows 9,951–10,000
ADMIN_DEEP_PAGE = 199  # the admin's `p` is 1-based in Django 5 (100 rows a page)
LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"
LOCMEM_EMAIL = "django.core.mail.backends.locmem.EmailBackend"
DOC_PATH = settings.BASE_DIR / "docs" / "benchmarks.md"
NOT_AVAILABLE = "NOT AVAILABLE"


@dataclass
class Page:
    label: str
    url_name: str
    args: tuple = ()
    query: str = ""
    email: str = MANAGER_EMAIL


@dataclass
class Result:
    label: str
    url: str = ""
    p50: float = 0.0
    p95: float = 0.0
    sql_p50: float = 0.0
    queries: str = ""
    note: str = ""


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

        results = [self.measure(page) for page in self.pages(board)]
        self.print_table(results)
        reminders = ["skipped (--skip-reminders)"] if skip_reminders else self.time_reminders()
        imports = self.time_indicator_import(board)
        if not no_write:
            DOC_PATH.write_text(markdown(machine, sizes, seed_timings(), results, reminders,
                                         runs, imports))
            self.stdout.write(f"Written to {DOC_PATH}")

    # --- What is measured --------------------------------------------------------------------

    def pages(self, board):
        action = (Action.objects.filter(board=board, status=ActionStatus.IN_PROGRESS)
                  .exclude(latest_update=None).order_by("pk").first())
        police = Person.objects.select_related("agency").get(email=PARTNER_EMAIL).agency
        admin_filter = f"board__id__exact={board.pk}"
        return [
            Page("Board tracker, page 1", "actions:board_tracker", (board.pk,)),
            Page(f"Board tracker, page {TRACKER_DEEP_PAGE}", "actions:board_tracker",
                 (board.pk,), f"page={TRACKER_DEEP_PAGE}"),
            Page("Board tracker, in progress and overdue", "actions:board_tracker",
                 (board.pk,), "status=in_progress&overdue=true"),
            Page(f"My agency's actions ({police.name})", "actions:mine", email=PARTNER_EMAIL),
            Page(f"Action page (#{action.pk if action else '?'})", "actions:detail",
                 (action.pk,) if action else ()),
            Page("Admin: the board's actions, page 1", "admin:actions_action_changelist",
                 query=admin_filter, email=ADMIN_EMAIL),
            Page(f"Admin: the board's actions, page {ADMIN_DEEP_PAGE}",
                 "admin:actions_action_changelist",
                 query=f"{admin_filter}&p={ADMIN_DEEP_PAGE}", email=ADMIN_EMAIL),
            Page("Admin: all actions, page 1", "admin:actions_action_changelist",
                 email=ADMIN_EMAIL),
            Page("Challenge log, page 1", "challenges:log", (board.pk,)),
            Page("Challenge log, responses overdue", "challenges:log", (board.pk,),
                 "overdue=true"),
            Page("Chair's review of challenges", "challenges:chair_review", (board.pk,)),
            *self.source_pages(board),
            *(Page(label, name, args) for label, name, args in indicator_bench.pages(board)),
        ]

    def source_pages(self, board):
        from challenges.models import RecommendationSource

        source = RecommendationSource.objects.filter(board=board).order_by("pk").first()
        if source is None:
            return []
        return [Page("Recommendations of a source, rolled up", "challenges:source_detail",
                     (source.pk,))]

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


def percentile(values, pct):
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


def machine_info():
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        pg_version = cursor.fetchone()[0].split(" on ")[0]
        cursor.execute("SHOW shared_buffers")
        shared_buffers = cursor.fetchone()[0]
    return {
        "CPU cores (nproc)": len(os.sched_getaffinity(0)),
        "CPU": cpu_model(),
        "RAM": f"{mem_total_gb():.1f} GB",
        "PostgreSQL": f"{pg_version} (local, shared_buffers {shared_buffers})",
        "Python / Django": f"{platform.python_version()} / {django.get_version()}",
        "DEBUG": settings.DEBUG,
        "Load average when the bench started (1, 5, 15 min)": ", ".join(
            f"{load:.2f}" for load in os.getloadavg()),
    }


def cpu_model():
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def mem_total_gb():
    try:
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return 0.0


def data_set_sizes(board):
    today = timezone.localdate()
    police = Person.objects.get(email=PARTNER_EMAIL).agency
    sizes = {
        "agencies": Agency.objects.count(),
        "people": Person.objects.count(),
        "boards": Board.objects.count(),
        "reporting lines": ReportingLine.objects.count(),
        "memberships": Membership.objects.count(),
        "meetings": Meeting.objects.count(),
        "agenda items": AgendaItem.objects.count(),
        "actions": Action.objects.count(),
        "progress updates": ProgressUpdate.objects.count(),
        "open actions": Action.objects.filter(status__in=OPEN_STATUSES).count(),
        "overdue actions": Action.objects.overdue(today).count(),
        "actions with evidence of impact": Action.objects.exclude(impact_evidence="").count(),
        f"large board (id {board.pk}) actions": Action.objects.filter(board=board).count(),
        f"{police.name} (police) actions": Action.objects.filter(lead_agency=police).count(),
        **challenge_sizes(board),
        **indicator_sizes(board),
    }
    by_status = Action.objects.values("status").annotate(n=Count("pk")).order_by("status")
    sizes["actions by status"] = ", ".join(f"{row['status']} {row['n']:,}" for row in by_status)
    return {k: f"{v:,}" if isinstance(v, int) else v for k, v in sizes.items()}


def challenge_sizes(board):
    from challenges.models import Challenge, Recommendation

    return {
        "challenges": Challenge.objects.count(),
        f"large board (id {board.pk}) challenges": Challenge.objects.filter(board=board).count(),
        "open challenges": Challenge.objects.open().count(),
        "recommendations": Recommendation.objects.count(),
    }


def indicator_sizes(board):
    from performance.models import Indicator, IndicatorValue

    return {
        "indicators": Indicator.objects.count(),
        "indicator values": IndicatorValue.objects.count(),
        f"large board (id {board.pk}) indicator values": IndicatorValue.objects.filter(
            indicator__board=board).count(),
    }


def seed_timings():
    """What seed_scale recorded of its last run on this machine, if anything."""
    try:
        return json.loads(TIMINGS_PATH.read_text())
    except (OSError, ValueError):
        return None


def markdown(machine, sizes, seeding, results, reminders, runs, imports=()):
    lines = [
        "# Benchmarks",
        "",
        "National scale on PostgreSQL: 150 safeguarding partnerships, ten years of meetings,",
        "a million actions, 100,000 challenges, and 40 indicators per partnership with ten",
        "years of monthly figures and 8 breakdowns each (about 6.5 million values).",
        "Written by `manage.py run_bench`; do not edit by hand.",
        "",
        "## How to reproduce",
        "",
        "```",
        "make bench",
        "```",
        "",
        "This creates the database `safeguard_bench` if it is missing, migrates it, builds the",
        "data set once (`manage.py seed_scale`; a second run says \"already seeded\") and",
        "measures the pages (`manage.py run_bench`), with DEBUG off. To start again from",
        "nothing: `psql -h 127.0.0.1 -U postgres -c \"DROP DATABASE safeguard_bench\"`.",
        "",
        f"Each page: {WARMUP} warm-up requests, then {runs} timed ones through",
        "`django.test.Client`, signed in as the person who would use it (the large board's",
        "business manager; a police partner for \"my agency's actions\"; a superuser for the",
        "admin). Times are server time in process (middleware, view, template, SQL; no",
        "network, no static files); the database connection stays open between requests.",
        "`queries` is the number of SQL queries per request; `SQL ms` their total time.",
        "",
        f"Measured {timezone.localtime():%d %B %Y %H:%M %Z}.",
        "",
        "## Machine",
        "",
        *(f"- {key}: {value}" for key, value in machine.items()),
        "",
        "## Data set",
        "",
        "| what | rows |",
        "|---|---:|",
        *(f"| {key} | {value} |" for key, value in sizes.items()),
        "",
    ]
    if seeding:
        lines += [
            f"Built by `manage.py seed_scale` on {seeding['seeded_at']}:",
            "",
            *(f"- {step}: {seconds:.0f} s" for step, seconds in seeding["seconds"].items()),
            "",
        ]
    lines += [
        "## Pages",
        "",
        "| page | p50 ms | p95 ms | queries | SQL ms (p50) |",
        "|---|---:|---:|---:|---:|",
    ]
    for r in results:
        if r.note:
            lines.append(f"| {r.label} | {r.note} | | | |")
        else:
            lines.append(f"| {r.label} (`{r.url}`) | {r.p50:.0f} | {r.p95:.0f} | {r.queries} "
                         f"| {r.sql_p50:.0f} |")
    lines += [
        "",
        "## Reminder run",
        "",
        "`actions.tasks.send_action_reminders()` over the whole data set, called directly,",
        "email to memory: a first run (empty ledger) and a second the same day (the ledger",
        "full, so the daily cost), both rolled back afterwards.",
        "",
        *(f"- {line}" for line in reminders),
        "",
        "## Indicator upload and reminders",
        "",
        "A CSV of 10,000 corrections to the large board's published figures, read, checked",
        "and loaded by `performance.imports` as the upload page does it (the worst case:",
        "every row locked, compared and written anew), inside a transaction rolled back.",
        "",
        *(f"- {line}" for line in imports),
        "",
    ]
    return "\n".join(lines)
