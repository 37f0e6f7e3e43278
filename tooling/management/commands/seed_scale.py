"""`manage.py seed_scale`: a national-scale data set on PostgreSQL, for `make bench`.

150 safeguarding partnerships (a main board and five sub-groups each), ten years of meetings,
5,000 people, a million actions with their progress logs, and one deliberately large board
(LARGE_BOARD_NAME) whose tracker has hundreds of pages. `run_bench` then measures the pages.

Fast by construction: the small tables go in with bulk_create; meetings, agenda items, actions
and progress updates go in with PostgreSQL COPY, with their ids reserved from the tables' own
sequences so rows can point at each other (Django's foreign keys are DEFERRABLE INITIALLY
DEFERRED, so an action may name its latest update before that update is copied in, as long as
both land in the same transaction). Nothing is disabled. Random but repeatable (SEED).

Runs once: if the large board exists it says "already seeded" and stops. While it runs the
large board carries SEEDING_SUFFIX; a run that died half way leaves it there, and the next run
asks for the database to be dropped rather than build on half a data set.

The steps are in tooling.scale, a module for each thing seeded; this command runs them in order
and times them.
"""

import json
import random
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from datetime import time as dtime

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from actions.models import Action
from boards.models import Board
from tooling.scale import LARGE_BOARD_NAME, SEEDING_SUFFIX, TIMINGS_PATH
from tooling.scale.actions import ActionSeeding
from tooling.scale.meetings import MeetingSeeding
from tooling.scale.partnerships import PartnershipSeeding
from tooling.scale.shape import ACTIONS, SEED, first_day


class Command(PartnershipSeeding, MeetingSeeding, ActionSeeding, BaseCommand):
    help = "Build the national-scale benchmark data set on PostgreSQL (once)."

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("seed_scale uses PostgreSQL COPY: set DATABASE_URL to PostgreSQL.")
        if Board.objects.filter(name=LARGE_BOARD_NAME).exists():
            self.stdout.write("already seeded")
            self.vacuum_if_never_vacuumed()
            return
        if Board.objects.filter(name=LARGE_BOARD_NAME + SEEDING_SUFFIX).exists():
            raise CommandError(
                "A previous seed_scale stopped half way. Drop the database and run again: "
                'psql -h 127.0.0.1 -U postgres -c "DROP DATABASE safeguard_bench" && make bench'
            )
        self.rng = random.Random(SEED)  # noqa: S311 – test data, not secrets
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.first_moment = datetime.combine(first_day(self.today), dtime(9), tzinfo=UTC)
        self.timings = {}
        started = time.perf_counter()

        with self.step("agencies"):
            partnerships = self.create_agencies()
        with self.step("people"):
            self.create_people(partnerships)
        with self.step("boards and reporting lines"):
            self.create_boards(partnerships)
        with self.step("memberships"):
            plans = self.create_memberships(partnerships)
        with self.step("meetings and agenda items (COPY)"):
            self.create_meetings(plans)
        with self.step("large board's business plan"):
            self.create_large_plan(plans[0])
        self.spread_actions(plans)
        with self.step(f"{ACTIONS:,} actions with progress updates (COPY)"):
            self.create_actions(plans)
        with self.step("VACUUM ANALYZE"):
            with connection.cursor() as cursor:
                cursor.execute("VACUUM (ANALYZE)")
        Board.objects.filter(pk=plans[0].board_id).update(name=LARGE_BOARD_NAME)
        self.timings["total"] = time.perf_counter() - started
        self.save_timings()
        self.stdout.write(self.style.SUCCESS(
            f"Seeded in {self.timings['total']:.0f} s. "
            f"Large board id {plans[0].board_id}: {LARGE_BOARD_NAME}"
        ))

    def vacuum_if_never_vacuumed(self):
        """Data sets built before seeding ended with VACUUM, not only ANALYZE, get the same: the
        visibility map that autovacuum keeps in production (PostgreSQL here may run without
        it), so that the planner may read an index alone. Seconds, and once."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT relallvisible FROM pg_class WHERE oid = %s::regclass",
                           [Action._meta.db_table])
            if cursor.fetchone()[0] == 0:
                self.stdout.write("VACUUM ANALYZE (the data set had never been vacuumed)")
                cursor.execute("VACUUM (ANALYZE)")

    def save_timings(self):
        """For run_bench to put in docs/benchmarks.md beside the page figures."""
        TIMINGS_PATH.parent.mkdir(parents=True, exist_ok=True)
        TIMINGS_PATH.write_text(json.dumps({
            "seeded_at": timezone.localtime().isoformat(timespec="minutes"),
            "seconds": {label: round(seconds, 1) for label, seconds in self.timings.items()},
        }, indent=2))

    @contextmanager
    def step(self, label):
        self.stdout.write(f"{label} …", ending="")
        self.stdout.flush()
        started = time.perf_counter()
        yield
        self.timings[label] = time.perf_counter() - started
        self.stdout.write(f" {self.timings[label]:.1f} s")

