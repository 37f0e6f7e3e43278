"""The demo's agencies, people, boards and memberships, from the Wirral and Warrington papers;
every person is fictional."""

from datetime import date

from boards import services
from boards.models import Agency, BoardKind, Membership, Person, Role, Sector

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 – published demo sign-in, not a secret
DOMAIN = "demo.safeguard.invalid"
CHAIR_EMAIL = f"chair@{DOMAIN}"

S = Sector
AGENCIES = {  # key: name, short name, sector
    "council": ("Wirral Council", "", S.LOCAL_AUTHORITY),
    "police": ("Merseyside Police", "", S.POLICE),
    "ccg": ("Wirral Clinical Commissioning Group", "Wirral CCG", S.HEALTH),
    "wuth": ("Wirral University Teaching Hospital NHS Foundation Trust", "WUTH", S.HEALTH),
    "community": ("Wirral Community NHS Foundation Trust", "Wirral Community", S.HEALTH),
    "cwp": ("Cheshire and Wirral Partnership NHS Foundation Trust", "CWP", S.HEALTH),
    "nps": ("National Probation Service", "NPS", S.PROBATION),
    "crc": ("Community Rehabilitation Company", "CRC", S.PROBATION),
    "fire": ("Merseyside Fire and Rescue Service", "MFRS", S.FIRE),
    "wash": ("Wirral Association of Secondary Headteachers", "WASH", S.EDUCATION),
    "vcaw": ("Voluntary and Community Action Wirral", "VCAW", S.VOLUNTARY),
    "dfe": ("Department for Education", "DfE", S.OTHER),
    "nhse": ("NHS England", "", S.HEALTH),
    "warrington": ("Warrington Borough Council", "", S.LOCAL_AUTHORITY),
    "cheshire": ("Cheshire Constabulary", "", S.POLICE),
}

# key (also the email's local part): full name (fictional), job title (from the papers), agency
PEOPLE = {
    "chair": ("Helen Marsden", "Independent Chair of LSCB and Chair of Improvement Board", None),
    "manager": ("Daniel Whitfield", "WSCB Business Manager", "council"),
    "partner": ("Mark Dalton", "Superintendent, Area Commander", "police"),
    "reader": ("Ruth Ashcroft", "Councillor, Chair of Scrutiny Committee", None),
    "leader": ("Peter Lydiate", "Councillor, Leader of the Council", "council"),
    "cabinet": ("Graham Seddon", "Cabinet Member for Children & Family Services", "council"),
    "libdem": ("Philippa Garside", "Councillor, Liberal Democrat Leader", "council"),
    "chief_exec": ("Edward Rowlands", "Chief Executive", "council"),
    "dcs": ("Joanna Hollins", "Director for Children's Services", "council"),
    "deputy_dcs": ("Sarah Whitby", "Deputy Director for Children's Services", "council"),
    "safeguarding": ("Karen Mistry", "Head of Children's Safeguarding", "council"),
    "performance": ("Claire Bradshaw", "Head of Performance, Quality & Improvement", "council"),
    "transformation": ("Martin Hulme", "Business & Transformation Manager", "council"),
    "qa": ("Rebecca Thornley", "Quality Assurance & Auditing Officer", "council"),
    "analyst": ("Stuart Pennington", "Consultant in Social Care Performance", "council"),
    "hr": ("Tom Ridley", "Acting Assistant Director – HR & OD", "council"),
    "dci": ("Tessa Howarth", "Detective Chief Inspector, Public Protection", "police"),
    "ccg": ("Linda Quayle", "Director of Policy & Patient Safety", "ccg"),
    "nurse": ("Susan Farrell", "Designated Nurse for Safeguarding Children", "ccg"),
    "cwp": ("Gillian Moorcroft", "Director of Nursing, Therapies and Patient Partnership", "cwp"),
    "wuth": ("Rachel Oduya", "Named Nurse for Safeguarding Children", "wuth"),
    "community": ("Joanne Bickerstaff", "Head of Safeguarding", "community"),
    "nhse": ("Deborah Kenyon", "Head of Quality, Cheshire and Merseyside", "nhse"),
    "dfe": ("Anthony Beresford", "Department for Education Improvement Adviser", "dfe"),
    "heads": ("Louise Atherton", "Chair of Wirral Association of Secondary Headteachers", "wash"),
    "nps": ("Colin Bramhall", "Head of Wirral Local Delivery Unit", "nps"),
    "crc": ("Janet Pryce", "Assistant Chief Officer", "crc"),
    "fire": ("Neil Ashworth", "Group Manager, Community Risk Management", "fire"),
    "vcaw": ("Annette Kirkby", "Chief Executive", "vcaw"),
    "lay": ("Margaret Doyle", "Lay member", None),
    "lay2": ("Samuel Okafor", "Lay member", None),
    "warr_chair": ("Judith Aldridge", "Independent Chair, Warrington LSCB", None),
    "warr_manager": ("Fiona Wetherall", "WSCB & Partnerships Manager", "warrington"),
    "warr_police": ("Paul Grimshaw", "Chief Inspector, Local Policing Unit", "cheshire"),
}
SIGN_INS = {  # key: what they can do
    "chair": "chairs the LSCB and Improvement Board: approves minutes, raises challenges",
    "manager": "business manager of every board: boards, meetings, minutes, actions",
    "partner": "Merseyside Police partner member: updates the police's actions",
    "reader": "scrutiny councillor, no memberships: reads what is published",
    "analyst": "council performance officer on the LSCB: enters the council's indicator figures",
    "performance": "council performance officer on the LSCB: validates indicator figures",
}

