"""`seed_scale`'s partnerships: their agencies (bulk_create), people, boards with their
reporting lines, and memberships."""

from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password

from boards.models import (
    Agency,
    Board,
    BoardKind,
    Membership,
    Person,
    ReportingLine,
    Role,
    Sector,
)

from . import ADMIN_EMAIL, LARGE_BOARD_NAME, MANAGER_EMAIL, PARTNER_EMAIL, SEEDING_SUFFIX
from .shape import (
    AGENCY_KINDS,
    AREAS,
    BULK_BATCH,
    FIRST_NAMES,
    JOB_TITLES,
    MAIN_BOARD_MEMBERS,
    PEOPLE,
    QUALIFIERS,
    SHARED_AGENCY_KINDS,
    SUB_GROUP_MEMBERS,
    SUB_GROUPS,
    SURNAMES,
    first_day,
)

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


class PartnershipSeeding:
    """Mixed into the `seed_scale` command, which holds the random generator (self.rng) and
    the day (self.today)."""

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
        start = first_day(self.today)
        ReportingLine.objects.bulk_create(
            [ReportingLine(board=sub, reports_to=p.boards[0], starts_on=start)
             for p in partnerships for sub in p.boards[1:]],
            batch_size=BULK_BATCH,
        )

    def create_memberships(self, partnerships):
        """Every board: the partnership's business manager, a chair, and partner members
        (the main board always has someone from the council, the police and health)."""
        start = first_day(self.today)
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

