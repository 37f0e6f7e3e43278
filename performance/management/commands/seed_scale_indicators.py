"""`manage.py seed_scale_indicators`: the core dataset of every partnership in the
national-scale data set of `seed_scale` (run that first), for `make bench`.

Each partnership's main board gets 5 themes and the same 40 monthly indicators (codes EH1, CP3 …,
names and figures from the papers in the seeds), 8 breakdowns each, a target and tolerance per
financial year, and ten years of published values ending with the last whole month: a total and
8 breakdown values a month, 150 × 40 × 120 × 9 ≈ 6.5 million rows. The figures follow a random
walk around the target, so red, amber and green all occur and trends move. A few of the last
month's values are still in the pipeline (submitted or validated), a few hundred published totals
have been corrected (the old row superseded, the new one naming it), and each quarter has the
statistical neighbours' and England's averages. Every month off target in the last year has its
commentary, in three parts.

Fast by construction, as seed_scale: the definitions go in with bulk_create, the values,
benchmarks and commentary with PostgreSQL COPY in chunks of about CHUNK_ROWS values a transaction,
written by WRITERS threads while the next chunk is generated. The values' ids are reserved from
the table's own sequence, so a correction can name the row it corrects. Nothing is disabled: the
indexes, unique constraints and (deferred) foreign keys all apply. Random but repeatable (SEED).

Runs once: if the large board has indicators it says "already seeded" and stops. While it runs,
the large board's themes carry SEEDING_SUFFIX; a run that died half way leaves them so, and the
next run asks for the performance tables to be emptied rather than build on half a data set.
"""

import io
import json
import random
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from datetime import time as dtime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from actions.management.commands.seed_scale import LARGE_BOARD_NAME, reserve_ids
from boards.models import Board, BoardKind, Membership, Role, Sector
from performance import periods
from performance.models import (
    Benchmark,
    BenchmarkKind,
    Breakdown,
    Commentary,
    Dimension,
    Frequency,
    Indicator,
    IndicatorValue,
    Polarity,
    SubmittedVia,
    Target,
    Theme,
    Unit,
    ValueStatus,
)

# --- The shape of the data set -------------------------------------------------------------

SEED = 20261124
YEARS = 10
CHUNK_ROWS = 500_000  # values per COPY transaction (whole boards, so a little more)
WRITERS = 2  # threads copying chunks in parallel, one connection each
BULK_BATCH = 5_000
SEEDING_SUFFIX = " (seeding)"
TIMINGS_PATH = settings.VAR_DIR / "seed_scale_indicators_timings.json"

PIPELINE_SHARE = 0.10  # of the last month's indicators, still submitted or validated
CORRECTIONS_PER_BOARD = 2  # published totals corrected later: 300 at national scale
COMMENTARY_MONTHS = 12  # commentary on every month off target in the last year
# The walk, in tolerances from the target (positive is better): z ← PHI·z + N(0, STEP), so the
# figures wander about 1.2 tolerances either side; plus a board's own bias, and a trend that
# fades to nothing by the last month (most boards improving: worse ten years ago).
PHI = 0.9
STEP = 0.52
BIAS_SD = 0.4
TREND_RANGE = (-2.5, 1.0)
BREAKDOWN_NOISE = 0.06
# Counts dip in the school holidays and rise when schools go back.
SEASON = {1: 1.05, 4: 0.97, 8: 0.85, 9: 1.08, 12: 0.92}

THEMES = ("Early help", "Child protection", "Looked after children", "Workforce",
          "Multi-agency front door")
EH, CP, LAC, WF, FD = range(5)

# Breakdown schemes: groups of (dimension, labels, shares of the total for counts).
AGE_BANDS = ("Under 1", "1–4", "5–9", "10–15", "16–17")
LOCALITIES = ("North", "Central", "South")
STAFF_GROUPS = ("Children's social care", "Early help", "Police", "Acute hospital trust",
                "Community health", "Schools", "Voluntary sector", "Youth justice")
