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
"""

import io
import json
import random
import time
import uuid
from bisect import bisect
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from itertools import accumulate
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from actions.models import (
    Action,
    ActionPlan,
    ActionSource,
    ActionStatus,
    AreaForDevelopment,
    ProgressUpdate,
    sort_key_for,
)
from boards.models import (
    Agency,
    AgendaItem,
    AgendaItemKind,
    Board,
    BoardKind,
    Meeting,
    MeetingKind,
    Membership,
    MinutesStatus,
    Person,
    ReportingLine,
    Role,
    Sector,
)

# --- The shape of the data set -------------------------------------------------------------

SEED = 20261124
# 30 areas × 5 = 150 partnerships. The police force and the integrated care board (ICB) are
# shared by the five partnerships of an area, as forces and ICBs cover several councils.
AREAS = (
    "Avonford", "Barnsworth", "Castlebridge", "Dunmere", "Eastleigh Vale", "Fenbury",
    "Greyhaven", "Hartwell", "Ironbridge Vale", "Jessop", "Kingsmoor", "Lowestead",
    "Marlbrook", "Northam", "Oakhampton", "Pendlebury", "Queensferry", "Redcliffe",
    "Saltmarsh", "Thornbury", "Upton Wold", "Valemouth", "Westerby", "Yarrowdale",
    "Ashcombe", "Brackenridge", "Coldwater", "Dovedale", "Elmstead", "Foxley",
)
QUALIFIERS = ("", "North ", "South ", "East ", "West ")
SUB_GROUPS = (
    "Performance and Quality Assurance", "Case Review", "Learning and Development",
    "Child Exploitation", "Early Help",
)
LARGE_BOARD_NAME = "Bench: Large Safeguarding Children Partnership"
SEEDING_SUFFIX = " (seeding)"
TIMINGS_PATH = settings.VAR_DIR / "seed_scale_timings.json"  # read by run_bench
PARTNER_EMAIL = "bench.partner@bench.invalid"
MANAGER_EMAIL = "bench.manager@bench.invalid"
ADMIN_EMAIL = "bench.admin@bench.invalid"

YEARS = 10
MEETINGS_PER_YEAR = 6
FUTURE_MONTHS = 6  # the last meetings are still to come
PEOPLE = 5_000
ACTIONS = 1_000_000
LARGE_BOARD_ACTIONS = 25_000
MAIN_BOARD_WEIGHT = 2  # a main board carries twice a sub-group's actions
MAIN_BOARD_MEMBERS = 14
SUB_GROUP_MEMBERS = 8

# Agencies of a partnership and the share of its people working for each.
AGENCY_KINDS = {  # kind: (sector, share of people)
    "council": (Sector.LOCAL_AUTHORITY, 30),
    "police": (Sector.POLICE, 15),
    "icb": (Sector.HEALTH, 10),
    "trust": (Sector.HEALTH, 15),
    "education": (Sector.EDUCATION, 18),
    "voluntary": (Sector.VOLUNTARY, 12),
}
SHARED_AGENCY_KINDS = ("police", "icb")

SOURCE_WEIGHTS = {
    ActionSource.MINUTE_ITEM: 45, ActionSource.BUSINESS_PLAN: 15,
    ActionSource.RECOMMENDATION: 12, ActionSource.AUDIT: 10, ActionSource.CASE_REVIEW: 8,
    ActionSource.CHALLENGE: 5, ActionSource.DIRECT: 5,
}
# Status by how long ago the action fell due: old ones are mostly closed, a few still open
# (overdue); recent ones are mixed; future ones mostly open.
RECENT_DAYS = 120
STATUS_WEIGHTS = {
    "old": {ActionStatus.CLOSED: 86, ActionStatus.COMPLETE: 6, ActionStatus.WITHDRAWN: 4,
            ActionStatus.IN_PROGRESS: 2.5, ActionStatus.NOT_STARTED: 1.5},
    "recent": {ActionStatus.CLOSED: 35, ActionStatus.COMPLETE: 30,
               ActionStatus.IN_PROGRESS: 25, ActionStatus.NOT_STARTED: 5,
               ActionStatus.WITHDRAWN: 5},
    "future": {ActionStatus.NOT_STARTED: 30, ActionStatus.IN_PROGRESS: 55,
               ActionStatus.COMPLETE: 12, ActionStatus.CLOSED: 3},
}
UPDATE_COUNT_WEIGHTS = {1: 40, 2: 35, 3: 25}  # progress updates of a started action
IMPACT_SHARE = 0.35  # of complete and closed actions, the share with evidence of impact
DELEGATE_SHARE = 0.05
SUPPORTING_SHARE = 0.10
CONFIDENTIAL_ITEM_SHARE = 0.03
MIN_ITEMS, MAX_ITEMS = 2, 4  # agenda items a meeting, the previous minutes included
LARGE_PLAN_AREAS = 8  # the large board's business plan numbers its actions 1.1, 1.2 …

ACTION_CHUNK = 50_000  # actions per COPY transaction
WRITERS = 2  # threads copying chunks in parallel, one connection each
BULK_BATCH = 5_000

# --- Words ---------------------------------------------------------------------------------

FIRST_NAMES = (
    "Alex", "Amira", "Ben", "Bethan", "Chloe", "Craig", "Deborah", "Dev", "Eleanor", "Emeka",
    "Fiona", "Gareth", "Hannah", "Imran", "Jane", "Joe", "Karen", "Liam", "Lucy", "Mark",
    "Nadia", "Owen", "Priya", "Rachel", "Sam", "Sarah", "Tom", "Uzma", "Victoria", "Will",
)
SURNAMES = (
    "Ahmed", "Baker", "Clarke", "Davies", "Evans", "Fletcher", "Green", "Hughes", "Iqbal",
    "Jones", "Khan", "Lewis", "Morris", "Nolan", "O'Brien", "Patel", "Quinn", "Roberts",
    "Shaw", "Taylor", "Turner", "Walker", "Wright", "Young",
)
JOB_TITLES = {
    "council": "Head of Children's Social Care", "police": "Detective Chief Inspector",
    "icb": "Designated Nurse for Safeguarding", "trust": "Named Nurse for Safeguarding",
    "education": "Head Teacher", "voluntary": "Chief Executive",
}
VENUES = (
    "Committee Room 1, Town Hall", "Council Chamber, Civic Centre", "Police HQ, Conference Room",
    "Board Room, Integrated Care Board", "Online (Microsoft Teams)", "Library Meeting Room 2",
)
ITEM_TITLES = (
    "Performance report: core dataset", "Case review update", "Section 11 audit findings",
    "Child exploitation strategy", "Early help offer", "Learning and development programme",
    "Annual report", "Business plan progress", "Risk register", "Voice of the child",
    "Neglect strategy", "Private fostering", "Multi-agency case audit: domestic abuse",
    "Allegations against staff (LADO) report", "Missing children return interviews",
)
DESCRIPTIONS = (
    "Report back on the use of the Graded Care Profile where neglect is a concern",
    "Review the threshold document with partners and circulate the revised version",
    "Audit a sample of strategy discussions for police and health attendance",
    "Deliver the multi-agency training on child sexual exploitation to schools",
    "Present the return interview data for missing children by age and area",
    "Update the escalation policy and publish it on the partnership website",
    "Agree the core dataset indicators for the next year with each agency",
    "Share the learning from the serious case review with frontline practitioners",
    "Confirm the health representation at child protection conferences",
    "Carry out the Section 175 self-assessment with all maintained schools",
)
UPDATE_TEXTS = (
    "Meeting held with partners; draft circulated for comment.",
    "Data collected for the quarter; analysis under way.",
    "Training sessions booked; first cohort attended.",
    "Audit complete; findings to the next sub-group meeting.",
    "Awaiting response from one agency; chased by the business manager.",
    "Policy revised and agreed by the executive.",
)
COMPLETION_NOTE = "Done as agreed; the evidence is in the sub-group papers."
IMPACT_TEXTS = (
    "Repeat referrals fell from 19% to 6% over the year.",
    "Practitioners audited afterwards used the Graded Care Profile in 23 of 25 cases.",
    "Return interviews offered within 72 hours rose from 40% to 85%.",
    "Parents told the audit they understood the plan for their child.",
)
LONDON = ZoneInfo("Europe/London")


# --- What the steps pass to each other -------------------------------------------------------

@dataclass
class Partnership:
    index: int
    name: str
    agencies: dict = field(default_factory=dict)  # kind -> Agency
    people: list = field(default_factory=list)  # (person id, agency id)
    boards: list = field(default_factory=list)  # [main, *sub-groups]
    manager_id: int = 0


@dataclass
class BoardPlan:
    """What generating a board's actions needs to know about it."""

    board_id: int
    partnership: Partnership
    chair_id: int
    action_count: int = 0
    # Meetings held so far: (starts_at, meeting id, [(item id, confidential)]).
    meetings: list = field(default_factory=list)
    plan_areas: list = field(default_factory=list)  # [(plan id, area id, area number)]


