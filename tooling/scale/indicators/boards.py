"""The main boards of `seed_scale`'s partnerships and, on each, the 40 indicators with their
themes, breakdowns and targets (bulk_create)."""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from datetime import time as dtime

from django.core.management.base import CommandError

from boards.models import Board, BoardKind, Membership, Role, Sector
from performance.models import (
    Breakdown,
    Frequency,
    Indicator,
    SubmittedVia,
    Target,
    Theme,
    ValueStatus,
)
from tooling.scale import SEEDING_SUFFIX

from .definitions import (
    BIAS_SD,
    BULK_BATCH,
    CORRECTIONS_PER_BOARD,
    DEFINITIONS,
    NE,
    PIPELINE_SHARE,
    SCHEMES,
    THEMES,
    TREND_RANGE,
    VIA,
    C,
    Definition,
    P,
    R,
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



class DefinitionSeeding:
    """Mixed into the `seed_scale_indicators` command, which holds the random generator
    (self.rng), the months seeded (self.months, self.years) and the row counts (self.counts)."""

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