TEAMS = ("North 1", "North 2", "Central 1", "Central 2", "South 1", "South 2", "East", "West")
SCHEMES = {
    "children": ((Dimension.AGE_BAND, AGE_BANDS, (0.10, 0.22, 0.25, 0.30, 0.13)),
                 (Dimension.LOCALITY, LOCALITIES, (0.30, 0.45, 0.25))),
    "staff": ((Dimension.AGENCY, STAFF_GROUPS, (0.2, 0.1, 0.15, 0.15, 0.1, 0.15, 0.1, 0.05)),),
    "teams": ((Dimension.LOCALITY, TEAMS, (0.125,) * 8),),
}

P, C, R, D, Q = Unit.PERCENTAGE, Unit.COUNT, Unit.RATE_PER_10K, Unit.DAYS, Unit.RATIO
HI, LO, NE = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER, Polarity.NEITHER


@dataclass(frozen=True)
class Definition:
    """One of the 40 indicators, the same on every board. `owner` is an agency kind as
    seed_scale makes them; counts' target and tolerance are for an average partnership."""

    code: str
    theme: int
    name: str
    definition: str
    source: str
    unit: str
    polarity: str
    owner: str
    target: float
    tolerance: float
    decimals: int = 1
    scheme: str = "children"
    core: bool = True