class Command(BaseCommand):
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
        self.first_moment = datetime.combine(self.first_day(), dtime(9), tzinfo=UTC)
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

    # --- Agencies, people, boards, memberships (bulk_create) ---------------------------------

    def create_agencies(self):
        partnerships = []
        agencies = []
        shared = {}
        for area in AREAS:
            shared[area] = {
                "police": Agency(name=f"{area} Police", short_name="Police",
                                 sector=Sector.POLICE),
                "icb": Agency(name=f"NHS {area} Integrated Care Board", short_name="ICB",
                              sector=Sector.HEALTH),
            }
            agencies.extend(shared[area].values())
            for qualifier in QUALIFIERS:
                name = f"{qualifier}{area}"
                partnership = Partnership(index=len(partnerships), name=name)
                partnership.agencies = {
                    **shared[area],
                    "council": Agency(name=f"{name} Council", short_name="Council",
                                      sector=Sector.LOCAL_AUTHORITY),
                    "trust": Agency(name=f"{name} NHS Foundation Trust", short_name="Trust",
                                    sector=Sector.HEALTH),
                    "education": Agency(name=f"{name} Schools Partnership",
                                        short_name="Schools", sector=Sector.EDUCATION),
                    "voluntary": Agency(name=f"{name} Council for Voluntary Service",
                                        short_name="CVS", sector=Sector.VOLUNTARY),
                }
                agencies.extend(a for k, a in partnership.agencies.items()
                                if k not in SHARED_AGENCY_KINDS)
                partnerships.append(partnership)
        Agency.objects.bulk_create(agencies, batch_size=BULK_BATCH)
        return partnerships

    def create_people(self, partnerships):
        """PEOPLE people spread over the partnerships, each with one agency; the three bench
        people belong to the first (large) partnership. One password hash for everyone
        (unusable: the bench signs in with force_login)."""
        password = make_password(None)
        kinds = list(AGENCY_KINDS)
        shares = [share for _, share in AGENCY_KINDS.values()]
        large = partnerships[0]
        people = [
            Person(email=PARTNER_EMAIL, full_name="Bench Partner (police)", password=password,
                   job_title="Detective Superintendent", agency=large.agencies["police"]),
            Person(email=MANAGER_EMAIL, full_name="Bench Business Manager", password=password,
                   job_title="Partnership Business Manager", agency=large.agencies["council"]),
            Person(email=ADMIN_EMAIL, full_name="Bench Admin", password=password,
                   agency=large.agencies["council"], is_staff=True, is_superuser=True),
        ]
        owners = [large, large, None]  # the superuser leads nothing
        for n in range(PEOPLE - len(people)):
            partnership = partnerships[n % len(partnerships)]
            kind = self.rng.choices(kinds, shares)[0]
            first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(SURNAMES)
            people.append(Person(
                email=f"{first}.{last}.{n}@bench.invalid".lower().replace("'", ""),
                full_name=f"{first} {last}", password=password, job_title=JOB_TITLES[kind],
                agency=partnership.agencies[kind],
            ))
            owners.append(partnership)
        Person.objects.bulk_create(people, batch_size=BULK_BATCH)
        for person, partnership in zip(people, owners, strict=True):
            if partnership:
                partnership.people.append((person.pk, person.agency_id))
        # The business manager of each partnership: someone from its council.
        large.manager_id = people[1].pk
        for partnership in partnerships[1:]:
            council_id = partnership.agencies["council"].pk
            partnership.manager_id = next(
                (pid for pid, aid in partnership.people if aid == council_id),
                partnership.people[0][0])

    def create_boards(self, partnerships):
        boards = []
        for partnership in partnerships:
            main_name = (LARGE_BOARD_NAME if partnership.index == 0
                         else f"{partnership.name} Safeguarding Children Partnership")
            seeding = SEEDING_SUFFIX if partnership.index == 0 else ""
            partnership.boards = [Board(
                name=main_name + seeding, short_name=f"{partnership.name} SCP"[:40],
                kind=BoardKind.PARTNERSHIP_EXECUTIVE, quorum_minimum=5,
                quorum_requires_statutory_partners=True,
            )] + [
                Board(name=f"{main_name} – {group} Sub-group", short_name=group[:40],
                      kind=BoardKind.SUB_COMMITTEE, quorum_minimum=3)
                for group in SUB_GROUPS
            ]
            boards.extend(partnership.boards)
        Board.objects.bulk_create(boards, batch_size=BULK_BATCH)
        start = self.first_day()
        ReportingLine.objects.bulk_create(
            [ReportingLine(board=sub, reports_to=p.boards[0], starts_on=start)
             for p in partnerships for sub in p.boards[1:]],
            batch_size=BULK_BATCH,
        )

    def create_memberships(self, partnerships):
        """Every board: the partnership's business manager, a chair, and partner members
        (the main board always has someone from the council, the police and health)."""
        start = self.first_day()
        memberships = []
        plans = []
        partner_id = partnerships[0].people[0][0]
        for partnership in partnerships:
            pool = [(pid, aid) for pid, aid in partnership.people
                    if pid not in (partnership.manager_id, partner_id)]
            for position, board in enumerate(partnership.boards):
                if position == 0:
                    members = self.statutory_partners(partnership, pool)
                    rest = [pid for pid, _ in pool if pid not in members]
                    members += self.rng.sample(rest, MAIN_BOARD_MEMBERS - len(members))
                else:
                    members = self.rng.sample([pid for pid, _ in pool], SUB_GROUP_MEMBERS)
                chair_id, members = members[-1], members[:-1]
                roles = [(partnership.manager_id, Role.BUSINESS_MANAGER), (chair_id, Role.CHAIR)]
                roles += [(pid, Role.VICE_CHAIR if n == 0 else Role.PARTNER_MEMBER)
                          for n, pid in enumerate(members)]
                if partnership.index == 0 and position < 3:
                    roles.append((partner_id, Role.PARTNER_MEMBER))
                memberships.extend(
                    Membership(person_id=pid, board=board, role=role, starts_on=start)
                    for pid, role in roles
                )
                plans.append(BoardPlan(board_id=board.pk, partnership=partnership,
                                       chair_id=chair_id))
        Membership.objects.bulk_create(memberships, batch_size=BULK_BATCH)
        return plans

    def statutory_partners(self, partnership, pool):
        """One member each from the council, the police and health, where there is one."""
        members = []
        for kind in ("council", "police", "trust"):
            agency_id = partnership.agencies[kind].pk
            candidates = [pid for pid, aid in pool if aid == agency_id]
            if candidates:
                members.append(self.rng.choice(candidates))
        return members

    # --- Meetings and agenda items (COPY) ------------------------------------------------------

    def first_day(self):
        months = YEARS * 12 - FUTURE_MONTHS
        year, month = divmod(self.today.year * 12 + self.today.month - 1 - months, 12)
        return date(year, month + 1, 1)

    def meeting_dates(self, board_index):
        """MEETINGS_PER_YEAR meetings a year from first_day(), on a day that varies by board."""
        first = self.first_day()
        every = 12 // MEETINGS_PER_YEAR
        for k in range(YEARS * MEETINGS_PER_YEAR):
            year, month = divmod(first.year * 12 + first.month - 1 + k * every, 12)
            day = 2 + (board_index * 7 + k * 3) % 25
            hour = 10 if board_index % 2 else 14
            yield datetime.combine(date(year, month + 1, day), dtime(hour), tzinfo=LONDON)

    def create_meetings(self, plans):
        item_counts = [self.rng.randint(MIN_ITEMS, MAX_ITEMS)
                       for _ in range(YEARS * MEETINGS_PER_YEAR * len(plans))]
        meeting_id = reserve_ids(Meeting, len(item_counts))
        item_id = reserve_ids(AgendaItem, sum(item_counts))
        counts = iter(item_counts)
        meeting_rows, item_rows = [], []
        for board_index, plan in enumerate(plans):
            dates = list(self.meeting_dates(board_index))
            for k, starts_at in enumerate(dates):
                next_at = dates[k + 1] if k + 1 < len(dates) else None
                meeting_rows.append(
                    self.meeting_row(plan, board_index, k, meeting_id, starts_at, next_at))
                rows, items = self.agenda_rows(plan, meeting_id, starts_at, item_id, next(counts))
                item_rows += rows
                if starts_at < self.now:
                    plan.meetings.append((starts_at, meeting_id, items))
                meeting_id += 1
                item_id += len(rows)
        with transaction.atomic():
            copy_rows(Meeting, MEETING_FIELDS, meeting_rows)
            copy_rows(AgendaItem, ITEM_FIELDS, item_rows)

    def meeting_row(self, plan, board_index, k, meeting_id, starts_at, next_at):
        status, approved_at, circulated, published = self.minutes_state(
            starts_at, next_at, meeting_id + 1)
        kind = MeetingKind.DEVELOPMENT_DAY if k % MEETINGS_PER_YEAR == 3 else MeetingKind.ORDINARY
        return (
            meeting_id, uuid.UUID(int=self.rng.getrandbits(128), version=4), plan.board_id,
            kind, "", starts_at, starts_at + timedelta(hours=2),
            VENUES[(board_index + k) % len(VENUES)], status, circulated, approved_at, "",
            published, starts_at - timedelta(days=30), plan.partnership.manager_id,
        )

    def agenda_rows(self, plan, meeting_id, starts_at, first_id, count):
        """The meeting's agenda: the previous minutes, then items. Returns the rows and the
        items actions can arise from, as (item id, confidential)."""
        held = starts_at < self.now
        rows, items = [], []
        for position in range(1, count + 1):
            item_id = first_id + position - 1
            if position == 1:
                kind, title, confidential = (AgendaItemKind.PREVIOUS_MINUTES,
                                             "Minutes of the previous meeting", False)
            else:
                kind, title = AgendaItemKind.ITEM, self.rng.choice(ITEM_TITLES)
                confidential = self.rng.random() < CONFIDENTIAL_ITEM_SHARE
                items.append((item_id, confidential))
            rows.append((
                item_id, meeting_id, position, kind, title,
                self.rng.choice(plan.partnership.people)[0], confidential,
                "The board discussed the report and asked questions." if held else "",
                "The board noted the report." if held else "",
                1, starts_at + timedelta(days=3) if held else starts_at,
                plan.partnership.manager_id,
            ))
        return rows, items

    def minutes_state(self, starts_at, next_at, next_id):
        """Minutes are published once the next meeting has approved them; the last meeting
        held has circulated minutes; meetings to come have none yet."""
        if next_at and next_at < self.now:
            circulated = starts_at + timedelta(days=7)
            published = min(next_at + timedelta(days=3), self.now)
            return MinutesStatus.PUBLISHED, next_id, circulated, published
        if starts_at < self.now:
            return MinutesStatus.CIRCULATED, None, starts_at + timedelta(days=7), None
        return MinutesStatus.DRAFT, None, None, None

    def create_large_plan(self, large):
        plan = ActionPlan.objects.create(board_id=large.board_id, title="Business plan",
                                         source=ActionSource.BUSINESS_PLAN)
        areas = AreaForDevelopment.objects.bulk_create(
            AreaForDevelopment(plan=plan, number=n, title=f"Area for development {n}")
            for n in range(1, LARGE_PLAN_AREAS + 1)
        )
        large.plan_areas = [(plan.pk, area.pk, area.number) for area in areas]

    # --- Actions and progress updates (COPY) -------------------------------------------------

    def spread_actions(self, plans):
        """LARGE_BOARD_ACTIONS to the large board; the rest spread over the others by weight."""
        plans[0].action_count = LARGE_BOARD_ACTIONS
        others = plans[1:]
        weights = [MAIN_BOARD_WEIGHT if p.board_id == p.partnership.boards[0].pk else 1
                   for p in others]
        left = ACTIONS - LARGE_BOARD_ACTIONS
        for plan, weight in zip(others, weights, strict=True):
            plan.action_count = left * weight // sum(weights)
        for plan in others[: left - sum(p.action_count for p in others)]:
            plan.action_count += 1

    def create_actions(self, plans):
        batch = ActionBatch()
        done = 0
        for plan in plans:
            self.board_actions(plan, batch)
            if len(batch.actions) >= ACTION_CHUNK:
                done += batch.flush()
                self.progress(done)
        done += batch.flush()
        batch.close()
        self.progress(done)
        spent = ", ".join(f"{k} {v:.0f} s" for k, v in batch.seconds.items())
        self.stdout.write(f" (summed over {WRITERS} writer threads: {spent})", ending="")

    def progress(self, done):
        if done % (ACTION_CHUNK * 4) < ACTION_CHUNK or done == ACTIONS:
            self.stdout.write(f" {done:,}", ending="")
            self.stdout.flush()

    def board_actions(self, plan, batch):
        first_action = reserve_ids(Action, plan.action_count)
        generated = [self.make_action(plan) for _ in range(plan.action_count)]
        first_update = reserve_ids(ProgressUpdate, sum(len(u) for _, u in generated))
        numbers = {}
        update_id = first_update
        for offset, (action, updates) in enumerate(generated):
            action["id"] = first_action + offset
            for update in updates:
                update["id"], update["action_id"] = update_id, action["id"]
                update_id += 1
                batch.updates.append(tuple(update[f] for f in UPDATE_FIELDS))
            if updates:
                action["latest_update_id"] = update_id - 1
                action["last_progress_at"] = updates[-1]["written_at"]
            if plan.plan_areas and action["source"] == ActionSource.BUSINESS_PLAN:
                plan_id, area_id, area_number = self.rng.choice(plan.plan_areas)
                numbers[area_id] = numbers.get(area_id, 0) + 1
                number = f"{area_number}.{numbers[area_id]}"
                action.update(plan_id=plan_id, area_id=area_id, number=number,
                              sort_key=sort_key_for(number))
            batch.actions.append(tuple(action[f] for f in ACTION_FIELDS))
            if self.rng.random() < SUPPORTING_SHARE:
                batch.supporting.append((action["id"], self.supporting_agency(plan, action)))

    def supporting_agency(self, plan, action):
        others = [a.pk for a in plan.partnership.agencies.values()
                  if a.pk != action["lead_agency_id"]]
        return self.rng.choice(others)

    def make_action(self, plan):
        """One action as a dict of field values, and its progress updates oldest first."""
        rng = self.rng
        partnership = plan.partnership
        source, created_at, agenda_item_id, confidential = self.origin(plan)
        due_on = created_at.date() + timedelta(days=rng.randint(14, 240))
        status = self.pick_status(due_on)
        lead_id, agency_id = rng.choice(partnership.people)
        action = {
            "board_id": plan.board_id, "description": rng.choice(DESCRIPTIONS),
            "lead_person_id": lead_id, "lead_agency_id": agency_id,
            "delegate_id": self.delegate(partnership, lead_id, agency_id),
            "due_on": due_on, "status": status, "lead_rag": "", "source": source,
            "agenda_item_id": agenda_item_id, "plan_id": None, "area_id": None, "number": "",
            "sort_key": "", "is_confidential": confidential, "completion_note": "",
            "completed_at": None, "completed_by_id": None, "closed_at": None,
            "closed_by_id": None, "status_reason": "", "impact_evidence": "",
            "impact_evidenced_on": None, "impact_evidenced_by_id": None,
            "latest_update_id": None, "last_progress_at": None, "version": 1,
            "created_at": created_at, "created_by_id": partnership.manager_id,
            "updated_at": created_at,
        }
        finished_at = self.finish(action, plan)
        updates = self.make_updates(action, finished_at)
        action["version"] = 1 + len(updates) + (status == ActionStatus.CLOSED)
        action["updated_at"] = max([created_at, finished_at or created_at,
                                    *(u["written_at"] for u in updates)])
        if status in (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS):
            action["lead_rag"] = rng.choice(("", "", "green", "amber", "red"))
        return action, updates

    def origin(self, plan):
        """Where the action came from and when: a minute item two days after its meeting,
        anything else on a random day (challenges are not seeded: no link to one)."""
        source = weighted(self.rng, SOURCE_TABLE)
        if source == ActionSource.MINUTE_ITEM:
            starts_at, _, items = self.rng.choice(plan.meetings)
            if items:
                item_id, confidential = self.rng.choice(items)
                created_at = min(starts_at + timedelta(days=2), self.now)
                return source, created_at, item_id, confidential
            source = ActionSource.DIRECT
        created_at = self.first_moment + (self.now - self.first_moment) * self.rng.random()
        return source, created_at, None, False

    def pick_status(self, due_on):
        return weighted(self.rng, STATUS_TABLES[self.age(due_on)])

    def age(self, due_on):
        days_past = (self.today - due_on).days
        return "old" if days_past > RECENT_DAYS else "recent" if days_past > 0 else "future"

    def delegate(self, partnership, lead_id, agency_id):
        if self.rng.random() >= DELEGATE_SHARE:
            return None
        colleagues = [pid for pid, aid in partnership.people if aid == agency_id and pid != lead_id]
        return self.rng.choice(colleagues) if colleagues else None

    def finish(self, action, plan):
        """Set completion, closing and impact for done actions; return when it was done."""
        status = action["status"]
        if status not in (ActionStatus.COMPLETE, ActionStatus.CLOSED, ActionStatus.WITHDRAWN):
            return None
        created_at = action["created_at"]
        due_at = datetime.combine(action["due_on"], dtime(12), tzinfo=UTC)
        done_at = due_at + timedelta(days=self.rng.randint(-45, 15))
        done_at = min(max(done_at, created_at + timedelta(days=1)), self.now)
        if status == ActionStatus.WITHDRAWN:
            action["status_reason"] = "No longer needed: superseded by the new business plan."
            return done_at
        action.update(completion_note=COMPLETION_NOTE, completed_at=done_at,
                      completed_by_id=action["lead_person_id"])
        if status == ActionStatus.CLOSED:
            closed_at = min(done_at + timedelta(days=self.rng.randint(1, 30)), self.now)
            action.update(closed_at=closed_at, closed_by_id=plan.partnership.manager_id)
        if self.rng.random() < IMPACT_SHARE:
            evidenced = min(done_at.date() + timedelta(days=self.rng.randint(30, 180)),
                            self.today)
            action.update(impact_evidence=self.rng.choice(IMPACT_TEXTS),
                          impact_evidenced_on=evidenced, impact_evidenced_by_id=plan.chair_id)
        return done_at

    def make_updates(self, action, finished_at):
        """0–3 dated updates by the lead between creation and completion (or a recent day for
        open actions, some of them more than ACTION_STALE_WEEKS ago: amber)."""
        rng = self.rng
        status = action["status"]
        created_at = action["created_at"]
        if status == ActionStatus.NOT_STARTED:
            count = 1 if rng.random() < 0.2 else 0
        elif status == ActionStatus.WITHDRAWN:
            count = rng.randint(0, 1)
        else:
            count = weighted(rng, UPDATE_COUNT_TABLE)
        if not count:
            return []
        if finished_at:
            last_at = finished_at
        else:
            last_at = max(self.now - timedelta(days=rng.randint(1, 90)),
                          created_at + timedelta(hours=1))
            last_at = min(last_at, self.now)
        step = (last_at - created_at) / count
        updates = []
        for n in range(1, count + 1):
            final = n == count
            status_after = ActionStatus.IN_PROGRESS
            if final and status in (ActionStatus.COMPLETE, ActionStatus.CLOSED):
                status_after = ActionStatus.COMPLETE
            elif final and status in (ActionStatus.NOT_STARTED, ActionStatus.WITHDRAWN):
                status_after = status
            updates.append({
                "text": rng.choice(UPDATE_TEXTS), "status_after": status_after,
                "written_by_id": action["lead_person_id"], "written_at": created_at + step * n,
            })
        return updates