D13, K = date(2013, 4, 1), BoardKind
BOARDS = (  # key, name, kind, parent, from, quorum, statutory partners needed, sunset, purpose
    ("lscb", "Wirral Safeguarding Children Board", K.LSCB, None, D13, 6, True, None,
     "To coordinate what is done by each body on the Board to safeguard and promote the welfare "
     "of children in Wirral, and to ensure the effectiveness of what they do."),
    ("trust", "Wirral Children's Trust Board", K.TRUST_BOARD, None, D13, 5, False, None,
     "To enable Wirral's children, young people and families to access services quickly."),
    ("improvement", "Wirral Improvement Board", K.IMPROVEMENT_BOARD, None, date(2016, 9, 1), 5,
     False, None, "Oversees the improvement of children's services after the 2016 inspection."),
    ("performance", "Performance and Quality Assurance Sub-committee", K.SUB_COMMITTEE, "lscb",
     D13, 3, False, None, "Scrutinises the multi-agency dataset and the audit programme."),
    ("case_review", "Case Review Sub-committee", K.SUB_COMMITTEE, "lscb", D13, 3, False, None,
     "Serious case and critical incident reviews; serious incident notifications."),
    ("learning", "Learning and Development Sub-committee", K.SUB_COMMITTEE, "lscb", D13, 3,
     False, None, "The multi-agency training programme and the evaluation of its impact."),
    ("cse", "Child Sexual Exploitation Sub-committee", K.SUB_COMMITTEE, "lscb", D13, 3, False,
     None, "Delivers the Board's action plan to tackle child sexual exploitation."),
    ("neglect", "Neglect Strategy Task and Finish Group", K.TASK_AND_FINISH, "lscb",
     date(2026, 9, 1), 3, False, date(2027, 3, 31),
     "Refreshes the neglect strategy and the use of the Graded Care Profile."),
    ("young_people", "Children and Young People's Reference Group", K.REFERENCE_GROUP, "lscb",
     D13, 1, False, None, "Brings the voice of children and young people to the Board."),
    ("executive", "Wirral Safeguarding Children Partnership Executive", K.PARTNERSHIP_EXECUTIVE,
     None, date(2019, 1, 1), 3, True, None,
     "The three statutory safeguarding partners: Wirral Council, Merseyside Police, Wirral CCG."),
    ("warrington", "Warrington Safeguarding Children Board", K.LSCB, None, D13, 6, True, None, ""),
    ("warr_cypp", "Warrington Children and Young People's Partnership", K.TRUST_BOARD, None,
     D13, 5, False, None, ""),
    ("early_help", "Early Help Sub-group", K.SUB_COMMITTEE, "warrington", D13, 3, False, None,
     ""),
)
EARLY_HELP_MOVE = (date(2015, 2, 1), "LGA peer review action plan 1.1: Early Help reports to the "
                   "Children and Young People's Partnership; the WSCB still scrutinises it.")