DEFINITIONS = (
    Definition("EH1", EH, "Early help assessments started",
               "Early help assessments started in the month, by any agency.",
               "Early help module", C, HI, "council", 120, 15, 0),
    Definition("EH2", EH, "Early help assessments closed with needs met",
               "Of early help assessments closed in the month, the percentage closed because the "
               "family's needs were met (2012-13: 56%).",
               "Early help module", P, HI, "council", 60, 5),
    Definition("EH3", EH, "Children supported through a Team Around the Child",
               "Children with an open Team Around the Child at the end of the month "
               "(2012-13: 1,116 in the year).",
               "Team Around the Child register", C, HI, "voluntary", 1100, 80, 0),
    Definition("EH4", EH, "Early help assessments completed within 45 working days",
               "Of early help assessments completed in the month, the percentage completed "
               "within 45 working days of starting.",
               "Early help module", P, HI, "council", 85, 5),
    Definition("EH5", EH, "Cases stepped down from children's social care to early help",
               "Children's social care cases closed in the month with a step down to early help.",
               "Children's social care case management system", C, NE, "council", 40, 10, 0),
    Definition("EH6", EH, "Repeat early help episodes within 12 months",
               "Of early help episodes started in the month, the percentage for a family whose "
               "previous episode closed in the last 12 months.",
               "Early help module", P, LO, "council", 15, 3),
    Definition("EH7", EH, "Early help assessments started by schools",
               "Of early help assessments started in the month, the percentage started by a "
               "school.",
               "Early help module", P, HI, "education", 30, 5, core=False),
    Definition("EH8", EH, "New birth visits by a health visitor within 14 days",
               "Of babies born in the month, the percentage visited at home by a health visitor "
               "within 14 days of birth.",
               "Community health records", P, HI, "trust", 95, 3),
    Definition("CP1", CP, "Children subject to a child protection plan, rate per 10,000",
               "Children subject to a child protection plan at the end of the month, per 10,000 "
               "children under 18 (ONS mid-year estimate).",
               "Children's social care case management system", R, NE, "council", 45, 8),
    Definition("CP2", CP, "Child protection plans lasting two years or more",
               "Of child protection plans ended in the month, the percentage that had lasted "
               "two years or more.",
               "Children's social care case management system", P, LO, "council", 3, 1.5),
    Definition("CP3", CP, "Children subject to a plan for a second or subsequent time",
               "Of children who became subject to a child protection plan in the month, the "
               "percentage who had been subject to a plan before.",
               "Children's social care case management system", P, LO, "council", 18, 4),
    Definition("CP4", CP, "Initial conferences within 15 working days of the strategy discussion",
               "Of initial child protection conferences held in the month, the percentage held "
               "within 15 working days of the strategy discussion.",
               "Children's social care case management system", P, HI, "council", 85, 7),
    Definition("CP5", CP, "Child protection visits within 10 working days",
               "Of children subject to a plan at the end of the month, the percentage seen alone "
               "by their social worker within the last 10 working days.",
               "Children's social care case management system", P, HI, "council", 90, 5),
    Definition("CP6", CP, "Strategy discussions attended by police and health",
               "Of strategy discussions held in the month, the percentage with both the police "
               "and a health professional taking part.",
               "Police protecting vulnerable people unit", P, HI, "police", 90, 5),
    Definition("CP7", CP, "Allegations against professionals referred to the LADO",
               "Allegations against people who work with children referred to the local "
               "authority designated officer in the month (2012-13: 139 in the year).",
               "LADO records", C, NE, "council", 12, 5, 0),
    Definition("CP8", CP, "Missing children offered a return interview within 72 hours",
               "Of episodes of children missing from home or care that ended in the month, the "
               "percentage where the child was offered a return interview within 72 hours.",
               "Police missing persons records", P, HI, "police", 85, 10),
    Definition("CP9", CP, "Child protection plans reviewed within timescale",
               "Of child protection review conferences due in the month, the percentage held "
               "on time.",
               "Children's social care case management system", P, HI, "council", 95, 3),
    Definition("LAC1", LAC, "Children looked after, rate per 10,000",
               "Children looked after at the end of the month, per 10,000 children under 18.",
               "Children's social care case management system", R, NE, "council", 70, 10),
    Definition("LAC2", LAC, "Looked after children with three or more placements in the year",
               "Of children looked after at the end of the month, the percentage with three or "
               "more placements in the last 12 months.",
               "Children's social care case management system", P, LO, "council", 10, 2),
    Definition("LAC3", LAC, "Looked after children with an up-to-date health assessment",
               "Of children looked after for at least 12 months, the percentage whose health "
               "assessment is up to date.",
               "Integrated care board: looked after children health team", P, HI, "icb", 90, 5),
    Definition("LAC4", LAC, "Looked after children with an up-to-date personal education plan",
               "Of looked after children of school age, the percentage with a personal education "
               "plan reviewed in the current term.",
               "Virtual school", P, HI, "education", 95, 5),
    Definition("LAC5", LAC, "Looked after reviews held within timescale",
               "Of looked after reviews due in the month, the percentage held on time.",
               "Independent reviewing officers' service", P, HI, "council", 95, 3),
    Definition("LAC6", LAC, "Care leavers in education, employment or training",
               "Of care leavers aged 19 to 21 in touch with the council, the percentage in "
               "education, employment or training.",
               "Leaving care service", P, HI, "council", 55, 6),
    Definition("LAC7", LAC, "Looked after children placed more than 20 miles from home",
               "Of children looked after at the end of the month, the percentage placed more "
               "than 20 miles from the home they were taken from.",
               "Children's social care case management system", P, LO, "council", 15, 3,
               core=False),
    Definition("LAC8", LAC, "Children starting to be looked after",
               "Children who started to be looked after in the month.",
               "Children's social care case management system", C, NE, "council", 25, 8, 0),
    Definition("WF1", WF, "Sickness absence, days lost per FTE",
               "Working days lost to sickness in the last 12 months per full-time equivalent "
               "member of staff (2016-17: 17.17 days).",
               "HR and payroll", D, LO, "council", 10, 2, 2, "staff"),
    Definition("WF2", WF, "Staff receiving an appraisal",
               "Of staff in post for a year or more, the percentage who have had an appraisal in "
               "the last 12 months (2016-17: 94% of staff, 100% of managers).",
               "HR and payroll", P, HI, "council", 95, 5, 1, "staff"),
    Definition("WF3", WF, "Social worker vacancy rate",
               "Vacant social worker posts at the end of the month as a percentage of "
               "established posts.",
               "HR and payroll", P, LO, "council", 12, 4, 1, "teams"),
    Definition("WF4", WF, "Social workers employed through agencies",
               "Agency social workers at the end of the month as a percentage of all social "
               "workers in post.",
               "HR and payroll", P, LO, "council", 15, 5, 1, "teams"),
    Definition("WF5", WF, "Average caseload per social worker",
               "Open cases at the end of the month divided by social workers in post (FTE).",
               "Children's social care case management system", Q, LO, "council", 18, 3, 1,
               "teams"),
    Definition("WF6", WF, "Staff completing multi-agency safeguarding training",
               "Of staff required to complete the partnership's multi-agency safeguarding "
               "training, the percentage whose training is up to date.",
               "Partnership learning and development records", P, HI, "council", 80, 10, 1,
               "staff"),
    Definition("WF7", WF, "Social worker turnover",
               "Social workers who left in the last 12 months as a percentage of social workers "
               "in post.",
               "HR and payroll", P, LO, "council", 15, 4, 1, "teams", core=False),
    Definition("WF8", WF, "Section 11 audits returned",
               "Of partner agencies asked for their Section 11 (Children Act 2004) "
               "self-assessment, the percentage that have returned it.",
               "Partnership business unit", P, HI, "council", 100, 10, 1, "staff"),
    Definition("FD1", FD, "Contacts received by the front door",
               "Contacts about children received by the multi-agency front door in the month.",
               "Front door case management system", C, NE, "council", 900, 150, 0),
    Definition("FD2", FD, "Repeat contacts within 12 months",
               "Of contacts received in the month, the percentage about a child with a contact "
               "in the previous 12 months (19.1% at the 2016 inspection, 5.1% in March 2017).",
               "Front door case management system", P, LO, "council", 8, 3),
    Definition("FD3", FD, "Contacts progressing to a referral",
               "Of contacts decided in the month, the percentage that became a referral to "
               "children's social care.",
               "Front door case management system", P, NE, "council", 25, 5, core=False),
    Definition("FD4", FD, "Contact decisions made within one working day",
               "Of contacts received in the month, the percentage with a decision on the next "
               "step within one working day.",
               "Front door case management system", P, HI, "council", 90, 5),
    Definition("FD5", FD, "Re-referrals to children's social care within 12 months",
               "Of referrals in the month, the percentage about a child referred in the "
               "previous 12 months.",
               "Children's social care case management system", P, LO, "council", 22, 3),
    Definition("FD6", FD, "Single assessments completed within 45 working days",
               "Of assessments completed in the month, the percentage completed within 45 "
               "working days of the referral.",
               "Children's social care case management system", P, HI, "council", 85, 5),
    Definition("FD7", FD, "Domestic abuse notifications shared with schools by the next "
               "school day",
               "Of police attendances at domestic abuse incidents where a child was present, "
               "the percentage notified to the child's school by the start of the next school "
               "day (Operation Encompass).",
               "Police protecting vulnerable people unit", P, HI, "police", 95, 3),
)
VIA = {"council": (SubmittedVia.UPLOAD, SubmittedVia.UPLOAD, SubmittedVia.API),
               "police": (SubmittedVia.API,),
               "icb": (SubmittedVia.BROWSER,), "trust": (SubmittedVia.UPLOAD,),
               "education": (SubmittedVia.BROWSER,), "voluntary": (SubmittedVia.BROWSER,)}
