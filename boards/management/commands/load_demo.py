"""`manage.py load_demo`: realistic demo data drawn from the papers in /work/shared/seeds/.

Boards, agencies, venues, figures and wording come from the Wirral and Warrington papers; every
person is fictional. Runs once: if the demo chair already exists it says so and stops.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from allauth.mfa.totp.internal.auth import TOTP
from django.core.management.base import BaseCommand
from django.db import transaction

from actions import services as action_services
from actions.models import Action, ActionPlan, ActionSource, ActionStatus, AreaForDevelopment
from boards import services
from boards.models import (
    Agency,
    AgendaItem,
    AttendanceStatus,
    Board,
    BoardKind,
    Meeting,
    MeetingKind,
    Membership,
    Person,
    Role,
    Sector,
)
from challenges.models import Challenge, ChallengeStatus
from performance import demo as performance_demo
from performance.models import IndicatorValue

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 – published demo sign-in, not a secret
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 – published, demo only
DOMAIN = "demo.safeguard.invalid"
CHAIR_EMAIL = f"chair@{DOMAIN}"
LONDON = ZoneInfo("Europe/London")
PRESENT, IN_ATTENDANCE = AttendanceStatus.PRESENT, AttendanceStatus.IN_ATTENDANCE
APOLOGIES = AttendanceStatus.APOLOGIES
WALLASEY, BIRKENHEAD = "Committee Room 1, Wallasey Town Hall", "Birkenhead Town Hall"

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
CAPACITY = {  # as the 2017 minutes list them, where the job title alone does not say it
    "partner": "Merseyside Police – Area Commander, Vice Chair LSCB",
    "dci": "Merseyside Police",
    "ccg": "Director of Policy & Patient Safety, Clinical Commissioning Group",
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

# LSCB meetings, 10:00-12:30 at Birkenhead: day, kind, one item (title, presenter, minute).
LSCB_MEETINGS = (
    (date(2013, 6, 12), "ordinary", "Annual report 2012-13", "manager", "117 Section 11 audits; "
     "16 learning points from one SCR and one CIR; 28 courses (90 sessions) for over 1,000 "
     "professionals; 1,116 children supported, 56% closed with needs met; 139 allegations."),
    (date(2013, 9, 18), "ordinary", "Working Together 2013", "chair", "Resolved to hold a "
     "development day in December with the Children's Trust Board."),
    (date(2013, 12, 6), "development_day", None, None, None),
    (date(2014, 2, 19), "extraordinary", "Multi-agency performance information", "performance",
     "A model for presenting data that allows drilling down and triangulation with audits."),
    (date(2014, 3, 19), "ordinary", "Draft multi-agency dataset", "performance",
     "Agreed, with fewer social care measures and more from health, police and schools."),
    (date(2014, 7, 16), "ordinary", "Child sexual exploitation action plan", "partner",
     "The CSE sub-committee is established; disruption activity reported."),
    (date(2014, 11, 19), "ordinary", "Section 11 audit", "manager",
     "New Section 11 audit returned by all agencies; accountability meetings with three."),
    (date(2015, 3, 18), "ordinary", "Learning from serious case reviews", "safeguarding",
     "Learning disseminated through briefings and tested by audits."),
    (date(2015, 7, 15), "ordinary", "Multi-Agency Safeguarding Hub", "dcs",
     "Co-location of children's and adults' safeguarding in the MASH."),
    (date(2015, 11, 18), "ordinary", "Annual report 2014-15", "manager",
     "Approved for publication, to be widely publicised."),
    (date(2016, 3, 16), "ordinary", "Private fostering annual report", "lay",
     "The champion for private fostering presented the annual report."),
    (date(2016, 7, 20), "ordinary", "Ofsted review of the effectiveness of the WSCB", "chair",
     "Ofsted made seven recommendations; an improvement action plan will follow."),
    (date(2016, 11, 16), "ordinary", "WSCB improvement action plan", "manager",
     "25 actions against the seven recommendations agreed, with support from the LGA."),
    (date(2017, 3, 15), "ordinary", "Neglect and the Graded Care Profile", "safeguarding",
     "Use of the Graded Care Profile varies; a challenge to partners added to the log."),
    (date(2017, 5, 30), "ordinary", "Serious incident notifications", "safeguarding",
     "Some incidents are recognised late; the Board challenged compliance with the procedure."),
    (date(2017, 9, 20), "ordinary", "Neglect strategy", "nurse", "Refreshed strategy presented."),
    (date(2018, 1, 17), "ordinary", "Audit framework", "qa",
     "Frontline practitioners and families now contribute to every multi-agency audit."),
    (date(2018, 5, 16), "ordinary", "Child sexual exploitation sub-committee report", "dci",
     "Referrals, disruption activity and prosecutions for the year reported."),
    (date(2018, 9, 19), "ordinary", "Working Together 2018", "manager",
     "The three safeguarding partners will replace the Board by September 2019."),
    (date(2019, 3, 20), "ordinary", "Wirral Safeguarding Partners: the model", "manager",
     "To Cabinet on 25 March 2019; published on 29 March 2019."),
    (date(2019, 6, 19), "ordinary", "Transition to the new arrangements", "chair",
     "The WSCB stands down at midnight on 31 August 2019."),
)
DEPUTY_DAY = date(2018, 5, 16)  # the area commander sends the DCI in his place
DEVELOPMENT_DAY_ITEMS = (
    ("Session 1: Implications of Working Together 2013", "chair", "Lines of responsibility "
     "between the WSCB and the CTB are often unclear: how does the WSCB hold the CTB to account?"),
    ("Session 2: Performance information", "safeguarding", "The data is social care 'heavy'; "
     "boards can be data rich but intelligence poor. Needed: drill-down and triangulation."),
    ("Session 3: Ofsted review of the effectiveness of LSCBs", "chair", "Record good practice; "
     "record the voice of the child, family and practitioner; show better challenge."),
)
IB_MARCH_ITEMS = (
    ("Director's update", "dcs", "The Board asked what a good assessment of children aged 0-2 "
     "looks like, and for information on the complexity of casework."),
    ("Improvement monitoring", "performance", "Summary report on the improvement plan noted."),
)
IB_MAY_ITEMS = (  # title, presenter, confidential, discussion
    ("Action Tracker", "manager", False,
     "The progress of completing actions captured in the Action Tracker was noted."),
    ("Director's update", "dcs", False, "Ofsted's monitoring visit on 5-6 April 2017 looked at "
     "Step Up & Step Down. The DfE six-month review found progress good but still fragile."),
    ("Progress against Ofsted recommendations", "chair", False, "Overall 23 out of 25 actions "
     "completed, 5 out of 25 show evidence of impact. The funding proposal goes to the WSCB on "
     "30 May. The focus must now move from process to outcomes."),
    ("Challenge log", "chair", False, "Challenges are tracked at each WSCB meeting. A challenge "
     "to partners about use of the Graded Care Profile where neglect is a concern was added."),
    ("Risk register", "manager", False, "A risk register for all committees is being introduced "
     "so that issues are recorded and escalated without delay."),
    ("Core performance indicators", "performance", False, "21 core performance indicators agreed. "
     "Repeat contacts down from 19.1% at inspection to 5.1% in March 2017. Sickness 17.17 FTE "
     "days lost; members asked to see sickness over time. Comparisons need care."),
    ("Audit framework and dip samples", "safeguarding", False, "Dip sample of 26 assessments "
     "with no further action: 19 appropriate, 4 unclear, 1 disagreed and referred back."),
    ("Case complexity report", "deputy_dcs", True, "Highly confidential, anonymised live cases. "
     "Complexity must not be seen as the norm; very young children looked after have doubled."),
    ("Workforce deep dive", "hr", False, "Short-term sickness remains the biggest issue; managers "
     "must be required, not invited, to attend training."),
    ("Any other business", "chair", False, "Paper copies of papers only on request."),
)
IB_JUNE_ITEMS = (("Ofsted monitoring visit letter", "dcs"),
                 ("Young children becoming looked after", "analyst"))
WORKSHOP_ITEMS = (
    ("Draft model: Wirral Safeguarding Partners", "manager", "Executive group of the three "
     "partners; partnership group twice a year; independent scrutiny with an annual report."),
    ("Timeline to the new arrangements", "manager", "Cabinet 25 March; shadow form from 1 April; "
     "the WSCB stands down 31 August; new arrangements from 1 September 2019."),
    ("Officer and member discussion", "chair", "Children and young people must be central; "
     "reality check visits continue; bi-annual updates to the Scrutiny Committee."),
)
FUTURE = (  # board, starts, venue, items: upcoming meetings for the home page
    ("lscb", datetime(2027, 1, 20, 10, tzinfo=LONDON), BIRKENHEAD,
     (("Challenge log", "chair"), ("Core performance indicators: quarter 2", "performance"))),
    ("executive", datetime(2027, 3, 17, 14, tzinfo=LONDON), WALLASEY,
     (("Independent scrutiny annual report", "chair"), ("Risk register", "manager"))),
)

NS, IP, DONE = ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS, ActionStatus.COMPLETE
ACTIONS = (  # board, item title (None: entered directly), description, lead, due, status
    ("lscb", "Session 1: Implications of Working Together 2013", "For the CTB and WSCB to "
     "consider how best to ensure a productive relationship exists", "dcs", (2014, 3, 31), DONE),
    ("lscb", "Session 1: Implications of Working Together 2013", "For the CTB to review its "
     "current operational and sub group model", "dcs", (2014, 6, 30), DONE),
    ("lscb", "Session 2: Performance information", "Establish an extraordinary meeting in "
     "February 2014 to design multi-agency performance information", "manager", (2014, 2, 28),
     DONE),
    ("lscb", "Session 3: Ofsted review of the effectiveness of LSCBs", "Request examples of good "
     "or emerging practice from agencies", "manager", (2014, 3, 31), IP),
    ("improvement", "Progress against Ofsted recommendations", "Establish outcome indicators to "
     "evidence the longer-term impact of the WSCB actions", "manager", (2017, 9, 30), IP),
    ("improvement", "Core performance indicators", "Show sickness absence over time",
     "performance", (2017, 6, 28), DONE),
    ("improvement", "Audit framework and dip samples", "Set up a multi-agency task and finish "
     "group on the pre-birth pathway", "safeguarding", (2017, 7, 31), DONE),
    ("improvement", "Case complexity report", "Prepare a very simple paper outlining the numbers "
     "of young children becoming looked after", "analyst", (2017, 6, 28), DONE),
    ("improvement", "Workforce deep dive", "Invite a group manager to describe how sickness "
     "absence is managed", "hr", (2017, 7, 31), NS),
    ("executive", "Draft model: Wirral Safeguarding Partners", "Add prompts to police online "
     "forms so that officers record the child's voice", "partner", (2019, 9, 1), IP),
    ("lscb", None, "Resolve the partner funding proposal for the WSCB", "chief_exec",
     (2017, 5, 30), IP),
    ("performance", None, "Publish the revised audit framework", "qa", (2017, 5, 31), DONE),
    ("cse", None, "Report CSE disruption activity and prosecutions", "partner", (2027, 2, 15), NS),
)
CHALLENGES = (  # board, meeting day, question, raised by, to agency, response due
    ("lscb", date(2017, 3, 15), "A challenge to partners about use of the Graded Care Profile "
     "where neglect is a concern.", "chair", "council", date(2017, 5, 30)),
    ("lscb", date(2013, 12, 6), "How does the board hold the Children's Trust to account?",
     "chair", None, date(2014, 3, 19)),
    ("lscb", date(2017, 5, 30), "Are all serious incidents that meet the threshold notified to "
     "Ofsted, and on time?", "partner", "council", date(2017, 9, 20)),
)


# Warrington Safeguarding Children Board: LGA Peer Review Response, 26 January 2015 (seed 003).
WARRINGTON_PLAN = (
    (1, "To strengthen WSCB sub-group structure and further improve partnership links, "
        "including early years, the third sector and some of the minority communities in the "
        "town", (
        ("1.1", "Review membership of WSCB and its sub groups", (2015, 1, 31),
         "A review of WSCB membership and sub-groups has been undertaken. The Early Help "
         "Sub Group will move to the Children and Young People's Partnership, with the Board "
         "keeping scrutiny of early help.", DONE),
        ("1.2", "Improve partnership links with early years sector", (2015, 1, 31),
         "The Board member for the Warrington Association of Primary Head teachers also "
         "represents the early years sector.", DONE),
        ("1.3", "Improve partnership links with third sector by completing a review of Board "
                "and sub-group members", (2015, 3, 31), "To be completed in March.", IP),
        ("1.4", "Improve partnership links with some of the minority communities in the town "
                "by developing the role of the WSCB Faith and Community group", (2015, 1, 31),
         "An invitation was made to the WSCB Chair and WSCB Manager to meet with Imams and to "
         "deliver safeguarding training to the local mosques.", IP),
        ("1.5", "Develop the Board's understanding of the local communities in Warrington",
         (2015, 1, 31), "WSCB is working with the Changing Warrington Strategic Task and "
                        "Finish Group.", IP),
        ("1.6", "Deliver the action plan from the WSCB \"Understanding Our Communities\" "
                "workshop", (2015, 4, 30), "Action plan drafted.", IP),
    )),
    (2, "Ensure that lay members are given focused tasks in relation to their role", (
        ("2.1", "Recruit 2 lay members, one from Warrington's minority community, ensuring "
                "that the Board has a total of 3 lay members", (2015, 4, 30),
         "One additional lay member has been recruited.", IP),
        ("2.2", "Agree lead roles for lay members to undertake to support the work of the "
                "Board", (2015, 2, 28), "It has been agreed that one lay member is to "
                                        "champion private fostering for the Board.", DONE),
    )),
    (3, "At a strategic level keep sight of the WSCB priorities, business plan and delivery "
        "with the use of exception reporting to assist the sense of focus", (
        ("3.1", "Review the WSCB Business Plan to ensure that in 2015 it sets out the Board's "
                "current priorities", (2015, 2, 28), "Following a WSCB workshop in December "
                "2014 the business plan has been refreshed.", DONE),
        ("3.2", "Report by exception to the Board on the delivery of its priorities "
                "throughout 2015-2016", (2016, 3, 31), "", None),
    )),
    (4, "Build on the work already done to evidence impact, particularly with a systematic "
        "focus on children and young people", (
        ("4.1", "Review the WSCB Business Plan to include specific and measurable outcomes "
                "that demonstrate impact on children and young people", (2015, 2, 28),
         "Draft outcomes agreed at the Executive.", IP),
        ("4.2", "Ensure that the voice of the child and their lived experience is reported to "
                "the Board as part of the learning from multi-agency audits", (2015, 12, 31),
         "The next multi-agency audit will include the voice of the child.", IP),
    )),
    (5, "Strengthen the Board's approach to risk management", (
        ("5.1", "Identify operational and strategic changes for partner agencies which may "
                "impact on the effectiveness of services to safeguard children", (2015, 6, 30),
         "", None),
    )),
)

class Command(BaseCommand):
    help = "Load realistic demo data (fictional people) drawn from the seed board papers."

    def handle(self, *args, **options):
        if Person.objects.filter(email=CHAIR_EMAIL).exists():
            self.stdout.write("Demo data already loaded")
        else:
            with transaction.atomic():
                Demo().build()
                for key in ("chair", "manager"):
                    # Office holders must use an authenticator app, in the demo too: these
                    # two get a published secret (`make totp` prints the current codes).
                    TOTP.activate(Person.objects.get(email=f"{key}@{DOMAIN}"), DEMO_TOTP_SECRET)
            for model in (Agency, Person, Board, Membership, Meeting, AgendaItem, Action,
                          Challenge, IndicatorValue):
                name = model._meta.verbose_name_plural.capitalize()
                self.stdout.write(f"{name:<18}{model.objects.count()}")
        self.stdout.write(f"\n{'Sign in as':<36}{'Password':<20}What they can do")
        for key, can in SIGN_INS.items():
            self.stdout.write(f"{key + '@' + DOMAIN:<36}{DEMO_PASSWORD:<20}{can}")
        self.stdout.write(
            f"\nThe chair and the business manager are asked for an authenticator code: add the "
            f"secret {DEMO_TOTP_SECRET} to any authenticator app, or run `make totp` in another "
            f"terminal for the current codes."
        )

def _at(day, hour=10, minute=0):
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


def _membership_row(person, role, lead_role="", ends_on=None):
    return person, role, lead_role, ends_on


class Demo:
    def build(self):
        self.agencies = {key: Agency.objects.create(name=name, short_name=short, sector=sector)
                         for key, (name, short, sector) in AGENCIES.items()}
        self.people = {key: self.person(key, *row) for key, row in PEOPLE.items()}
        self.manager, self.chair = self.people["manager"], self.people["chair"]
        self.boards, self.starts, self.meetings, self.items = {}, {}, {}, {}
        self.make_boards()
        self.make_memberships()
        self.lscb_meetings()
        self.improvement_meetings()
        self.other_meetings()
        self.make_actions()
        self.make_challenges()
        self.make_warrington_plan()
        performance_demo.load(
            board=self.boards["lscb"], agencies=self.agencies, manager=self.manager,
            validator=self.people["performance"],
            submitters={"council": self.people["analyst"], "police": self.people["partner"],
                        "ccg": self.people["nurse"]})

    def person(self, key, full_name, job_title, agency):
        password = DEMO_PASSWORD if key in SIGN_INS else None
        return Person.objects.create_user(f"{key}@{DOMAIN}", password, full_name=full_name,
                                          job_title=job_title, agency=self.agencies.get(agency))

    def make_boards(self):
        for key, name, kind, parent, start, quorum, statutory, sunset, purpose in BOARDS:
            board = services.board_create(
                created_by=self.manager, parent=self.boards.get(parent), reports_from=start,
                name=name, kind=kind, purpose=purpose, quorum_minimum=quorum,
                quorum_requires_statutory_partners=statutory, sunset_on=sunset)
            # board_create starts the business manager today; the demo boards are older.
            membership = board.memberships.get(person=self.manager)
            membership.starts_on = start
            services.membership_save(membership=membership)
            self.boards[key], self.starts[key] = board, start
        day, note = EARLY_HELP_MOVE
        services.reporting_line_move(board=self.boards["early_help"],
                                     reports_to=self.boards["warr_cypp"], starts_on=day, note=note)

    def make_memberships(self):
        for key, rows in MEMBERSHIPS.items():
            for row in rows:
                person, role, lead_role, ends_on = _membership_row(*row)
                services.membership_save(membership=Membership(
                    person=self.people[person], board=self.boards[key], role=role,
                    lead_role=lead_role, starts_on=self.starts[key], ends_on=ends_on))

    # Meetings and minutes ------------------------------------------------------------------

    def meeting(self, key, starts_at, venue, kind=MeetingKind.ORDINARY, title="", hours=2.5):
        meeting = services.meeting_schedule(
            board=self.boards[key], created_by=self.manager, kind=kind, title=title,
            starts_at=starts_at, ends_at=starts_at + timedelta(hours=hours), venue=venue)
        self.meetings[(key, starts_at.date())] = meeting
        return meeting

    def item(self, meeting, title, presenter, discussion="", decisions="", confidential=False):
        item = services.agenda_item_add(meeting=meeting, title=title,
                                        presenter=self.people.get(presenter),
                                        is_confidential=confidential)
        if discussion or decisions:
            item.discussion, item.decisions, item.updated_by = discussion, decisions, self.manager
            item.save()
        self.items.setdefault(title, item)  # actions refer to the first item of a title
        return item

    def attendance(self, meeting, present=(), in_attendance=(), apologies=(), deputies=None):
        deputies = deputies or {}
        rows = [(self.people[key], status, self.people.get(deputies.get(key)),
                 CAPACITY.get(key, self.people[key].job_title))
                for status, keys in ((PRESENT, present), (IN_ATTENDANCE, in_attendance),
                                     (APOLOGIES, apologies)) for key in keys]
        services.attendance_record(meeting=meeting, rows=rows)

    def minutes(self, meeting, approved_at=None, amendments=""):
        """Circulate; approve and publish them at the next meeting if it has taken place."""
        services.minutes_circulate(meeting=meeting, by=self.manager)
        dates = {"minutes_circulated_at": meeting.starts_at + timedelta(days=14)}
        if approved_at is not None:
            services.minutes_approve(meeting=meeting, at_meeting=approved_at,
                                     amendments=amendments, by=self.chair)
            services.minutes_publish(meeting=meeting, by=self.chair)
            dates["minutes_published_at"] = approved_at.starts_at + timedelta(days=3)
        Meeting.objects.filter(pk=meeting.pk).update(**dates)  # when it really happened

    def lscb_meetings(self):
        core = {"chair", "partner", "dcs", "ccg"}  # always there: the board stays quorate
        keys = {person.pk: key for key, person in self.people.items()}
        held = []
        for n, (day, kind, title, presenter, minute) in enumerate(LSCB_MEETINGS):
            if kind == MeetingKind.DEVELOPMENT_DAY:
                meeting = self.meeting("lscb", _at(day, 9, 30), BIRKENHEAD, kind, hours=6.5,
                                       title="Joint development day with the Children's Trust")
                for args in DEVELOPMENT_DAY_ITEMS:
                    self.item(meeting, *args)
            else:
                meeting = self.meeting("lscb", _at(day), BIRKENHEAD, kind)
                self.item(meeting, title, presenter, minute)
            present, apologies, advisers, deputies = [], [], ["manager"], {}
            members = (Membership.objects.current(day).filter(board=self.boards["lscb"])
                       .exclude(role=Role.BUSINESS_MANAGER))
            for i, membership in enumerate(members):
                key = keys[membership.person_id]
                if membership.role == Role.ADVISER:
                    advisers.append(key)
                elif key in core or (n + i) % 5:
                    present.append(key)
                else:
                    apologies.append(key)
            if day == DEPUTY_DAY:  # an apology with a deputy
                present[present.index("partner")] = "dci"
                apologies.append("partner")
                deputies["partner"] = "dci"
            self.attendance(meeting, present, advisers, apologies, deputies)
            held.append(meeting)
        for meeting, following in zip(held, held[1:] + [None], strict=True):
            self.minutes(meeting, approved_at=following)

    def improvement_meetings(self):
        officers = ["deputy_dcs", "safeguarding", "performance", "transformation", "qa",
                    "analyst", "hr", "manager"]
        members = ["chair", "leader", "cabinet", "libdem", "partner", "dci", "ccg", "heads", "dcs"]
        march = self.meeting("improvement", _at(date(2017, 3, 22), 14), WALLASEY, hours=2)
        for args in IB_MARCH_ITEMS:
            self.item(march, *args)
        self.attendance(march, members, officers[:4] + ["manager"],
                        ["cwp", "chief_exec", "nhse", "dfe"])
        # The Chair moved the meetings to Birkenhead: "members check before each meeting".
        may = self.meeting("improvement", _at(date(2017, 5, 10), 14), BIRKENHEAD, hours=2)
        amendment = f"To be amended to reflect {self.people['cwp'].full_name} providing apologies."
        minutes_item = may.agenda_items.get(position=1)
        minutes_item.discussion = (
            "The Chair asked that future meetings be held at Birkenhead Town Hall when a room is "
            "available; members should check the venue before each meeting.")
        minutes_item.decisions = f"Minutes of 22 March 2017 agreed as accurate. {amendment}"
        minutes_item.save()
        for title, presenter, confidential, discussion in IB_MAY_ITEMS:
            self.item(may, title, presenter, discussion, confidential=confidential)
        self.attendance(may, members + ["cwp"], officers, ["chief_exec", "nhse", "dfe"])
        june = self.meeting("improvement", _at(date(2017, 6, 28), 14), WALLASEY, hours=2)
        for title, presenter in IB_JUNE_ITEMS:
            self.item(june, title, presenter)
        self.minutes(march, approved_at=may, amendments=amendment)
        self.minutes(may)  # circulated, not yet approved

    def other_meetings(self):
        trust = self.meeting("trust", _at(date(2014, 1, 21), 14), WALLASEY, hours=2)
        self.item(trust, "WSCB and Children's Trust Board Development Day: summary report",
                  "manager", "47 colleagues from both boards attended on 6 December 2013.",
                  "That the Trust Board note the report and consider the outcomes from the day.")
        self.attendance(trust, ["dcs", "cabinet", "ccg", "heads", "vcaw"], ["manager"])
        workshop = self.meeting("executive", _at(date(2019, 1, 15), 14), WALLASEY,
                                MeetingKind.WORKSHOP, hours=3,
                                title="Future multi-agency safeguarding arrangements")
        for args in WORKSHOP_ITEMS:
            self.item(workshop, *args)
        self.attendance(workshop, ["dcs", "partner", "ccg"], ["chair", "manager", "deputy_dcs"])
        self.minutes(workshop)
        for key, starts_at, venue, items in FUTURE:
            meeting = self.meeting(key, starts_at, venue)
            for title, presenter in items:
                self.item(meeting, title, presenter)
        neglect = self.boards["neglect"]  # reports back to the LSCB before its sunset date
        neglect.report_back_meeting = self.meetings[("lscb", FUTURE[0][1].date())]
        neglect.save(update_fields=["report_back_meeting"])

    # Holding partners to account -----------------------------------------------------------

    def make_actions(self):
        for board, title, description, lead, due, status in ACTIONS:
            item, person = self.items.get(title), self.people[lead]
            assert item is None or item.meeting.board == self.boards[board], title
            action = Action.objects.create(
                board=self.boards[board], description=description, lead_person=person,
                lead_agency=person.agency, due_on=date(*due), status=status,
                source=ActionSource.MINUTE_ITEM if item else ActionSource.DIRECT,
                agenda_item=item, is_confidential=bool(item and item.is_confidential),
                created_by=self.manager)
            raised = item.meeting.starts_at if item else _at(date(*due)) - timedelta(days=60)
            Action.objects.filter(pk=action.pk).update(created_at=raised)

    def make_warrington_plan(self):
        """The board's action plan in response to the LGA peer review (seed 003), numbered
        under its areas for development, with the February 2015 progress updates."""
        board, lead = self.boards["warrington"], self.people["warr_manager"]
        plan = ActionPlan.objects.create(board=board, source=ActionSource.RECOMMENDATION,
                                         title="LGA peer review response: action plan")
        for number, title, actions in WARRINGTON_PLAN:
            area = AreaForDevelopment.objects.create(plan=plan, number=number, title=title)
            for action_number, description, due, update, status in actions:
                action = action_services.action_create(
                    board=board, created_by=lead, plan=plan, area=area, number=action_number,
                    description=description, lead_person=lead, lead_agency=lead.agency,
                    due_on=date(*due), source=ActionSource.RECOMMENDATION,
                )
                if update:
                    action_services.progress_add(action=action, by=lead, text=update,
                                                 status=status, version=action.version)

    def make_challenges(self):
        for board, day, question, raised_by, agency, due_on in CHALLENGES:
            meeting = self.meetings[(board, day)]
            challenge = Challenge.objects.create(
                board=self.boards[board], question=question, raised_by=self.people[raised_by],
                raised_at_meeting=meeting, raised_on=meeting.starts_at.date(),
                response_due_on=due_on, status=ChallengeStatus.AWAITING_RESPONSE,
                to_board=None if agency else self.boards.get("trust"))
            if agency:
                challenge.to_agencies.add(self.agencies[agency])
            Challenge.objects.filter(pk=challenge.pk).update(created_at=meeting.starts_at)
