"""The shape of the national-scale data set (sizes, shares, weights) and its words."""

from datetime import date
from zoneinfo import ZoneInfo

from actions.models import ActionSource, ActionStatus
from boards.models import Sector

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


def first_day(today):
    """The day the data set starts: YEARS of meetings, the last FUTURE_MONTHS still to come."""
    months = YEARS * 12 - FUTURE_MONTHS
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return date(year, month + 1, 1)