CORRECTION_REASONS = (
    "Late-recorded contacts added after the return was submitted.",
    "The denominator included children who had moved out of the area.",
    "The report was run before the month's records were closed; re-run on the fifth working "
    "day.",
    "A duplicate case was counted twice; removed after the data quality check.",
)
BENCHMARK_NOTES = {
    BenchmarkKind.STATISTICAL_NEIGHBOURS: "Average of the ten statistical neighbours (DfE "
                                          "benchmarking tool); their definitions may differ.",
    BenchmarkKind.ENGLAND: "England average, DfE statistics; counts scaled to the "
                           "partnership's child population.",
}
WHY = {
    EH: ("Demand for early help rose after the threshold document was relaunched with schools.",
         "Two early help practitioners left in the quarter and their posts are being covered."),
    CP: ("More children became subject to plans after the neglect strategy raised awareness.",
         "Conference chairs' capacity was reduced by sickness; conferences were rescheduled."),
    LAC: ("A sibling group of five came into care, with placements found out of the area.",
          "Health assessment appointments were lost when the clinic moved buildings."),
    WF: ("Long-term sickness (76% of days lost) with mental health the main cause (35%).",
         "Recruitment of experienced social workers remains hard across the region."),
    FD: ("A change in police recording sent more notifications to the front door.",
         "Schools referred more families at the start of term, before early help was tried."),
}
ACTIONS_TAKEN = (
    "The Performance and Quality Assurance Sub-group has asked for a dip sample of cases and "
    "will report back at its next meeting.",
    "The owning agency has an improvement plan; progress is reported to the board quarterly.",
    "Managers review the figures weekly with team leaders; the business manager will follow up "
    "next month.",
)

# --- What the steps pass to each other -----------------------------------------------------


@dataclass
class MainBoard:
    board_id: int
    manager_id: int
    chair_id: int
    others: list  # (person id, agency id) of the other members
    agencies: dict  # kind -> agency id