P, VC, AD, LAY, CH = Role.PARTNER_MEMBER, Role.VICE_CHAIR, Role.ADVISER, Role.LAY_MEMBER, Role.CHAIR
MEMBERSHIPS = {  # board: (person, role[, lead role[, ends on]]), from the board's start
    "lscb": (("chair", Role.INDEPENDENT_CHAIR), ("partner", VC), ("dcs", P), ("cabinet", P),
             ("ccg", P), ("nurse", P), ("cwp", P), ("wuth", P), ("community", P), ("heads", P),
             ("nps", P), ("crc", P, "", date(2016, 5, 31)), ("fire", P), ("vcaw", P),
             ("lay", LAY, "Champion for private fostering"), ("lay2", LAY), ("safeguarding", AD),
             ("performance", Role.PERFORMANCE_OFFICER), ("analyst", Role.PERFORMANCE_OFFICER)),
    "improvement": (("chair", CH), ("leader", P), ("cabinet", P), ("libdem", P), ("dcs", P),
                    ("chief_exec", P), ("partner", P), ("dci", P), ("ccg", P),
                    ("cwp", P), ("heads", P), ("nhse", P), ("dfe", AD), ("deputy_dcs", AD)),
    "trust": (("dcs", CH), ("cabinet", P), ("ccg", P), ("heads", P), ("vcaw", P)),
    "performance": (("ccg", CH), ("qa", AD), ("performance", P), ("lay", LAY)),
    "case_review": (("safeguarding", CH), ("partner", P), ("nurse", P)),
    "learning": (("community", CH), ("fire", P)),
    "cse": (("dci", CH), ("partner", P), ("vcaw", P)),
    "neglect": (("nurse", CH), ("community", P), ("safeguarding", P)),
    "young_people": (("vcaw", CH),),
    "executive": (("dcs", CH), ("partner", P), ("ccg", P), ("chair", AD, "Independent scrutiny")),
    "warrington": (("warr_chair", Role.INDEPENDENT_CHAIR), ("warr_police", P),
                   ("warr_manager", AD)),
    "warr_cypp": (("warr_manager", AD),),
    "early_help": (("warr_manager", AD),),
}



def email(key):
    return f"{key}@{DOMAIN}"


def make_agencies():
    return {key: Agency.objects.create(name=name, short_name=short, sector=sector)
            for key, (name, short, sector) in AGENCIES.items()}


def make_people(agencies):
    """Everyone in PEOPLE; those in SIGN_INS may sign in with the published password."""
    return {key: _person(key, *row, agencies=agencies) for key, row in PEOPLE.items()}


def _person(key, full_name, job_title, agency, *, agencies):
    password = DEMO_PASSWORD if key in SIGN_INS else None
    return Person.objects.create_user(email(key), password, full_name=full_name,
                                      job_title=job_title, agency=agencies.get(agency))


def make_boards(demo):
    for key, name, kind, parent, start, quorum, statutory, sunset, purpose in BOARDS:
        board = services.board_create(
            created_by=demo.manager, parent=demo.boards.get(parent), reports_from=start,
            name=name, kind=kind, purpose=purpose, quorum_minimum=quorum,
            quorum_requires_statutory_partners=statutory, sunset_on=sunset)
        # board_create starts the business manager today; the demo boards are older.
        membership = board.memberships.get(person=demo.manager)
        membership.starts_on = start
        services.membership_save(membership=membership)
        demo.boards[key], demo.starts[key] = board, start
    day, note = EARLY_HELP_MOVE
    services.reporting_line_move(board=demo.boards["early_help"],
                                 reports_to=demo.boards["warr_cypp"], starts_on=day, note=note)


def make_memberships(demo):
    for key, rows in MEMBERSHIPS.items():
        for row in rows:
            person, role, lead_role, ends_on = _membership_row(*row)
            services.membership_save(membership=Membership(
                person=demo.people[person], board=demo.boards[key], role=role,
                lead_role=lead_role, starts_on=demo.starts[key], ends_on=ends_on))


def _membership_row(person, role, lead_role="", ends_on=None):
    return person, role, lead_role, ends_on