# --- Weighted choices, fast (a million times over) -------------------------------------------

def cumulative(weights):
    return list(weights), list(accumulate(weights.values()))


def weighted(rng, table):
    values, cum_weights = table
    return values[bisect(cum_weights, rng.random() * cum_weights[-1])]


SOURCE_TABLE = cumulative(SOURCE_WEIGHTS)
STATUS_TABLES = {age: cumulative(weights) for age, weights in STATUS_WEIGHTS.items()}
UPDATE_COUNT_TABLE = cumulative(UPDATE_COUNT_WEIGHTS)


# --- COPY ------------------------------------------------------------------------------------

MEETING_FIELDS = (
    "id", "uid", "board_id", "kind", "title", "starts_at", "ends_at", "venue", "minutes_status",
    "minutes_circulated_at", "minutes_approved_at_meeting_id", "minutes_amendments",
    "minutes_published_at", "created_at", "created_by_id",
)
ITEM_FIELDS = (
    "id", "meeting_id", "position", "kind", "title", "presenter_id", "is_confidential",
    "discussion", "decisions", "version", "updated_at", "updated_by_id",
)
ACTION_FIELDS = (
    "id", "board_id", "description", "lead_person_id", "lead_agency_id", "delegate_id", "due_on",
    "status", "lead_rag", "source", "agenda_item_id", "plan_id", "area_id",
    "number", "sort_key", "is_confidential", "completion_note", "completed_at", "completed_by_id",
    "closed_at", "closed_by_id", "status_reason", "impact_evidence", "impact_evidenced_on",
    "impact_evidenced_by_id", "latest_update_id", "last_progress_at", "version", "created_at",
    "created_by_id", "updated_at",
)
UPDATE_FIELDS = ("id", "action_id", "text", "status_after", "written_by_id", "written_at")


