"""`manage.py load_demo`: realistic demo data drawn from the papers in /work/shared/seeds/.

Boards, agencies, venues, figures and wording come from the Wirral and Warrington papers; every
person is fictional. Runs once: if the demo chair already exists it says so and stops.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand
from django.db import transaction

from actions.models import Action, ActionSource, ActionStatus
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

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 – published demo sign-in, not a secret
DOMAIN = "demo.safeguard.invalid"
CHAIR_EMAIL = f"chair@{DOMAIN}"
LONDON = ZoneInfo("Europe/London")
PRESENT, IN_ATTENDANCE = AttendanceStatus.PRESENT, AttendanceStatus.IN_ATTENDANCE
APOLOGIES = AttendanceStatus.APOLOGIES
WALLASEY, BIRKENHEAD = "Committee Room 1, Wallasey Town Hall", "Birkenhead Town Hall"

AGENCIES = (  # name, short name, sector
    ("Wirral Council", "", Sector.LOCAL_AUTHORITY),
    ("Merseyside Police", "", Sector.POLICE),
    ("Wirral Clinical Commissioning Group", "Wirral CCG", Sector.HEALTH),
    ("Wirral University Teaching Hospital NHS Foundation Trust", "WUTH", Sector.HEALTH),
    ("Wirral Community NHS Foundation Trust", "Wirral Community", Sector.HEALTH),
    ("Cheshire and Wirral Partnership NHS Foundation Trust", "CWP", Sector.HEALTH),
    ("National Probation Service", "NPS", Sector.PROBATION),
    ("Community Rehabilitation Company", "CRC", Sector.PROBATION),
    ("Merseyside Fire and Rescue Service", "MFRS", Sector.FIRE),
    ("Wirral Association of Secondary Headteachers", "WASH", Sector.EDUCATION),
    ("Voluntary and Community Action Wirral", "VCAW", Sector.VOLUNTARY),
    ("Department for Education", "DfE", Sector.OTHER),
    ("NHS England", "", Sector.HEALTH),
    ("Warrington Borough Council", "", Sector.LOCAL_AUTHORITY),
    ("Cheshire Constabulary", "", Sector.POLICE),
)

# key (also the email's local part): full name (fictional), job title, agency
PEOPLE = {
    "chair": ("Helen Marsden", "Independent Chair, Wirral Safeguarding Children Board; "
              "Chair of Wirral Improvement Board", None),
    "manager": ("Daniel Whitfield", "WSCB Business Manager", "Wirral Council"),
    "partner": ("Mark Dalton", "Superintendent, Area Commander", "Merseyside Police"),
    "reader": ("Ruth Ashcroft", "Councillor, Chair of Children and Families Overview & "
               "Scrutiny Committee", None),  # no agency: a pure reader
    "leader": ("Peter Lydiate", "Councillor, Leader of the Council", "Wirral Council"),
    "cabinet": ("Graham Seddon", "Councillor, Cabinet Member for Children & Family Services",
                "Wirral Council"),
    "libdem": ("Philippa Garside", "Councillor, Liberal Democrat Leader", "Wirral Council"),
    "chief_exec": ("Edward Rowlands", "Chief Executive", "Wirral Council"),
    "dcs": ("Joanna Hollins", "Director for Children's Services", "Wirral Council"),
    "deputy_dcs": ("Sarah Whitby", "Deputy Director for Children's Services", "Wirral Council"),
    "safeguarding": ("Karen Mistry", "Head of Children's Safeguarding", "Wirral Council"),
    "performance": ("Claire Bradshaw", "Head of Performance, Quality & Improvement",
                    "Wirral Council"),
    "transformation": ("Martin Hulme", "Business & Transformation Manager", "Wirral Council"),
    "qa": ("Rebecca Thornley", "Quality Assurance & Auditing Officer", "Wirral Council"),
    "analyst": ("Stuart Pennington", "Consultant in Social Care Performance", "Wirral Council"),
    "hr": ("Tom Ridley", "Acting Assistant Director – HR & OD", "Wirral Council"),
    "dci": ("Tessa Howarth", "Detective Chief Inspector, Public Protection", "Merseyside Police"),
    "ccg": ("Linda Quayle", "Director of Policy & Patient Safety",
            "Wirral Clinical Commissioning Group"),
    "nurse": ("Susan Farrell", "Designated Nurse for Safeguarding Children",
              "Wirral Clinical Commissioning Group"),
    "cwp": ("Gillian Moorcroft", "Director of Nursing, Therapies and Patient Partnership",
            "Cheshire and Wirral Partnership NHS Foundation Trust"),
    "wuth": ("Rachel Oduya", "Named Nurse for Safeguarding Children",
             "Wirral University Teaching Hospital NHS Foundation Trust"),
    "community": ("Joanne Bickerstaff", "Head of Safeguarding",
                  "Wirral Community NHS Foundation Trust"),
    "nhse": ("Deborah Kenyon", "Head of Quality, Cheshire and Merseyside", "NHS England"),
    "dfe": ("Anthony Beresford", "Department for Education Improvement Adviser",
            "Department for Education"),
    "heads": ("Louise Atherton", "Chair of Wirral Association of Secondary Headteachers",
              "Wirral Association of Secondary Headteachers"),
    "nps": ("Colin Bramhall", "Head of Wirral Local Delivery Unit", "National Probation Service"),
    "crc": ("Janet Pryce", "Assistant Chief Officer", "Community Rehabilitation Company"),
    "fire": ("Neil Ashworth", "Group Manager, Community Risk Management",
             "Merseyside Fire and Rescue Service"),
    "vcaw": ("Annette Kirkby", "Chief Executive", "Voluntary and Community Action Wirral"),
    "lay": ("Margaret Doyle", "Lay member", None),
    "lay2": ("Samuel Okafor", "Lay member", None),
    "warr_chair": ("Judith Aldridge", "Independent Chair, Warrington Safeguarding Children "
                   "Board", None),
    "warr_manager": ("Fiona Wetherall", "WSCB & Partnerships Manager",
                     "Warrington Borough Council"),
    "warr_police": ("Paul Grimshaw", "Chief Inspector, Warrington Local Policing Unit",
                    "Cheshire Constabulary"),
}
SIGN_INS = {  # key: what they can do
    "chair": "independent chair of the LSCB, chair of the Improvement Board: approves minutes, "
             "raises and reviews challenges",
    "manager": "business manager of every board: creates boards, meetings, minutes, actions",
    "partner": "Merseyside Police partner member: sees and updates actions for the police",
    "reader": "scrutiny councillor, no memberships: reads published minutes and reports",
}

D2013 = date(2013, 4, 1)
BOARDS = (  # key, name, kind, parent key, from, quorum, statutory partners, sunset, purpose
    ("lscb", "Wirral Safeguarding Children Board", BoardKind.LSCB, None, D2013, 6, True, None,
     "To coordinate what is done by each body represented on the Board to safeguard and promote "
     "the welfare of children in Wirral, and to ensure the effectiveness of what they do."),
    ("trust", "Wirral Children's Trust Board", BoardKind.TRUST_BOARD, None, D2013, 5, False,
     None, "To enable Wirral's children, young people and families to access services quickly in "
     "order to be secure, healthy, have fun and achieve their full potential."),
    ("improvement", "Wirral Improvement Board", BoardKind.IMPROVEMENT_BOARD, None,
     date(2016, 9, 1), 5, False, None, "Oversees the improvement of children's services after "
     "the 2016 Ofsted inspection and the council's response to intervention."),
    ("performance", "Performance and Quality Assurance Sub-committee", BoardKind.SUB_COMMITTEE,
     "lscb", D2013, 3, False, None, "Scrutinises the multi-agency dataset and audit programme."),
    ("case_review", "Case Review Sub-committee", BoardKind.SUB_COMMITTEE, "lscb", D2013, 3,
     False, None, "Serious case and critical incident reviews; serious incident notifications."),
    ("learning", "Learning and Development Sub-committee", BoardKind.SUB_COMMITTEE, "lscb", D2013,
     3, False, None, "The multi-agency training programme and the evaluation of its impact."),
    ("cse", "Child Sexual Exploitation Sub-committee", BoardKind.SUB_COMMITTEE, "lscb", D2013, 3,
     False, None, "Delivers the Board's action plan to tackle child sexual exploitation."),
    ("neglect", "Neglect Strategy Task and Finish Group", BoardKind.TASK_AND_FINISH, "lscb",
     date(2026, 9, 1), 3, False, date(2027, 3, 31),
     "Refreshes the neglect strategy and the use of the Graded Care Profile."),
    ("young_people", "Children and Young People's Reference Group", BoardKind.REFERENCE_GROUP,
     "lscb", D2013, 1, False, None, "Brings the voice of children and young people to the Board."),
    ("executive", "Wirral Safeguarding Children Partnership Executive",
     BoardKind.PARTNERSHIP_EXECUTIVE, None, date(2019, 1, 1), 3, True, None,
     "The three statutory safeguarding partners: Wirral Council, Merseyside Police and Wirral "
     "CCG."),
    ("warrington", "Warrington Safeguarding Children Board", BoardKind.LSCB, None, D2013, 6,
     True, None, ""),
    ("warr_cypp", "Warrington Children and Young People's Partnership", BoardKind.TRUST_BOARD,
     None, D2013, 5, False, None, ""),
    ("early_help", "Early Help Sub-group", BoardKind.SUB_COMMITTEE, "warrington", D2013, 3, False,
     None, ""),
)
EARLY_HELP_MOVE = (date(2015, 2, 1), "LGA peer review action plan 1.1: the Early Help Sub Group "
                   "reports to the Children and Young People's Partnership; the WSCB continues to "
                   "scrutinise its outcomes and impact.")

P, VC, AD, LAY = Role.PARTNER_MEMBER, Role.VICE_CHAIR, Role.ADVISER, Role.LAY_MEMBER
MEMBERSHIPS = {  # board: (person, role[, lead role[, ends on]])
    "lscb": (("chair", Role.INDEPENDENT_CHAIR), ("partner", VC), ("dcs", P), ("cabinet", P),
             ("ccg", P), ("nurse", P), ("cwp", P), ("wuth", P), ("community", P), ("heads", P),
             ("nps", P), ("crc", P, "", date(2016, 5, 31)), ("fire", P), ("vcaw", P),
             ("lay", LAY, "Champion for private fostering"), ("lay2", LAY), ("safeguarding", AD)),
    "improvement": (("chair", Role.CHAIR), ("leader", P), ("cabinet", P), ("libdem", P),
                    ("chief_exec", P), ("dcs", P), ("partner", P), ("dci", P), ("ccg", P),
                    ("cwp", P), ("heads", P), ("nhse", P), ("dfe", AD), ("deputy_dcs", AD)),
    "trust": (("dcs", Role.CHAIR), ("cabinet", P), ("ccg", P), ("heads", P), ("vcaw", P)),
    "performance": (("ccg", Role.CHAIR), ("qa", AD), ("performance", P),
                    ("lay", LAY, "Quality assurance")),
    "case_review": (("safeguarding", Role.CHAIR), ("partner", P), ("nurse", P)),
    "learning": (("community", Role.CHAIR), ("fire", P)),
    "cse": (("dci", Role.CHAIR), ("partner", P), ("vcaw", P)),
    "neglect": (("nurse", Role.CHAIR), ("community", P), ("safeguarding", P)),
    "young_people": (("vcaw", Role.CHAIR),),
    "executive": (("dcs", Role.CHAIR), ("partner", P), ("ccg", P),
                  ("chair", AD, "Independent scrutiny")),
    "warrington": (("warr_chair", Role.INDEPENDENT_CHAIR), ("warr_police", P),
                   ("warr_manager", AD)),
    "warr_cypp": (("warr_manager", AD),),
    "early_help": (("warr_manager", AD),),
}

# LSCB meetings: day, kind, one item (title, presenter, minute). 10:00–12:30 unless a day.
LSCB_MEETINGS = (
    (date(2013, 6, 12), "ordinary", "Annual report 2012-13", "manager",
     "117 Section 11 audits; 16 learning points from one serious and one critical case review; "
     "28 courses (90 sessions) for over 1,000 professionals; 1,116 children supported through "
     "Team Around the Child, 56% closed with needs met; 139 allegations (physical abuse 61%, "
     "sexual abuse 18%). Approved for publication."),
    (date(2013, 9, 18), "ordinary", "Working Together 2013 and the Ofsted review of LSCBs",
     "chair", "The Board resolved to hold a development day in December with the Children's "
     "Trust Board to discuss Working Together 2013 and preparation for inspection."),
    (date(2013, 12, 6), "development_day", None, None, None),
    (date(2014, 2, 19), "extraordinary", "Multi-agency performance information", "performance",
     "Partners from the Board and the Trust Board designed a model for presenting performance "
     "information that allows drilling down to the data behind the data and triangulation with "
     "audits and feedback. A draft dataset will come to the Board in March 2014."),
    (date(2014, 3, 19), "ordinary", "Draft multi-agency dataset", "performance",
     "The draft dataset was agreed, with fewer social care measures and more from health, "
     "police and schools."),
    (date(2014, 7, 16), "ordinary", "Child sexual exploitation action plan", "partner",
     "The multi-agency CSE sub-committee is established; awareness raising in communities and "
     "disruption activity were reported."),
    (date(2014, 11, 19), "ordinary", "Section 11 audit and accountability meetings", "manager",
     "New Section 11 audit returned by all agencies; accountability meetings held with three."),
    (date(2015, 3, 18), "ordinary", "Learning from serious case reviews", "safeguarding",
     "Learning disseminated through briefings; the training programme tests it in audits."),
    (date(2015, 7, 15), "ordinary", "Multi-Agency Safeguarding Hub", "dcs",
     "Progress on co-locating children's and adults' safeguarding in the MASH."),
    (date(2015, 11, 18), "ordinary", "Annual report 2014-15", "manager",
     "Approved for publication; to be widely publicised, as the development day recommended."),
    (date(2016, 3, 16), "ordinary", "Private fostering annual report", "lay",
     "The champion for private fostering presented the annual report on notifications."),
    (date(2016, 7, 20), "ordinary", "Ofsted review of the effectiveness of the WSCB", "chair",
     "Ofsted made seven recommendations to the Board; an improvement action plan will follow."),
    (date(2016, 11, 16), "ordinary", "WSCB improvement action plan", "manager",
     "25 actions against the seven recommendations agreed, with support from the LGA."),
    (date(2017, 3, 15), "ordinary", "Neglect and the Graded Care Profile", "safeguarding",
     "Use of the Graded Care Profile where neglect is a concern varies across agencies. The "
     "Board added a challenge to partners to its challenge log."),
    (date(2017, 5, 30), "ordinary", "Serious incident notifications", "safeguarding",
     "The notification procedure is clear but some incidents are recognised late. The Board "
     "challenged compliance with the procedure and will test understanding of it."),
    (date(2017, 9, 20), "ordinary", "Neglect strategy", "nurse",
     "The designated nurse presented the refreshed neglect strategy."),
    (date(2018, 1, 17), "ordinary", "Audit framework: voice of families and practitioners", "qa",
     "Frontline practitioners and families now contribute to every multi-agency audit."),
    (date(2018, 5, 16), "ordinary", "Child sexual exploitation sub-committee report", "dci",
     "Referrals, disruption activity and prosecutions for the year were reported."),
    (date(2018, 9, 19), "ordinary", "Working Together 2018: future arrangements", "manager",
     "The three safeguarding partners will replace the Board by September 2019."),
    (date(2019, 3, 20), "ordinary", "Wirral Safeguarding Partners: the model", "manager",
     "Model agreed at Cabinet on 25 March 2019 and published on 29 March 2019."),
    (date(2019, 6, 19), "ordinary", "Transition to the new arrangements", "chair",
     "The WSCB stands down at midnight on 31 August 2019; the new statutory arrangements start "
     "on 1 September 2019."),
)
DEPUTY_DAY = date(2018, 5, 16)  # the area commander sends the DCI in his place
DEVELOPMENT_DAY_ITEMS = (
    ("Session 1: Implications of Working Together 2013", "chair",
     "Lines of responsibility between the WSCB and the Children's Trust Board are often unclear. "
     "How does the WSCB hold the CTB to account? A review of communication and of the role and "
     "purpose of sub-committees is needed."),
    ("Session 2: Performance information", "safeguarding",
     "The data is social care 'heavy'; boards can be data rich but intelligence poor. Proposed: "
     "multi-agency data, drilling down, triangulation with audits and feedback."),
    ("Session 3: Ofsted review of the effectiveness of LSCBs", "chair",
     "Readiness questionnaire: record good practice, involve frontline practitioners in audits, "
     "record the voice of the child, family and practitioner, and show better challenge."),
)
IB_MARCH_ITEMS = (
    ("Director's update", "dcs", "Progress on People, Practice and Performance; the Board asked "
     "what a good assessment of children aged 0-2 looks like and about case complexity."),
    ("Improvement monitoring", "performance", "Summary report on the improvement plan noted."),
)
IB_MAY_ITEMS = (  # title, presenter, confidential, discussion
    ("Action Tracker", "manager", False,
     "The progress of completing actions captured in the Action Tracker was noted."),
    ("Director's update", "dcs", False,
     "Ofsted's monitoring visit on 5-6 April 2017 looked at Step Up & Step Down. The DfE "
     "six-month review on 4-5 May recommended five areas for development; its verdict was that "
     "progress is good but still fragile."),
    ("Progress against Ofsted recommendations", "chair", False,
     "Overall 23 out of 25 actions completed, 5 out of 25 show evidence of impact. The operating "
     "framework is published; the funding proposal has been escalated to the Chief Executive "
     "for the WSCB on 30 May. The focus must move from process to outcomes."),
    ("Challenge log", "chair", False,
     "Challenges are tracked at each WSCB meeting. A challenge to partners about use of the "
     "Graded Care Profile where neglect is a concern has been added to the log."),
    ("Risk register", "manager", False,
     "A risk register for all committees is being introduced so issues are recorded and "
     "escalated without delay; the Improving Outcomes sub-committee owns it."),
    ("Core performance indicators", "performance", False,
     "The WSCB has agreed 21 core performance indicators aligned with this Board's. Repeat "
     "contacts are down from 19.1% at inspection to 5.1% in March 2017. Sickness absence is "
     "17.17 FTE days lost; members asked to see sickness over time. Comparisons with neighbours "
     "need care as definitions differ."),
    ("Audit framework and dip samples", "safeguarding", False,
     "121 assessments of children aged 0-2 completed January-March 2017. Dip sample of 26 with "
     "no further action: 19 appropriate, 4 unclear, 7 where support might have helped, "
     "1 disagreed and referred back. A multi-agency pre-birth task and finish group follows."),
    ("Case complexity report", "deputy_dcs", True,
     "Highly confidential, anonymised live cases. Members warned that complexity must not be "
     "seen as the norm. The proportion of very young children looked after has doubled."),
    ("Workforce deep dive", "hr", False,
     "Short-term sickness remains the biggest issue. Managers must be required, not invited, to "
     "attend training. A regional approach to recruitment is needed."),
)
IB_JUNE_ITEMS = (
    ("Ofsted monitoring visit letter", "dcs"),
    ("Young children becoming looked after", "analyst"),
)
WORKSHOP_ITEMS = (
    ("Draft model: Wirral Safeguarding Partners", "manager",
     "Three statutory partners' executive group; a partnership group meeting twice a year; "
     "independent scrutiny with an annual report; business intelligence and quality assurance; "
     "themed groups; pan-Merseyside groups."),
    ("Timeline to the new arrangements", "manager",
     "Consultation ends 31 January; Cabinet 25 March; shadow form from 1 April; the WSCB stands "
     "down on 31 August 2019; new arrangements from 1 September 2019."),
)
FUTURE = (  # board, start, venue, items
    ("lscb", datetime(2027, 1, 20, 10, 0, tzinfo=LONDON), BIRKENHEAD,
     (("Challenge log", "chair"), ("Core performance indicators: quarter 2", "performance"))),
    ("executive", datetime(2027, 3, 17, 14, 0, tzinfo=LONDON), WALLASEY,
     (("Independent scrutiny annual report", "chair"), ("Risk register", "manager"))),
)

# Actions: (board, item title or None for direct, description, lead, due, status)
NS, IP, DONE = ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS, ActionStatus.COMPLETE
ACTIONS = (
    ("lscb", "Session 1: Implications of Working Together 2013", "For the CTB and WSCB to "
     "consider how best to ensure a productive relationship exists", "dcs", date(2014, 3, 31),
     DONE),
    ("lscb", "Session 1: Implications of Working Together 2013", "For the CTB to review its "
     "current operational and sub group model", "dcs", date(2014, 6, 30), DONE),
    ("lscb", "Session 2: Performance information", "Establish an extraordinary meeting in "
     "February 2014 to design a model for presenting multi-agency performance information",
     "manager", date(2014, 2, 28), DONE),
    ("lscb", "Session 3: Ofsted review of the effectiveness of LSCBs", "Request examples of good "
     "or emerging practice from agencies which demonstrate the effectiveness of the WSCB",
     "manager", date(2014, 3, 31), IP),
    ("improvement", "Progress against Ofsted recommendations", "Establish outcome indicators to "
     "evidence the longer-term impact of the WSCB actions, including the voice of young people",
     "manager", date(2017, 9, 30), IP),
    ("improvement", "Core performance indicators", "Show sickness absence over time in the "
     "improvement monitoring report", "performance", date(2017, 6, 28), DONE),
    ("improvement", "Audit framework and dip samples", "Set up a multi-agency task and finish "
     "group on the pre-birth pathway", "safeguarding", date(2017, 7, 31), DONE),
    ("improvement", "Case complexity report", "Prepare a very simple paper outlining the numbers "
     "of young children becoming looked after", "analyst", date(2017, 6, 28), DONE),
    ("improvement", "Workforce deep dive", "Invite a group manager to describe how sickness "
     "absence is managed and how the corporate process helps", "hr", date(2017, 7, 31), NS),
    ("executive", "Draft model: Wirral Safeguarding Partners", "Add prompts to police online "
     "forms so frontline officers record the child's voice", "partner", date(2019, 9, 1), IP),
    ("lscb", None, "Resolve the partner funding proposal for the WSCB", "chief_exec",
     date(2017, 5, 30), IP),
    ("performance", None, "Publish the revised audit framework, including how families and "
     "frontline practitioners take part", "qa", date(2017, 5, 31), DONE),
    ("cse", None, "Report CSE disruption activity and prosecutions to the sub-committee",
     "partner", date(2027, 2, 15), NS),
)
CHALLENGES = (  # board, meeting day, question, raised by, to agency, response due
    ("lscb", date(2017, 3, 15), "A challenge to partners about use of the Graded Care Profile "
     "where neglect is a concern: how consistently is it used, and what difference does it make "
     "to children's plans?", "chair", "Wirral Council", date(2017, 5, 30)),
    ("lscb", date(2013, 12, 6), "How does the board hold the Children's Trust to account?",
     "chair", None, date(2014, 3, 19)),
    ("lscb", date(2017, 5, 30), "How do agencies make sure every serious incident that meets the "
     "threshold is notified to Ofsted, and on time?", "partner", "Wirral Council",
     date(2017, 9, 20)),
)


class Command(BaseCommand):
    help = "Load realistic demo data (fictional people) drawn from the seed board papers."

    def handle(self, *args, **options):
        if Person.objects.filter(email=CHAIR_EMAIL).exists():
            self.stdout.write("Demo data already loaded")
            return
        with transaction.atomic():
            Demo().build()
        self.summary()

    def summary(self):
        for model in (Agency, Person, Board, Membership, Meeting, AgendaItem, Action, Challenge):
            self.stdout.write(f"{model._meta.verbose_name_plural.capitalize():<15} "
                              f"{model.objects.count()}")
        self.stdout.write(f"\n{'Sign in as':<32} {'password':<20} can")
        for key, can in SIGN_INS.items():
            self.stdout.write(f"{key + '@' + DOMAIN:<32} {DEMO_PASSWORD:<20} {can}")


def _at(day, hour=10, minute=0):
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


def _membership_row(person, role, lead_role="", ends_on=None):
    return person, role, lead_role, ends_on


class Demo:
    def build(self):
        self.agencies = {name: Agency.objects.create(name=name, short_name=short, sector=sector)
                         for name, short, sector in AGENCIES}
        self.people = {key: self.person(key, *row) for key, row in PEOPLE.items()}
        self.manager, self.chair = self.people["manager"], self.people["chair"]
        self.boards, self.meetings, self.items = {}, {}, {}
        self.make_boards()
        self.make_memberships()
        self.lscb_meetings()
        self.improvement_meetings()
        self.other_meetings()
        self.make_actions()
        self.make_challenges()

    def person(self, key, full_name, job_title, agency):
        password = DEMO_PASSWORD if key in SIGN_INS else None
        return Person.objects.create_user(f"{key}@{DOMAIN}", password, full_name=full_name,
                                          job_title=job_title,
                                          agency=self.agencies.get(agency))

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
            self.boards[key] = (board, start)
        day, note = EARLY_HELP_MOVE
        services.reporting_line_move(board=self.board("early_help"),
                                     reports_to=self.board("warr_cypp"), starts_on=day, note=note)

    def board(self, key):
        return self.boards[key][0]

    def make_memberships(self):
        for key, rows in MEMBERSHIPS.items():
            board, start = self.boards[key]
            for row in rows:
                person, role, lead_role, ends_on = _membership_row(*row)
                services.membership_save(membership=Membership(
                    person=self.people[person], board=board, role=role, lead_role=lead_role,
                    starts_on=start, ends_on=ends_on))

    # Meetings ------------------------------------------------------------------------------

    def meeting(self, key, starts_at, venue, kind="ordinary", title="", hours=2.5):
        meeting = services.meeting_schedule(
            board=self.board(key), created_by=self.manager, kind=kind, title=title,
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
        self.items.setdefault(title, item)
        return item

    def attendance(self, meeting, present=(), in_attendance=(), apologies=(), deputies=None):
        deputies = deputies or {}
        rows = [(self.people[key], status, self.people.get(deputies.get(key)),
                 self.people[key].job_title[:200])
                for status, keys in ((PRESENT, present), (IN_ATTENDANCE, in_attendance),
                                     (APOLOGIES, apologies)) for key in keys]
        services.attendance_record(meeting=meeting, rows=rows)

    def minutes(self, meeting, approved_at=None, amendments=""):
        """Circulate, and approve and publish at the next meeting if it has taken place."""
        services.minutes_circulate(meeting=meeting, by=self.manager)
        changes = {"minutes_circulated_at": meeting.starts_at + timedelta(days=14)}
        if approved_at is not None:
            services.minutes_approve(meeting=meeting, at_meeting=approved_at,
                                     amendments=amendments, by=self.chair)
            services.minutes_publish(meeting=meeting, by=self.chair)
            changes["minutes_published_at"] = approved_at.starts_at + timedelta(days=3)
        Meeting.objects.filter(pk=meeting.pk).update(**changes)  # the dates they really were

    def lscb_meetings(self):
        core = {"chair", "partner", "dcs", "ccg"}  # quorate: council, police and health
        keys = {person.pk: key for key, person in self.people.items()}
        held = []
        for n, (day, kind, title, presenter, minute) in enumerate(LSCB_MEETINGS):
            development_day = kind == MeetingKind.DEVELOPMENT_DAY
            meeting = self.meeting(
                "lscb", _at(day, 9, 30) if development_day else _at(day), BIRKENHEAD,
                kind=kind, hours=6.5 if development_day else 2.5,
                title="Joint development day with the Children's Trust Board"
                if development_day else "")
            for args in DEVELOPMENT_DAY_ITEMS if development_day else [(title, presenter, minute)]:
                self.item(meeting, *args)
            present, apologies, advisers, deputies = [], [], ["manager"], {}
            members = (Membership.objects.current(day).filter(board=self.board("lscb"))
                       .exclude(role=Role.BUSINESS_MANAGER).select_related("person"))
            for i, membership in enumerate(members):
                key = keys[membership.person_id]
                if membership.role == Role.ADVISER:
                    advisers.append(key)
                elif key in core or (n + i) % 5:
                    present.append(key)
                else:
                    apologies.append(key)
            if day == DEPUTY_DAY:
                present.remove("partner")
                apologies.append("partner")
                present.append("dci")
                deputies["partner"] = "dci"
            self.attendance(meeting, present, advisers, apologies, deputies)
            held.append(meeting)
        for meeting, following in zip(held, held[1:] + [None], strict=True):
            self.minutes(meeting, approved_at=following)
        for key, starts_at, venue, items in FUTURE:
            meeting = self.meeting(key, starts_at, venue)
            for title, presenter in items:
                self.item(meeting, title, presenter)
        neglect = self.board("neglect")  # reports back to the LSCB before its sunset date
        neglect.report_back_meeting = self.meetings[("lscb", FUTURE[0][1].date())]
        neglect.save(update_fields=["report_back_meeting"])

    def improvement_meetings(self):
        officers = ("deputy_dcs", "safeguarding", "performance", "transformation", "qa",
                    "analyst", "hr", "manager")
        members = ["chair", "leader", "cabinet", "libdem", "partner", "dci", "ccg", "heads",
                   "dcs"]
        march = self.meeting("improvement", _at(date(2017, 3, 22), 14), WALLASEY, hours=2)
        for args in IB_MARCH_ITEMS:
            self.item(march, *args)
        self.attendance(march, members, officers[:4] + ("manager",),
                        ["cwp", "chief_exec", "nhse", "dfe"])
        may = self.meeting("improvement", _at(date(2017, 5, 10), 14), BIRKENHEAD, hours=2)
        minutes_item = may.agenda_items.get(position=1)
        minutes_item.discussion = (
            f"The minutes of the meeting held on 22 March 2017, to be amended to reflect "
            f"{self.people['cwp'].full_name} providing apologies, were agreed as an accurate "
            f"record. The Chair asked that future meetings be held at Birkenhead Town Hall when "
            f"a room is available; members should check the venue before each meeting.")
        minutes_item.save()
        for title, presenter, confidential, discussion in IB_MAY_ITEMS:
            self.item(may, title, presenter, discussion, confidential=confidential)
        self.item(may, "Any other business", "chair", "Paper copies of board papers will only "
                  "be provided on request.")
        self.attendance(may, members + ["cwp"], officers, ["chief_exec", "nhse", "dfe"])
        june = self.meeting("improvement", _at(date(2017, 6, 28), 14), WALLASEY, hours=2)
        for title, presenter in IB_JUNE_ITEMS:
            self.item(june, title, presenter)
        self.minutes(march, approved_at=may, amendments="To be amended to reflect "
                     f"{self.people['cwp'].full_name} providing apologies.")
        self.minutes(may)

    def other_meetings(self):
        trust = self.meeting("trust", _at(date(2014, 1, 21), 14), WALLASEY, hours=2)
        self.item(trust, "WSCB and Children's Trust Board Development Day: summary report",
                  "manager", "47 colleagues from both boards attended on 6 December 2013.",
                  "That the Trust Board note the report and consider the outcomes from the day.")
        self.attendance(trust, ["dcs", "cabinet", "ccg", "heads", "vcaw"], ["manager"])
        workshop = self.meeting("executive", _at(date(2019, 1, 15), 14), WALLASEY,
                                kind=MeetingKind.WORKSHOP, hours=3,
                                title="Future multi-agency safeguarding arrangements")
        for args in WORKSHOP_ITEMS:
            self.item(workshop, *args)
        self.item(workshop, "Officer and member discussion", "chair",
                  "Partners can challenge each other constructively; children and young people "
                  "must be central; reality check visits should continue.",
                  "A protocol between the Scrutiny Committee and the Partnership Group; "
                  "bi-annual updates to the Committee, one of them the annual report.")
        self.attendance(workshop, ["dcs", "partner", "ccg"], ["chair", "manager", "deputy_dcs"],
                        ["nurse"])
        self.minutes(workshop)

    # Holding to account ---------------------------------------------------------------------

    def make_actions(self):
        for board, title, description, lead, due_on, status in ACTIONS:
            item = self.items[title] if title else None
            person = self.people[lead]
            action = Action.objects.create(
                board=self.board(board), description=description, lead_person=person,
                lead_agency=person.agency, due_on=due_on, status=status,
                source=ActionSource.MINUTE_ITEM if item else ActionSource.DIRECT,
                agenda_item=item, is_confidential=bool(item and item.is_confidential),
                created_by=self.manager)
            raised = item.meeting.starts_at if item else _at(due_on) - timedelta(days=60)
            Action.objects.filter(pk=action.pk).update(created_at=raised)

    def make_challenges(self):
        for board, day, question, raised_by, agency, due_on in CHALLENGES:
            meeting = self.meetings[(board, day)]
            challenge = Challenge.objects.create(
                board=self.board(board), question=question, raised_by=self.people[raised_by],
                raised_at_meeting=meeting, to_agency=self.agencies.get(agency),
                response_due_on=due_on, status=ChallengeStatus.AWAITING_RESPONSE)
            Challenge.objects.filter(pk=challenge.pk).update(created_at=meeting.starts_at)