@dataclass
class Series:
    """One board's indicator: what generating its values needs."""

    indicator_id: int
    spec: Definition
    breakdowns: list  # [[breakdown id, group index, share or factor]]
    targets: dict  # financial year -> (target, tolerance)
    submitters: list  # person ids
    via: str
    scale: float
    bias: float
    trend: float
    groups: list = field(default_factory=list)  # counts: [[(breakdown id, share)] a group]
    pipeline: str = ""  # the last month's status when still in the pipeline
    corrected: set = field(default_factory=set)  # month indexes whose total was corrected


class Command(BaseCommand):
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

    # --- The boards and their people -----------------------------------------------------

    def main_boards(self, large, limit):
        """Each partnership's main board (seed_scale's partnership executives), the large one
        first, with its business manager, chair, other members and the members' agencies."""
        ids = sorted(Board.objects.filter(kind=BoardKind.PARTNERSHIP_EXECUTIVE)
                     .values_list("pk", flat=True), key=lambda pk: (pk != large.pk, pk))
        ids = ids[:limit] if limit else ids
        found = {pk: {"roles": {}, "others": [], "agencies": {}} for pk in ids}
        rows = (Membership.objects.current().filter(board_id__in=ids)
                .order_by("board_id", "pk")
                .values_list("board_id", "person_id", "role", "person__agency_id",
                             "person__agency__sector", "person__agency__short_name"))
        for board_id, person_id, role, agency_id, sector, short_name in rows:
            board = found[board_id]
            board["roles"].setdefault(role, person_id)
            if role not in (Role.BUSINESS_MANAGER, Role.CHAIR, Role.INDEPENDENT_CHAIR):
                board["others"].append((person_id, agency_id))
            if agency_id:
                board["agencies"].setdefault(agency_kind(sector, short_name), agency_id)
        boards = []
        for pk in ids:
            board = found[pk]
            roles = board["roles"]
            manager = roles.get(Role.BUSINESS_MANAGER)
            chair = roles.get(Role.INDEPENDENT_CHAIR) or roles.get(Role.CHAIR)
            others = [(p, a) for p, a in board["others"] if p not in (manager, chair)]
            if not (manager and chair and others and board["agencies"]):
                raise CommandError(f"Board {pk} needs a business manager, a chair, another "
                                   "member and an agency: is this seed_scale's data set?")
            boards.append(MainBoard(pk, manager, chair, others, board["agencies"]))
        return boards

    # --- Themes, indicators, breakdowns, targets (bulk_create) ---------------------------

    def create_definitions(self, boards, large):
        rng = self.rng
        themes = [Theme(board_id=b.board_id, position=n,
                        name=name + (SEEDING_SUFFIX if b.board_id == large.pk else ""))
                  for b in boards for n, name in enumerate(THEMES, start=1)]
        Theme.objects.bulk_create(themes, batch_size=BULK_BATCH)
        indicators, series = [], []
        for b_index, board in enumerate(boards):
            board_themes = themes[b_index * len(THEMES):(b_index + 1) * len(THEMES)]
            size = 2.0 if board.board_id == large.pk else rng.uniform(0.5, 1.8)
            board_series = []
            for position, spec in enumerate(DEFINITIONS, start=1):
                agency_id = owner_agency(board, spec.owner)
                indicators.append(Indicator(
                    board_id=board.board_id, theme=board_themes[spec.theme], code=spec.code,
                    name=spec.name, definition=spec.definition, source=spec.source,
                    unit=spec.unit, polarity=spec.polarity, frequency=Frequency.MONTHLY,
                    owning_agency_id=agency_id, is_core=spec.core,
                    decimal_places=spec.decimals, submission_days=10, position=position,
                    created_at=datetime.combine(self.months[0], dtime(9), tzinfo=UTC)))
                submitters = [p for p, a in board.others if a == agency_id] or [
                    p for p, _ in board.others]
                board_series.append(Series(
                    indicator_id=0, spec=spec, breakdowns=[], targets={},
                    submitters=submitters[:3],
                    via=rng.choice(VIA.get(spec.owner, (SubmittedVia.BROWSER,))),
                    scale=size if spec.unit in (C, R) else 1.0,
                    bias=rng.gauss(0, BIAS_SD) * (0.5 if spec.polarity == NE else 1),
                    trend=rng.uniform(*TREND_RANGE) * (0.5 if spec.polarity == NE else 1)))
            pipeline = rng.sample(range(len(board_series)),
                                  round(PIPELINE_SHARE * len(board_series)))
            for n, index in enumerate(pipeline):
                board_series[index].pipeline = (ValueStatus.SUBMITTED if n % 2
                                                else ValueStatus.VALIDATED)
            # Corrections of totals at least three months old, so they were published by now.
            for _ in range(CORRECTIONS_PER_BOARD):
                rng.choice(board_series).corrected.add(rng.randrange(len(self.months) - 3))
            series.append(board_series)
        Indicator.objects.bulk_create(indicators, batch_size=BULK_BATCH)
        flat = [s for board_series in series for s in board_series]
        breakdowns, targets = [], []
        for indicator, s in zip(indicators, flat, strict=True):
            s.indicator_id = indicator.pk
            for group, (dimension, labels, shares) in enumerate(SCHEMES[s.spec.scheme]):
                for position, (label, share) in enumerate(zip(labels, shares, strict=True), 1):
                    breakdowns.append(Breakdown(indicator_id=indicator.pk, dimension=dimension,
                                                label=label, position=position))
                    weight = (share * rng.uniform(0.8, 1.2) if s.spec.unit == C
                              else max(0.5, rng.gauss(1, 0.12)))
                    s.breakdowns.append([0, group, weight])
            if s.spec.unit == C:  # shares of each group add up to the total
                for group in range(len(SCHEMES[s.spec.scheme])):
                    members = [b for b in s.breakdowns if b[1] == group]
                    total = sum(b[2] for b in members)
                    s.groups.append([(b, b[2] / total) for b in members])
            for year in self.years:
                target, tolerance = self.target_for(s.spec, s.scale)
                s.targets[year] = (target, tolerance)
                targets.append(Target(indicator_id=indicator.pk, year=year, target=target,
                                      tolerance=tolerance))
        Breakdown.objects.bulk_create(breakdowns, batch_size=BULK_BATCH)
        for b_row, breakdown in zip((b for s in flat for b in s.breakdowns), breakdowns,
                                    strict=True):
            b_row[0] = breakdown.pk
        for s in flat:  # the groups hold the same lists: read their ids now they have them
            s.groups = [[(b[0], share) for b, share in group] for group in s.groups]
        Target.objects.bulk_create(targets, batch_size=BULK_BATCH)
        self.counts.update(themes=len(themes), indicators=len(indicators),
                           breakdowns=len(breakdowns), targets=len(targets))
        return series

    def target_for(self, spec, scale):
        """The year's target, a little off the usual one, rounded as the papers round."""
        target = spec.target * scale * self.rng.uniform(0.97, 1.03)
        if spec.unit == P:
            target = min(target, 100.0)
        decimals = spec.decimals
        return round(target, decimals), round(max(spec.tolerance * scale, 10 ** -decimals),
                                              decimals)

    # --- Values, benchmarks and commentary (COPY) ----------------------------------------

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


def agency_kind(sector, short_name):
    """seed_scale's agency kinds, read back from a sector and a short name."""
    if sector == Sector.HEALTH:
        return "icb" if short_name == "ICB" else "trust"
    return {Sector.LOCAL_AUTHORITY: "council", Sector.POLICE: "police",
            Sector.EDUCATION: "education", Sector.VOLUNTARY: "voluntary"}.get(sector, sector)


def owner_agency(board, kind):
    """The board's agency of that kind, or failing it another health body, or the council."""
    for candidate in (kind, "trust" if kind == "icb" else "icb", "council"):
        if candidate in board.agencies:
            return board.agencies[candidate]
    return next(iter(board.agencies.values()))


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


def copy_lines(model, fields, lines):
    """COPY lines already in COPY's text format (tab-separated, in the order of `fields`)."""
    if not lines:
        return
    opts = model._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(opts.get_field(name).column) for name in fields)
    lines.append("")
    buffer = io.BytesIO("\n".join(lines).encode())
    lines.clear()
    with connection.cursor() as cursor:
        cursor.copy_expert(f"COPY {quote(opts.db_table)} ({columns}) FROM STDIN", buffer,
                           size=1 << 20)