class ActionBatch:
    """Rows waiting to be copied. flush() hands them to one of WRITERS threads, each with its
    own database connection, and returns at once: the next chunk is generated while
    PostgreSQL takes the last ones. Each chunk is one transaction, so an action's
    latest_update (a deferred foreign key) is there by the time it commits."""

    def __init__(self):
        self.actions, self.updates, self.supporting = [], [], []
        self.writers = ThreadPoolExecutor(max_workers=WRITERS)
        self.pending = []
        self.seconds = {"COPY": 0.0, "commit (deferred foreign key checks)": 0.0}

    def flush(self):
        """Queue the rows for writing; return how many actions were queued."""
        while len(self.pending) >= WRITERS:
            self.pending.pop(0).result()  # raises here what went wrong in a writer
        rows = (self.actions, self.updates, self.supporting)
        self.actions, self.updates, self.supporting = [], [], []
        self.pending.append(self.writers.submit(self.write, *rows))
        return len(rows[0])

    def close(self):
        for future in self.pending:
            future.result()
        self.writers.shutdown()

    def write(self, actions, updates, supporting):
        started = time.perf_counter()
        try:
            with transaction.atomic():
                copy_rows(Action, ACTION_FIELDS, actions)
                copy_rows(ProgressUpdate, UPDATE_FIELDS, updates)
                copy_rows(Action.supporting_agencies.through, ("action_id", "agency_id"),
                          supporting)
                copied = time.perf_counter()
        finally:
            connection.close()  # this thread's connection; the next chunk opens another
        self.seconds["COPY"] += copied - started
        self.seconds["commit (deferred foreign key checks)"] += time.perf_counter() - copied


def reserve_ids(model, count):
    """Take `count` ids from the table's own sequence; return the first."""
    if not count:
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [model._meta.db_table])
        sequence = cursor.fetchone()[0]
        cursor.execute("SELECT nextval(%s)", [sequence])
        first = cursor.fetchone()[0]
        cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
    return first


COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_value(value):
    """One value in COPY's text format."""
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    return str(value).translate(COPY_ESCAPES)


def copy_rows(model, fields, rows):
    """COPY rows (tuples in the order of `fields`, model attribute names) into model's table."""
    if not rows:
        return
    opts = model._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(opts.get_field(name).column) for name in fields)
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(map(copy_value, row)))
        buffer.write("\n")
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.copy_expert(f"COPY {quote(opts.db_table)} ({columns}) FROM STDIN", buffer)
